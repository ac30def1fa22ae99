/**
 * An account's protections against shutoff: the documents recorded (active first), resolve or
 * withdraw one with a reason, and a form to record a new one whose fields follow its type
 * (a medical certification names the provider and license; inability to pay a program and case
 * number, or household size and income). Enter submits; every wrong field is named.
 */
import { Alert, Badge, Button, Card, Checkbox, Group, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  assistancePrograms,
  protectionLabels,
  protectionTypes,
  recordProtection,
  resolveProtection,
  useProtections,
  type NewProtection,
  type Protection,
  type ProtectionType,
} from '../../api/sb998';
import { useSession } from '../../app/session';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { formatIsoDate } from '../../dates';
import { parseDollars } from '../../money';

const whole = { root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } } as const;

export function ProtectionsPanel({ account }: { account: string }) {
  const protections = useProtections(account);
  const { can } = useSession();
  const mayWork = can('collections.work');
  return (
    <Card withBorder padding="sm" data-testid="protections">
      <Text fw={600} mb="xs">Protections</Text>
      {protections.isError && <ErrorAlert error={protections.error} />}
      <Stack gap="xs">
        {(protections.data ?? []).map((protection) => <ProtectionRow key={protection.id} protection={protection} mayWork={mayWork} />)}
        {protections.isSuccess && protections.data.length === 0 && <Text size="sm" c="dimmed">None recorded.</Text>}
      </Stack>
      {mayWork && <NewProtectionForm account={account} />}
    </Card>
  );
}

