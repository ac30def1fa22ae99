/**
 * Mail payments keyed in a batch against its control total and count (the adding-machine tape of
 * the envelopes). Keying is fast: scan line (Enter finds the account) → amount (the stub's, or
 * type the check's) → check number → Enter posts, and the focus is back on the scan line. The
 * running total and count show against the control; the batch closes once they match.
 */
import { Alert, Badge, Button, Card, Grid, Group, Progress, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  closeMailBatch,
  lookupPayable,
  openMailBatch,
  takePayment,
  useBatch,
  useBatches,
  useReceipts,
  type PayableMatch,
  type PaymentBatch,
} from '../../api/cashiering';
import { AmountInput, positiveCentsOf } from '../../components/AmountInput';
import { advanceOnEnter } from '../../components/enterAdvances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';
import { formatCents, formatDollars } from '../../money';

export function MailBatchScreen() {
  const [params, setParams] = useSearchParams();
  const batchNumber = params.get('batch');
  const openBatches = useBatches({ kind: 'mail', status: 'open' });
  const choose = (number: string | null) => setParams(number ? { batch: number } : {}, { replace: true });
  return (
    <Stack>
      <PageTitle title="Mail batch" />
      <Grid gap="lg">
        <Grid.Col span={4}>
          <Stack>
            <OpenBatchForm onOpened={(batch) => choose(batch.batchNumber)} />
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Open mail batches</Text>
              {openBatches.isError && <ErrorAlert error={openBatches.error} />}
              {(openBatches.data ?? []).length === 0 && <Text size="sm" c="dimmed">None open.</Text>}
              <Stack gap={4}>
                {(openBatches.data ?? []).map((batch) => (
                  <UnstyledButton key={batch.batchNumber} onClick={() => choose(batch.batchNumber)} aria-current={batch.batchNumber === batchNumber}>
                    <Text size="sm" fw={batch.batchNumber === batchNumber ? 700 : 400}>
                      <span className="mono">{batch.batchNumber}</span> · {batch.description ?? 'mail'} · {batch.paymentCount}/{batch.controlCount ?? '?'} ·{' '}
                      {formatDollars(batch.totalCents)} of {formatDollars(batch.controlTotalCents ?? 0)}
                    </Text>
                  </UnstyledButton>
                ))}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={8}>
          {batchNumber ? <BatchKeying batchNumber={batchNumber} /> : <Text c="dimmed">Open a batch, or choose an open one, to key its payments.</Text>}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function OpenBatchForm({ onOpened }: { onOpened(batch: PaymentBatch): void }) {
  const client = useQueryClient();
  const [total, setTotal] = useState('');
  const [count, setCount] = useState('');
  const [description, setDescription] = useState('');
  const totalCents = positiveCentsOf(total);
  const countNumber = /^\d{1,5}$/.test(count.trim()) && Number(count) > 0 ? Number(count) : null;
  const open = useMutation({
    mutationFn: () => openMailBatch({ controlTotalCents: totalCents.cents ?? 0, controlCount: countNumber ?? 0, ...(description.trim() ? { description: description.trim() } : {}) }),
    onSuccess: (batch) => {
      setTotal('');
      setCount('');
      setDescription('');
      void client.invalidateQueries({ queryKey: ['cashiering', 'batches'] });
      onOpened(batch);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (totalCents.cents !== undefined && countNumber !== null && !open.isPending) open.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Open a mail batch">
        <Stack gap="xs">
          <Text fw={600}>Open a batch</Text>
          <AmountInput label="Control total" value={total} onChange={setTotal} autoFocus w={160} />
          <TextInput label="Control count (envelopes)" value={count} onChange={(event) => setCount(event.currentTarget.value)} inputMode="numeric" w={160} autoComplete="off" />
          <TextInput label="Description" value={description} onChange={(event) => setDescription(event.currentTarget.value)} placeholder="Mail, utility drop box" />
          {open.isError && <ErrorAlert error={open.error} title="The batch did not open" />}
          <div><Button type="submit" loading={open.isPending} disabled={totalCents.cents === undefined || countNumber === null}>Open batch</Button></div>
        </Stack>
      </form>
    </Card>
  );
}

function BatchKeying({ batchNumber }: { batchNumber: string }) {
  const client = useQueryClient();
  const batch = useBatch(batchNumber);
  const receipts = useReceipts({ batch: batchNumber });
  const [scan, setScan] = useState('');
  const [match, setMatch] = useState<PayableMatch | null>(null);
  const [amount, setAmount] = useState('');
  const [checkNumber, setCheckNumber] = useState('');
  const [lookupError, setLookupError] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const amountCents = positiveCentsOf(amount);
  const data = batch.data;
  const isOpen = data?.status === 'open';

  useEffect(() => {
    if (isOpen) scanRef.current?.focus();
  }, [batchNumber, isOpen]);

  // The amount takes the focus in the same commit that fills it, so a fast Enter lands on it.
  useLayoutEffect(() => {
    if (match) amountRef.current?.select();
  }, [match]);

  const lookup = useMutation({
    mutationFn: (text: string) => lookupPayable(text),
    onSuccess: (result) => {
      const found = result.matches.length === 1 ? result.matches[0] : undefined;
      if (!found || found.accountNumber === null) {
        setMatch(null);
        setLookupError(result.matches.length === 0 ? 'No account for this scan line or number.' : 'Scan the stub or type the account number (a name matches several).');
        return;
      }
      setLookupError(null);
      setMatch(found);
      key.current = null;
      setAmount(found.amountDueCents !== null && found.amountDueCents > 0 ? formatCents(found.amountDueCents) : '');
    },
  });

  const post = useMutation({
    mutationFn: (idempotencyKey: string) => takePayment({
      batch: batchNumber,
      customerId: match?.customerId,
      lines: [{ account: match?.accountNumber ?? '', amountCents: amountCents.cents ?? 0 }],
      tenders: [{ type: 'check', amountCents: amountCents.cents ?? 0, checkNumber: checkNumber.trim() }],
      // A mailed check pays what it says: less than the balance is a partial payment by intent.
      confirmPartial: true,
      idempotencyKey,
    }),
    onSuccess: () => {
      key.current = null;
      setScan('');
      setMatch(null);
      setAmount('');
      setCheckNumber('');
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      scanRef.current?.focus();
    },
  });

  const close = useMutation({
    mutationFn: () => closeMailBatch(batchNumber),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['cashiering'] }),
  });

  function scanKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (scan.trim()) lookup.mutate(scan.trim());
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!match || amountCents.cents === undefined || !checkNumber.trim() || post.isPending) return;
    key.current ??= crypto.randomUUID();
    post.mutate(key.current);
  }

  if (batch.isError) return <ErrorAlert error={batch.error} title={`Batch ${batchNumber} did not load`} />;
  if (!data) return <Text c="dimmed">Loading…</Text>;
  const control = data.controlTotalCents ?? 0;
  const difference = control - data.totalCents;
  const countLeft = (data.controlCount ?? 0) - data.paymentCount;
  const isBalanced = difference === 0 && countLeft === 0;
  return (
    <Stack>
      <Card withBorder padding="sm">
        <Group justify="space-between">
          <Text fw={600}>Batch <span className="mono">{data.batchNumber}</span> · {data.description ?? 'mail'} · {formatIsoDate(data.businessDate)}</Text>
          <Badge color={isOpen ? 'blue' : 'gray'}>{data.status}</Badge>
        </Group>
        <Group gap="xl" mt="xs" data-testid="batch-totals">
          <Text size="sm">Keyed <strong className="amount">{formatDollars(data.totalCents)}</strong> of control <strong className="amount">{formatDollars(control)}</strong></Text>
          <Text size="sm">Payments <strong>{data.paymentCount}</strong> of <strong>{data.controlCount ?? 0}</strong></Text>
          <Text size="sm" c={isBalanced ? 'green.8' : 'orange.8'} fw={600}>
            {isBalanced ? 'In balance with the control' : `Left: ${formatDollars(difference)} in ${countLeft} payment${countLeft === 1 ? '' : 's'}`}
          </Text>
        </Group>
        <Progress mt="xs" value={control > 0 ? Math.min(100, (data.totalCents / control) * 100) : 0} color={isBalanced ? 'green' : 'blue'} aria-label="Keyed of the control total" />
      </Card>
      {isOpen && (
        <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Key a mail payment">
          <Group align="flex-start" gap="xs">
            <TextInput ref={scanRef} label="Scan line or account" value={scan} onChange={(event) => setScan(event.currentTarget.value)}
              onKeyDown={scanKeyDown} w={300} autoComplete="off" spellCheck={false} error={lookupError ?? undefined}
              description={match ? `${match.customerName} · ${match.accountNumber}${match.isCashOnly ? ' · CASH ONLY' : ''}` : 'Enter finds the account'} />
            <AmountInput label="Check amount" value={amount} onChange={(value) => { key.current = null; setAmount(value); }} inputRef={amountRef} w={150} />
            <TextInput label="Check number" value={checkNumber} onChange={(event) => { key.current = null; setCheckNumber(event.currentTarget.value); }} w={130} autoComplete="off"
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  submit();
                }
              }} />
            <Button type="submit" mt={25} loading={post.isPending} disabled={!match || amountCents.cents === undefined || !checkNumber.trim()}>Post (Enter)</Button>
          </Group>
        </form>
      )}
      {post.isError && <ErrorAlert error={post.error} title="The payment was not posted" />}
      {isOpen && (
        <Group>
          <Button color="dark" variant={isBalanced ? 'filled' : 'default'} onClick={() => close.mutate()} loading={close.isPending}>Close batch</Button>
          {!isBalanced && <Text size="xs" c="dimmed">A batch closes when its total and count match the control.</Text>}
        </Group>
      )}
      {close.isError && <ErrorAlert error={close.error} title="The batch did not close" />}
      {!isOpen && <Alert color="gray">Closed by {data.closedBy}. It goes to the bank in a deposit.</Alert>}
      <Table className="report" aria-label="Payments in the batch">
        <Table.Thead>
          <Table.Tr><Table.Th>Receipt</Table.Th><Table.Th>Customer</Table.Th><Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th><Table.Th>Status</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(receipts.data ?? []).map((row) => (
            <Table.Tr key={row.receiptNumber}>
              <Table.Td className="mono">{row.receiptNumber}</Table.Td>
              <Table.Td>{row.customerName ?? row.payerName ?? ''}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={row.totalCents} /></Table.Td>
              <Table.Td>{row.status}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
