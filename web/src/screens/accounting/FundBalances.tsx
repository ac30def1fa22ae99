/** Per fund: assets, liabilities and fund balance (beginning + revenues - expenditures). */
import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { FundBalance } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { cityToday, formatIsoDate } from '../../dates';

export function FundBalancesScreen() {
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? cityToday();
  const report = useQuery({
    queryKey: ['ledger', 'fund-balances', asOf],
    queryFn: () => api.get<{ asOf: string; funds: FundBalance[] }>('/api/fund-balances', { asOf }),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(asOf),
  });
  return (
    <Stack>
      <PageTitle title="Fund balances">
        <Button leftSection={<IconPrinter size={16} aria-hidden />} variant="default" onClick={() => window.print()}>
          Print
        </Button>
      </PageTitle>
      <PrintHeader title="Fund balances" lines={[`As of ${formatIsoDate(asOf)}`, 'All funds']} />
      <Group className="no-print">
        <TextInput label="As of" type="date" value={asOf} onChange={(event) => setParams({ asOf: event.currentTarget.value }, { replace: true })} w={170} />
      </Group>
      {report.isError && <ErrorAlert error={report.error} />}
      {report.isPending && <Text c="dimmed">Loading...</Text>}
      {report.data && (
        <Table striped withTableBorder className="report" aria-label="Fund balances">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Fund</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th className="amount">Assets</Table.Th>
              <Table.Th className="amount">Liabilities</Table.Th>
              <Table.Th className="amount">Beginning balance</Table.Th>
              <Table.Th className="amount">Revenues</Table.Th>
              <Table.Th className="amount">Expenditures</Table.Th>
              <Table.Th className="amount">Ending balance</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.data.funds.map((fund) => (
              <Table.Tr key={fund.fundCode}>
                <Table.Td>{fund.fundCode} {fund.fundName}</Table.Td>
                <Table.Td>{fund.fundType.replaceAll('_', ' ')}</Table.Td>
                <Table.Td className="amount"><Money cents={fund.assetsCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={fund.liabilitiesCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={fund.beginningFundBalanceCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={fund.revenuesCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={fund.expendituresCents} /></Table.Td>
                <Table.Td className="amount" fw={700}><Money cents={fund.endingFundBalanceCents} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
