/**
 * The audit trail: filters (dates, user, action, entity, outcome), newest first, paged with
 * nextBeforeId; a row opens its details (before / after / details as JSON); CSV export with the
 * same filters.
 */
import { Badge, Button, Code, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant } from '../../dates';

const filterKeys = ['from', 'to', 'actor', 'action', 'entityType', 'entityId', 'outcome'] as const;
type Filters = Record<(typeof filterKeys)[number], string>;

const outcomeColors: Record<string, string> = { success: 'green', refused: 'orange', failed: 'red' };

export function AuditLog() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ''])) as Filters;
  const filterText = JSON.stringify(filters);
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(JSON.parse(filterText) as Filters), [filterText]);
  const [opened, setOpened] = useState<AuditEvent | null>(null);

  const events = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      api.get<{ events: AuditEvent[]; nextBeforeId: number | null }>('/api/audit', {
        ...filters,
        beforeId: pageParam ?? undefined,
        limit: 100,
      }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of filterKeys) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  }

  const input = (key: (typeof filterKeys)[number], label: string, width: number, type = 'text', placeholder?: string) => (
    <TextInput
      label={label}
      type={type}
      placeholder={placeholder}
      value={draft[key]}
      onChange={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })}
      w={width}
    />
  );

  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <Stack>
      <PageTitle title="Audit log">
        {can('audit.export') && (
          <Button component="a" variant="default" href={withQuery('/api/audit/export.csv', filters)}>
            Export CSV
          </Button>
        )}
      </PageTitle>
      <form onSubmit={apply} aria-label="Filter the audit log">
        <Group align="flex-end" gap="sm">
          {input('from', 'From', 150, 'date')}
          {input('to', 'To', 150, 'date')}
          {input('actor', 'User', 140, 'text', 'user name')}
          {input('action', 'Action', 170, 'text', 'e.g. approvals.approve')}
          {input('entityType', 'Entity type', 150, 'text', 'e.g. journal_entry')}
          {input('entityId', 'Entity id', 100)}
          <NativeSelect
            label="Outcome"
            value={draft.outcome}
            onChange={(event) => setDraft({ ...draft, outcome: event.currentTarget.value })}
            data={[{ value: '', label: 'Any' }, { value: 'success', label: 'Success' }, { value: 'refused', label: 'Refused' }, { value: 'failed', label: 'Failed' }]}
            w={120}
          />
          <Button type="submit">Filter</Button>
        </Group>
      </form>
      {events.isError && <ErrorAlert error={events.error} />}
      {events.isPending && <Text c="dimmed">Loading...</Text>}
      {events.data && rows.length === 0 && <Text c="dimmed">No events match.</Text>}
      {rows.length > 0 && (
        <Table striped highlightOnHover withTableBorder aria-label="Audit events" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Via</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((event) => (
              <Table.Tr key={event.id} onClick={() => setOpened(event)} style={{ cursor: 'pointer' }} data-action={event.action}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <UnstyledButton onClick={() => setOpened(event)} aria-label={`Details of event ${event.id}: ${event.action}`} fz="sm">
                    {formatInstant(event.occurredAt, true)}
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>{event.actorUsername}</Table.Td>
                <Table.Td>{event.via}</Table.Td>
                <Table.Td className="mono">{event.action}</Table.Td>
                <Table.Td>{event.entityType ? `${event.entityType}${event.entityId ? ` ${event.entityId}` : ''}` : ''}</Table.Td>
                <Table.Td><Badge size="sm" color={outcomeColors[event.outcome] ?? 'gray'} variant="light">{event.outcome}</Badge></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {events.hasNextPage && (
        <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
          Show older events
        </Button>
      )}
      {opened && <EventDetails event={opened} onClose={() => setOpened(null)} />}
    </Stack>
  );
}

function EventDetails({ event, onClose }: { event: AuditEvent; onClose(): void }) {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value, null, 2));
  return (
    <Modal opened onClose={onClose} title={`Audit event ${event.id}`} size="xl">
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="xs">
          <Detail label="When">{formatInstant(event.occurredAt, true)} ({event.occurredAt})</Detail>
          <Detail label="Outcome"><Badge color={outcomeColors[event.outcome] ?? 'gray'}>{event.outcome}</Badge></Detail>
          <Detail label="User">{event.actorUsername} via {event.via}</Detail>
          <Detail label="From">{event.ip ?? ''} {event.userAgent ? `· ${event.userAgent}` : ''}</Detail>
          <Detail label="Action"><span className="mono">{event.action}</span></Detail>
          <Detail label="Entity">{event.entityType ?? ''} {event.entityId ?? ''}</Detail>
        </SimpleGrid>
        {(['before', 'after', 'details'] as const).map((key) => {
          const text = json(event[key]);
          return text ? (
            <div key={key}>
              <Text fw={600} size="sm" tt="capitalize">{key}</Text>
              <Code block aria-label={key} style={{ maxHeight: 260, overflow: 'auto' }}>{text}</Code>
            </div>
          ) : null;
        })}
      </Stack>
    </Modal>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}
