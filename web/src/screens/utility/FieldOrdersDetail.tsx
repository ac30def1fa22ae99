/**
 * One field order on a phone: where (address, account holder), which meter and its last read,
 * what to do; and the completion form — the reading (numeric keypad), or for a meter exchange the
 * old meter's final reading and the new meter with its first reading; for a turn-off, whether to
 * stop service; and notes, which are required. Another worker's order answers "not found".
 */
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { completeServiceOrder, orderTypeLabels, priorityColors, readingOrderTypes, useServiceOrder, type ServiceOrder } from '../../api/serviceOrders';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { advanceOnEnter, fieldErrorsOf, focusFirstInvalid } from '../../components/enterAdvances';
import { formatInstant, formatIsoDate } from '../../dates';

export function FieldOrdersDetail() {
  const { number = '' } = useParams();
  const order = useServiceOrder(number);
  return (
    <Stack gap="sm" maw={560}>
      <Anchor component={Link} to="/utility/field" size="sm">← My field orders</Anchor>
      {order.isError && <ErrorAlert error={order.error} title={`Order ${number} did not open`} />}
      {order.data && <OrderDetail order={order.data} />}
    </Stack>
  );
}

function OrderDetail({ order }: { order: ServiceOrder }) {
  return (
    <>
      <PageTitle title={`${orderTypeLabels[order.orderType]} · ${order.orderNumber}`} />
      <Card withBorder padding="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text size="lg" fw={600} data-testid="order-address">{order.serviceAddress}</Text>
          <Badge color={priorityColors[order.priority]}>{order.priority}</Badge>
        </Group>
        {order.customerName && <Text size="sm">{order.customerName} · account {order.accountNumber}</Text>}
        <Text size="sm" c="dimmed">Location {order.locationNumber}{order.dueOn ? ` · due ${formatIsoDate(order.dueOn)}` : ''}</Text>
        <Text mt="xs">{order.description}</Text>
        <Text size="sm" mt="xs" data-testid="order-meter">
          Meter <strong className="mono">{order.meterSerial ?? 'none named'}</strong>
          {order.lastRead && <> · last read <strong>{order.lastRead.reading}</strong> on {formatIsoDate(order.lastRead.readDate)}</>}
        </Text>
      </Card>
      {order.status === 'assigned' || order.status === 'open' ? (
        <CompletionForm order={order} />
      ) : (
        <Alert color={order.status === 'completed' ? 'green' : 'gray'} title={order.status === 'completed' ? 'Completed' : 'Cancelled'}>
          {order.status === 'completed' ? `By ${order.completedBy} ${formatInstant(order.completedAt)}: ${order.completionNotes}` : order.cancelReason}
        </Alert>
      )}
    </>
  );
}

interface Draft {
  reading: string;
  oldReading: string;
  newMeterSerial: string;
  newReading: string;
  stopService: boolean;
  notes: string;
}

function CompletionForm({ order }: { order: ServiceOrder }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>({ reading: '', oldReading: '', newMeterSerial: '', newReading: '', stopService: false, notes: '' });
  // A field's error from the last attempt goes away once the worker changes that field.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const set = <Key extends keyof Draft>(key: Key, value: Draft[Key]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setEdited((current) => new Set(current).add(key));
  };
  const isExchange = order.orderType === 'meter_exchange';
  const takesReading = readingOrderTypes.includes(order.orderType) && order.meterSerial !== null;
  const complete = useMutation({
    mutationFn: () => completeServiceOrder(order.orderNumber, isExchange
      ? { notes: draft.notes, oldReading: draft.oldReading || null, newMeterSerial: draft.newMeterSerial || null, newReading: draft.newReading || null }
      : { notes: draft.notes, reading: draft.reading || null, ...(order.orderType === 'turn_off' ? { stopService: draft.stopService } : {}) }),
    onSuccess: (done) => {
      notifications.show({ color: 'green', message: `${done.orderNumber} completed` });
      void client.invalidateQueries({ queryKey: ['utility', 'service-orders'] });
      navigate('/utility/field');
    },
    onError: () => focusFirstInvalid(formRef.current),
  });
  const errors = fieldErrorsOf(problemsOf(complete.error));
  const singleField = isApiError(complete.error) ? complete.error.details.field : undefined;
  if (typeof singleField === 'string' && !errors[singleField]) errors[singleField] = (complete.error?.message ?? '').replace(`${singleField}: `, '');
  const hadFieldErrors = Object.keys(errors).length > 0;
  for (const key of edited) delete errors[key];
  function submit(event: FormEvent) {
    event.preventDefault();
    if (complete.isPending) return;
    setEdited(new Set());
    complete.mutate();
  }
  const numeric = { inputMode: 'numeric' as const, pattern: '[0-9]*', autoComplete: 'off', size: 'md' as const };
  return (
    <Card withBorder padding="sm">
      <form ref={formRef} onSubmit={submit} onKeyDown={advanceOnEnter} aria-label={`Complete ${order.orderNumber}`}>
        <Stack gap="sm">
          <Text fw={600}>Complete this order</Text>
          {isExchange && (
            <>
              <TextInput label={`Old meter ${order.meterSerial ?? ''}: final reading`} value={draft.oldReading} onChange={(event) => set('oldReading', event.currentTarget.value)} error={errors.oldReading} {...numeric} />
              <TextInput label="New meter serial" value={draft.newMeterSerial} onChange={(event) => set('newMeterSerial', event.currentTarget.value.toUpperCase())} error={errors.newMeterSerial} autoComplete="off" size="md" autoCapitalize="characters" />
              <TextInput label="New meter: first reading" value={draft.newReading} onChange={(event) => set('newReading', event.currentTarget.value)} error={errors.newReading} {...numeric} />
            </>
          )}
          {takesReading && (
            <TextInput label="Reading" description={order.orderType === 'reread' ? 'Replaces today\'s read of this meter' : 'Optional'} value={draft.reading}
              onChange={(event) => set('reading', event.currentTarget.value)} error={errors.reading} {...numeric} />
          )}
          {order.orderType === 'turn_off' && order.accountNumber && (
            <Checkbox size="md" label="Stop service today (the reading is the final read)" checked={draft.stopService} onChange={(event) => set('stopService', event.currentTarget.checked)} error={errors.stopService} />
          )}
          <Textarea label="Notes" description="What you found and did (required)" value={draft.notes} onChange={(event) => set('notes', event.currentTarget.value)}
            error={errors.notes} autosize minRows={3} size="md" required />
          {complete.isError && !hadFieldErrors && <ErrorAlert error={complete.error} title="Not completed" />}
          <Button type="submit" size="lg" fullWidth loading={complete.isPending} disabled={!draft.notes.trim()}>Complete order</Button>
        </Stack>
      </form>
    </Card>
  );
}
