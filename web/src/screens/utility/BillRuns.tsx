/**
 * Bill runs: the runs of every cycle with their status, and the wizard that starts one. Choose
 * the cycle (its active accounts shown), the last day billed and the bill date (Enter moves on,
 * Enter on Start starts), watch the progress while the server calculates, and land on the
 * pre-bill register when it is done. Nothing posts here: the bills stay tentative for review.
 */
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Stepper, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import {
  runStatusColors,
  startBillRun,
  useBillRun,
  useBillRuns,
  useUtilitySetup,
  type BillingCycle,
  type RunWithProgress,
} from '../../api/utilityBills';
import { useSession } from '../../app/session';
import { advanceOnEnter, focusFirstInvalid } from '../../components/enterAdvances';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, formatIsoDate } from '../../dates';
import { BillRunProgress } from './BillRunProgress';

export function BillRunsScreen() {
  const { can } = useSession();
  const runs = useBillRuns();
  return (
    <Stack>
      <PageTitle title="Bill runs" />
      {can('utility.bills') && <BillRunWizard />}
      {runs.isError && <ErrorAlert error={runs.error} title="The bill runs did not load" />}
      <RunsTable runs={runs.data?.runs ?? []} isLoading={runs.isPending} />
    </Stack>
  );
}

function RunsTable({ runs, isLoading }: { runs: RunWithProgress[]; isLoading: boolean }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Runs by cycle</Text>
      <Table className="report" highlightOnHover aria-label="Bill runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th><Table.Th>Cycle</Table.Th><Table.Th>Through</Table.Th><Table.Th>Bill date</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Bills</Table.Th><Table.Th style={{ textAlign: 'right' }}>Exceptions</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Held</Table.Th><Table.Th style={{ textAlign: 'right' }}>Total</Table.Th><Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map(({ run, progress }) => (
            <Table.Tr key={run.id}>
              <Table.Td>
                <UnstyledButton component={Link} to={`/utility/bill-runs/${run.runNumber}`} className="mono" c="blue.8" td="underline">
                  {run.runNumber}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>{run.cycleCode}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(run.throughDate)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(run.billDate)}</Table.Td>
              <Table.Td className="amount">{progress.state === 'running' ? progress.done.toLocaleString('en-US') : run.billCount.toLocaleString('en-US')}</Table.Td>
              <Table.Td className="amount">{run.exceptionCount.toLocaleString('en-US')}</Table.Td>
              <Table.Td className="amount">{run.heldCount.toLocaleString('en-US')}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Money cents={run.totalCents} /></Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={runStatusColors[run.status]}>{run.status}</Badge>
                {progress.state === 'stalled' && <Badge size="sm" color="orange" ml={4} title="No server works on this run: open it to continue">stuck</Badge>}
                {progress.state === 'failed' && <Badge size="sm" color="red" ml={4}>stopped</Badge>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!isLoading && runs.length === 0 && <Text c="dimmed" size="sm">No bill runs yet. Start the first with the wizard.</Text>}
    </Card>
  );
}

const cycleLabel = (cycle: BillingCycle) =>
  `${cycle.code} · ${cycle.name} · ${cycle.accountCount.toLocaleString('en-US')} account${cycle.accountCount === 1 ? '' : 's'}`;

/** The last day of the month before today: what a monthly cycle usually bills through. */
function lastMonthEnd(today: string): string {
  const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  first.setUTCDate(0);
  return first.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(value.getTime())) return '';
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

function BillRunWizard() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const setup = useUtilitySetup();
  const cycles = (setup.data?.cycles ?? []).filter((cycle) => cycle.isActive);
  const today = cityToday();
  const [cycleCode, setCycleCode] = useState('');
  const [throughDate, setThroughDate] = useState(lastMonthEnd(today));
  const [billDate, setBillDate] = useState(today);
  const [runKey, setRunKey] = useState<string | null>(null);
  const chosen = cycles.find((cycle) => cycle.code === cycleCode) ?? cycles[0];
  const start = useMutation({
    mutationFn: () => startBillRun({ cycleCode: chosen?.code ?? '', throughDate, billDate: billDate || null }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['utility'] });
      if (result.progress.state === 'running') setRunKey(result.run.runNumber);
      else navigate(`/utility/bill-runs/${result.run.runNumber}`);
    },
    onError: () => focusFirstInvalid(document.querySelector('form[aria-label="Start a bill run"]')),
  });
  const running = useBillRun(runKey);
  const isDone = runKey !== null && running.data !== undefined && running.data.progress.state === 'idle';
  useEffect(() => {
    if (isDone && runKey) navigate(`/utility/bill-runs/${runKey}`);
  }, [isDone, runKey, navigate]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen || !throughDate || start.isPending || runKey) return;
    start.mutate();
  }
  const field = isApiError(start.error) ? start.error.details.field : null;
  const step = runKey ? 2 : chosen && throughDate ? 1 : 0;
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">New bill run</Text>
      <Stepper active={step} size="xs" mb="sm" maw={560} allowNextStepsSelect={false}>
        <Stepper.Step label="Cycle" />
        <Stepper.Step label="Dates" />
        <Stepper.Step label="Calculate" />
      </Stepper>
      {setup.isError && <ErrorAlert error={setup.error} title="The cycles did not load" />}
      {setup.data && cycles.length === 0 && <Alert color="gray">No active billing cycle is set up yet.</Alert>}
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Start a bill run">
        <Stack gap="xs">
          <Group align="flex-start" gap="md">
            <NativeSelect
              w={340}
              label="Billing cycle"
              description={chosen ? `Routes ${chosen.routes.map((route) => route.code).join(', ') || 'none'} · due ${chosen.dueDays} days after the bill date` : ' '}
              value={chosen?.code ?? ''}
              onChange={(event) => setCycleCode(event.currentTarget.value)}
              data={cycles.map((cycle) => ({ value: cycle.code, label: cycleLabel(cycle) }))}
              disabled={runKey !== null}
              error={field === 'cycle' ? start.error?.message : undefined}
              autoFocus
            />
            <TextInput w={200} label="Bill through" description="The last day of service billed" type="date" value={throughDate}
              onChange={(event) => setThroughDate(event.currentTarget.value)} disabled={runKey !== null}
              error={field === 'throughDate' ? start.error?.message : undefined} />
            <TextInput w={200} label="Bill date" description={chosen && billDate ? `Due ${formatIsoDate(addDays(billDate, chosen.dueDays))}` : 'The date printed on the bills'}
              type="date" value={billDate} onChange={(event) => setBillDate(event.currentTarget.value)} disabled={runKey !== null}
              error={field === 'billDate' ? start.error?.message : undefined} />
            {!runKey && (
              <Button type="submit" mt={44} loading={start.isPending} disabled={!chosen || !throughDate}>Start bill run</Button>
            )}
          </Group>
          {!runKey && (
            <Text size="xs" c="dimmed">Calculates tentative bills for review; nothing posts until the run is finalized.</Text>
          )}
          {start.isError && !field && <ErrorAlert error={start.error} title="The run did not start" />}
          {running.data && <BillRunProgress run={running.data.run} progress={running.data.progress} />}
          {running.data && running.data.progress.state === 'running' && (
            <Text size="sm">
              Run <Link to={`/utility/bill-runs/${running.data.run.runNumber}`}>{running.data.run.runNumber}</Link>{' '}
              for cycle {running.data.run.cycleCode} through {formatIsoDate(running.data.run.throughDate)}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
