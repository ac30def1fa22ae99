/**
 * Liens on the tax roll: a fiscal year's roll (the delinquent accounts by APN, the owner the lien
 * is against, the amount and what still pays it off, the status), preparing it as of a date (the
 * accounts left out are listed with their reasons), lien notices to owners, submitting it to the
 * county and its CSV, and each lien's steps: record, remove with a reason, paid off, release.
 * Listing moves no money: the charges stay on the accounts until paid.
 */
import { Alert, Anchor, Badge, Button, Card, Group, List, NumberInput, Spoiler, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  exportRollUrl,
  lienStatusColors,
  payOffLien,
  prepareRoll,
  recordLien,
  releaseLien,
  removeLien,
  sendLienNotices,
  submitRoll,
  useLienRolls,
  useLiens,
  type Lien,
  type LienRoll,
  type PrepareResult,
} from '../../api/liens';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, fiscalYearOf, formatIsoDate } from '../../dates';

type Action = { lien: Lien; kind: 'record' | 'remove' | 'release' };

export function LiensScreen() {
  const { can } = useSession();
  const canWrite = can('collections.liens');
  const rolls = useLienRolls();
  const [fiscalYear, setFiscalYear] = useState<number | null>(null);
  useEffect(() => {
    if (fiscalYear === null && rolls.data) setFiscalYear(rolls.data.rolls[0]?.fiscalYear ?? fiscalYearOf(cityToday()) + 1);
  }, [fiscalYear, rolls.data]);
  const roll = rolls.data?.rolls.find((candidate) => candidate.fiscalYear === fiscalYear) ?? null;
  const liens = useLiens(fiscalYear);
  const [prepared, setPrepared] = useState<PrepareResult | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['collections', 'liens'] });
  const rollStep = useMutation({
    mutationFn: async (step: 'notices' | 'submit'): Promise<{ noticed: number } | LienRoll> =>
      (step === 'notices' ? sendLienNotices(fiscalYear as number) : submitRoll(fiscalYear as number)),
    onSuccess: refresh,
  });
  const payOff = useMutation({ mutationFn: (lien: Lien) => payOffLien(lien.id), onSuccess: refresh });
  return (
    <Stack>
      <PageTitle title="Liens on the tax roll" />
      <Card withBorder padding="sm">
        <Group align="flex-end">
          <NumberInput label="Fiscal year" description="Named by the year it ends" value={fiscalYear ?? ''} min={2000} max={2200}
            onChange={(value) => { setFiscalYear(typeof value === 'number' ? value : null); setPrepared(null); }} w={160} />
          {roll ? (
            <Stack gap={2} data-testid="roll-summary">
              <Group gap="xs">
                <Text fw={600}>FY{roll.fiscalYear} roll</Text>
                <Badge variant="light" color={roll.status === 'draft' ? 'blue' : 'green'}>{roll.status}</Badge>
              </Group>
              <Text size="sm">
                As of {formatIsoDate(roll.asOfDate)} · {roll.lienCount} accounts · <Money cents={roll.totalCents} /> · due to the county auditor by {formatIsoDate(roll.dueToCountyOn)}
                {roll.submittedOn && ` · submitted ${formatIsoDate(roll.submittedOn)} by ${roll.submittedBy}`}
              </Text>
            </Stack>
          ) : (
            fiscalYear !== null && <Text c="dimmed" size="sm">No FY{fiscalYear} roll yet.</Text>
          )}
        </Group>
        {canWrite && fiscalYear !== null && roll?.status !== 'submitted' && (
          <PrepareForm fiscalYear={fiscalYear} asOfDefault={roll?.asOfDate ?? cityToday()} onPrepared={(result) => { setPrepared(result); void refresh(); }} />
        )}
        {roll && (
          <Group mt="sm" gap="xs">
            {canWrite && roll.status === 'draft' && (
              <>
                <Button variant="default" size="xs" loading={rollStep.isPending && rollStep.variables === 'notices'} onClick={() => rollStep.mutate('notices')}>Mail lien notices</Button>
                <Button variant="default" size="xs" loading={rollStep.isPending && rollStep.variables === 'submit'} onClick={() => rollStep.mutate('submit')}>Mark submitted to the county</Button>
              </>
            )}
            <Anchor href={exportRollUrl(roll.fiscalYear)} download size="sm">Export CSV for the county</Anchor>
            {rollStep.isSuccess && rollStep.variables === 'notices' && 'noticed' in rollStep.data && (
              <Text size="sm" c="teal.8">{rollStep.data.noticed} lien notices written</Text>
            )}
          </Group>
        )}
        {rollStep.isError && <ErrorAlert error={rollStep.error} />}
      </Card>
      {prepared && <PrepareSummary result={prepared} />}
      {payOff.isError && <ErrorAlert error={payOff.error} title="Not paid off" />}
      {liens.isError && <ErrorAlert error={liens.error} title="The liens did not load" />}
      <LiensTable liens={liens.data?.liens ?? []} canWrite={canWrite} onAction={setAction} onPayOff={(lien) => payOff.mutate(lien)}
        action={action && <ActionForm action={action} onDone={() => { setAction(null); void refresh(); }} onCancel={() => setAction(null)} />}
        actionLienId={action?.lien.id ?? null} />
    </Stack>
  );
}

