/**
 * The progress of a bill run under way (calculating or finalizing), and the honest account of one
 * that stopped: the server keeps the progress in memory only, so after a restart a run sits in
 * 'calculating' or 'finalizing' with nobody on it. Both use cases continue where they stopped when
 * started again, and nothing is billed or posted twice: the clerk is told so and given the button.
 */
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { finalizeBillRun, startBillRun, type BillRun, type RunProgress } from '../../api/utilityBills';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';

const count = (value: number) => value.toLocaleString('en-US');

export function BillRunProgress({ run, progress }: { run: BillRun; progress: RunProgress }) {
  const { can } = useSession();
  const client = useQueryClient();
  const phase = progress.phase ?? (run.status === 'finalizing' ? 'finalize' : 'calculate');
  const resume = useMutation({
    mutationFn: () => (phase === 'finalize'
      ? finalizeBillRun(run.id)
      : startBillRun({ cycleCode: run.cycleCode, throughDate: run.throughDate, billDate: run.billDate })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['utility'] }),
  });
  const canResume = phase === 'finalize' ? can('utility.bills.finalize') : can('utility.bills');
  const resumeButton = canResume && (
    <Button size="xs" onClick={() => resume.mutate()} loading={resume.isPending}>
      {phase === 'finalize' ? 'Continue finalizing' : 'Continue calculating'}
    </Button>
  );

  if (progress.state === 'running') {
    const hasTotal = progress.total !== null && progress.total > 0;
    const percent = hasTotal ? Math.round((progress.done / (progress.total as number)) * 100) : 100;
    const label = phase === 'finalize' ? 'Posting bills to the accounts and the ledger' : 'Calculating bills';
    return (
      <Stack gap={4} role="status" aria-live="polite" data-testid="run-progress">
        <Group justify="space-between">
          <Text size="sm" fw={600}>{label}…</Text>
          <Text size="sm" className="amount">
            {hasTotal ? `${count(progress.done)} of ${count(progress.total as number)} bills · ${percent}%` : `${count(progress.done)} bills`}
          </Text>
        </Group>
        <Progress value={percent} striped animated={!hasTotal || percent < 100} size="lg" aria-label={label} />
        <Text size="xs" c="dimmed">
          You may leave this screen: the server goes on with the run, and each block of bills is saved as it is done.
        </Text>
      </Stack>
    );
  }
  if (progress.state === 'failed') {
    return (
      <Alert color="red" title={phase === 'finalize' ? 'Finalizing stopped' : 'Calculating stopped'} role="alert">
        <Stack gap="xs">
          <Text size="sm">{progress.error?.message}</Text>
          <Text size="sm">
            {count(progress.done)} bills were {phase === 'finalize' ? 'posted' : 'calculated'} and are kept. Once the cause is fixed,
            continue: it picks up where it stopped and never {phase === 'finalize' ? 'posts a bill' : 'bills an account'} twice.
          </Text>
          {resume.isError && <ErrorAlert error={resume.error} title="The run did not continue" />}
          <Group>{resumeButton}</Group>
        </Stack>
      </Alert>
    );
  }
  if (progress.state === 'stalled') {
    return (
      <Alert color="orange" title={`This run is stuck in '${run.status}'`} role="alert" data-testid="run-stalled">
        <Stack gap="xs">
          <Text size="sm">
            No server is working on it: most likely the server was restarted while it ran. {count(progress.done)}{' '}
            {phase === 'finalize' ? `of ${count(progress.total ?? 0)} bills are posted` : 'bills are calculated'} and kept.
          </Text>
          <Text size="sm">
            Start it again to continue. It picks up where it stopped; {phase === 'finalize' ? 'no bill posts twice' : 'no account is billed twice'}.
            {!canResume && ` Ask someone with the permission ${phase === 'finalize' ? 'utility.bills.finalize' : 'utility.bills'}.`}
          </Text>
          {resume.isError && <ErrorAlert error={resume.error} title="The run did not continue" />}
          <Group>{resumeButton}</Group>
        </Stack>
      </Alert>
    );
  }
  return null;
}
