/**
 * The field worker's list on a phone: the orders assigned to them, most urgent first, each a big
 * tap target with the address, what to do and the meter; then what they completed today. Opening
 * one shows the completion form (FieldOrdersDetail). The server sends only their own orders.
 */
import { Badge, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { orderTypeLabels, priorityColors, useMyOrders, type ServiceOrder } from '../../api/serviceOrders';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant, formatIsoDate } from '../../dates';

export function FieldOrders() {
  const mine = useMyOrders();
  const assigned = mine.data?.assigned ?? [];
  const completed = mine.data?.completedToday ?? [];
  return (
    <Stack gap="sm" maw={560}>
      <PageTitle title="My field orders" />
      {mine.isError && <ErrorAlert error={mine.error} title="Your orders did not load" />}
      {mine.isSuccess && assigned.length === 0 && <Text c="dimmed">Nothing assigned to you right now.</Text>}
      <Stack gap="xs" component="ul" aria-label="Assigned to me" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {assigned.map((order) => (
          <li key={order.id}>
            <FieldOrderCard order={order} />
          </li>
        ))}
      </Stack>
      {completed.length > 0 && (
        <>
          <Title order={3} size="h5" mt="sm">Completed today</Title>
          <Stack gap={4} aria-label="Completed today" data-testid="completed-today">
            {completed.map((order) => (
              <Text key={order.id} size="sm">
                <span className="mono">{order.orderNumber}</span> · {orderTypeLabels[order.orderType]} · {order.serviceAddress} · {formatInstant(order.completedAt)}
              </Text>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function FieldOrderCard({ order }: { order: ServiceOrder }) {
  return (
    <UnstyledButton component={Link} to={`/utility/field/${order.orderNumber}`} w="100%" aria-label={`${order.orderNumber} ${orderTypeLabels[order.orderType]} at ${order.serviceAddress}`}>
      <Card withBorder padding="sm" data-testid="field-order">
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={700}>{orderTypeLabels[order.orderType]}</Text>
          <Badge color={priorityColors[order.priority]} variant={order.priority === 'normal' ? 'light' : 'filled'}>{order.priority}</Badge>
        </Group>
        <Text size="lg" fw={500}>{order.serviceAddress}</Text>
        <Text size="sm" lineClamp={2}>{order.description}</Text>
        <Text size="xs" c="dimmed" mt={2}>
          <span className="mono">{order.orderNumber}</span>
          {order.meterSerial ? ` · meter ${order.meterSerial}` : ''}
          {order.dueOn ? ` · due ${formatIsoDate(order.dueOn)}` : ''}
        </Text>
      </Card>
    </UnstyledButton>
  );
}
