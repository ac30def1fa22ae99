/**
 * Making a payment arrangement from an account, keyboard first: account, number of months, type,
 * installments due with the bills or on their own dates (a first due date, or dates one by one),
 * and for a reduced arrangement the reduced amount and the write-off request that covers the rest.
 * Enter moves from field to field; at the end it previews the installment table (nothing saved),
 * and the focus moves to "Make the arrangement": Enter again saves it. Any change drops the
 * preview, so what is saved is always what was shown. Below, the account's arrangements, each
 * cancellable with a reason. The server checks everything again.
 */
import { Alert, Badge, Button, Card, Group, NativeSelect, NumberInput, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  arrangementTypeLabels,
  arrangementTypes,
  cancelArrangement,
  createArrangement,
  previewArrangement,
  useAccountArrangements,
  type Arrangement,
  type ArrangementInput,
  type ArrangementProposal,
  type ArrangementType,
} from '../../api/collectionsArrangements';
import { isApiError } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { formatIsoDate } from '../../dates';
import { formatDollars, parseDollars } from '../../money';
// Registers the arrangements-and-holds panel on the account's collection page.
import './ArrangementPanel';

interface Draft {
  account: string;
  months: number | string;
  type: ArrangementType;
  due: 'bills' | 'own';
  firstDueOn: string;
  dueDates: string;
  reducedPrincipal: string;
  writeOffRequestId: string;
}

function inputOf(draft: Draft): ArrangementInput {
  const reduced = draft.type === 'reduced' ? parseDollars(draft.reducedPrincipal) : null;
  const dates = draft.due === 'own' && draft.dueDates.trim() ? draft.dueDates.split(/[\s,]+/).filter(Boolean) : null;
  return {
    accountId: draft.account.trim(), months: Number(draft.months), type: draft.type, dueWithBills: draft.due === 'bills',
    firstDueOn: dates ? null : draft.firstDueOn || null, dueDates: dates,
    reducedPrincipalCents: reduced && reduced.ok ? reduced.cents : null,
    writeOffRequestId: draft.type === 'reduced' && draft.writeOffRequestId.trim() ? Number(draft.writeOffRequestId) : null,
  };
}

function errorsOf(error: unknown): Record<string, string> {
  const errors = fieldErrorsOf(problemsOf(error));
  const field = isApiError(error) ? error.details.field : undefined;
  if (typeof field === 'string' && !errors[field]) errors[field] = (isApiError(error) ? error.message : '').replace(`${field}: `, '');
  return errors;
}

export function ArrangementScreen() {
  const { can } = useSession();
  const [params] = useSearchParams();
  const client = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const [draft, setDraft] = useState<Draft>({
    account: params.get('account') ?? '', months: 12, type: 'amortization', due: 'bills', firstDueOn: '', dueDates: '', reducedPrincipal: '', writeOffRequestId: '',
  });
  const [proposal, setProposal] = useState<ArrangementProposal | null>(null);
  const set = <Key extends keyof Draft>(key: Key, value: Draft[Key]) => {
    setProposal(null);
    setDraft((current) => ({ ...current, [key]: value }));
  };
  const preview = useMutation({
    mutationFn: () => previewArrangement(inputOf(draft)),
    onSuccess: (result) => setProposal(result),
    onError: () => focusFirstInvalid(formRef.current),
  });
  const create = useMutation({
    mutationFn: () => createArrangement(inputOf(draft)),
    onSuccess: (arrangement) => {
      notifications.show({ color: 'green', message: `${arrangement.arrangementNumber} made: ${formatDollars(arrangement.principalCents)} in ${arrangement.installments.length} installments` });
      setProposal(null);
      void client.invalidateQueries({ queryKey: ['collections'] });
    },
  });
  useEffect(() => {
    if (proposal) saveRef.current?.focus();
  }, [proposal]);
  const errors = errorsOf(preview.error ?? create.error);
  const mayWork = can('collections.work');
  const needsFirstDue = draft.due === 'own' || draft.type === 'deferred';
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!preview.isPending) preview.mutate();
  }
  return (
    <Stack>
      <PageTitle title="Payment arrangement" />
      <Card withBorder padding="sm">
        <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="New payment arrangement">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput label="Account" value={draft.account} onChange={(event) => set('account', event.currentTarget.value)} error={errors.accountId}
              w={160} autoComplete="off" placeholder="account number" autoFocus={!draft.account} />
            <NumberInput label="Months" value={draft.months} onChange={(value) => set('months', value)} error={Boolean(errors.months)} min={1} max={60} w={100}
              allowDecimal={false} autoFocus={!!draft.account} />
            <NativeSelect label="Type" value={draft.type} onChange={(event) => set('type', event.currentTarget.value as ArrangementType)} error={errors.type}
              data={arrangementTypes.map((type) => ({ value: type, label: arrangementTypeLabels[type] }))} w={300} />
            <Radio.Group label="Installments due" value={draft.due} onChange={(value) => set('due', value as Draft['due'])}>
              <Group mt={8} gap="sm">
                <Radio value="bills" label="With the bills" />
                <Radio value="own" label="On their own dates" />
              </Group>
            </Radio.Group>
            {needsFirstDue && (
              <TextInput label={draft.due === 'bills' ? 'Not before' : 'First due'} type="date" value={draft.firstDueOn}
                onChange={(event) => set('firstDueOn', event.currentTarget.value)} error={errors.firstDueOn} w={160} />
            )}
            {draft.due === 'own' && draft.type === 'alternative_schedule' && (
              <TextInput label="Or these dates" placeholder="2026-12-15, 2027-01-20, …" value={draft.dueDates}
                onChange={(event) => set('dueDates', event.currentTarget.value)} error={errors.dueDates} w={280} autoComplete="off" />
            )}
            {draft.type === 'reduced' && (
              <>
                <TextInput label="Reduced amount ($)" value={draft.reducedPrincipal} onChange={(event) => set('reducedPrincipal', event.currentTarget.value)}
                  error={errors.reducedPrincipalCents} w={150} autoComplete="off" />
                <TextInput label="Write-off request #" value={draft.writeOffRequestId} onChange={(event) => set('writeOffRequestId', event.currentTarget.value)}
                  error={errors.writeOffRequestId} w={150} autoComplete="off" />
              </>
            )}
            <Button type="submit" mt={25} variant="light" loading={preview.isPending}>Preview installments</Button>
          </Group>
          {/* The months' message is long (it names the setting): under the form, not squeezed under the field. */}
          {errors.months && <Text c="red" size="sm" mt="xs" role="alert">Months: {errors.months}</Text>}
          {preview.isError && !Object.keys(errors).length && <ErrorAlert error={preview.error} title="No preview" />}
        </form>
      </Card>
      {proposal && (
        <Card withBorder padding="sm" aria-label="Installments preview">
          <Stack gap="xs">
            <Text>
              <strong>{proposal.accountNumber}</strong> {proposal.customerName}: {formatDollars(proposal.pastDueCents)} past due on {formatIsoDate(proposal.startsOn)};
              {' '}<strong>{formatDollars(proposal.principalCents)}</strong> in {proposal.months} monthly installments{proposal.dueWithBills ? ', due with the bills' : ''}.
            </Text>
            {proposal.reductionCents > 0 && (
              <Alert color="yellow" variant="light">
                The reduction of {formatDollars(proposal.reductionCents)} is not forgiven by the arrangement: it stays owed until the write-off request is approved.
              </Alert>
            )}
            <InstallmentTable installments={proposal.installments} />
            <Text size="sm" c="dimmed">Current bills must also be paid by their due dates, or the arrangement falls behind.</Text>
            {mayWork && (
              <Group>
                <Button ref={saveRef} onClick={() => create.mutate()} loading={create.isPending}>Make the arrangement</Button>
                <Text size="sm" c="dimmed">Enter saves it; change any field to preview again</Text>
              </Group>
            )}
            {create.isError && <ErrorAlert error={create.error} title="The arrangement was not made" />}
          </Stack>
        </Card>
      )}
      <AccountArrangements account={draft.account.trim()} mayWork={mayWork} />
    </Stack>
  );
}

