/** Trial balance of all funds or one, as of a date; printable. Accounts open their activity. */
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useFunds } from '../../api/ledger';
import { accountTypeLabels, type TrialBalance } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { cityToday, formatIsoDate } from '../../dates';

export function TrialBalanceScreen() {
  const [params, setParams] = useSearchParams();
  const fund = params.get('fund') ?? '';
  const asOf = params.get('asOf') ?? cityToday();
  const funds = useFunds();
  const report = useQuery({
    queryKey: ['ledger', 'trial-balance', fund, asOf],
    queryFn: () => api.get<TrialBalance>('/api/trial-balance', { fund, asOf }),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(asOf),
  });
  const fundName = (code: string | null) =>
    code ? `${code} ${funds.data?.find((candidate) => candidate.code === code)?.name ?? ''}`.trim() : 'All funds';

  function setFilter(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  const data = report.data;
  return (
    <Stack>
      <PageTitle title="Trial balance">
        <Button leftSection={<IconPrinter size={16} aria-hidden />} variant="default" onClick={() => window.print()}>
          Print
        </Button>
      </PageTitle>
      <PrintHeader
        title="Trial balance"
        lines={[`As of ${formatIsoDate(asOf)} (fiscal year ${data?.fiscalYear ?? ''})`, `Fund: ${fundName(fund || null)}`]}
      />
      <Group className="no-print" align="flex-end">
        <NativeSelect
          label="Fund"
          value={fund}
          onChange={(event) => setFilter('fund', event.currentTarget.value)}
          data={[{ value: '', label: 'All funds' }, ...(funds.data ?? []).map((item) => ({ value: item.code, label: `${item.code} ${item.name}` }))]}
          w={280}
        />
        <TextInput
          label="As of"
          type="date"
          value={asOf}
          onChange={(event) => setFilter('asOf', event.currentTarget.value)}
          w={170}
        />
        {data && (
          <Badge color={data.isBalanced ? 'green' : 'red'} size="lg" variant="light">
            {data.isBalanced ? 'In balance' : 'Out of balance'}
          </Badge>
        )}
      </Group>
      {report.isError && <ErrorAlert error={report.error} />}
      {report.isPending && <Text c="dimmed">Loading...</Text>}
      {data && data.rows.length === 0 && <Alert color="gray">No balances as of this date.</Alert>}
      {data && data.rows.length > 0 && (
        <Table striped withTableBorder className="report" aria-label="Trial balance">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th className="amount">Debit</Table.Th>
              <Table.Th className="amount">Credit</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((row, index) => (
              <Table.Tr key={row.accountCode ?? `prior-${row.fundCode}-${index}`}>
                <Table.Td className="mono">
                  {row.accountCode ? (
                    <Anchor component={Link} to={`/accounting/activity?account=${row.accountCode}&to=${data.asOf}`}>
                      {row.accountCode}
                    </Anchor>
                  ) : (
                    <Text span c="dimmed">{row.fundCode}</Text>
                  )}
                </Table.Td>
                <Table.Td>{row.accountName}</Table.Td>
                <Table.Td>{accountTypeLabels[row.accountType]}</Table.Td>
                <Table.Td className="amount"><Money cents={row.debitCents} blankZero /></Table.Td>
                <Table.Td className="amount"><Money cents={row.creditCents} blankZero /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr className="totals">
              <Table.Td colSpan={3}>Totals</Table.Td>
              <Table.Td className="amount" data-testid="tb-total-debit"><Money cents={data.totalDebitCents} /></Table.Td>
              <Table.Td className="amount" data-testid="tb-total-credit"><Money cents={data.totalCreditCents} /></Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      )}
    </Stack>
  );
}
