/**
 * Deposits: prepare one from closed batches (the slip: currency, coin, each check), print the
 * slip on letter paper, and have a second person verify the bag against it, which posts the
 * deposit to the bank. The server refuses a verification by the preparer.
 */
import { Alert, Badge, Button, Card, Checkbox, Grid, Group, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { prepareDeposit, tenderLabels, useBatches, useDeposit, useDeposits, verifyDeposit, type Deposit } from '../../api/cashiering';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { formatInstant, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';
import './counter.css';

const letterPage = '@media print { @page { size: letter portrait; margin: 12mm; } }';

export function DepositsScreen() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('deposit');
  const deposits = useDeposits({});
  const choose = (number: string | null) => setParams(number ? { deposit: number } : {}, { replace: true });
  return (
    <Stack>
      <PageTitle title="Deposits">
        {selected && (
          <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>Print slip</Button>
        )}
      </PageTitle>
      <Grid gap="lg">
        <Grid.Col span={5} className="no-print">
          <Stack>
            <PrepareDeposit onPrepared={(deposit) => choose(deposit.depositNumber)} />
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Deposits</Text>
              {deposits.isError && <ErrorAlert error={deposits.error} />}
              <Table className="report" aria-label="Deposits">
                <Table.Tbody>
                  {(deposits.data ?? []).slice(0, 30).map((deposit) => (
                    <Table.Tr key={deposit.depositNumber} bg={deposit.depositNumber === selected ? 'blue.0' : undefined}>
                      <Table.Td>
                        <UnstyledButton className="mono" c="blue.8" td="underline" onClick={() => choose(deposit.depositNumber)}>{deposit.depositNumber}</UnstyledButton>
                      </Table.Td>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(deposit.businessDate)}</Text></Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.totalCents} /></Table.Td>
                      <Table.Td><Badge size="sm" variant="light" color={deposit.status === 'verified' ? 'green' : 'orange'} styles={{ root: { maxWidth: 'none', overflow: 'visible' } }}>{deposit.status}</Badge></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={7}>
          {selected ? <DepositDetail depositNumber={selected} /> : <Text c="dimmed" className="no-print">Prepare a deposit or open one to see its slip.</Text>}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function PrepareDeposit({ onPrepared }: { onPrepared(deposit: Deposit): void }) {
  const client = useQueryClient();
  const batches = useBatches({ status: 'closed', undeposited: true });
  const candidates = (batches.data ?? []).filter((batch) => batch.kind !== 'lockbox');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [bag, setBag] = useState('');
  const prepare = useMutation({
    mutationFn: () => prepareDeposit({ batches: [...chosen], ...(bag.trim() ? { bagNumber: bag.trim() } : {}) }),
    onSuccess: (deposit) => {
      setChosen(new Set());
      setBag('');
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      onPrepared(deposit);
    },
  });
  const toggle = (number: string, isOn: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (isOn) next.add(number);
      else next.delete(number);
      return next;
    });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen.size > 0 && !prepare.isPending) prepare.mutate();
  }
  const total = candidates.filter((batch) => chosen.has(batch.batchNumber)).reduce((sum, batch) => sum + batch.totalCents, 0);
  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label="Prepare a deposit">
        <Stack gap="xs">
          <Text fw={600}>Prepare a deposit from closed batches</Text>
          {batches.isError && <ErrorAlert error={batches.error} />}
          {candidates.length === 0 && <Text size="sm" c="dimmed">No closed batch waits for a deposit.</Text>}
          {candidates.map((batch) => (
            <Checkbox
              key={batch.batchNumber}
              checked={chosen.has(batch.batchNumber)}
              onChange={(event) => toggle(batch.batchNumber, event.currentTarget.checked)}
              label={`${batch.batchNumber} · ${batch.kind}${batch.cashier ? ` · ${batch.cashier}` : ''}${batch.drawerCode ? ` (${batch.drawerCode})` : ''} · ${batch.paymentCount} payments · ${formatDollars(batch.totalCents)}`}
            />
          ))}
          <TextInput label="Bag number" value={bag} onChange={(event) => setBag(event.currentTarget.value)} w={200} autoComplete="off" />
          {prepare.isError && <ErrorAlert error={prepare.error} title="The deposit was not prepared" />}
          <Group>
            <Button type="submit" disabled={chosen.size === 0} loading={prepare.isPending}>Prepare deposit</Button>
            {chosen.size > 0 && <Text size="sm">{chosen.size} batches · receipts {formatDollars(total)}</Text>}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function DepositDetail({ depositNumber }: { depositNumber: string }) {
  const client = useQueryClient();
  const { session } = useSession();
  const deposit = useDeposit(depositNumber);
  const verify = useMutation({
    mutationFn: () => verifyDeposit(depositNumber),
    onSuccess: (result) => {
      client.setQueryData(['cashiering', 'deposit', depositNumber], result);
      void client.invalidateQueries({ queryKey: ['cashiering', 'deposits'] });
    },
  });
  if (deposit.isError) return <ErrorAlert error={deposit.error} title={`Deposit ${depositNumber} did not load`} />;
  const data = deposit.data;
  if (!data) return <Text c="dimmed">Loading…</Text>;
  const isPreparer = data.preparedBy === session.user.username;
  return (
    <Stack>
      {data.status === 'prepared' && (
        <Card withBorder padding="sm" className="no-print">
          <Group justify="space-between">
            <Text size="sm">
              {isPreparer ? 'You prepared this deposit: a second person counts the bag and verifies it.' : `Prepared by ${data.preparedBy}. Count the bag against the slip, then verify.`}
            </Text>
            <Button color="green" onClick={() => verify.mutate()} loading={verify.isPending} disabled={isPreparer}>Verify deposit</Button>
          </Group>
          {verify.isError && <ErrorAlert error={verify.error} title="The deposit was not verified" />}
        </Card>
      )}
      {data.status === 'verified' && (
        <Alert color="green" className="no-print" title="Verified" data-testid="deposit-verified">
          Verified by {data.verifiedBy} ({formatInstant(data.verifiedAt)}); posted to the bank in journal entry {data.journalEntryId}.
        </Alert>
      )}
      <DepositSlip deposit={data} />
    </Stack>
  );
}

function DepositSlip({ deposit }: { deposit: Deposit }) {
  return (
    <div className="deposit-slip" data-testid="deposit-slip">
      <style>{letterPage}</style>
      <PrintHeader title={`Deposit slip ${deposit.depositNumber}`} lines={[`Business date ${formatIsoDate(deposit.businessDate)}`, `Bag ${deposit.bagNumber ?? '—'}`]} />
      <Group justify="space-between" mb="xs">
        <Text fw={700} size="lg">Deposit <span className="mono">{deposit.depositNumber}</span></Text>
        <Badge color={deposit.status === 'verified' ? 'green' : 'orange'}>{deposit.status}</Badge>
      </Group>
      <Text size="sm">
        {formatIsoDate(deposit.businessDate)} · bag {deposit.bagNumber ?? '—'} · prepared by {deposit.preparedBy}
        {deposit.verifiedBy ? ` · verified by ${deposit.verifiedBy}` : ' · not yet verified'}
      </Text>
      <Table className="report" mt="sm" w={360} aria-label="Deposit totals">
        <Table.Tbody>
          <Table.Tr><Table.Td>Currency</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.currencyCents} /></Table.Td></Table.Tr>
          <Table.Tr><Table.Td>Coin</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.coinCents} /></Table.Td></Table.Tr>
          <Table.Tr><Table.Td>Checks and money orders ({deposit.checkCount})</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.checksCents} /></Table.Td></Table.Tr>
          {deposit.cardCents > 0 && <Table.Tr><Table.Td>Card (settled by the processor)</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.cardCents} /></Table.Td></Table.Tr>}
          {deposit.otherCents > 0 && <Table.Tr><Table.Td>ACH</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.otherCents} /></Table.Td></Table.Tr>}
          <Table.Tr className="totals"><Table.Td>Total deposit</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.totalCents} /></Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
      <Text fw={600} mt="md">Checks</Text>
      <Table className="report" aria-label="Checks in the deposit">
        <Table.Thead>
          <Table.Tr><Table.Th>#</Table.Th><Table.Th>Check</Table.Th><Table.Th>Bank</Table.Th><Table.Th>Payer</Table.Th><Table.Th>Receipt</Table.Th><Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deposit.checks.map((check, index) => (
            <Table.Tr key={`${check.receiptNumber}-${index}`}>
              <Table.Td>{index + 1}</Table.Td>
              <Table.Td className="mono">{check.tenderType === 'check' ? check.checkNumber : `${tenderLabels[check.tenderType] ?? check.tenderType} ${check.checkNumber ?? ''}`}</Table.Td>
              <Table.Td>{check.bankName ?? ''}</Table.Td>
              <Table.Td>{check.payer ?? ''}</Table.Td>
              <Table.Td className="mono">{check.receiptNumber}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={check.amountCents} /></Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr className="totals"><Table.Td colSpan={5}>{deposit.checks.length} items</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.checksCents} /></Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
      <Group align="flex-start" gap="xl" mt="md">
        <div>
          <Text fw={600}>Batches</Text>
          <Table className="report" w={420}>
            <Table.Tbody>
              {deposit.batches.map((batch) => (
                <Table.Tr key={batch.batchNumber}>
                  <Table.Td className="mono">{batch.batchNumber}</Table.Td>
                  <Table.Td>{batch.kind}{batch.cashier ? ` · ${batch.cashier}` : ''}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}><Money cents={batch.totalCents} /></Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{batch.overShortCents !== 0 ? <>o/s <Money cents={batch.overShortCents} /></> : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <div>
          <Text fw={600}>By fund</Text>
          <Table className="report" w={220}>
            <Table.Tbody>
              {deposit.byFund.map((fund) => (
                <Table.Tr key={fund.fundCode}><Table.Td>Fund {fund.fundCode}</Table.Td><Table.Td style={{ textAlign: 'right' }}><Money cents={fund.amountCents} /></Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Group>
      <Group mt="xl" gap={80} className="print-only">
        <Text size="sm">Prepared by ____________________</Text>
        <Text size="sm">Verified by ____________________</Text>
      </Group>
    </div>
  );
}
