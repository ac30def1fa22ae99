/**
 * My follow-ups: the signed-in clerk's open follow-ups, oldest first, each linked to its customer;
 * "Done" marks one finished (the server records who and when). Printable as a call list.
 */
import { Alert, Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { channelLabels, type FollowUp } from '../../api/customers';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { cityToday, formatInstant, formatIsoDate } from '../../dates';

export function FollowUps() {
  const { can } = useSession();
  const client = useQueryClient();
  const today = cityToday();
  const [scope, setScope] = useState<'due' | 'all'>('all');
  const followUps = useQuery({
    queryKey: ['customers', 'follow-ups', scope],
    queryFn: () => api.get<{ followUps: FollowUp[] }>('/api/follow-ups', { through: scope === 'due' ? today : undefined }),
  });
  const complete = useMutation({
    mutationFn: (id: number) => api.post<unknown>(`/api/interactions/${id}/complete`),
    onSuccess: (_result, id) => {
      const done = followUps.data?.followUps.find((item) => item.id === id);
      void client.invalidateQueries({ queryKey: ['customers'] });
      notifications.show({ color: 'green', title: 'Follow-up done', message: done ? `${done.topic} · ${done.customerName}` : '' });
    },
  });
  const rows = followUps.data?.followUps ?? [];
  return (
    <Stack>
      <PageTitle title="My follow-ups">
        <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
          Print
        </Button>
      </PageTitle>
      <PrintHeader title="Follow-ups" lines={[scope === 'due' ? `Due on or before ${formatIsoDate(today)}` : 'All open follow-ups']} />
      <Group className="no-print">
        <SegmentedControl
          value={scope}
          onChange={(value) => setScope(value as 'due' | 'all')}
          data={[
            { value: 'all', label: 'All open' },
            { value: 'due', label: 'Due today or earlier' },
          ]}
          aria-label="Which follow-ups"
        />
        {followUps.isFetching && <Text size="sm" c="dimmed">Loading...</Text>}
      </Group>
      {followUps.isError && <ErrorAlert error={followUps.error} />}
      {complete.isError && <ErrorAlert error={complete.error} title="Not marked done" />}
      {followUps.isSuccess && rows.length === 0 && <Alert color="gray">Nothing to follow up. Well done.</Alert>}
      {rows.length > 0 && (
        <Table striped withTableBorder className="report" aria-label="Follow-ups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Due</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Topic</Table.Th>
              <Table.Th>Noted</Table.Th>
              {can('customers.edit') && <Table.Th className="no-print" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((item) => {
              const isOverdue = item.followUpOn !== null && item.followUpOn < today;
              return (
                <Table.Tr key={item.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatIsoDate(item.followUpOn)}
                    {isOverdue && (
                      <Badge size="xs" color="red" variant="light" ml={6}>
                        overdue
                      </Badge>
                    )}
                    {item.followUpOn === today && (
                      <Badge size="xs" color="blue" variant="light" ml={6}>
                        today
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${item.customerId}`}>
                      {item.customerName}
                    </Anchor>
                    <Text size="xs" c="dimmed" className="mono">
                      {item.customerNumber}
                      {item.accountNumber ? ` · ${item.accountNumber}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {item.topic}
                    </Text>
                    {item.notes && (
                      <Text size="xs" lineClamp={2}>
                        {item.notes}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {channelLabels[item.channel] ?? item.channel} · {item.recordedBy}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatInstant(item.occurredAt)}
                    </Text>
                  </Table.Td>
                  {can('customers.edit') && (
                    <Table.Td className="no-print">
                      <Button
                        size="xs"
                        variant="light"
                        color="green"
                        loading={complete.isPending && complete.variables === item.id}
                        onClick={() => complete.mutate(item.id)}
                        aria-label={`Done: ${item.topic} for ${item.customerName}`}
                      >
                        Done
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