function ProtectionRow({ protection, mayWork }: { protection: Protection; mayWork: boolean }) {
  const [isResolving, setResolving] = useState(false);
  const [reason, setReason] = useState('');
  const client = useQueryClient();
  const resolve = useMutation({
    mutationFn: (outcome: 'resolved' | 'withdrawn') => resolveProtection(protection.id, outcome, reason),
    onSuccess: (after) => {
      notifications.show({ color: 'green', message: `${protectionLabels[after.protectionType]} ${after.status}` });
      setResolving(false);
      void client.invalidateQueries({ queryKey: ['collections', 'sb998'] });
    },
  });
  const isActive = protection.status === 'active';
  return (
    <Stack gap={4} data-protection={protection.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text size="sm" fw={500}>{protectionLabels[protection.protectionType]}</Text>
          <Text size="xs" c="dimmed">
            {protection.documentRef} · received {formatIsoDate(protection.receivedOn)}
            {protection.validUntil ? ` · valid until ${formatIsoDate(protection.validUntil)}` : ''}
          </Text>
          {!isActive && <Text size="xs" c="dimmed">{protection.status} {formatIsoDate(protection.resolvedOn)}: {protection.resolution}</Text>}
        </div>
        <Group gap={4} wrap="nowrap">
          <Badge size="sm" variant="light" color={isActive ? 'blue' : 'gray'} styles={whole}>{isActive ? 'active' : protection.status}</Badge>
          {isActive && mayWork && !isResolving && <Button size="compact-xs" variant="subtle" onClick={() => setResolving(true)}>Resolve…</Button>}
        </Group>
      </Group>
      {isResolving && (
        <form onSubmit={(event) => { event.preventDefault(); resolve.mutate('resolved'); }} aria-label={`Resolve protection ${protection.id}`}>
          <Group align="flex-end" gap="xs">
            <TextInput size="xs" label="Reason" value={reason} onChange={(event) => setReason(event.currentTarget.value)} autoFocus style={{ flex: 1 }}
              error={problemsOf(resolve.error).find((p) => p.field === 'reason')?.message} />
            <Button size="xs" type="submit" loading={resolve.isPending}>Resolved</Button>
            <Button size="xs" variant="default" onClick={() => resolve.mutate('withdrawn')}>Withdrawn</Button>
            <Button size="xs" variant="subtle" onClick={() => setResolving(false)}>Cancel</Button>
          </Group>
          {resolve.isError && problemsOf(resolve.error).length === 0 && <ErrorAlert error={resolve.error} />}
        </form>
      )}
    </Stack>
  );
}

interface FormState {
  protectionType: ProtectionType;
  receivedOn: string;
  validUntil: string;
  documentRef: string;
  providerName: string;
  licenseNumber: string;
  program: string | null;
  caseNumber: string;
  householdSize: number | string;
  income: string;
  documented: boolean;
}

const empty: FormState = {
  protectionType: 'appeal', receivedOn: '', validUntil: '', documentRef: '', providerName: '', licenseNumber: '', program: null,
  caseNumber: '', householdSize: '', income: '', documented: false,
};

function toInput(form: FormState): NewProtection {
  const blank = (text: string) => (text.trim() === '' ? null : text.trim());
  const income = form.income.trim() === '' ? null : parseDollars(form.income);
  return {
    protectionType: form.protectionType, receivedOn: blank(form.receivedOn), validUntil: blank(form.validUntil), documentRef: blank(form.documentRef),
    providerName: blank(form.providerName), licenseNumber: blank(form.licenseNumber), program: form.program, caseNumber: blank(form.caseNumber),
    ...(form.householdSize === '' ? {} : { householdSize: Number(form.householdSize) }),
    ...(income?.ok ? { annualIncomeCents: income.cents } : {}),
    documented: form.documented,
  };
}

function NewProtectionForm({ account }: { account: string }) {
  const [form, setForm] = useState<FormState>(empty);
  const client = useQueryClient();
  const record = useMutation({
    mutationFn: () => recordProtection(account, toInput(form)),
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: `${protectionLabels[result.protection.protectionType]} recorded` });
      setForm({ ...empty, protectionType: form.protectionType });
      void client.invalidateQueries({ queryKey: ['collections', 'sb998'] });
    },
  });
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((current) => ({ ...current, [key]: value }));
  const problems = problemsOf(record.error);
  const errorOf = (field: string) => problems.find((problem) => problem.field === field)?.message;
  const isIncomeType = form.protectionType === 'inability_to_pay' || form.protectionType === 'low_income';
  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate();
  }
  return (
    <form onSubmit={submit} aria-label="Record a protection">
      <Stack gap="xs" mt="md">
        <Text size="sm" fw={600}>Record a protection</Text>
        <Group grow align="flex-start">
          <Select label="Type" data={protectionTypes.map((type) => ({ value: type, label: protectionLabels[type] }))} value={form.protectionType}
            onChange={(value) => value && set('protectionType', value as ProtectionType)} allowDeselect={false} error={errorOf('protectionType')} />
          <TextInput label="Received on" placeholder="YYYY-MM-DD (today)" value={form.receivedOn} onChange={(e) => set('receivedOn', e.currentTarget.value)} error={errorOf('receivedOn')} />
        </Group>
        {form.protectionType === 'medical_certification' && (
          <Group grow align="flex-start">
            <TextInput label="Primary care provider" value={form.providerName} onChange={(e) => set('providerName', e.currentTarget.value)} error={errorOf('providerName')} />
            <TextInput label="License number" value={form.licenseNumber} onChange={(e) => set('licenseNumber', e.currentTarget.value)} error={errorOf('licenseNumber')} />
          </Group>
        )}
        {isIncomeType && (
          <>
            <Group grow align="flex-start">
              <Select label="Assistance program" data={assistancePrograms} value={form.program} onChange={(value) => set('program', value)} clearable error={errorOf('program')} />
              <TextInput label="Case number" value={form.caseNumber} onChange={(e) => set('caseNumber', e.currentTarget.value)} error={errorOf('caseNumber')} />
            </Group>
            <Group grow align="flex-start">
              <NumberInput label="Household size" min={1} max={30} value={form.householdSize} onChange={(value) => set('householdSize', value)} error={errorOf('householdSize')} />
              <TextInput label="Annual income ($)" value={form.income} onChange={(e) => set('income', e.currentTarget.value)} error={errorOf('annualIncomeCents')} />
            </Group>
            <Checkbox label="Documented otherwise (say what was seen below)" checked={form.documented} onChange={(e) => set('documented', e.currentTarget.checked)} />
          </>
        )}
        <Group grow align="flex-start">
          <TextInput label={form.protectionType === 'willing_arrangement' ? 'How the customer said so' : 'Document'} value={form.documentRef}
            onChange={(e) => set('documentRef', e.currentTarget.value)} error={errorOf('documentRef')} />
          {form.protectionType !== 'appeal' && form.protectionType !== 'bill_investigation' && (
            <TextInput label="Valid until" placeholder="YYYY-MM-DD" value={form.validUntil} onChange={(e) => set('validUntil', e.currentTarget.value)} error={errorOf('validUntil')} />
          )}
        </Group>
        {record.isError && problems.length === 0 && <ErrorAlert error={record.error} />}
        {record.data?.mustOfferArrangement && (
          <Alert color="yellow" title="Offer a payment arrangement">An arrangement offer was written ({record.data.offerNoticeNumber}).</Alert>
        )}
        <Group justify="flex-end"><Button type="submit" loading={record.isPending}>Record</Button></Group>
      </Stack>
    </form>
  );
}