function InstallmentTable({ installments }: { installments: Arrangement['installments'] }) {
  return (
    <Table striped withTableBorder maw={420} data-testid="installments">
      <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>Due</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {installments.map((row) => (
          <Table.Tr key={row.installmentNumber}>
            <Table.Td>{row.installmentNumber}</Table.Td>
            <Table.Td>{formatIsoDate(row.dueOn)}</Table.Td>
            <Table.Td ta="right"><Money cents={row.amountCents} /></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const statusColors: Record<Arrangement['status'], string> = { active: 'blue', completed: 'green', defaulted: 'red', cancelled: 'gray' };

function AccountArrangements({ account, mayWork }: { account: string; mayWork: boolean }) {
  const list = useAccountArrangements(account);
  if (!account || !list.data || list.data.length === 0) return null;
  return (
    <section aria-label="The account's arrangements">
      <Title order={3} size="h5" mb="xs">Arrangements of {account}</Title>
      <Stack gap="xs">
        {list.data.map((arrangement) => <ArrangementCard key={arrangement.id} arrangement={arrangement} mayWork={mayWork} />)}
      </Stack>
    </section>
  );
}

function ArrangementCard({ arrangement, mayWork }: { arrangement: Arrangement; mayWork: boolean }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [isCancelling, setIsCancelling] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelArrangement(arrangement.arrangementNumber, reason),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['collections'] }),
  });
  return (
    <Card withBorder padding="xs" data-testid="arrangement-card">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          <span className="mono">{arrangement.arrangementNumber}</span> · {arrangementTypeLabels[arrangement.arrangementType].split(' (')[0]} ·{' '}
          {formatDollars(arrangement.principalCents)} in {arrangement.installments.length} installments from {formatIsoDate(arrangement.startsOn)}
          {arrangement.dueWithBills ? ', with the bills' : ''}
        </Text>
        <Badge color={statusColors[arrangement.status]}>{arrangement.status}</Badge>
      </Group>
      {arrangement.defaultSince && <Text size="sm" c="red">Behind since {formatIsoDate(arrangement.defaultSince)}</Text>}
      {arrangement.endReason && <Text size="sm" c="dimmed">Ended {formatIsoDate(arrangement.endedOn)}: {arrangement.endReason}</Text>}
      {mayWork && arrangement.status === 'active' && !isCancelling && (
        <Group justify="flex-end"><Button size="compact-xs" variant="subtle" color="gray" onClick={() => setIsCancelling(true)}>Cancel arrangement…</Button></Group>
      )}
      {isCancelling && (
        <form onSubmit={(event) => { event.preventDefault(); if (reason.trim()) cancel.mutate(); }} aria-label={`Cancel ${arrangement.arrangementNumber}`}>
          <Group gap={4} wrap="nowrap">
            <TextInput size="xs" aria-label="Why is it cancelled" placeholder="Why (required)" value={reason} onChange={(event) => setReason(event.currentTarget.value)}
              style={{ flex: 1 }} autoFocus autoComplete="off" />
            <Button size="xs" type="submit" color="red" variant="light" disabled={!reason.trim()} loading={cancel.isPending}>Cancel it</Button>
          </Group>
        </form>
      )}
      {cancel.isError && <ErrorAlert error={cancel.error} title="Not cancelled" />}
    </Card>
  );
}
