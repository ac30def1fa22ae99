/**
 * A utility bill as data: who and where, the period and dates, its status, the reads it was
 * billed on, its charge lines by service and revenue account, and its totals. A final bill can be
 * cancelled and rebilled (a reason is required): its charge is reversed, never edited, and the
 * corrected bill is calculated from the reads and rates as they are now. Each names the other.
 * The PDF the resident got opens from here (marked COPY).
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { Field } from '../../components/Field';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  billStatusColors,
  cancelBill,
  exceptionHelp,
  exceptionLabels,
  formatPeriod,
  formatQuantity,
  useBill,
  type BillDetail,
} from '../../api/utilityBills';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

const kindLabels: Record<BillDetail['billKind'], string> = { regular: 'Regular bill', first: 'First bill', final: 'Final bill', rebill: 'Corrected bill' };

const serviceLabel = (service: string) => service.charAt(0).toUpperCase() + service.slice(1).replace('_', ' ');

function differenceText(differenceCents: number): string {
  if (differenceCents === 0) return ', the same amount';
  return `, ${formatDollars(Math.abs(differenceCents))} ${differenceCents < 0 ? 'less' : 'more'}`;
}

export function BillScreen() {
  const billKey = useParams().bill ?? null;
  const [params] = useSearchParams();
  const bill = useBill(billKey);
  const replaced = useBill(bill.data?.replacesBillId ? String(bill.data.replacesBillId) : null);
  const replacement = useBill(bill.data?.replacedByBillId ? String(bill.data.replacedByBillId) : null);
  return (
    <Stack>
      <PageTitle title={bill.data ? `Bill ${bill.data.billNumber}` : 'Bill'} />
      {bill.isError && <ErrorAlert error={bill.error} title="The bill did not load" />}
      {bill.data && (
        <>
          {params.get('rebilled') && replaced.data && (
            <Alert color="green" title="Cancelled and rebilled" data-testid="rebill-notice">
              Bill {replaced.data.billNumber} ({formatDollars(replaced.data.currentChargesCents)}) is cancelled and its charge reversed.
              This corrected bill comes to {formatDollars(bill.data.currentChargesCents)}
              {differenceText(bill.data.currentChargesCents - replaced.data.currentChargesCents)}.
            </Alert>
          )}
          <BillLinks bill={bill.data} replaced={replaced.data ?? null} replacement={replacement.data ?? null} />
          <BillHeader bill={bill.data} />
          <Grid gap="lg">
            <Grid.Col span={7}>
              <Stack>
                <Reads bill={bill.data} />
                <Lines bill={bill.data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={5}>
              <Stack>
                <Totals bill={bill.data} />
                <CancelRebill bill={bill.data} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}

function BillLinks({ bill, replaced, replacement }: { bill: BillDetail; replaced: BillDetail | null; replacement: BillDetail | null }) {
  if (!replaced && !replacement) return null;
  return (
    <Alert color={replacement ? 'gray' : 'blue'} data-testid="bill-links" title={replacement ? 'This bill was cancelled' : 'This bill corrects another'}>
      {replacement && (
        <Text size="sm">
          Cancelled{bill.cancelReason ? `: ${bill.cancelReason}` : ''}. Replaced by{' '}
          <Anchor component={Link} to={`/utility/bills/${replacement.billNumber}`}>{replacement.billNumber}</Anchor>{' '}
          ({formatDollars(replacement.currentChargesCents)}, {replacement.status}).
        </Text>
      )}
      {replaced && (
        <Text size="sm">
          Replaces <Anchor component={Link} to={`/utility/bills/${replaced.billNumber}`}>{replaced.billNumber}</Anchor>{' '}
          ({formatDollars(replaced.currentChargesCents)}, cancelled{replaced.cancelReason ? `: ${replaced.cancelReason}` : ''}).
        </Text>
      )}
    </Alert>
  );
}

function BillHeader({ bill }: { bill: BillDetail }) {
  return (
    <Card withBorder padding="sm" data-testid="bill-header">
      <Group justify="space-between" align="flex-start">
        <Group gap="xl" align="flex-start">
          <Field label="Account">
            <Anchor component={Link} to={`/utility/accounts/${bill.accountNumber}`} className="mono">{bill.accountNumber}</Anchor>
          </Field>
          <Field label="Customer">{bill.customerName}</Field>
          <Field label="Service address">{bill.serviceAddress}</Field>
          <Field label="Period">{formatPeriod(bill.periodFrom, bill.periodTo)}</Field>
          <Field label="Bill date">{formatIsoDate(bill.billDate)}</Field>
          <Field label="Due">{formatIsoDate(bill.dueDate)}</Field>
        </Group>
        <Stack gap={4} align="flex-end">
          <Badge size="lg" variant="light" color={billStatusColors[bill.status]}>{bill.status}</Badge>
          <Text size="xs" c="dimmed">{kindLabels[bill.billKind]}</Text>
        </Stack>
      </Group>
      {(bill.exceptions.length > 0 || bill.holdReason) && (
        <Group gap="xs" mt="sm">
          {bill.exceptions.map((code) => (
            <Badge key={code} color="orange" variant="outline" title={exceptionHelp[code]}>{exceptionLabels[code]}</Badge>
          ))}
          {bill.holdReason && <Text size="sm">Held: {bill.holdReason}</Text>}
        </Group>
      )}
    </Card>
  );
}

function Reads({ bill }: { bill: BillDetail }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Reads</Text>
      <Table className="report" aria-label="Reads">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Meter</Table.Th><Table.Th>From</Table.Th><Table.Th style={{ textAlign: 'right' }}>Reading</Table.Th>
            <Table.Th>To</Table.Th><Table.Th style={{ textAlign: 'right' }}>Reading</Table.Th><Table.Th style={{ textAlign: 'right' }}>Use</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bill.reads.map((read) => (
            <Table.Tr key={read.meterSerial}>
              <Table.Td className="mono">{read.meterSerial}</Table.Td>
              <Table.Td>{formatIsoDate(read.fromDate)}</Table.Td>
              <Table.Td className="amount">{read.fromReading?.toLocaleString('en-US') ?? ''}</Table.Td>
              <Table.Td>{formatIsoDate(read.toDate)}{read.estimated && <Badge size="xs" ml={4} color="orange">estimated</Badge>}</Table.Td>
              <Table.Td className="amount">{read.toReading?.toLocaleString('en-US') ?? ''}</Table.Td>
              <Table.Td className="amount">{formatQuantity(read.consumption)} {read.unit}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {bill.reads.length === 0 && <Text size="sm" c="dimmed">No metered read on this bill.</Text>}
    </Card>
  );
}

function Lines({ bill }: { bill: BillDetail }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Charges</Text>
      <Table className="report" aria-label="Charges">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Service</Table.Th><Table.Th>Charge</Table.Th><Table.Th>Revenue account</Table.Th><Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bill.lines.map((line) => (
            <Table.Tr key={line.lineNumber}>
              <Table.Td>{serviceLabel(line.serviceType)}</Table.Td>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td className="mono">{line.revenueAccount}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={line.amountCents} /></Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr className="totals">
            <Table.Td colSpan={3}>Current charges</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}><Money cents={bill.currentChargesCents} /></Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Totals({ bill }: { bill: BillDetail }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Totals</Text>
      <Table className="report" aria-label="Bill totals">
        <Table.Tbody>
          <Table.Tr><Table.Td>Previous balance</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={bill.previousBalanceCents} /></Table.Td></Table.Tr>
          <Table.Tr><Table.Td>Current charges</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={bill.currentChargesCents} /></Table.Td></Table.Tr>
          <Table.Tr className="totals">
            <Table.Td>Amount due by {formatIsoDate(bill.dueDate)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}><Money cents={bill.previousBalanceCents + bill.currentChargesCents} /></Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        {bill.status === 'final' ? 'The previous balance is the account\'s balance when the bill was finalized.' : 'The previous balance is set when the bill is finalized.'}
        {bill.journalEntryId !== null && <> Posted in <Anchor component={Link} to={`/accounting/journal/${bill.journalEntryId}`} size="xs">entry {bill.journalEntryId}</Anchor>.</>}
        {bill.cancelledEntryId !== null && <> Reversed in <Anchor component={Link} to={`/accounting/journal/${bill.cancelledEntryId}`} size="xs">entry {bill.cancelledEntryId}</Anchor>.</>}
      </Text>
      {bill.status !== 'tentative' && bill.status !== 'held' && (
        <Anchor href={`/api/utility/bills/${bill.billNumber}/pdf`} target="_blank" rel="noopener" size="sm" mt="xs" display="block">
          Open the bill as the resident got it (PDF, marked COPY)
        </Anchor>
      )}
    </Card>
  );
}

function CancelRebill({ bill }: { bill: BillDetail }) {
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [rebill, setRebill] = useState(true);
  const cancel = useMutation({
    mutationFn: () => cancelBill(bill.billNumber, { reason: reason.trim(), rebill }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['utility'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      setReason('');
      if (result.corrected) navigate(`/utility/bills/${result.corrected.billNumber}?rebilled=1`);
    },
  });
  if (bill.status !== 'final' || !can('utility.bills')) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() && !cancel.isPending) cancel.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label="Cancel and rebill">
        <Stack gap="xs">
          <Text fw={600}>Cancel &amp; rebill</Text>
          <Text size="sm" c="dimmed">
            The charge of this bill is reversed (a linked reversal, today) and a corrected bill for the same period is calculated
            from the reads and rates as they are now, and posted. Fix the read first when a read was wrong.
          </Text>
          <Textarea label="Reason" required value={reason} onChange={(event) => setReason(event.currentTarget.value)} autosize minRows={2}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }} />
          <Checkbox label="Calculate and post a corrected bill" checked={rebill} onChange={(event) => setRebill(event.currentTarget.checked)}
            description={rebill ? undefined : 'Only cancels: for a bill sent in error'} />
          {cancel.isError && <ErrorAlert error={cancel.error} title="The bill was not cancelled" />}
          <div>
            <Button type="submit" color="red" variant="light" loading={cancel.isPending} disabled={!reason.trim()}>
              {rebill ? 'Cancel & rebill' : 'Cancel bill'}
            </Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}
