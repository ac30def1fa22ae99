/** One account between two dates: opening balance, lines with a running balance, closing. */
import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useAllAccounts } from '../../api/ledger';
import { accountTypeLabels, type AccountActivity } from '../../api/types';
import { AccountPicker } from '../../components/AccountPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

const PAGE_SIZE = 500;

export function AccountActivityScreen() {
  const [params, setParams] = useSearchParams();
  const { code } = useParams();
  const account = params.get('account') ?? code ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const accounts = useAllAccounts();
  const navigate = useNavigate();
  const [draft, setDraft] = useState({ account, from, to });
  useEffect(() => setDraft({ account, from, to }), [account, from, to]);

  const activity = useInfiniteQuery({
    queryKey: ['ledger', 'activity', account, from, to],
    queryFn: ({ pageParam }) =>
      api.get<AccountActivity>(`/api/accounts/${encodeURIComponent(account)}/activity`, {
        from,
        to,
        limit: PAGE_SIZE,
        offset: pageParam,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((count, page) => count + page.lines.length, 0);
      return loaded < last.lineCount ? loaded : undefined;
    },
    enabled: account !== '',
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.account.trim()) next.set('account', draft.account.trim());
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    if (code) navigate(`/accounting/activity?${next.toString()}`);
    else setParams(next);
  }

  const first = activity.data?.pages[0];
  const lines = activity.data?.pages.flatMap((page) => page.lines) ?? [];
  return (
    <Stack>
      <PageTitle title="Account activity">
        <Button leftSection={<IconPrinter size={16} aria-hidden />} variant="default" onClick={() => window.print()} disabled={!first}>
          Print
        </Button>
      </PageTitle>
      {first && (
        <PrintHeader
          title={`Account activity: ${first.account.code} ${first.account.name}`}
          lines={[`From ${formatIsoDate(first.from)} to ${formatIsoDate(first.to)}`, `Fund: ${first.account.fundCode}`]}
        />
      )}
      <form onSubmit={apply} className="no-print" aria-label="Choose account and dates">
        <Group align="flex-end">
          <div style={{ width: 320 }}>
            <AccountPicker
              accounts={accounts.data ?? []}
              value={draft.account}
              onChange={(value) => setDraft((current) => ({ ...current, account: value }))}
              label="Account"
              activeOnly={false}
              onEnter={() => {
                document.getElementById('activity-from')?.focus();
              }}
            />
          </div>
          <TextInput id="activity-from" label="From" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })} w={170} />
          <TextInput label="To" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })} w={170} />
          <Button type="submit">Show</Button>
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          From defaults to the start of the fiscal year, To to today.
        </Text>
      </form>
      {!account && <Alert color="gray">Choose an account (type its code or part of its name).</Alert>}
      {activity.isError && <ErrorAlert error={activity.error} />}
      {first && (
        <>
          <Text fw={600}>
            {first.account.code} {first.account.name} · {accountTypeLabels[first.account.accountType]} · fund {first.account.fundCode} ·{' '}
            {formatIsoDate(first.from)} to {formatIsoDate(first.to)}
          </Text>
          <SimpleGrid cols={4}>
            <Summary label="Opening balance" cents={first.openingBalanceCents} />
            <Summary label="Debits" cents={first.totalDebitCents} />
            <Summary label="Credits" cents={first.totalCreditCents} />
            <Summary label="Closing balance" cents={first.closingBalanceCents} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">Balances are debits less credits.</Text>
          <Table striped withTableBorder className="report" aria-label="Account activity">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Entry</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th className="amount">Debit</Table.Th>
                <Table.Th className="amount">Credit</Table.Th>
                <Table.Th className="amount">Balance</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{first.from}</Table.Td>
                <Table.Td />
                <Table.Td fs="italic">Opening balance</Table.Td>
                <Table.Td />
                <Table.Td />
                <Table.Td />
                <Table.Td className="amount"><Money cents={first.openingBalanceCents} /></Table.Td>
              </Table.Tr>
              {lines.map((line) => (
                <Table.Tr key={`${line.entryId}-${line.lineNumber}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{line.entryDate}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/accounting/journal/${line.entryId}`}>#{line.entryId}</Anchor>
                  </Table.Td>
                  <Table.Td>
                    {line.description}
                    {line.memo ? <Text span c="dimmed" size="sm"> — {line.memo}</Text> : null}
                    {line.reversesEntryId ? <Text span c="dimmed" size="sm"> (reverses #{line.reversesEntryId})</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{line.sourceModule}</Text>
                    {line.sourceRef && <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{line.sourceRef}</Text>}
                  </Table.Td>
                  <Table.Td className="amount"><Money cents={line.debitCents} blankZero /></Table.Td>
                  <Table.Td className="amount"><Money cents={line.creditCents} blankZero /></Table.Td>
                  <Table.Td className="amount"><Money cents={line.runningBalanceCents} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr className="totals">
                <Table.Td colSpan={4}>Closing balance ({first.lineCount} lines)</Table.Td>
                <Table.Td className="amount"><Money cents={first.totalDebitCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={first.totalCreditCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={first.closingBalanceCents} /></Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
          {activity.hasNextPage && (
            <Button className="no-print" variant="default" onClick={() => void activity.fetchNextPage()} loading={activity.isFetchingNextPage}>
              Show more lines ({lines.length} of {first.lineCount})
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

function Summary({ label, cents }: { label: string; cents: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} className="amount" style={{ textAlign: 'left' }}>{formatDollars(cents)}</Text>
    </div>
  );
}
