/**
 * The service-order board for the billing clerk: a new order (type, account, priority, what to do,
 * due date, and optionally the field worker) typed from the keyboard — N jumps to it, Enter moves
 * from field to field and submits at the end — and three columns: open, assigned, completed today.
 * Open and assigned orders are assigned or reassigned in place (pick the worker, Enter), or
 * cancelled with a reason. The server checks everything again.
 */
import { Badge, Button, Card, Group, NativeSelect, ScrollArea, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import {
  assignServiceOrder,
  cancelServiceOrder,
  createServiceOrder,
  orderTypeLabels,
  priorityColors,
  serviceOrderPriorities,
  serviceOrderTypes,
  useFieldWorkers,
  useServiceOrderBoard,
  type FieldWorker,
  type ServiceOrder,
  type ServiceOrderPriority,
  type ServiceOrderType,
} from '../../api/serviceOrders';
import { isApiError } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { formatInstant, formatIsoDate } from '../../dates';

const invalidateOrders = (client: ReturnType<typeof useQueryClient>) => client.invalidateQueries({ queryKey: ['utility', 'service-orders'] });

export function ServiceOrdersBoard() {
  const { can } = useSession();
  const mayEdit = can('utility.orders');
  const board = useServiceOrderBoard();
  const workers = useFieldWorkers(mayEdit);
  const typeRef = useRef<HTMLSelectElement>(null);
  useHotkeys([['n', () => typeRef.current?.focus()]]);
  const columns: Array<{ key: string; title: string; orders: ServiceOrder[] }> = [
    { key: 'open', title: 'Open', orders: board.data?.open ?? [] },
    { key: 'assigned', title: 'Assigned', orders: board.data?.assigned ?? [] },
    { key: 'completed', title: 'Completed today', orders: board.data?.completedToday ?? [] },
  ];
  return (
    <Stack>
      <PageTitle title="Service orders">
        {mayEdit && <Text size="sm" c="dimmed">Press <strong>N</strong> for a new order</Text>}
      </PageTitle>
      {mayEdit && <NewOrderForm typeRef={typeRef} workers={workers.data ?? []} />}
      {board.isError && <ErrorAlert error={board.error} title="The board did not load" />}
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        {columns.map((column) => (
          <section key={column.key} aria-label={`${column.title} orders`} data-testid={`column-${column.key}`}>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">{column.title}</Title>
              <Badge variant="light" color="gray">{column.orders.length}</Badge>
            </Group>
            <ScrollArea.Autosize mah="70vh">
              <Stack gap="xs">
                {column.orders.length === 0 && <Text size="sm" c="dimmed">None</Text>}
                {column.orders.map((order) => <OrderCard key={order.id} order={order} workers={workers.data ?? []} mayEdit={mayEdit} />)}
              </Stack>
            </ScrollArea.Autosize>
          </section>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

interface Draft {
  orderType: ServiceOrderType;
  account: string;
  priority: ServiceOrderPriority;
  description: string;
  dueOn: string;
  assignTo: string;
}

const emptyDraft: Draft = { orderType: 'reread', account: '', priority: 'normal', description: '', dueOn: '', assignTo: '' };

function NewOrderForm({ typeRef, workers }: { typeRef: RefObject<HTMLSelectElement | null>; workers: FieldWorker[] }) {
  const client = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const set = <Key extends keyof Draft>(key: Key, value: Draft[Key]) => setDraft((current) => ({ ...current, [key]: value }));
  const create = useMutation({
    mutationFn: () => createServiceOrder({
      orderType: draft.orderType, account: draft.account.trim() || null, priority: draft.priority, description: draft.description,
      dueOn: draft.dueOn || null, assignTo: draft.assignTo || null,
    }),
    onSuccess: (order) => {
      notifications.show({ color: 'green', message: `${order.orderNumber} created${order.assignedTo ? ` and assigned to ${order.assignedTo}` : ''}` });
      setDraft({ ...emptyDraft, orderType: draft.orderType });
      void invalidateOrders(client);
      typeRef.current?.focus();
    },
    onError: () => focusFirstInvalid(formRef.current),
  });
  const errors = fieldErrorsOf(problemsOf(create.error));
  // A single problem found against the database (no such account) names its field in details.field.
  const fieldError = isApiError(create.error) ? create.error.details.field : undefined;
  if (typeof fieldError === 'string' && !errors[fieldError]) errors[fieldError] = (create.error?.message ?? '').replace(`${fieldError}: `, '');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  }
  return (
    <Card withBorder padding="sm">
      <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="New service order">
        <Group align="flex-start" gap="xs" wrap="wrap">
          <NativeSelect ref={typeRef} label="Type" value={draft.orderType} onChange={(event) => set('orderType', event.currentTarget.value as ServiceOrderType)}
            data={serviceOrderTypes.map((type) => ({ value: type, label: orderTypeLabels[type] }))} error={errors.orderType} w={160} />
          <TextInput label="Account" value={draft.account} onChange={(event) => set('account', event.currentTarget.value)} error={errors.account}
            w={150} autoComplete="off" placeholder="account number" />
          <NativeSelect label="Priority" value={draft.priority} onChange={(event) => set('priority', event.currentTarget.value as ServiceOrderPriority)}
            data={serviceOrderPriorities.map((priority) => ({ value: priority, label: priority }))} error={errors.priority} w={120} />
          <TextInput label="What to do" value={draft.description} onChange={(event) => set('description', event.currentTarget.value)} error={errors.description}
            w={320} autoComplete="off" />
          <TextInput label="Due" type="date" value={draft.dueOn} onChange={(event) => set('dueOn', event.currentTarget.value)} error={errors.dueOn} w={150} />
          <NativeSelect label="Assign to" value={draft.assignTo} onChange={(event) => set('assignTo', event.currentTarget.value)} error={errors.assignTo}
            data={[{ value: '', label: '(not yet)' }, ...workers.map((worker) => ({ value: worker.username, label: worker.displayName }))]} w={170} />
          <Button type="submit" mt={25} loading={create.isPending}>Create order</Button>
        </Group>
        {create.isError && !Object.keys(errors).length && <ErrorAlert error={create.error} title="The order was not created" />}
      </form>
    </Card>
  );
}

function OrderCard({ order, workers, mayEdit }: { order: ServiceOrder; workers: FieldWorker[]; mayEdit: boolean }) {
  const isOpen = order.status === 'open' || order.status === 'assigned';
  return (
    <Card withBorder padding="xs" data-testid="order-card" aria-label={`Service order ${order.orderNumber}`}>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text fw={600} size="sm"><span className="mono">{order.orderNumber}</span> · {orderTypeLabels[order.orderType]}</Text>
        <Badge size="sm" color={priorityColors[order.priority]} variant={order.priority === 'normal' ? 'light' : 'filled'}>{order.priority}</Badge>
      </Group>
      <Text size="sm">{order.serviceAddress}</Text>
      <Text size="xs" c="dimmed">
        {order.accountNumber ? `${order.accountNumber} · ${order.customerName ?? ''}` : `location ${order.locationNumber}`}
        {order.meterSerial ? ` · meter ${order.meterSerial}` : ''}
        {order.dueOn ? ` · due ${formatIsoDate(order.dueOn)}` : ''}
      </Text>
      <Text size="sm" mt={2}>{order.description}</Text>
      {order.status === 'completed' && (
        <Text size="xs" mt={4} data-testid="completion">
          Done by {order.completedBy} {formatInstant(order.completedAt)}: {order.completionNotes}
          {typeof order.completion?.reading === 'number' ? ` · reading ${order.completion.reading}` : ''}
          {typeof order.completion?.newMeterSerial === 'string' ? ` · new meter ${order.completion.newMeterSerial}` : ''}
        </Text>
      )}
      {isOpen && order.assignedTo && <Text size="xs" mt={2}>Assigned to <strong>{order.assignedTo}</strong></Text>}
      {isOpen && mayEdit && <OrderActions order={order} workers={workers} />}
    </Card>
  );
}

function OrderActions({ order, workers }: { order: ServiceOrder; workers: FieldWorker[] }) {
  const client = useQueryClient();
  const [assignee, setAssignee] = useState(order.assignedTo ?? '');
  const [isCancelling, setIsCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const assign = useMutation({
    mutationFn: () => assignServiceOrder(order.orderNumber, assignee),
    onSuccess: (updated) => {
      notifications.show({ color: 'green', message: `${updated.orderNumber} assigned to ${updated.assignedTo}` });
      void invalidateOrders(client);
    },
  });
  const cancel = useMutation({
    mutationFn: () => cancelServiceOrder(order.orderNumber, reason),
    onSuccess: () => void invalidateOrders(client),
  });
  function submitAssign(event: FormEvent) {
    event.preventDefault();
    if (assignee && assignee !== order.assignedTo && !assign.isPending) assign.mutate();
  }
  function submitCancel(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() && !cancel.isPending) cancel.mutate();
  }
  return (
    <Stack gap={4} mt={6}>
      <form onSubmit={submitAssign} aria-label={`Assign ${order.orderNumber}`}>
        <Group gap={4} wrap="nowrap" align="flex-end">
          <NativeSelect size="xs" miw={150} aria-label={`Assign ${order.orderNumber} to`} value={assignee} onChange={(event) => setAssignee(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Pick the worker, Enter: assigned (a select alone does not submit its form).
              if (event.key === 'Enter') {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
            data={[{ value: '', label: 'Assign to…' }, ...workers.map((worker) => ({ value: worker.username, label: worker.displayName }))]} style={{ flex: 1 }} />
          <Button size="xs" type="submit" variant="light" disabled={!assignee || assignee === order.assignedTo} loading={assign.isPending}>
            {order.assignedTo ? 'Reassign' : 'Assign'}
          </Button>
        </Group>
      </form>
      {!isCancelling && (
        <Group justify="flex-end">
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setIsCancelling(true)}>Cancel order…</Button>
        </Group>
      )}
      {isCancelling && (
        <form onSubmit={submitCancel} aria-label={`Cancel ${order.orderNumber}`}>
          <Group gap={4} wrap="nowrap">
            <TextInput size="xs" aria-label="Why is it cancelled" placeholder="Why (required)" value={reason} onChange={(event) => setReason(event.currentTarget.value)}
              style={{ flex: 1 }} autoFocus autoComplete="off" onKeyDown={(event) => { if (event.key === 'Escape') setIsCancelling(false); }} />
            <Button size="xs" type="submit" color="red" variant="light" disabled={!reason.trim()} loading={cancel.isPending}>Cancel it</Button>
          </Group>
        </form>
      )}
      {assign.isError && <ErrorAlert error={assign.error} title="Not assigned" />}
      {cancel.isError && <ErrorAlert error={cancel.error} title="Not cancelled" />}
    </Stack>
  );
}
