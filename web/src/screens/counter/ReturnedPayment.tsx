/**
 * A returned check or ACH payment: find the receipt, record the return with its reason; the
 * payment is reversed, the Civil Code 1719 fee charged (unless waived), the customer flagged cash
 * only after repeated returns, and the notice letter is ready as a PDF.
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { recordReturnedPayment, returnNoticeUrl, returnReasons, tenderLabels, useReceipt, useReturnedItems, type Receipt, type ReturnedItem } from '../../api/cashiering';
import { isApiError } from '../../api/client';
import { advanceOnEnter } from '../../components/enterAdvances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

/** Reading a receipt needs the counter, the mail desk, the reports or returns; without it the return is recorded by number alone. */
const isForbidden = (error: unknown) => isApiError(error) && error.code === 'forbidden';

export function ReturnedPaymentScreen() {
  const [text, setText] = useState('');
  const [receiptNumber, setReceiptNumber] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<ReturnedItem | null>(null);
  const receipt = useReceipt(receiptNumber);
  const returns = useReturnedItems({});
  function find(event: FormEvent) {
    event.preventDefault();
    setRecorded(null);
    if (text.trim()) setReceiptNumber(text.trim().toUpperCase());
  }
  return (
    <Stack>
      <PageTitle title="Returned payment" />
      <form onSubmit={find} role="search" aria-label="Find the receipt">
        <Group align="flex-end" gap="xs">
          <TextInput label="Receipt number" description="Of the check or ACH payment that came back" placeholder="R-2026-000123" value={text}
            onChange={(event) => setText(event.currentTarget.value)} w={300} autoComplete="off" data-autofocus autoFocus />
          <Button type="submit" variant="default">Find</Button>
        </Group>
      </form>
      {receipt.isError && !isForbidden(receipt.error) && <ErrorAlert error={receipt.error} title="The receipt was not found" />}
      {recorded ? (
        <ReturnRecorded item={recorded} />
      ) : (
        receiptNumber && (receipt.data || isForbidden(receipt.error)) && (
          <RecordReturn receiptNumber={receiptNumber} receipt={receipt.data ?? null} onRecorded={setRecorded} />
        )
      )}
      <Text fw={600} mt="md">Returned payments</Text>
      {returns.isError && <ErrorAlert error={returns.error} />}
      <Table className="report" aria-label="Returned payments">
        <Table.Thead>
          <Table.Tr><Table.Th>Returned</Table.Th><Table.Th>Receipt</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Reason</Table.Th><Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th><Table.Th style={{ textAlign: 'right' }}>Fee</Table.Th><Table.Th>Notice</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(returns.data ?? []).slice(0, 50).map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>{formatIsoDate(item.returnedOn)}</Table.Td>
              <Table.Td className="mono">{item.receiptNumber}</Table.Td>
              <Table.Td>{item.customerName ?? ''}{item.flaggedCashOnly && <Badge color="red" size="xs" ml={4}>now cash only</Badge>}</Table.Td>
              <Table.Td>{item.reasonText}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={item.amountCents} /></Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={item.feeCents} blankZero /></Table.Td>
              <Table.Td>{item.customerId !== null && <Anchor href={returnNoticeUrl(item.id)} target="_blank" size="sm">PDF</Anchor>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function RecordReturn({ receiptNumber, receipt, onRecorded }: { receiptNumber: string; receipt: Receipt | null; onRecorded(item: ReturnedItem): void }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('nsf');
  const [returnCode, setReturnCode] = useState('');
  const [returnedOn, setReturnedOn] = useState(cityToday());
  const [waiveFee, setWaiveFee] = useState(false);
  const returnable = (receipt?.tenders ?? []).filter((item) => item.type === 'check' || item.type === 'ach' || item.type === 'money_order');
  const [tenderLine, setTenderLine] = useState('');
  const chosenLine = returnable.length > 1 ? Number(tenderLine || returnable[0]?.lineNumber) : undefined;
  const record = useMutation({
    mutationFn: () => recordReturnedPayment({ receiptNumber, reason, returnedOn, waiveFee, ...(returnCode.trim() ? { returnCode: returnCode.trim() } : {}),
      ...(chosenLine ? { tenderLine: chosenLine } : {}) }),
    onSuccess: (item) => {
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      onRecorded(item);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!record.isPending) record.mutate();
  }
  const tender = (receipt?.tenders ?? []).map((item) => `${tenderLabels[item.type] ?? item.type}${item.checkNumber ? ` #${item.checkNumber}` : ''}${item.bankName ? `, ${item.bankName}` : ''} ${formatDollars(item.amountCents)}`).join('; ');
  return (
    <Card withBorder maw={720}>
      <Stack gap="xs">
        {receipt ? (
          <>
            <Group justify="space-between">
              <Text fw={600}>Receipt <span className="mono">{receipt.receiptNumber}</span> · {formatIsoDate(receipt.businessDate)} · {formatDollars(receipt.totalCents)}</Text>
              <Badge variant="light" color={receipt.status === 'posted' ? 'green' : 'red'}>{receipt.status}</Badge>
            </Group>
            <Text size="sm">{receipt.customer ? `${receipt.customer.name} (${receipt.customer.customerNumber})` : receipt.payerName ?? 'No customer'} · {tender}</Text>
            <Text size="sm" c="dimmed">{receipt.lines.map((line) => line.description).join(', ')}</Text>
          </>
        ) : (
          <Text size="sm">Receipt <span className="mono">{receiptNumber}</span> (reading receipts is the counter&apos;s; the server checks it is a check or ACH payment).</Text>
        )}
        <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Record the return">
          <Group align="flex-end" gap="xs">
            {returnable.length > 1 && (
              <NativeSelect label="Which check came back" value={String(chosenLine)} onChange={(event) => setTenderLine(event.currentTarget.value)} w={230}
                data={returnable.map((item) => ({ value: String(item.lineNumber), label: `${tenderLabels[item.type] ?? item.type}${item.checkNumber ? ` #${item.checkNumber}` : ''} ${formatDollars(item.amountCents)}` }))} />
            )}
            <NativeSelect label="Reason" value={reason} onChange={(event) => setReason(event.currentTarget.value)}
              data={Object.entries(returnReasons).map(([value, label]) => ({ value, label }))} w={230} />
            <TextInput label="Bank return code" value={returnCode} onChange={(event) => setReturnCode(event.currentTarget.value)} w={130} placeholder="R01" autoComplete="off" />
            <TextInput label="Returned on" type="date" value={returnedOn} onChange={(event) => setReturnedOn(event.currentTarget.value)} w={160} />
            <Checkbox label="Waive the fee" checked={waiveFee} onChange={(event) => setWaiveFee(event.currentTarget.checked)} mb={8} />
            <Button type="submit" color="red" loading={record.isPending} disabled={receipt !== null && receipt.status !== 'posted'}>Record return</Button>
          </Group>
        </form>
        {record.isError && <ErrorAlert error={record.error} title="The return was not recorded" />}
      </Stack>
    </Card>
  );
}

function ReturnRecorded({ item }: { item: ReturnedItem }) {
  return (
    <Alert color="orange" title={`Returned: receipt ${item.receiptNumber}`} maw={720} data-testid="return-recorded">
      <Stack gap={4}>
        <Text size="sm">{item.reasonText}. The payment of {formatDollars(item.amountCents)} is reversed on the customer&apos;s account.</Text>
        {item.keptCents > 0 && (
          <Text size="sm" data-testid="return-kept">The {formatDollars(item.keptCents)} the other tenders paid stays applied (entry {item.keptEntryId}).</Text>
        )}
        <Text size="sm" data-testid="return-fee">
          {item.feeCents > 0 ? `Returned payment fee charged: ${formatDollars(item.feeCents)} (Civil Code 1719)${item.feeAccountNumber ? ` on ${item.feeAccountNumber}` : ''}.` : 'No fee charged.'}
        </Text>
        <Text size="sm">
          Return number {item.returnNumber} for this customer.{' '}
          {item.flaggedCashOnly ? <Badge color="red">Customer is now CASH ONLY</Badge> : 'The customer may still pay by check.'}
        </Text>
        {item.customerId !== null && (
          <Anchor href={returnNoticeUrl(item.id)} target="_blank">Notice letter to the customer (PDF)</Anchor>
        )}
      </Stack>
    </Alert>
  );
}
