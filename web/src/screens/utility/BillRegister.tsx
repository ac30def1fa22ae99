/**
 * The pre-bill register of a bill run: what the run bills by service and revenue account and by
 * status, the exceptions as chips (with their counts) that filter the list, and the bills to
 * review, held and released from the keyboard (BillRegisterTable). Finalize asks first, showing
 * the count and total that will post and the held bills that stay out, then shows its progress.
 */
import { Badge, Button, Card, Chip, Grid, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import {
  exceptionHelp,
  exceptionLabels,
  finalizeBillRun,
  runStatusColors,
  useBillRegister,
  useBillRun,
  type BillException,
  type BillRegister,
  type BillRun,
  type RegisterQuery,
} from '../../api/utilityBills';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant, formatIsoDate } from '../../dates';
import { formatDollars, sumCents } from '../../money';
import { BillRegisterTable, PAGE_SIZE } from './BillRegisterTable';
import { BillRunProgress } from './BillRunProgress';

/** The chip that is on: the bills to review (exceptions and holds), one exception, held, or all. */
function queryOf(view: string, page: number): RegisterQuery {
  const offset = (page - 1) * PAGE_SIZE;
  if (view === 'all') return { all: true, offset, limit: PAGE_SIZE };
  if (view === 'held') return { all: true, status: 'held', offset, limit: PAGE_SIZE };
  if (view.startsWith('exception:')) return { exception: view.slice('exception:'.length) as BillException, offset, limit: PAGE_SIZE };
  return { offset, limit: PAGE_SIZE };
}

export function BillRegisterScreen() {
  const runKey = useParams().run ?? null;
  const [params, setParams] = useSearchParams();
  const view = params.get('view') ?? 'review';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const client = useQueryClient();
  const running = useBillRun(runKey);
  const state = running.data?.progress.state;
  const register = useBillRegister(runKey, queryOf(view, page));
  // When the server finishes a run (calculating or finalizing), the register changes under it.
  const previousState = useRef(state);
  useEffect(() => {
    if (previousState.current === 'running' && state !== 'running') void client.invalidateQueries({ queryKey: ['utility'] });
    previousState.current = state;
  }, [state, client]);
  const setView = (next: string) => setParams(next === 'review' ? {} : { view: next }, { replace: true });
  const setPage = (next: number) => setParams({ ...(view === 'review' ? {} : { view }), ...(next > 1 ? { page: String(next) } : {}) }, { replace: true });
  const run = running.data?.run ?? register.data?.run;
  return (
    <Stack>
      <PageTitle title={run ? `Bill run ${run.runNumber}` : 'Bill run'}>
        {run && register.data && <FinalizeButton run={run} register={register.data} isBusy={state === 'running'} />}
      </PageTitle>
      {running.isError && <ErrorAlert error={running.error} title="The bill run did not load" />}
      {run && <RunHeader run={run} />}
      {running.data && <BillRunProgress run={running.data.run} progress={running.data.progress} />}
      {register.isError && <ErrorAlert error={register.error} title="The register did not load" />}
      {register.data && (
        <>
          <Totals register={register.data} />
          <Stack gap="xs">
            <ExceptionChips register={register.data} view={view} onView={setView} />
            <BillRegisterTable register={register.data} page={page} onPage={setPage} />
          </Stack>
        </>
      )}
    </Stack>
  );
}

function RunHeader({ run }: { run: BillRun }) {
  return (
    <Group gap="lg" data-testid="run-header">
      <Badge variant="light" size="lg" color={runStatusColors[run.status]}>{run.status}</Badge>
      <Text size="sm">Cycle <strong>{run.cycleCode}</strong></Text>
      <Text size="sm">Through <strong>{formatIsoDate(run.throughDate)}</strong></Text>
      <Text size="sm">Bill date <strong>{formatIsoDate(run.billDate)}</strong></Text>
      <Text size="sm">Due <strong>{formatIsoDate(run.dueDate)}</strong></Text>
      <Text size="sm" c="dimmed">
        Started by {run.createdBy}, {formatInstant(run.createdAt)}
        {run.finalizedAt && ` · finalized by ${run.finalizedBy ?? ''}, ${formatInstant(run.finalizedAt)}`}
      </Text>
    </Group>
  );
}

const serviceLabel = (service: string) => service.charAt(0).toUpperCase() + service.slice(1).replace('_', ' ');