function PrepareForm({ fiscalYear, asOfDefault, onPrepared }: { fiscalYear: number; asOfDefault: string; onPrepared: (result: PrepareResult) => void }) {
  const [asOf, setAsOf] = useState(asOfDefault);
  const prepare = useMutation({ mutationFn: () => prepareRoll(fiscalYear, asOf), onSuccess: onPrepared });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    prepare.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Prepare the roll">
      <Group align="flex-end" mt="sm">
        <TextInput label="As of" type="date" value={asOf} onChange={(event) => setAsOf(event.currentTarget.value)} required w={180} />
        <Button type="submit" loading={prepare.isPending}>Prepare FY{fiscalYear} roll</Button>
      </Group>
      {prepare.isError && <ErrorAlert error={prepare.error} title="The roll was not prepared" />}
    </form>
  );
}

function PrepareSummary({ result }: { result: PrepareResult }) {
  return (
    <Alert color={result.excluded.length > 0 ? 'yellow' : 'teal'} title={`Listed ${result.listed} accounts for ${(result.listedCents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' })}`} data-testid="prepare-summary">
      {result.feesCents > 0 && <Text size="sm">Processing fees charged: <Money cents={result.feesCents} /></Text>}
      {result.excluded.length > 0 ? (
        <>
          <Text size="sm">Left out ({result.excluded.length}): {leftOutCounts(result.excluded)}</Text>
          <Spoiler maxHeight={110} showLabel="Show every account left out" hideLabel="Show fewer">
          <List size="sm">
            {result.excluded.map((row) => <List.Item key={row.accountNumber}>{row.message}</List.Item>)}
          </List>
          </Spoiler>
        </>
      ) : <Text size="sm">No delinquent account was left out.</Text>}
    </Alert>
  );
}

const reasonLabels: Record<string, string> = {
  no_apn: 'no APN', not_owner: 'tenant (owners only)', no_owner: 'no owner known', below_minimum: 'below the minimum',
  not_delinquent: 'not delinquent long enough', on_arrangement: 'on an arrangement', on_hold: 'on hold',
};

