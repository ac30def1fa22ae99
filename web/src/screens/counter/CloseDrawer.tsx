/**
 * Closing a drawer with a blind count: the cashier counts cash by denomination and totals the
 * checks and money orders without seeing what the drawer should hold; after the close the screen
 * shows counted against expected and the over/short, and whether a supervisor must sign it off.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { closeDrawerSession, useCashieringSetup, useMyDrawerSession, type DrawerSession } from '../../api/cashiering';
import { AmountInput } from '../../components/AmountInput';
import { advanceOnEnter } from '../../components/enterAdvances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant } from '../../dates';
import { formatDollars, parseDollars } from '../../money';
import { countOf, countTotalCents, DenominationCountInputs, piecesOf, type CountDraft } from './DenominationCount';

function centsOrZero(text: string): number | null {
  if (text.trim() === '') return 0;
  const parsed = parseDollars(text);
  return parsed.ok && parsed.cents >= 0 ? parsed.cents : null;
}

export function CloseDrawer() {
  const session = useMyDrawerSession();
  const [closed, setClosed] = useState<DrawerSession | null>(null);
  return (
    <Stack>
      <PageTitle title="Close drawer" />
      {session.isError && <ErrorAlert error={session.error} title="Your drawer did not load" />}
      {closed ? (
        <ClosingResult session={closed} />
      ) : session.isSuccess && !session.data ? (
        <Alert color="blue">You have no drawer open. <Anchor component={Link} to="/counter">Open one on Take a payment.</Anchor></Alert>
      ) : session.data ? (
        <BlindCount session={session.data} onClosed={setClosed} />
      ) : null}
    </Stack>
  );
}

function BlindCount({ session, onClosed }: { session: DrawerSession; onClosed(session: DrawerSession): void }) {
  const client = useQueryClient();
  const setup = useCashieringSetup();
  const [draft, setDraft] = useState<CountDraft>({});
  const [checkCount, setCheckCount] = useState('');
  const [checks, setChecks] = useState('');
  const [moneyOrders, setMoneyOrders] = useState('');
  const { count, errors } = countOf(draft);
  const checksCents = centsOrZero(checks);
  const moneyOrdersCents = centsOrZero(moneyOrders);
  const checkPieces = piecesOf(checkCount);
  const close = useMutation({
    mutationFn: () => closeDrawerSession(session.id, {
      cash: count, checkCount: checkPieces ?? 0, checksCents: checksCents ?? 0, moneyOrdersCents: moneyOrdersCents ?? 0,
    }),
    onSuccess: (result) => {
      client.setQueryData(['cashiering', 'my-session'], { session: null });
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      onClosed(result);
    },
  });
  const isValid = Object.keys(errors).length === 0 && checksCents !== null && moneyOrdersCents !== null && checkPieces !== null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (isValid && !close.isPending) close.mutate();
  }

  if (!setup.data) return setup.isError ? <ErrorAlert error={setup.error} /> : <Text c="dimmed">Loading…</Text>;
  const cashCents = countTotalCents(count, setup.data.denominations);
  return (
    <Card withBorder maw={760}>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Blind count">
        <Stack>
          <Text>
            Drawer <strong>{session.drawerCode}</strong> · batch {session.batchNumber} · opened {formatInstant(session.openedAt)} ·{' '}
            {session.transactionCount} receipt{session.transactionCount === 1 ? "" : "s"}. Count everything in the drawer, float included: what the drawer should hold shows
            only after you close.
          </Text>
          <DenominationCountInputs denominations={setup.data.denominations} draft={draft} onChange={setDraft} />
          <Group align="flex-start">
            <TextInput label="Checks (count)" value={checkCount} onChange={(event) => setCheckCount(event.currentTarget.value)}
              inputMode="numeric" w={140} error={checkPieces === null ? 'Whole number' : undefined} autoComplete="off" />
            <AmountInput label="Checks total" value={checks} onChange={setChecks} error={checksCents === null ? 'Not an amount' : undefined} />
            <AmountInput label="Money orders total" value={moneyOrders} onChange={setMoneyOrders} error={moneyOrdersCents === null ? 'Not an amount' : undefined} />
          </Group>
          <Text size="sm">
            Counted: cash {formatDollars(cashCents)}, checks {formatDollars(checksCents ?? 0)}, money orders {formatDollars(moneyOrdersCents ?? 0)}.
            Card payments settle with the processor and are not counted.
          </Text>
          {close.isError && <ErrorAlert error={close.error} title="The drawer did not close" />}
          <div>
            <Button type="submit" color="dark" loading={close.isPending} disabled={!isValid}>Close drawer {session.drawerCode}</Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}

function ClosingResult({ session }: { session: DrawerSession }) {
  const closing = session.closing;
  if (!closing) return null;
  const overShort = closing.overShortCents;
  const rows = [
    { label: 'Cash (float included)', counted: closing.countedCashCents, expected: closing.expectedCashCents },
    { label: 'Checks', counted: closing.countedChecksCents, expected: closing.expectedChecksCents },
    { label: 'Money orders', counted: closing.countedOtherCents, expected: closing.expectedOtherCents },
  ];
  return (
    <Stack maw={640}>
      <Alert
        color={overShort === 0 ? 'green' : session.signOffStatus === 'required' ? 'red' : 'yellow'}
        title={overShort === 0 ? 'The drawer balances' : `The drawer is ${overShort > 0 ? 'over' : 'short'} ${formatDollars(Math.abs(overShort))}`}
        data-testid="over-short"
      >
        Drawer {session.drawerCode}, batch {session.batchNumber}, closed {formatInstant(closing.closedAt)}.
        {overShort !== 0 && ' The over/short is posted to the over/short account.'}
      </Alert>
      <Table className="report" aria-label="Counted and expected">
        <Table.Thead>
          <Table.Tr><Table.Th /><Table.Th style={{ textAlign: 'right' }}>Counted</Table.Th><Table.Th style={{ textAlign: 'right' }}>Expected</Table.Th><Table.Th style={{ textAlign: 'right' }}>Difference</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Td>{row.label}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={row.counted} /></Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={row.expected} /></Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={row.counted - row.expected} blankZero /></Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr className="totals">
            <Table.Td>Over (+) / short (−)</Table.Td>
            <Table.Td />
            <Table.Td />
            <Table.Td style={{ textAlign: 'right' }}><Money cents={overShort} /></Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {session.signOffStatus === 'required' && (
        <Alert color="orange" title="Supervisor sign-off needed">
          The over/short is beyond the threshold; a supervisor (not you) signs it off in Drawer sign-off.
          <Badge ml="xs" color="orange">sign-off required</Badge>
        </Alert>
      )}
      <Group>
        <Button component={Link} to="/counter" variant="default">Back to the counter</Button>
      </Group>
    </Stack>
  );
}
