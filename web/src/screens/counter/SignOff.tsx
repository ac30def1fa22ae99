/**
 * Supervisors: drawers closed over or short beyond the threshold wait here for a sign-off with a
 * note (never by the cashier whose drawer it is); today's other drawers are listed for reference.
 */
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { signOffDrawerSession, useDrawerSessions, type DrawerSession } from '../../api/cashiering';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, formatInstant, formatIsoDate } from '../../dates';

export function DrawerSignOff() {
  const waiting = useDrawerSessions({ signOff: 'required' });
  const today = useDrawerSessions({ businessDate: cityToday() });
  return (
    <Stack>
      <PageTitle title="Drawer sign-off" />
      {waiting.isError && <ErrorAlert error={waiting.error} />}
      {waiting.data?.length === 0 && <Text c="dimmed">No drawer waits for a sign-off.</Text>}
      {(waiting.data ?? []).map((session) => <SignOffCard key={session.id} session={session} />)}
      <Text fw={600} mt="md">Today&apos;s drawers</Text>
      <Table className="report" aria-label="Today's drawers">
        <Table.Thead>
          <Table.Tr><Table.Th>Drawer</Table.Th><Table.Th>Cashier</Table.Th><Table.Th>Batch</Table.Th><Table.Th>Status</Table.Th><Table.Th style={{ textAlign: 'right' }}>Receipts</Table.Th><Table.Th style={{ textAlign: 'right' }}>Over/short</Table.Th><Table.Th>Sign-off</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(today.data ?? []).map((session) => (
            <Table.Tr key={session.id}>
              <Table.Td>{session.drawerCode}</Table.Td><Table.Td>{session.cashier}</Table.Td><Table.Td className="mono">{session.batchNumber}</Table.Td>
              <Table.Td>{session.status}</Table.Td><Table.Td style={{ textAlign: 'right' }}>{session.transactionCount}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{session.closing ? <Money cents={session.closing.overShortCents} /> : ''}</Table.Td>
              <Table.Td>{session.signOffStatus === 'none' ? '' : session.signOffStatus === 'signed_off' ? `signed off by ${session.signedOffBy}` : <Badge color="orange" size="sm">required</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function SignOffCard({ session }: { session: DrawerSession }) {
  const client = useQueryClient();
  const { session: signedIn } = useSession();
  const [note, setNote] = useState('');
  const isOwn = session.cashier === signedIn.user.username;
  const signOff = useMutation({
    mutationFn: () => signOffDrawerSession(session.id, note.trim()),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cashiering', 'sessions'] }),
  });
  const overShort = session.closing?.overShortCents ?? 0;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (note.trim() && !signOff.isPending) signOff.mutate();
  }
  return (
    <Card withBorder padding="sm" maw={820} data-testid="sign-off-card">
      <Group justify="space-between">
        <Text fw={600}>Drawer {session.drawerCode} · {session.cashier} · {formatIsoDate(session.businessDate)} · batch <span className="mono">{session.batchNumber}</span></Text>
        <Badge color={overShort > 0 ? 'blue' : 'red'} size="lg">{overShort > 0 ? 'over' : 'short'} <Money cents={Math.abs(overShort)} /></Badge>
      </Group>
      <Text size="sm" c="dimmed">
        Closed {formatInstant(session.closing?.closedAt)}: counted cash <Money cents={session.closing?.countedCashCents} />, expected <Money cents={session.closing?.expectedCashCents} />.
      </Text>
      <form onSubmit={submit} aria-label={`Sign off drawer ${session.drawerCode}`}>
        <Group align="flex-end" gap="xs" mt="xs">
          <TextInput label="Note (what was found)" value={note} onChange={(event) => setNote(event.currentTarget.value)} w={480} disabled={isOwn} autoComplete="off" />
          <Button type="submit" disabled={isOwn || !note.trim()} loading={signOff.isPending}>Sign off</Button>
        </Group>
      </form>
      {isOwn && <Text size="xs" c="dimmed">Your own drawer: another supervisor signs it off.</Text>}
      {signOff.isError && <ErrorAlert error={signOff.error} title="Not signed off" />}
    </Card>
  );
}