function leftOutCounts(excluded: PrepareResult['excluded']): string {
  const counts = new Map<string, number>();
  for (const row of excluded) for (const reason of row.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reasonLabels[reason] ?? reason}`).join(' · ');
}

function LiensTable({ liens, canWrite, onAction, onPayOff, action, actionLienId }: {
  liens: Lien[]; canWrite: boolean; onAction: (action: Action) => void; onPayOff: (lien: Lien) => void; action: ReactNode; actionLienId: number | null;
}) {
  return (
    <Card withBorder padding="sm">
      <Table className="report" highlightOnHover aria-label="Liens">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>APN</Table.Th><Table.Th>Account</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Owner</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th><Table.Th style={{ textAlign: 'right' }}>Payoff</Table.Th>
            <Table.Th>Status</Table.Th><Table.Th>Recording</Table.Th>{canWrite && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {liens.map((lien) => (
            <Fragment key={lien.id}>
              <Table.Tr data-testid="lien-row">
                <Table.Td className="mono">{lien.apn}</Table.Td>
                <Table.Td><Anchor component={Link} to={`/utility/accounts/${lien.accountNumber}`} className="mono" size="sm">{lien.accountNumber}</Anchor></Table.Td>
                <Table.Td>{lien.customerName}</Table.Td>
                <Table.Td>{lien.ownerName}{!lien.customerIsOwner && <Badge size="xs" variant="light" color="gray" ml={4}>owner</Badge>}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}><Money cents={lien.amountCents} /></Table.Td>
                <Table.Td style={{ textAlign: 'right' }}><Money cents={lien.payoffCents} /></Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge size="sm" variant="light" color={lienStatusColors[lien.status]} styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>{lien.status.replace('_', ' ')}</Badge>
                  {lien.removedReason && <Text size="xs" c="dimmed">{lien.removedReason}</Text>}
                </Table.Td>
                <Table.Td>
                  {lien.recordingNumber && <Text size="sm" className="mono">{lien.recordingNumber}</Text>}
                  {lien.recordedOn && <Text size="xs" c="dimmed">{formatIsoDate(lien.recordedOn)} · until {formatIsoDate(lien.expiresOn)}</Text>}
                  {lien.releaseRecordingNumber && <Text size="xs">Released {lien.releaseRecordingNumber}</Text>}
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {(lien.status === 'listed' || lien.status === 'noticed') && (
                        <Button size="compact-xs" variant="light" onClick={() => onAction({ lien, kind: 'record' })}>Record</Button>
                      )}
                      {(lien.status === 'listed' || lien.status === 'noticed') && lien.rollStatus === 'draft' && (
                        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onAction({ lien, kind: 'remove' })}>Remove</Button>
                      )}
                      {['listed', 'noticed', 'recorded'].includes(lien.status) && lien.payoffCents === 0 && (
                        <Button size="compact-xs" variant="light" color="teal" onClick={() => onPayOff(lien)}>Paid off</Button>
                      )}
                      {lien.status === 'paid_off' && lien.recordedOn && (
                        <Button size="compact-xs" variant="light" onClick={() => onAction({ lien, kind: 'release' })}>Release</Button>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
              {actionLienId === lien.id && (
                <Table.Tr><Table.Td colSpan={canWrite ? 9 : 8}>{action}</Table.Td></Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      {liens.length === 0 && <Text c="dimmed" size="sm">No liens on this roll.</Text>}
    </Card>
  );
}

const actionTitles = { record: 'Record the lien', remove: 'Remove from the roll', release: 'Record the release' } as const;

function ActionForm({ action, onDone, onCancel }: { action: Action; onDone: () => void; onCancel: () => void }) {
  const { lien, kind } = action;
  const [number, setNumber] = useState('');
  const [date, setDate] = useState(cityToday());
  const [reason, setReason] = useState('');
  const run = useMutation({
    mutationFn: () => (kind === 'record' ? recordLien(lien.id, number, date) : kind === 'release' ? releaseLien(lien.id, number, date) : removeLien(lien.id, reason)),
    onSuccess: onDone,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };
  const title = `${actionTitles[kind]}: ${lien.accountNumber}, APN ${lien.apn}`;
  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label={actionTitles[kind]}>
        <Text fw={600} mb="xs">{title}</Text>
        <Group align="flex-end">
          {kind === 'remove' ? (
            <TextInput label="Reason" value={reason} onChange={(event) => setReason(event.currentTarget.value)} required w={360} data-autofocus autoFocus
              placeholder="e.g. paid at the counter before submission" />
          ) : (
            <>
              <TextInput label={kind === 'record' ? 'Recording number' : 'Release recording number'} value={number} autoFocus
                onChange={(event) => setNumber(event.currentTarget.value)} required w={220} />
              <TextInput label={kind === 'record' ? 'Recorded on' : 'Released on'} type="date" value={date} onChange={(event) => setDate(event.currentTarget.value)} required w={180} />
            </>
          )}
          <Button type="submit" loading={run.isPending}>{kind === 'remove' ? 'Remove' : 'Save'}</Button>
          <Button variant="subtle" color="gray" onClick={onCancel}>Cancel</Button>
        </Group>
        {run.isError && <ErrorAlert error={run.error} />}
      </form>
    </Card>
  );
}
