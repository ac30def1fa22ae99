/**
 * The Customer 360's actions, each a small keyboard-first dialog (Enter moves on, Ctrl+Enter saves):
 * a note of a call or visit (with an optional follow-up), a debit or credit memo (posted, or filed
 * for approval above the threshold: the dialog says which), a payment, and the statement PDF.
 */
import { Alert, Button, Group, Modal, NativeSelect, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import {
  channelLabels,
  newIdempotencyKey,
  useAccountActivity,
  useReceivablesSetup,
  type AccountBalance,
  type AdjustmentOutcome,
  type CustomerDetail,
  type Interaction,
  type PostedResult,
} from '../../api/customers';
import { useSession } from '../../app/session';
import { AmountInput, positiveCentsOf } from '../../components/AmountInput';
import { advanceOnEnter, fieldErrorsOf } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { cityToday, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

/** What the last action did, shown on the page until dismissed (a notification alone fades). */
export interface ActionOutcome {
  color: 'green' | 'orange' | 'blue';
  title: string;
  message: string;
  approvalRequestId?: number;
  /** A document to open (a PDF), in a new tab. */
  link?: { href: string; label: string };
}

interface DialogProps {
  onClose(): void;
  onOutcome(outcome: ActionOutcome): void;
}

function sentence(message: string | undefined): string | undefined {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined;
}

function accountOptions(accounts: AccountBalance[]) {
  return accounts.map((account) => ({
    value: account.accountNumber,
    label: `${account.accountNumber} · ${account.kindName} · ${formatDollars(account.balanceCents)}`,
  }));
}

const channels = ['phone', 'counter', 'email', 'letter', 'other'] as const;

export function NoteDialog({
  customer,
  accounts,
  defaultAccount,
  onClose,
  onOutcome,
}: DialogProps & { customer: CustomerDetail; accounts: AccountBalance[]; defaultAccount: AccountBalance | null }) {
  const client = useQueryClient();
  const { session } = useSession();
  const [channel, setChannel] = useState<string>('phone');
  const [topic, setTopic] = useState('');
  const [notes, setNotes] = useState('');
  const [accountNumber, setAccountNumber] = useState(defaultAccount?.accountNumber ?? '');
  const [followUpOn, setFollowUpOn] = useState('');
  const [followUpUser, setFollowUpUser] = useState('');
  const record = useMutation({
    mutationFn: () =>
      api.post<Interaction>(`/api/customers/${customer.id}/interactions`, {
        channel,
        topic,
        notes: notes.trim() || null,
        accountNumber: accountNumber || null,
        followUpOn: followUpOn || null,
        followUpUser: followUpOn ? followUpUser.trim() || null : null,
      }),
    onSuccess: (interaction) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      const followUp = interaction.followUpOn
        ? ` Follow-up on ${formatIsoDate(interaction.followUpOn)} for ${interaction.followUpUser}.`
        : '';
      const message = `“${interaction.topic}” noted on ${customer.customerNumber}.${followUp}`;
      onOutcome({ color: 'green', title: 'Note saved', message });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(record.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!record.isPending) record.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Note on ${customer.legalName}`} size="lg">
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Add note">
        <Stack gap="sm">
          <SegmentedControl
            value={channel}
            onChange={setChannel}
            data={channels.map((value) => ({ value, label: channelLabels[value] ?? value }))}
            aria-label="How"
          />
          <TextInput
            label="Topic"
            required
            data-autofocus
            placeholder="e.g. Asked about a high bill"
            value={topic}
            onChange={(event) => setTopic(event.currentTarget.value)}
            error={sentence(errors.topic)}
          />
          <Textarea
            label="Notes"
            autosize
            minRows={3}
            value={notes}
            onChange={(event) => setNotes(event.currentTarget.value)}
            error={sentence(errors.notes)}
            description="Enter makes a new line here; Ctrl+Enter saves."
          />
          {accounts.length > 0 && (
            <NativeSelect
              label="About the account (optional)"
              value={accountNumber}
              onChange={(event) => setAccountNumber(event.currentTarget.value)}
              data={[{ value: '', label: 'The customer in general' }, ...accountOptions(accounts)]}
              error={sentence(errors.accountNumber)}
            />
          )}
          <Group grow align="flex-start">
            <TextInput
              label="Follow up on (optional)"
              type="date"
              min={cityToday()}
              value={followUpOn}
              onChange={(event) => setFollowUpOn(event.currentTarget.value)}
              error={sentence(errors.followUpOn)}
            />
            <TextInput
              label="Follow-up by"
              placeholder={session.user.username}
              description="A staff user name; you when left empty"
              value={followUpUser}
              disabled={!followUpOn}
              onChange={(event) => setFollowUpUser(event.currentTarget.value)}
              error={sentence(errors.followUpUser)}
            />
          </Group>
          {record.isError && <ErrorAlert error={record.error} title="Not saved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={record.isPending}>
              Save note
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type MemoType = 'credit' | 'debit';

export function AdjustmentDialog({
  accounts,
  defaultAccount,
  onClose,
  onOutcome,
}: DialogProps & { accounts: AccountBalance[]; defaultAccount: AccountBalance | null }) {
  const client = useQueryClient();
  const setup = useReceivablesSetup();
  const [accountNumber, setAccountNumber] = useState(defaultAccount?.accountNumber ?? accounts[0]?.accountNumber ?? '');
  const account = accounts.find((candidate) => candidate.accountNumber === accountNumber);
  const activity = useAccountActivity(accountNumber || null);
  const [memoType, setMemoType] = useState<MemoType>('credit');
  const [amount, setAmount] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [offsetChoice, setOffsetChoice] = useState<{ account: string; text: string } | null>(null);
  const [description, setDescription] = useState('');
  const [memoDate, setMemoDate] = useState(cityToday());
  const [isTouched, setIsTouched] = useState(false);

  // The revenue accounts this account's charges went to: a credit memo usually gives back part of one.
  const offsetCodes = useMemo(() => {
    const codes: string[] = [];
    for (const item of activity.data?.items ?? []) {
      if (item.offsetAccountCode && !codes.includes(item.offsetAccountCode)) codes.push(item.offsetAccountCode);
    }
    return codes;
  }, [activity.data]);
  const offsetAccount = offsetChoice?.account === accountNumber ? offsetChoice.text : (offsetCodes[0] ?? '');
  const reasons = (setup.data?.reasons ?? []).filter(
    (reason) => reason.appliesTo === 'any' || reason.appliesTo === `${memoType}_memo`,
  );
  const reason = reasons.some((candidate) => candidate.code === reasonCode) ? reasonCode : '';
  const amountCheck = positiveCentsOf(amount);

  // One key per memo being entered: a retry after a lost answer posts it once.
  const [idempotencyKey] = useState(() => newIdempotencyKey('web-memo'));
  const enter = useMutation({
    mutationFn: () =>
      api.post<AdjustmentOutcome>(`/api/receivable-accounts/${encodeURIComponent(accountNumber)}/memos`, {
        idempotencyKey,
        memoType,
        memoDate,
        amountCents: amountCheck.cents,
        offsetAccount: offsetAccount.trim(),
        reasonCode: reason,
        description: description.trim(),
      }),
    onSuccess: (outcome) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      void client.invalidateQueries({ queryKey: ['approvals'] });
      const what = `${memoType === 'credit' ? 'Credit' : 'Debit'} memo of ${formatDollars(amountCheck.cents ?? 0)} on ${accountNumber}`;
      if (outcome.status === 'pending_approval') {
        const requestId = outcome.request?.id;
        const message = `${what} is over the approval threshold: filed for approval as request #${requestId}. It posts when someone holding receivables.approve approves it.`;
        onOutcome({ color: 'orange', title: 'Filed for approval', message, approvalRequestId: requestId });
      } else {
        const message = `${what} posted (journal entry #${outcome.result?.entry.id}).`;
        onOutcome({ color: 'green', title: 'Adjustment posted', message });
      }
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(enter.error));
  const localErrors = {
    amount: isTouched && amountCheck.error ? amountCheck.error : undefined,
    reasonCode: isTouched && !reason ? 'Choose a reason' : undefined,
    offsetAccount: isTouched && !offsetAccount.trim() ? 'Enter the account the memo offsets' : undefined,
    description: isTouched && !description.trim() ? 'Say why' : undefined,
  };
  const isReady = !amountCheck.error && reason !== '' && offsetAccount.trim() !== '' && description.trim() !== '';

  function submit(event: FormEvent) {
    event.preventDefault();
    setIsTouched(true);
    if (isReady && !enter.isPending) enter.mutate();
  }
  return (
    <Modal opened onClose={onClose} title="Adjustment (debit or credit memo)" size="lg">
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Adjustment" noValidate>
        <Stack gap="sm">
          <SegmentedControl
            value={memoType}
            onChange={(value) => setMemoType(value as MemoType)}
            data={[
              { value: 'credit', label: 'Credit memo (lowers what they owe)' },
              { value: 'debit', label: 'Debit memo (adds to it)' },
            ]}
            aria-label="Memo type"
          />
          <NativeSelect
            label="Account"
            value={accountNumber}
            onChange={(event) => setAccountNumber(event.currentTarget.value)}
            data={accountOptions(accounts)}
            error={sentence(errors.account)}
          />
          <Group align="flex-start" grow>
            <AmountInput
              label="Amount"
              value={amount}
              onChange={setAmount}
              autoFocus
              error={localErrors.amount ?? sentence(errors.amountCents ?? errors.amount)}
              w="auto"
            />
            <TextInput
              label="Date"
              type="date"
              value={memoDate}
              onChange={(event) => setMemoDate(event.currentTarget.value)}
              error={sentence(errors.memoDate)}
            />
          </Group>
          <NativeSelect
            label="Reason"
            value={reason}
            onChange={(event) => setReasonCode(event.currentTarget.value)}
            data={[{ value: '', label: setup.isPending ? 'Loading...' : 'Choose a reason' }, ...reasons.map((item) => ({ value: item.code, label: item.name }))]}
            error={localErrors.reasonCode ?? sentence(errors.reasonCode)}
          />
          <TextInput
            label="Offset account"
            description={
              offsetCodes.length > 0
                ? `The revenue account of this account's charges (${offsetCodes.join(', ')})`
                : 'The revenue account the original charge went to, e.g. 510-0000-44100'
            }
            classNames={{ input: 'mono' }}
            list="memo-offset-accounts"
            value={offsetAccount}
            onChange={(event) => setOffsetChoice({ account: accountNumber, text: event.currentTarget.value })}
            error={localErrors.offsetAccount ?? sentence(errors.offsetAccount)}
            autoComplete="off"
          />
          <datalist id="memo-offset-accounts">
            {offsetCodes.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
          <TextInput
            label="Description"
            placeholder="What the customer is told, e.g. Leak repaired 11/2; half of November usage"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={localErrors.description ?? sentence(errors.description)}
          />
          <Text size="xs" c="dimmed">
            Over the approval threshold, the memo is filed for a supervisor&apos;s approval and posts when approved.
            {account && ` ${account.accountNumber} owes ${formatDollars(account.balanceCents)} now.`}
          </Text>
          {enter.isError && <ErrorAlert error={enter.error} title="Not entered" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={enter.isPending}>
              {memoType === 'credit' ? 'Enter credit memo' : 'Enter debit memo'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The pooled cash account of the account's fund: 100-0000-10100 for the General Fund. */
function cashAccountOf(account: AccountBalance | undefined): string {
  return account ? `${account.fundCode}-0000-10100` : '100-0000-10100';
}

export function PaymentDialog({
  customer,
  accounts,
  defaultAccount,
  onClose,
  onOutcome,
}: DialogProps & { customer: CustomerDetail; accounts: AccountBalance[]; defaultAccount: AccountBalance | null }) {
  const client = useQueryClient();
  const [accountNumber, setAccountNumber] = useState(
    defaultAccount?.accountNumber ?? accounts.find((account) => account.balanceCents > 0)?.accountNumber ?? accounts[0]?.accountNumber ?? '',
  );
  const account = accounts.find((candidate) => candidate.accountNumber === accountNumber);
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [cashChoice, setCashChoice] = useState<{ account: string; text: string } | null>(null);
  const cashAccount = cashChoice?.account === accountNumber ? cashChoice.text : cashAccountOf(account);
  const [paymentDate, setPaymentDate] = useState(cityToday());
  const [isTouched, setIsTouched] = useState(false);
  // One key per payment being entered: a retry after a lost answer posts it once.
  const [idempotencyKey] = useState(() => newIdempotencyKey('web-payment'));
  const amountCheck = positiveCentsOf(amount);
  const post = useMutation({
    mutationFn: () =>
      api.post<PostedResult>(`/api/receivable-accounts/${encodeURIComponent(accountNumber)}/payments`, {
        paymentDate,
        amountCents: amountCheck.cents,
        cashAccount: cashAccount.trim(),
        reference: reference.trim() || null,
        idempotencyKey,
      }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      const message = `Payment of ${formatDollars(amountCheck.cents ?? 0)} applied to ${accountNumber} (journal entry #${result.entry.id}).`;
      onOutcome({ color: 'green', title: 'Payment recorded', message });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(post.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    setIsTouched(true);
    if (!amountCheck.error && !post.isPending) post.mutate();
  }
  return (
    <Modal opened onClose={onClose} title="Record a payment">
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Record payment" noValidate>
        <Stack gap="sm">
          {customer.flags.isCashOnly && (
            <Alert color="red" variant="filled" title="Cash only" role="alert">
              No personal checks from this customer: cash, card, cashier&apos;s check or money order.
            </Alert>
          )}
          {customer.flags.inBankruptcy && (
            <Alert color="grape" title="In bankruptcy">
              Collection is stayed; take a payment only if the customer offers it.
            </Alert>
          )}
          <NativeSelect
            label="Account"
            value={accountNumber}
            onChange={(event) => setAccountNumber(event.currentTarget.value)}
            data={accountOptions(accounts)}
          />
          <AmountInput
            label="Amount"
            value={amount}
            onChange={setAmount}
            autoFocus
            description={account ? `Owes ${formatDollars(account.balanceCents)}` : undefined}
            error={(isTouched ? amountCheck.error : undefined) ?? sentence(errors.amountCents ?? errors.amount)}
          />
          <TextInput
            label="Check number or reference (optional)"
            value={reference}
            onChange={(event) => setReference(event.currentTarget.value)}
            error={sentence(errors.reference)}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Cash account"
              classNames={{ input: 'mono' }}
              value={cashAccount}
              onChange={(event) => setCashChoice({ account: accountNumber, text: event.currentTarget.value })}
              error={sentence(errors.cashAccount)}
            />
            <TextInput
              label="Date"
              type="date"
              value={paymentDate}
              onChange={(event) => setPaymentDate(event.currentTarget.value)}
              error={sentence(errors.paymentDate)}
            />
          </Group>
          <Text size="xs" c="dimmed">
            The payment pays open items in the account&apos;s order (penalties first where the kind says so); what is left
            stays as a credit. Drawers and receipts come with the cashiering release.
          </Text>
          {post.isError && <ErrorAlert error={post.error} title="Not recorded" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={post.isPending}>
              Record payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function monthsBefore(isoDate: string, months: number): string {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  const total = year * 12 + (month - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

export function StatementDialog({ customer, onClose }: { customer: CustomerDetail; onClose(): void }) {
  const today = cityToday();
  const [from, setFrom] = useState(monthsBefore(today, 3));
  const [to, setTo] = useState(today);
  const href = `/api/customers/${customer.id}/statement.pdf?from=${from}&to=${to}`;
  const isValid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isValid) return;
    window.open(href, '_blank', 'noopener');
    onClose();
  }
  return (
    <Modal opened onClose={onClose} title={`Statement for ${customer.legalName}`}>
      <form onSubmit={submit} onKeyDown={advanceOnEnter}>
        <Stack gap="sm">
          <Group grow>
            <TextInput label="From" type="date" value={from} onChange={(event) => setFrom(event.currentTarget.value)} data-autofocus />
            <TextInput label="To" type="date" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
          </Group>
          {!isValid && <Alert color="orange">The period needs a start on or before its end.</Alert>}
          <Text size="xs" c="dimmed">
            Opens the statement as a PDF in a new tab, in the customer&apos;s language where the city has one.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" disabled={!isValid}>
              Open PDF
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A new receivable account for the customer: a kind, and a fund where that kind has a control account. */
export function OpenAccountDialog({ customer, onClose, onOutcome }: DialogProps & { customer: CustomerDetail }) {
  const client = useQueryClient();
  const setup = useReceivablesSetup();
  const controls = setup.data?.controls ?? [];
  const kinds = (setup.data?.kinds ?? []).filter((kind) => controls.some((control) => control.kind === kind.code));
  const [kindChoice, setKindChoice] = useState('');
  const kind = kinds.some((candidate) => candidate.code === kindChoice) ? kindChoice : (kinds[0]?.code ?? '');
  const funds = controls.filter((control) => control.kind === kind).map((control) => control.fundCode);
  const [fundChoice, setFundChoice] = useState('');
  const fundCode = funds.includes(fundChoice) ? fundChoice : (funds[0] ?? '');
  const [description, setDescription] = useState('');
  const open = useMutation({
    mutationFn: () =>
      api.post<{ accountNumber: string; kindName: string }>('/api/receivable-accounts', {
        customerId: customer.id,
        kind,
        fundCode,
        description: description.trim() || null,
      }),
    onSuccess: (account) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      onOutcome({ color: 'green', title: 'Account opened', message: `${account.kindName} ${account.accountNumber} opened for ${customer.legalName}.` });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(open.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (kind && fundCode && !open.isPending) open.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Open an account for ${customer.legalName}`}>
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Open account">
        <Stack gap="sm">
          {setup.isSuccess && kinds.length === 0 && (
            <Alert color="orange">No kind of account has a control account yet (Receivables set-up).</Alert>
          )}
          <NativeSelect
            label="Kind"
            data-autofocus
            value={kind}
            onChange={(event) => setKindChoice(event.currentTarget.value)}
            data={kinds.map((item) => ({ value: item.code, label: item.name }))}
            error={sentence(errors.kind)}
          />
          <NativeSelect
            label="Fund"
            value={fundCode}
            onChange={(event) => setFundChoice(event.currentTarget.value)}
            data={funds}
            error={sentence(errors.fundCode)}
          />
          <TextInput
            label="Description (optional)"
            placeholder="e.g. Facility rental, Community Center"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={sentence(errors.description)}
          />
          {open.isError && <ErrorAlert error={open.error} title="Not opened" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={open.isPending} disabled={!kind || !fundCode}>
              Open account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
