/**
 * One account's activity, newest first, with the balance after each item. A charge, payment or
 * memo can be reversed with a reason (receivables.adjust): the reversal is a new item linked to the
 * original, which never changes.
 */
import { ActionIcon, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { itemTypeLabel, useAccountActivity, type AccountBalance, type ActivityItem } from '../../api/customers';
import { useSession } from '../../app/session';
import { advanceOnEnter, fieldErrorsOf } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { cityToday, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';
import type { ActionOutcome } from './CustomerDialogs';

export function AccountActivityPanel({
  account,
  onClose,
  onOutcome,
}: {
  account: AccountBalance;
  onClose(): void;
  onOutcome(outcome: ActionOutcome): void;
}) {
  const { can } = useSession();
  const activity = useAccountActivity(account.accountNumber);
  const [reversing, setReversing] = useState<ActivityItem | null>(null);
  const items = activity.data?.items ?? [];
  const canReverse = can('receivables.adjust');
  return (
    <Paper withBorder p="sm" aria-labelledby="activity-title" component="section">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={3} size="h5" id="activity-title">
            Activity of {account.accountNumber}
          </Title>
          <Text size="xs" c="dimmed">
            {account.kindName} · fund {account.fundCode} · opened {formatIsoDate(account.openedOn)} · balance{' '}
            {formatDollars(account.balanceCents)}
          </Text>
        </div>
        <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label="Close the activity" className="no-print">
          <IconX size={16} aria-hidden />
        </ActionIcon>
      </Group>
      {activity.isError && <ErrorAlert error={activity.error} title="The activity did not load" />}
      {activity.isPending && <Text size="sm" c="dimmed">Loading the activity...</Text>}
      {activity.isSuccess && items.length === 0 && <Text size="sm" c="dimmed">Nothing posted yet.</Text>}
      {items.length > 0 && (
        <Table striped className="report" aria-label={`Activity of ${account.accountNumber}`} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th className="amount">Charges</Table.Th>
              <Table.Th className="amount">Credits</Table.Th>
              <Table.Th className="amount">Balance</Table.Th>
              <Table.Th>By</Table.Th>
              {canReverse && <Table.Th className="no-print" w={40} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id} c={item.reversedByItemId || item.reversesItemId ? 'dimmed' : undefined}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(item.itemDate)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {itemTypeLabel(item.itemType)}
                  {item.chargeClass && item.chargeClass !== 'charge' ? ` (${item.chargeClass})` : ''}
                </Table.Td>
                <Table.Td>
                  {item.description}
                  {item.reasonCode && (
                    <Badge size="xs" variant="light" color="gray" ml={6}>
                      {item.reasonCode}
                    </Badge>
                  )}
                  {item.reversedByItemId && (
                    <Badge size="xs" variant="light" color="orange" ml={6}>
                      reversed
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(item.dueDate)}</Table.Td>
                <Table.Td className="amount">{item.amountCents > 0 ? <Money cents={item.amountCents} /> : null}</Table.Td>
                <Table.Td className="amount">{item.amountCents < 0 ? <Money cents={-item.amountCents} /> : null}</Table.Td>
                <Table.Td className="amount" fw={600}>
                  <Money cents={item.balanceAfterCents} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{item.createdBy}</Text>
                </Table.Td>
                {canReverse && (
                  <Table.Td className="no-print">
                    {!item.reversedByItemId && !item.reversesItemId && (
                      <Tooltip label="Reverse (with a reason)">
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          color="orange"
                          aria-label={`Reverse ${itemTypeLabel(item.itemType)} of ${formatDollars(Math.abs(item.amountCents))} on ${item.itemDate}`}
                          onClick={() => setReversing(item)}
                        >
                          <IconArrowBackUp size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {reversing && (
        <ReverseDialog item={reversing} onClose={() => setReversing(null)} onOutcome={onOutcome} />
      )}
    </Paper>
  );
}

function ReverseDialog({ item, onClose, onOutcome }: { item: ActivityItem; onClose(): void; onOutcome(outcome: ActionOutcome): void }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [reversalDate, setReversalDate] = useState(cityToday());
  const label = itemTypeLabel(item.itemType);
  const reverse = useMutation({
    mutationFn: () =>
      api.post<{ entry: { id: number } }>(`/api/receivable-entries/${item.journalEntryId}/reverse`, {
        reason: reason.trim(),
        reversalDate: reversalDate || null,
      }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      const message = `${label} of ${formatDollars(Math.abs(item.amountCents))} on ${item.accountNumber} reversed by journal entry #${result.entry.id}.`;
      onOutcome({ color: 'green', title: 'Reversed', message });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(reverse.error));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reverse.isPending) reverse.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Reverse a ${label.toLowerCase()}`}>
      <form onSubmit={submit} onKeyDown={advanceOnEnter}>
        <Stack gap="sm">
          <Text size="sm">
            {label} of <strong>{formatDollars(Math.abs(item.amountCents))}</strong> on {formatIsoDate(item.itemDate)}:{' '}
            {item.description}. The reversal undoes its whole journal entry (#{item.journalEntryId}); the original stays
            on record.
          </Text>
          {reverse.isError && <ErrorAlert error={reverse.error} title="Not reversed" />}
          <TextInput
            label="Reason"
            required
            data-autofocus
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
            placeholder="e.g. posted to the wrong account"
          />
          <TextInput
            label="Reversal date"
            type="date"
            value={reversalDate}
            onChange={(event) => setReversalDate(event.currentTarget.value)}
            error={errors.reversalDate}
            w={180}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" color="orange" loading={reverse.isPending} disabled={!reason.trim()}>
              Reverse
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
