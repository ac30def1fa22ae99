/** Journal entries, newest first, with filters; paged with nextBeforeId. */
import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { JournalEntry } from '../../api/types';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';

const filterKeys = ['from', 'to', 'period', 'source', 'q'] as const;
type Filters = Record<(typeof filterKeys)[number], string>;

export function JournalEntries() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ''])) as Filters;
  const [draft, setDraft] = useState(filters);
  const filterText = JSON.stringify(filters);
  useEffect(() => setDraft(JSON.parse(filterText) as Filters), [filterText]);

  const entries = useInfiniteQuery({
    queryKey: ['ledger', 'journal', filters],
    queryFn: ({ pageParam }) =>
      api.get<{ entries: JournalEntry[]; nextBeforeId: number | null }>('/api/journal-entries', {
        ...filters,
        beforeId: pageParam ?? undefined,
        limit: 50,
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

  const rows = entries.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <Stack>
      <PageTitle title="Journal entries">
        {can('ledger.request') && (
          <Button component={Link} to="/accounting/journal/new">
            New journal entry
          </Button>
        )}
        {can('ledger.export') && (
          <Button component="a" variant="default" href="/api/journal/export?format=csv">
            Export CSV
          </Button>
        )}
      </PageTitle>
      <form onSubmit={apply} aria-label="Filter journal entries">
        <Group align="flex-end" gap="sm">
          <TextInput label="From" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })} w={160} />
          <TextInput label="To" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })} w={160} />
          <TextInput label="Period" placeholder="2026-11" value={draft.period} onChange={(event) => setDraft({ ...draft, period: event.currentTarget.value })} w={120} />
          <TextInput label="Source" placeholder="gl" value={draft.source} onChange={(event) => setDraft({ ...draft, source: event.currentTarget.value })} w={110} />
          <TextInput label="Text" placeholder="description or reference" value={draft.q} onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })} style={{ flex: 1 }} />
          <Button type="submit">Filter</Button>
        </Group>
      </form>
      {entries.isError && <ErrorAlert error={entries.error} />}
      {entries.isPending && <Text c="dimmed">Loading...</Text>}
      {entries.data && rows.length === 0 && <Text c="dimmed">No entries match.</Text>}
      {rows.length > 0 && (
        <Table striped highlightOnHover withTableBorder aria-label="Journal entries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Entry</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th className="amount">Amount</Table.Th>
              <Table.Th>Entered by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/accounting/journal/${entry.id}`}>#{entry.id}</Anchor>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.entryDate}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{entry.periodKey}</Table.Td>
                <Table.Td>
                  {entry.description}{' '}
                  {entry.reversesEntryId && <Badge size="xs" variant="light" color="orange">reverses #{entry.reversesEntryId}</Badge>}
                  {entry.reversedByEntryId && <Badge size="xs" variant="light" color="gray">reversed by #{entry.reversedByEntryId}</Badge>}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{entry.source.module}</Text>
                  {entry.source.reference && <Text size="xs" c="dimmed">{entry.source.reference}</Text>}
                </Table.Td>
                <Table.Td className="amount"><Money cents={entry.totalDebitCents} /></Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.enteredBy ?? entry.postedBy}</Text>
                  {entry.approvedBy && <Text size="xs" c="dimmed">approved by {entry.approvedBy}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {entries.hasNextPage && (
        <Button variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
          Show older entries
        </Button>
      )}
    </Stack>
  );
}
