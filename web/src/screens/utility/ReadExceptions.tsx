/**
 * The meter-read exception queue: reads the range checks held (high, low, zero use, rollover,
 * lower than last, out of cycle), each with the previous read and what it would bill, filtered by
 * check. A reviewer accepts one (an override: the reason is required and audited) or rejects it;
 * the bills held for it can then be released or recalculated. Keyboard: ↑/↓ move, A accept,
 * X reject (the reason field takes the focus; Enter decides, Escape leaves it).
 */
import { Badge, Button, Card, Chip, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { decideRead, readExceptionLabels, useReadQueue, type QueuedRead, type ReadExceptionCode } from '../../api/meterReads';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';

export function ReadExceptionsScreen() {
  const [code, setCode] = useState<ReadExceptionCode | null>(null);
  const queue = useReadQueue(code);
  const { can } = useSession();
  const mayDecide = can('utility.reads.review');
  const [selected, setSelected] = useState(0);
  const reads = queue.data?.reads ?? [];
  useEffect(() => setSelected((current) => Math.min(current, Math.max(0, reads.length - 1))), [reads.length]);
  return (
    <Stack>
      <PageTitle title="Meter read exceptions" />
      <Text size="sm" c="dimmed">
        Reads the range checks held. Their bills wait (held) until a read is accepted or rejected. Accepting overrides the check: say why
        (at least 10 characters); it is audited with your name.{!mayDecide && ' You can see the queue; a reviewer (utility.reads.review) decides.'}
      </Text>
      {queue.isError && <ErrorAlert error={queue.error} title="The queue did not load" />}
      <Chip.Group>
        <Group gap="xs" role="group" aria-label="Show reads">
          <Chip checked={code === null} onChange={() => setCode(null)}>All · {queue.data?.total ?? 0}</Chip>
          {(Object.entries(queue.data?.byCode ?? {}) as Array<[ReadExceptionCode, number]>).map(([key, count]) => (
            <Chip key={key} checked={code === key} onChange={() => setCode(key)}>{readExceptionLabels[key]} · {count}</Chip>
          ))}
        </Group>
      </Chip.Group>
      <Card withBorder padding={0}>
        <Table aria-label="Reads to review" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Meter</Table.Th><Table.Th>Account</Table.Th><Table.Th>Previous</Table.Th><Table.Th>This read</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Use</Table.Th><Table.Th>Why it is held</Table.Th><Table.Th>Decide</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reads.map((read, index) => (
              <ReadRow key={read.id} read={read} isSelected={index === selected} mayDecide={mayDecide}
                onMove={(step) => setSelected((current) => Math.max(0, Math.min(reads.length - 1, current + step)))} onFocus={() => setSelected(index)} />
            ))}
            {reads.length === 0 && !queue.isLoading && (
              <Table.Tr><Table.Td colSpan={7}><Text size="sm" c="dimmed">Nothing waits for review.</Text></Table.Td></Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
      {mayDecide && <Text size="xs" c="dimmed">↑ ↓ move · A accept · X reject · Enter decides · Escape leaves the reason</Text>}
    </Stack>
  );
}

function ReadRow({ read, isSelected, mayDecide, onMove, onFocus }: {
  read: QueuedRead; isSelected: boolean; mayDecide: boolean; onMove: (step: number) => void; onFocus: () => void;
}) {
  const client = useQueryClient();
  const rowRef = useRef<HTMLTableRowElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const [decision, setDecision] = useState<'accept' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: () => decideRead(read.id, decision as 'accept' | 'reject', reason),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Read of ${read.meterSerial} on ${formatIsoDate(read.readDate)} ${decision === 'accept' ? 'accepted' : 'rejected'}` });
      void client.invalidateQueries({ queryKey: ['utility'] });
    },
  });
  useEffect(() => {
    if (isSelected && decision === null && document.activeElement?.tagName !== 'INPUT') rowRef.current?.focus();
  }, [isSelected, decision]);
  useEffect(() => {
    if (decision !== null) reasonRef.current?.focus();
  }, [decision]);
  function onRowKey(event: KeyboardEvent<HTMLTableRowElement>) {
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    if (event.key === 'ArrowDown') { event.preventDefault(); onMove(1); }
    if (event.key === 'ArrowUp') { event.preventDefault(); onMove(-1); }
    if (mayDecide && (event.key === 'a' || event.key === 'A')) { event.preventDefault(); setDecision('accept'); }
    if (mayDecide && (event.key === 'x' || event.key === 'X')) { event.preventDefault(); setDecision('reject'); }
  }
  return (
    <Table.Tr ref={rowRef} tabIndex={0} onKeyDown={onRowKey} onFocus={onFocus} aria-selected={isSelected}
      style={isSelected ? { outline: '2px solid var(--mantine-color-blue-4)', outlineOffset: -2 } : undefined}>
      <Table.Td><Text ff="monospace" size="sm">{read.meterSerial}</Text></Table.Td>
      <Table.Td>
        <Text size="sm">{read.accountNumber ?? '—'}</Text>
        <Text size="xs" c="dimmed">{read.locationAddress ?? ''}{read.cycleCode ? ` · ${read.cycleCode}` : ''}</Text>
      </Table.Td>
      <Table.Td><Text size="sm">{read.previousReading ?? '—'}</Text><Text size="xs" c="dimmed">{read.previousReadDate ? formatIsoDate(read.previousReadDate) : ''}</Text></Table.Td>
      <Table.Td><Text size="sm" fw={600}>{read.reading}</Text><Text size="xs" c="dimmed">{formatIsoDate(read.readDate)} · {read.source}</Text></Table.Td>
      <Table.Td style={{ textAlign: 'right' }}><Text size="sm">{read.consumption === null ? '—' : `${Number(read.consumption)} ${read.unit}`}</Text></Table.Td>
      <Table.Td>
        <Group gap={4}>{read.exceptionCodes.map((key) => <Badge key={key} color="orange" variant="light" size="sm">{readExceptionLabels[key]}</Badge>)}</Group>
        <Text size="xs" c="dimmed">{read.exceptionText.join('; ')}</Text>
      </Table.Td>
      <Table.Td>
        {!mayDecide ? <Text size="xs" c="dimmed">A reviewer decides</Text> : decision === null ? (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="light" color="green" onClick={() => setDecision('accept')}>Accept</Button>
            <Button size="compact-xs" variant="light" color="red" onClick={() => setDecision('reject')}>Reject</Button>
          </Group>
        ) : (
          <form onSubmit={(event) => { event.preventDefault(); if (!decide.isPending) decide.mutate(); }}>
            <TextInput ref={reasonRef} size="xs" w={230} label={decision === 'accept' ? 'Why accept it?' : 'Why reject it?'} value={reason}
              onChange={(event) => setReason(event.currentTarget.value)} error={decide.error instanceof Error ? decide.error.message : undefined}
              onKeyDown={(event) => { if (event.key === 'Escape') { setDecision(null); setReason(''); decide.reset(); rowRef.current?.focus(); } }} />
          </form>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
