/**
 * Take a payment, the counter's main screen. Without an open drawer it opens one. With one: look
 * up what to pay (scan, account number, name), the customer's open balances with what to pay on
 * each (full balance by default), counter items, tenders with the change due, Post, the receipt.
 * Keyboard-first: Enter moves field to field; Alt+L, Alt+I, Alt+T, Alt+P and Alt+N (shown on
 * screen) jump. One idempotency key per attempt, so a double-submit or a retry posts once.
 */
import { Alert, Badge, Button, Card, Checkbox, Grid, Group, Kbd, Stack, Table, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { takePayment, useCashieringSetup, useMyDrawerSession, type CounterItem, type DrawerSession, type PayableMatch, type Receipt } from '../../api/cashiering';
import type { CustomerReceivables } from '../../api/customers';
import { AmountInput } from '../../components/AmountInput';
import { advanceOnEnter } from '../../components/enterAdvances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant } from '../../dates';
import { formatCents, formatDollars, parseDollars } from '../../money';
import { ItemPicker } from './ItemPicker';
import { OpenDrawer } from './OpenDrawer';
import { blankTender, itemAmountCents, newKey, paymentRequest, sumPayment, type AccountDraft, type PaymentDraft } from './paymentDraft';
import { PaymentLookup } from './PaymentLookup';
import { PaymentTenders } from './PaymentTenders';
import { ReceiptPanel } from './ReceiptPanel';

const physical = { usePhysicalKeys: true };

function emptyDraft(): PaymentDraft {
  return { customerId: null, payerName: '', accounts: [], items: [], tenders: [blankTender()], confirmPartial: false };
}

export function TakePayment() {
  const session = useMyDrawerSession();
  return (
    <Stack>
      <PageTitle title="Take a payment">
        {session.data && <SessionBadge session={session.data} />}
      </PageTitle>
      {session.isError && <ErrorAlert error={session.error} title="Your drawer did not load" />}
      {session.isPending && <Text c="dimmed">Loading your drawer…</Text>}
      {session.isSuccess && (session.data ? <PaymentDesk /> : <OpenDrawer />)}
    </Stack>
  );
}

function SessionBadge({ session }: { session: DrawerSession }) {
  // A blind count: the cashier sees how many receipts, never what the drawer should hold.
  return (
    <Group gap="xs" data-testid="drawer-session">
      <Badge variant="light" size="lg">Drawer {session.drawerCode} · {session.batchNumber}</Badge>
      <Text size="sm" c="dimmed">opened {formatInstant(session.openedAt)} · {session.transactionCount} receipt{session.transactionCount === 1 ? '' : 's'}</Text>
      <Button component={Link} to="/counter/close" variant="default" size="xs">Close drawer</Button>
    </Group>
  );
}

function ShortcutLegend({ isReceipt }: { isReceipt: boolean }) {
  const keys = isReceipt
    ? [['Alt+P', 'print'], ['Alt+N', 'new payment']]
    : [['Enter', 'next field'], ['Alt+L', 'lookup'], ['Alt+I', 'add item'], ['Alt+T', 'add tender'], ['Alt+P', 'post'], ['Alt+N', 'start over']];
  return (
    <Group gap="md" className="shortcut-legend no-print" aria-label="Keyboard shortcuts">
      {keys.map(([key, what]) => (
        <Text size="xs" c="dimmed" key={key}><Kbd>{key}</Kbd> {what}</Text>
      ))}
    </Group>
  );
}

function PaymentDesk() {
  const client = useQueryClient();
  const setup = useCashieringSetup();
  const [draft, setDraft] = useState<PaymentDraft>(emptyDraft);
  const [customer, setCustomer] = useState<PayableMatch | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [itemText, setItemText] = useState('');
  const [pending, setPending] = useState<{ item: CounterItem; quantity: string; amount: string } | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const itemRef = useRef<HTMLInputElement>(null);
  const quantityRef = useRef<HTMLInputElement>(null);
  const priceRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);
  const newPaymentRef = useRef<HTMLButtonElement>(null);
  const tenderTypes = useRef(new Map<number, HTMLSelectElement>());
  const amountRefs = useRef(new Map<string, HTMLInputElement>());
  const [focusTarget, setFocusTarget] = useState<{ kind: 'account' | 'tender' | 'item' | 'quantity' | 'lookup' | 'print'; key?: string | number } | null>(null);
  const sums = sumPayment(draft);

  useEffect(() => {
    lookupRef.current?.focus();
  }, []);

  // Any change to what is posted is a new attempt with a new key; a repeat of the same is not.
  const change = (next: PaymentDraft | ((current: PaymentDraft) => PaymentDraft)) => {
    idempotencyKey.current = null;
    setDraft(next);
  };

  useEffect(() => {
    if (!focusTarget) return;
    const { kind, key } = focusTarget;
    if (kind === 'account' && typeof key === 'string') amountRefs.current.get(key)?.focus();
    else if (kind === 'tender' && typeof key === 'number') tenderTypes.current.get(key)?.focus();
    else if (kind === 'item') itemRef.current?.focus();
    else if (kind === 'quantity') quantityRef.current?.select();
    else if (kind === 'lookup') lookupRef.current?.focus();
    else if (kind === 'print') printRef.current?.focus();
    setFocusTarget(null);
  }, [focusTarget, draft, pending, receipt]);

  const post = useMutation({
    mutationFn: (key: string) => takePayment(paymentRequest(draft, key)),
    onSuccess: (result) => {
      idempotencyKey.current = null;
      setReceipt(result.receipt);
      setFocusTarget({ kind: 'print' });
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });

  async function takeCustomer(match: PayableMatch, scanned: boolean) {
    const receivables = await client.fetchQuery({
      queryKey: ['customers', 'receivables', String(match.customerId)],
      queryFn: () => api.get<CustomerReceivables>(`/api/customers/${match.customerId}/receivables`),
      staleTime: 0,
    });
    const open = receivables.accounts.filter((account) => account.balanceCents > 0 && account.status !== 'closed');
    const accounts: AccountDraft[] = open.map((account) => {
      const isMatched = account.accountNumber === match.accountNumber;
      // A stub pays what it says; an account lookup pays that account; a name lookup pays all.
      const amountCents = isMatched && scanned && match.amountDueCents !== null ? match.amountDueCents : account.balanceCents;
      const isPaid = match.accountNumber === null || isMatched;
      return {
        accountNumber: account.accountNumber,
        label: `${account.kindName}${account.description ? ` · ${account.description}` : ''}`,
        balanceCents: account.balanceCents,
        amount: isPaid ? formatCents(amountCents) : '',
      };
    });
    setCustomer(match);
    change((current) => ({ ...current, customerId: match.customerId, accounts, confirmPartial: false }));
    const first = accounts.find((account) => account.amount !== '') ?? accounts[0];
    setFocusTarget(first ? { kind: 'account', key: first.accountNumber } : { kind: 'item' });
  }

  function startOver() {
    setDraft(emptyDraft());
    setCustomer(null);
    setReceipt(null);
    setPending(null);
    setItemText('');
    idempotencyKey.current = null;
    post.reset();
    setFocusTarget({ kind: 'lookup' });
  }

  function chooseItem(item: CounterItem) {
    setItemText(item.name);
    setPending({ item, quantity: '1', amount: '' });
    setFocusTarget({ kind: 'quantity' });
  }

  function addPendingItem() {
    if (!pending) return;
    const quantity = Number(pending.quantity.trim() || '1');
    if (!Number.isSafeInteger(quantity) || quantity < 1) return;
    let enteredCents: number | null = null;
    if (pending.item.unitPriceCents === null) {
      const parsed = parseDollars(pending.amount);
      if (!parsed.ok || parsed.cents <= 0) return priceRef.current?.focus();
      enteredCents = parsed.cents;
    }
    change((current) => ({ ...current, items: [...current.items, { key: newKey(), item: pending.item, quantity, enteredCents }] }));
    setPending(null);
    setItemText('');
    setFocusTarget({ kind: 'item' });
  }

  function quantityKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      setPending(null);
      setItemText('');
      setFocusTarget({ kind: 'item' });
    }
    if (event.key !== 'Enter' || event.ctrlKey) return;
    event.preventDefault();
    if (pending?.item.unitPriceCents === null) priceRef.current?.focus();
    else addPendingItem();
  }

  function addTender() {
    const tender = blankTender(sums.dueCents > 0 ? 'check' : 'cash');
    change((current) => ({ ...current, tenders: [...current.tenders, tender] }));
    setFocusTarget({ kind: 'tender', key: tender.key });
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (sums.blocker !== null || post.isPending) return;
    idempotencyKey.current ??= crypto.randomUUID();
    post.mutate(idempotencyKey.current);
  }

  useHotkeys(
    receipt
      ? [
          ['alt+P', () => printRef.current?.click(), physical],
          ['alt+N', startOver, physical],
        ]
      : [
          ['alt+L', () => lookupRef.current?.focus(), physical],
          ['alt+I', () => itemRef.current?.focus(), physical],
          ['alt+T', addTender, physical],
          ['alt+P', () => submit(), physical],
          ['alt+N', startOver, physical],
        ],
    [],
  );

  if (receipt) {
    return (
      <Stack>
        <ShortcutLegend isReceipt />
        <Alert color="green" className="no-print" title={`Receipt ${receipt.receiptNumber} posted`}>
          {formatDollars(receipt.totalCents)} paid{receipt.changeCents > 0 ? `; change due ${formatDollars(receipt.changeCents)}` : ''}.
        </Alert>
        <ReceiptPanel receipt={receipt} printRef={printRef} onPrinted={() => newPaymentRef.current?.focus()}>
          <Button ref={newPaymentRef} variant="default" onClick={startOver}>New payment</Button>
        </ReceiptPanel>
      </Stack>
    );
  }

  const items = setup.data?.items ?? [];
  return (
    <Stack gap="sm">
      <ShortcutLegend isReceipt={false} />
      <PaymentLookup inputRef={lookupRef} onFound={(match, scanned) => void takeCustomer(match, scanned)} />
      <form ref={formRef} onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Payment">
        <Grid gap="lg">
          <Grid.Col span={7}>
            <Stack gap="sm">
              {customer ? (
                <Card withBorder padding="sm">
                  <Group justify="space-between">
                    <Text fw={600} data-testid="payment-customer">{customer.customerName} · {customer.customerNumber}</Text>
                    {customer.isCashOnly && <Badge color="red">Cash only: no checks</Badge>}
                  </Group>
                  {draft.accounts.length === 0 ? (
                    <Text size="sm" c="dimmed">No open balances.</Text>
                  ) : (
                    <Table className="report" aria-label="Open balances">
                      <Table.Thead>
                        <Table.Tr><Table.Th>Account</Table.Th><Table.Th style={{ textAlign: 'right' }}>Balance</Table.Th><Table.Th style={{ textAlign: 'right' }}>Pay now</Table.Th></Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {draft.accounts.map((account) => (
                          <Table.Tr key={account.accountNumber}>
                            <Table.Td><Text size="sm" className="mono" span>{account.accountNumber}</Text> <Text size="xs" c="dimmed" span>{account.label}</Text></Table.Td>
                            <Table.Td style={{ textAlign: 'right' }}><Money cents={account.balanceCents} /></Table.Td>
                            <Table.Td style={{ textAlign: 'right' }}>
                              <Group justify="flex-end">
                                <AmountInput
                                  label={`Pay on ${account.accountNumber}`}
                                  hideLabel
                                  size="xs"
                                  w={130}
                                  value={account.amount}
                                  error={sums.accountErrors[account.accountNumber]}
                                  inputRef={(element) => {
                                    if (element) amountRefs.current.set(account.accountNumber, element);
                                    else amountRefs.current.delete(account.accountNumber);
                                  }}
                                  onChange={(value) => change((current) => ({
                                    ...current,
                                    accounts: current.accounts.map((candidate) => (candidate.accountNumber === account.accountNumber ? { ...candidate, amount: value } : candidate)),
                                  }))}
                                />
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Card>
              ) : (
                <TextInput
                  label="Payer (walk-up, no account)"
                  placeholder="Name, optional"
                  value={draft.payerName}
                  onChange={(event) => {
                    const payerName = event.currentTarget.value;
                    change((current) => ({ ...current, payerName }));
                  }}
                  w={300}
                />
              )}
              <Card withBorder padding="sm">
                <Group align="flex-end" gap="xs">
                  <ItemPicker items={items} value={itemText} onChange={(value) => { setItemText(value); setPending(null); }} onChoose={chooseItem} inputRef={itemRef} />
                  {pending && (
                    <>
                      <TextInput
                        label="Quantity"
                        ref={quantityRef}
                        value={pending.quantity}
                        inputMode="numeric"
                        w={90}
                        onChange={(event) => {
                          const quantity = event.currentTarget.value;
                          setPending((current) => current && { ...current, quantity });
                        }}
                        onKeyDown={quantityKeyDown}
                        description={pending.item.unitPriceCents !== null ? `${formatDollars(pending.item.unitPriceCents)} each` : undefined}
                      />
                      {pending.item.unitPriceCents === null && (
                        <AmountInput
                          label="Amount"
                          inputRef={priceRef}
                          value={pending.amount}
                          w={130}
                          onChange={(amount) => setPending((current) => current && { ...current, amount })}
                          onEnter={addPendingItem}
                        />
                      )}
                      <Button variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={addPendingItem} tabIndex={-1}>
                        Add
                      </Button>
                    </>
                  )}
                </Group>
                <Text size="xs" c="dimmed" mt={4}>Enter takes the item; Enter again adds it. Enter on an empty item field goes to the tenders.</Text>
                {draft.items.length > 0 && (
                  <Table className="report" mt="xs" aria-label="Counter items">
                    <Table.Tbody>
                      {draft.items.map((line) => (
                        <Table.Tr key={line.key}>
                          <Table.Td>{line.item.name}</Table.Td>
                          <Table.Td className="amount">{line.quantity} × {line.item.unitPriceCents !== null ? formatCents(line.item.unitPriceCents) : formatCents(line.enteredCents ?? 0)}</Table.Td>
                          <Table.Td style={{ textAlign: 'right' }}><Money cents={itemAmountCents(line)} /></Table.Td>
                          <Table.Td w={40}>
                            <Button size="compact-xs" variant="subtle" color="red" tabIndex={-1} aria-label={`Remove ${line.item.name}`}
                              onClick={() => change((current) => ({ ...current, items: current.items.filter((candidate) => candidate.key !== line.key) }))}>
                              <IconTrash size={14} aria-hidden />
                            </Button>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <Card withBorder padding="sm">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text fw={700} size="xl">Total</Text>
                  <Text fw={700} size="xl" className="amount" data-testid="payment-total">{formatDollars(sums.totalCents)}</Text>
                </Group>
                <PaymentTenders
                  tenders={draft.tenders}
                  onChange={(tenders) => change((current) => ({ ...current, tenders }))}
                  errors={sums.tenderErrors}
                  dueCents={sums.dueCents}
                  registerType={(key, element) => {
                    if (element) tenderTypes.current.set(key, element);
                    else tenderTypes.current.delete(key);
                  }}
                />
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={addTender} tabIndex={-1} w="fit-content">
                  Add a tender (Alt+T)
                </Button>
                <Group justify="space-between">
                  <Text>Tendered</Text>
                  <Text className="amount">{formatDollars(sums.tenderedCents)}</Text>
                </Group>
                <Group justify="space-between">
                  <Text fw={700}>{sums.dueCents > 0 ? 'Still due' : 'Change due'}</Text>
                  <Text fw={700} size="lg" className="amount" data-testid="change-due" c={sums.dueCents > 0 ? 'red.8' : undefined}>
                    {formatDollars(sums.dueCents > 0 ? sums.dueCents : sums.changeCents)}
                  </Text>
                </Group>
                {sums.isPartial && (
                  <Checkbox
                    label="Partial payment: the customer pays less than an account owes"
                    checked={draft.confirmPartial}
                    onChange={(event) => {
                      const confirmPartial = event.currentTarget.checked;
                      change((current) => ({ ...current, confirmPartial }));
                    }}
                    color="orange"
                  />
                )}
                <Text size="sm" c={sums.blocker ? 'dimmed' : 'green.8'} role="status">{sums.blocker ?? 'Ready to post.'}</Text>
                {post.isError && <ErrorAlert error={post.error} title="The payment was not posted" />}
                <Button type="submit" size="md" loading={post.isPending}>
                  Post payment (Alt+P)
                </Button>
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      </form>
    </Stack>
  );
}
