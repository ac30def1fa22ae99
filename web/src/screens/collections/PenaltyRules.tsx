/**
 * Penalty rules: every version by scope and date, and the form that adds one. A rule applies to a
 * utility class, a rate schedule, both or neither (the default); the most specific one that
 * matches a bill wins, and the bill's due date picks the version. Adding a version after an
 * open-ended one of the same scope ends that one the day before. Each wrong field is shown at the
 * field. Those holding collections.work can run the penalty job for a day from here.
 */
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import {
  addPenaltyRule,
  applyPenalties,
  deactivatePenaltyRule,
  usePenaltyRules,
  type NewPenaltyRule,
  type PenaltyRule,
} from '../../api/collectionsPenalties';
import { useSession } from '../../app/session';
import { advanceOnEnter, focusFirstInvalid } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

/** "0.100000" -> "10%", "0.012500" -> "1.25%": integer millionths, never a float. */
export function percentOf(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const millionths = Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
  const decimals = String(millionths % 10_000).padStart(4, '0').replace(/0+$/, '');
  return `${Math.floor(millionths / 10_000)}${decimals ? `.${decimals}` : ''}%`;
}

const scopeOf = (rule: PenaltyRule) =>
  [rule.classCode ? `class ${rule.classCode}` : null, rule.rateCode ? `rate ${rule.rateCode}` : null].filter(Boolean).join(', ') || 'Default (all accounts)';

export function PenaltyRulesScreen() {
  const { can } = useSession();
  const rules = usePenaltyRules();
  return (
    <Stack>
      <PageTitle title="Penalty rules" />
      {rules.isError && <ErrorAlert error={rules.error} title="The rules did not load" />}
      <RulesTable rules={rules.data ?? []} isLoading={rules.isPending} canEdit={can('collections.setup')} />
      {can('collections.setup') && <AddRuleForm />}
      {can('collections.work') && <ApplyPenaltiesCard />}
    </Stack>
  );
}

