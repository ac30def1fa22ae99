/**
 * The daily cash receipts report of a business day: by batch (cashier or mail), by tender, by
 * fund and by GL account, with voids and the day's totals; printable, and as CSV.
 */
import { Anchor, Button, Grid, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconFileTypeCsv, IconPrinter } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { dailyReportCsvUrl, tenderLabels, useDailyCashReport } from '../../api/cashiering';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { cityToday, formatIsoDate } from '../../dates';

function Section({ title, head, children }: { title: string; head: ReactNode; children: ReactNode }) {
  return (
    <div>
      <Text fw={600} mb={4}>{title}</Text>
      <Table className="report" aria-label={title}>
        <Table.Thead>{head}</Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </div>
  );
}

const right = { textAlign: 'right' } as const;

export function DailyCashReportScreen() {
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? cityToday();
  const report = useDailyCashReport(/^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '');
  const data = report.data;
  return (
    <Stack>
      <PageTitle title="Daily cash receipts report">
        <Anchor href={dailyReportCsvUrl(date)} size="sm"><Group gap={4} component="span"><IconFileTypeCsv size={16} aria-hidden /> CSV</Group></Anchor>
        <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>Print</Button>
      </PageTitle>
      <PrintHeader title="Daily cash receipts report" lines={[`Business date ${formatIsoDate(date)}`]} />
      <Group className="no-print">
        <TextInput label="Business date" type="date" value={date} onChange={(event) => setParams({ date: event.currentTarget.value }, { replace: true })} w={170} />
      </Group>
      {report.isError && <ErrorAlert error={report.error} title="The report did not load" />}
      {data && (
        <>
          <Group gap="xl" data-testid="daily-totals">
            <Text>Receipts <strong>{data.totals.receiptCount}</strong> · <strong><Money cents={data.totals.receiptsCents} /></strong></Text>
            <Text>Change given <Money cents={data.totals.changeCents} /></Text>
            <Text>Voids <strong>{data.totals.voidCount}</strong> · <Money cents={data.totals.voidedCents} /></Text>
            <Text>Over/short <strong><Money cents={data.totals.overShortCents} /></strong></Text>
          </Group>
          <Section
            title="By batch"
            head={<Table.Tr><Table.Th>Batch</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Cashier</Table.Th><Table.Th>Drawer</Table.Th><Table.Th>Status</Table.Th><Table.Th style={right}>Count</Table.Th><Table.Th style={right}>Total</Table.Th><Table.Th style={right}>Over/short</Table.Th><Table.Th>Deposit</Table.Th></Table.Tr>}
          >
            {data.byBatch.map((row) => (
              <Table.Tr key={row.batchNumber}>
                <Table.Td className="mono">{row.batchNumber}</Table.Td><Table.Td>{row.kind}</Table.Td><Table.Td>{row.cashier ?? ''}</Table.Td>
                <Table.Td>{row.drawerCode ?? ''}</Table.Td><Table.Td>{row.status}</Table.Td><Table.Td style={right}>{row.count}</Table.Td>
                <Table.Td style={right}><Money cents={row.totalCents} /></Table.Td><Table.Td style={right}><Money cents={row.overShortCents} blankZero /></Table.Td>
                <Table.Td className="mono">{row.depositNumber ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Section>
          <Grid gap="lg">
            <Grid.Col span={4}>
              <Section title="By tender" head={<Table.Tr><Table.Th>Tender</Table.Th><Table.Th style={right}>Count</Table.Th><Table.Th style={right}>Amount</Table.Th></Table.Tr>}>
                {data.byTender.map((row) => (
                  <Table.Tr key={row.tenderType}><Table.Td>{tenderLabels[row.tenderType] ?? row.tenderType}</Table.Td><Table.Td style={right}>{row.count}</Table.Td><Table.Td style={right}><Money cents={row.amountCents} /></Table.Td></Table.Tr>
                ))}
              </Section>
            </Grid.Col>
            <Grid.Col span={8}>
              <Section title="By fund" head={<Table.Tr><Table.Th>Fund</Table.Th><Table.Th style={right}>Amount</Table.Th></Table.Tr>}>
                {data.byFund.map((row) => (
                  <Table.Tr key={row.fundCode}><Table.Td>{row.fundCode} {row.fundName}</Table.Td><Table.Td style={right}><Money cents={row.amountCents} /></Table.Td></Table.Tr>
                ))}
              </Section>
            </Grid.Col>
          </Grid>
          <Section title="By GL account" head={<Table.Tr><Table.Th>Account</Table.Th><Table.Th>Name</Table.Th><Table.Th style={right}>Amount</Table.Th></Table.Tr>}>
            {data.byAccount.map((row) => (
              <Table.Tr key={row.accountCode}><Table.Td className="mono">{row.accountCode}</Table.Td><Table.Td>{row.accountName}</Table.Td><Table.Td style={right}><Money cents={row.amountCents} /></Table.Td></Table.Tr>
            ))}
          </Section>
          {data.voids.length > 0 && (
            <Section title="Voids" head={<Table.Tr><Table.Th>Receipt</Table.Th><Table.Th>Cashier</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Voided by</Table.Th><Table.Th style={right}>Amount</Table.Th></Table.Tr>}>
              {data.voids.map((row) => (
                <Table.Tr key={row.receiptNumber}><Table.Td className="mono">{row.receiptNumber}</Table.Td><Table.Td>{row.cashier}</Table.Td><Table.Td>{row.reason ?? ''}</Table.Td><Table.Td>{row.voidedBy ?? ''}</Table.Td><Table.Td style={right}><Money cents={row.totalCents} /></Table.Td></Table.Tr>
              ))}
            </Section>
          )}
        </>
      )}
    </Stack>
  );
}
