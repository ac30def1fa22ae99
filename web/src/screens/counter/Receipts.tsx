/**
 * Receipts of a day (a cashier sees their own; cashiering.reports sees everyone's): open one,
 * reprint it (marked COPY), or ask a supervisor to void it with a reason (same day, batch open);
 * a void waits in approvals and shows "pending approval" here until it is decided.
 */
import { Alert, Badge, Button, Grid, Group, Stack, Table, Text, TextInput, Textarea, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { requestVoid, tenderLabels, useReceipt, useReceipts, type Receipt } from '../../api/cashiering';
import { api } from '../../api/client';
import type { ApprovalRequest } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { CITY_TIME_ZONE, cityToday, formatInstant } from '../../dates';
import { ReceiptPanel } from './ReceiptPanel';

/** Receipt numbers with a void waiting for a decision (the signed-in user's requests). */
function usePendingVoids() {
  return useQuery({
    queryKey: ['approvals', 'mine', 'pending'],
    queryFn: () => api.get<{ requests: ApprovalRequest[] }>('/api/approvals', { view: 'mine', status: 'pending' }),
    select: (data) => {
      const pending = new Map<string, ApprovalRequest>();
      for (const request of data.requests) {
        const payload = request.payload as { receiptNumber?: unknown } | null;
        if (request.kind === 'cashiering.void' && typeof payload?.receiptNumber === 'string') pending.set(payload.receiptNumber, request);
      }
      return pending;
    },
  });
}

const timeFormat = new Intl.DateTimeFormat('en-US', { timeZone: CITY_TIME_ZONE, hour: 'numeric', minute: '2-digit' });
const timeOf = (iso: string) => timeFormat.format(new Date(iso));

const statusColors: Record<string, string> = { posted: 'green', voided: 'gray', returned: 'red' };

export function ReceiptsScreen() {
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? cityToday();
  const selected = params.get('receipt');
  const receipts = useReceipts({ businessDate: date });
  const pendingVoids = usePendingVoids();
  const receipt = useReceipt(selected);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Stack>
      <PageTitle title="Receipts" />
      <Group className="no-print" align="flex-end">
        <TextInput label="Business date" type="date" value={date} onChange={(event) => set('date', event.currentTarget.value)} w={170} />
        <Text size="sm" c="dimmed">{receipts.data ? `${receipts.data.length} receipts` : ''}</Text>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={selected ? 7 : 12} className="no-print">
          {receipts.isError && <ErrorAlert error={receipts.error} title="Receipts did not load" />}
          <Table className="report" highlightOnHover aria-label="Receipts of the day">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Receipt</Table.Th><Table.Th>Time</Table.Th><Table.Th>Batch</Table.Th><Table.Th>Paid by</Table.Th>{!selected && <Table.Th>Tenders</Table.Th>}
                <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th><Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(receipts.data ?? []).map((row) => (
                <Table.Tr key={row.receiptNumber} bg={row.receiptNumber === selected ? 'blue.0' : undefined}>
                  <Table.Td>
                    <UnstyledButton className="mono" onClick={() => set('receipt', row.receiptNumber)} c="blue.8" td="underline">
                      {row.receiptNumber}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{timeOf(row.createdAt)}</Text></Table.Td>
                  <Table.Td><Text size="sm" className="mono">{row.batchNumber}</Text></Table.Td>
                  <Table.Td><Text size="sm">{row.customerName ?? row.payerName ?? ''}</Text></Table.Td>
                  {!selected && <Table.Td><Text size="sm">{row.tenderTypes.map((type) => tenderLabels[type] ?? type).join(', ')}</Text></Table.Td>}
                  <Table.Td style={{ textAlign: 'right' }}><Money cents={row.totalCents} /></Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={statusColors[row.status] ?? 'gray'}>{row.status}</Badge>
                    {pendingVoids.data?.has(row.receiptNumber) && <Badge size="sm" color="orange" mt={2} title="A void of this receipt waits for a supervisor" styles={{ root: { maxWidth: "none" }, label: { overflow: "visible" } }}>void: pending approval</Badge>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {receipts.data?.length === 0 && <Text c="dimmed" size="sm">No receipts on this day.</Text>}
        </Grid.Col>
        {selected && (
          <Grid.Col span={5}>
            {receipt.isError && <ErrorAlert error={receipt.error} title="The receipt did not load" />}
            {receipt.data && (
              <Stack>
                <ReceiptPanel receipt={receipt.data}>
                  <Button variant="subtle" onClick={() => set('receipt', null)}>Close</Button>
                </ReceiptPanel>
                <VoidRequest receipt={receipt.data} pending={pendingVoids.data?.get(receipt.data.receiptNumber) ?? null} />
              </Stack>
            )}
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

function VoidRequest({ receipt, pending }: { receipt: Receipt; pending: ApprovalRequest | null }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const ask = useMutation({
    mutationFn: () => requestVoid(receipt.receiptNumber, reason.trim()),
    onSuccess: () => {
      setReason('');
      void client.invalidateQueries({ queryKey: ['approvals'] });
    },
  });
  if (receipt.status !== 'posted') {
    return receipt.status === 'voided' ? (
      <Alert color="gray" className="no-print" title="Voided">Voided by {receipt.voidedBy} ({formatInstant(receipt.voidedAt)}): {receipt.voidReason}</Alert>
    ) : null;
  }
  if (pending) {
    return (
      <Alert color="orange" className="no-print" title="Void pending approval" data-testid="void-pending">
        Request #{pending.id}: {pending.summary}. A supervisor decides it in My approvals; the drawer cannot close until then.
      </Alert>
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length >= 3 && !ask.isPending) ask.mutate();
  }
  return (
    <form onSubmit={submit} className="no-print" aria-label="Request a void">
      <Stack gap="xs" maw={420}>
        <Textarea
          label="Reason for the void"
          description="Same day only, while the batch is open. A supervisor approves it; then the payment is reversed."
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          autosize
          minRows={2}
        />
        {ask.isError && <ErrorAlert error={ask.error} title="The void was not requested" />}
        <div>
          <Button type="submit" color="red" variant="light" loading={ask.isPending} disabled={reason.trim().length < 3}>
            Request void
          </Button>
        </div>
      </Stack>
    </form>
  );
}