function Totals({ register }: { register: BillRegister }) {
  const serviceTotal = sumCents(register.byService.map((row) => row.amountCents));
  const billCount = register.byStatus.reduce((sum, row) => sum + row.count, 0);
  const right = { textAlign: 'right' } as const;
  return (
    <Grid gap="lg">
      <Grid.Col span={7}>
        <Card withBorder padding="sm" h="100%">
          <Text fw={600} mb="xs">By service and revenue account</Text>
          <Table className="report" aria-label="Totals by service and revenue account">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Service</Table.Th><Table.Th>Revenue account</Table.Th><Table.Th style={right}>Lines</Table.Th><Table.Th style={right}>Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {register.byService.map((row) => (
                <Table.Tr key={`${row.serviceType}-${row.revenueAccount}`}>
                  <Table.Td>{serviceLabel(row.serviceType)}</Table.Td>
                  <Table.Td className="mono">{row.revenueAccount}</Table.Td>
                  <Table.Td className="amount">{row.lineCount.toLocaleString('en-US')}</Table.Td>
                  <Table.Td style={right}><Money cents={row.amountCents} /></Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr className="totals">
                <Table.Td colSpan={3}>Total of the run (cancelled bills left out)</Table.Td>
                <Table.Td style={right}><Money cents={serviceTotal} /></Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
      </Grid.Col>
      <Grid.Col span={5}>
        <Card withBorder padding="sm" h="100%">
          <Text fw={600} mb="xs">By status</Text>
          <Table className="report" aria-label="Totals by status">
            <Table.Thead>
              <Table.Tr><Table.Th>Status</Table.Th><Table.Th style={right}>Bills</Table.Th><Table.Th style={right}>Amount</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {register.byStatus.map((row) => (
                <Table.Tr key={row.status}>
                  <Table.Td>{row.status}</Table.Td>
                  <Table.Td className="amount">{row.count.toLocaleString('en-US')}</Table.Td>
                  <Table.Td style={right}><Money cents={row.amountCents} /></Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr className="totals">
                <Table.Td>All</Table.Td>
                <Table.Td className="amount">{billCount.toLocaleString('en-US')}</Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

function ExceptionChips({ register, view, onView }: { register: BillRegister; view: string; onView(view: string): void }) {
  const held = register.byStatus.find((row) => row.status === 'held')?.count ?? 0;
  const all = register.byStatus.reduce((sum, row) => sum + row.count, 0);
  return (
    <Chip.Group multiple={false} value={view} onChange={onView}>
      <Group gap="xs" role="group" aria-label="Show bills">
        <Chip value="review" size="sm">To review</Chip>
        {register.exceptions.map((row) => (
          <Tooltip key={row.code} label={exceptionHelp[row.code]} openDelay={400}>
            <span><Chip value={`exception:${row.code}`} size="sm" color="orange">{exceptionLabels[row.code]} · {row.count}</Chip></span>
          </Tooltip>
        ))}
        <Chip value="held" size="sm" color="orange">Held · {held}</Chip>
        <Chip value="all" size="sm" color="gray">All bills · {all.toLocaleString('en-US')}</Chip>
      </Group>
    </Chip.Group>
  );
}

function FinalizeButton({ run, register, isBusy }: { run: BillRun; register: BillRegister; isBusy: boolean }) {
  const { can } = useSession();
  const client = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const finalize = useMutation({
    mutationFn: () => finalizeBillRun(run.id),
    onSuccess: () => {
      setIsOpen(false);
      void client.invalidateQueries({ queryKey: ['utility'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  if (!can('utility.bills.finalize') || run.status !== 'tentative') return null;
  const tentative = register.byStatus.find((row) => row.status === 'tentative');
  const held = register.byStatus.find((row) => row.status === 'held');
  return (
    <>
      <Button onClick={() => setIsOpen(true)} disabled={isBusy || !tentative}>Finalize…</Button>
      <Modal opened={isOpen} onClose={() => setIsOpen(false)} title={`Finalize bill run ${run.runNumber}`} centered>
        <Stack>
          <Text data-testid="finalize-summary">
            Post <strong>{(tentative?.count ?? 0).toLocaleString('en-US')} bills</strong> totalling{' '}
            <strong>{formatDollars(tentative?.amountCents ?? 0)}</strong> to the customers' accounts and the ledger, dated{' '}
            {formatIsoDate(run.billDate)}.
          </Text>
          {held && held.count > 0 && (
            <Text size="sm">
              {held.count === 1 ? '1 held bill' : `${held.count.toLocaleString('en-US')} held bills`} ({formatDollars(held.amountCents)})
              {held.count === 1 ? ' stays out; it posts' : ' stay out; each posts'} when it is released.
            </Text>
          )}
          <Text size="sm" c="dimmed">A final bill is corrected only by cancel and rebill.</Text>
          {finalize.isError && <ErrorAlert error={finalize.error} title="The run was not finalized" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setIsOpen(false)}>Back</Button>
            <Button onClick={() => finalize.mutate()} loading={finalize.isPending} data-autofocus>
              Finalize {(tentative?.count ?? 0).toLocaleString('en-US')} bills
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