function RulesTable({ rules, isLoading, canEdit }: { rules: PenaltyRule[]; isLoading: boolean; canEdit: boolean }) {
  const client = useQueryClient();
  const deactivate = useMutation({
    mutationFn: deactivatePenaltyRule,
    onSuccess: () => client.invalidateQueries({ queryKey: ['collections', 'penalty-rules'] }),
  });
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb={4}>Rules by scope and date</Text>
      <Text size="xs" c="dimmed" mb="xs">
        The most specific rule wins (class and rate schedule, then rate schedule, then class, then the default); the bill&apos;s due date picks the version.
      </Text>
      <Table className="report" highlightOnHover aria-label="Penalty rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Scope</Table.Th><Table.Th>From</Table.Th><Table.Th>To</Table.Th><Table.Th style={{ textAlign: 'right' }}>Grace days</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Current bill</Table.Th><Table.Th style={{ textAlign: 'right' }}>Past due</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Minimum</Table.Th><Table.Th style={{ textAlign: 'right' }}>Maximum</Table.Th>
            <Table.Th>Revenue</Table.Th><Table.Th>Status</Table.Th>{canEdit && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => (
            <Table.Tr key={rule.id} c={rule.isActive ? undefined : 'dimmed'}>
              <Table.Td>{scopeOf(rule)}{rule.description && <Text size="xs" c="dimmed">{rule.description}</Text>}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(rule.effectiveFrom)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{rule.effectiveTo ? formatIsoDate(rule.effectiveTo) : 'open'}</Table.Td>
              <Table.Td className="amount">{rule.graceDays}</Table.Td>
              <Table.Td className="amount">{percentOf(rule.currentRate)}</Table.Td>
              <Table.Td className="amount">{percentOf(rule.pastDueRate)}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={rule.minimumCents} /></Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>{rule.maximumCents === null ? 'none' : <Money cents={rule.maximumCents} />}</Table.Td>
              <Table.Td className="mono">{rule.revenueAccountCode}</Table.Td>
              <Table.Td style={{ minWidth: 90 }}><Badge size="sm" variant="light" style={{ overflow: 'visible' }} color={rule.isActive ? 'green' : 'gray'}>{rule.isActive ? 'active' : 'inactive'}</Badge></Table.Td>
              {canEdit && (
                <Table.Td>
                  {rule.isActive && (
                    <Button size="compact-xs" variant="subtle" color="red" loading={deactivate.isPending && deactivate.variables === rule.id}
                      onClick={() => deactivate.mutate(rule.id)} aria-label={`Deactivate rule ${rule.id}`}>Deactivate</Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!isLoading && rules.length === 0 && <Text c="dimmed" size="sm">No penalty rules yet: bills past due are charged no penalty.</Text>}
      {deactivate.isError && <ErrorAlert error={deactivate.error} title="The rule was not deactivated" />}
    </Card>
  );
}

const emptyForm = { classCode: '', rateCode: '', effectiveFrom: '', effectiveTo: '', graceDays: '5', currentRate: '0.10', pastDueRate: '0.01',
  minimum: '', maximum: '', revenueAccount: '', description: '' };
type FormState = typeof emptyForm;

function AddRuleForm() {
  const client = useQueryClient();
  const [form, setForm] = useState<FormState>({ ...emptyForm, effectiveFrom: cityToday() });
  const blank = (text: string) => (text.trim() === '' ? null : text.trim());
  const add = useMutation({
    mutationFn: (input: NewPenaltyRule) => addPenaltyRule(input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['collections', 'penalty-rules'] });
      setForm({ ...emptyForm, effectiveFrom: cityToday() });
    },
    onError: () => setTimeout(() => focusFirstInvalid(document.querySelector('form[aria-label="Add a penalty rule"]')), 0),
  });
  const problems = problemsOf(add.error);
  const errorOf = (...fields: string[]) => {
    const found = problems.find((problem) => problem.field !== undefined && fields.includes(problem.field));
    if (found) return found.message;
    const field = isApiError(add.error) ? add.error.details.field : undefined;
    return typeof field === 'string' && fields.includes(field) ? add.error?.message : undefined;
  };
  const set = (key: keyof FormState) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [key]: value }));
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    if (add.isPending) return;
    add.mutate({
      classCode: blank(form.classCode), rateCode: blank(form.rateCode), effectiveFrom: form.effectiveFrom, effectiveTo: blank(form.effectiveTo),
      graceDays: form.graceDays.trim(), currentRate: form.currentRate.trim(), pastDueRate: form.pastDueRate.trim(), minimum: blank(form.minimum),
      maximum: blank(form.maximum), revenueAccount: form.revenueAccount.trim(), description: blank(form.description),
    });
  }
  const hasUnplacedError = add.isError && problems.length === 0 && !errorOf('effectiveFrom', 'revenueAccount', 'classCode', 'rateCode');
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Add a rule version</Text>
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Add a penalty rule">
        <Stack gap="xs">
          <Group align="flex-start" gap="md">
            <TextInput w={170} label="Utility class" description="Empty: every class" value={form.classCode} onChange={set('classCode')} error={errorOf('classCode')} />
            <TextInput w={170} label="Rate schedule" description="Empty: every schedule" value={form.rateCode} onChange={set('rateCode')} error={errorOf('rateCode')} />
            <TextInput w={170} label="Effective from" description="First due date" type="date" required value={form.effectiveFrom} onChange={set('effectiveFrom')} error={errorOf('effectiveFrom')} />
            <TextInput w={170} label="Effective to" description="Empty: open-ended" type="date" value={form.effectiveTo} onChange={set('effectiveTo')} error={errorOf('effectiveTo')} />
            <TextInput w={120} label="Grace days" description="After the due date" required value={form.graceDays} onChange={set('graceDays')} error={errorOf('graceDays')} />
          </Group>
          <Group align="flex-start" gap="md">
            <TextInput w={200} label="Share of current bill" description="0.10 = 10% of what is unpaid" required value={form.currentRate} onChange={set('currentRate')} error={errorOf('currentRate')} />
            <TextInput w={200} label="Share of past due" description="0.01 = 1% of the unpaid balance" required value={form.pastDueRate} onChange={set('pastDueRate')} error={errorOf('pastDueRate')} />
            <TextInput w={140} label="Minimum ($)" description="Empty: none" value={form.minimum} onChange={set('minimum')} error={errorOf('minimum', 'minimumCents')} />
            <TextInput w={140} label="Maximum ($)" description="Empty: none" value={form.maximum} onChange={set('maximum')} error={errorOf('maximum', 'maximumCents')} />
            <TextInput w={200} label="Penalty revenue account" description="e.g. 510-7100-44500" required value={form.revenueAccount} onChange={set('revenueAccount')} error={errorOf('revenueAccount')} />
          </Group>
          <Group align="flex-end" gap="md">
            <TextInput w={520} label="Description" value={form.description} onChange={set('description')} error={errorOf('description')} />
            <Button type="submit" loading={add.isPending}>Add rule</Button>
          </Group>
          {add.isSuccess && <Alert color="green" variant="light">Rule {add.data.id} added ({scopeOf(add.data)}, from {formatIsoDate(add.data.effectiveFrom)}).</Alert>}
          {hasUnplacedError && <ErrorAlert error={add.error} title="The rule was not added" />}
        </Stack>
      </form>
    </Card>
  );
}

function ApplyPenaltiesCard() {
  const [date, setDate] = useState(cityToday());
  const apply = useMutation({ mutationFn: () => applyPenalties(date) });
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb={4}>Run the penalty job</Text>
      <Text size="xs" c="dimmed" mb="xs">The daily collections job runs it too. Each bill is decided once: running it again charges nothing twice.</Text>
      <Group align="flex-end" gap="md">
        <TextInput w={170} label="As of" type="date" value={date} onChange={(event) => setDate(event.currentTarget.value)} />
        <Button variant="light" loading={apply.isPending} onClick={() => apply.mutate()} disabled={!date}>Apply penalties</Button>
      </Group>
      {apply.isSuccess && (
        <Alert mt="xs" color="blue" variant="light">
          {apply.data.billsAssessed.toLocaleString('en-US')} bills decided: {apply.data.penaltiesPosted.toLocaleString('en-US')} penalties posted
          ({formatDollars(apply.data.totalCents)}), {apply.data.waived.toLocaleString('en-US')} waived for low income (SB 998).
        </Alert>
      )}
      {apply.isError && <ErrorAlert error={apply.error} title="The penalty job did not run" />}
    </Card>
  );
}
