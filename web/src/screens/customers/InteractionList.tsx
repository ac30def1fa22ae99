/** The interaction log of a customer, newest first: when, how, who, the topic and notes, follow-ups. */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { channelLabels, type Interaction } from '../../api/customers';
import { formatInstant, formatIsoDate } from '../../dates';

export function InteractionList({ interactions }: { interactions: Interaction[] }) {
  if (interactions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No calls, visits or letters noted yet.
      </Text>
    );
  }
  return (
    <Stack gap={6} aria-label="Interactions">
      {interactions.map((interaction) => (
        <Paper key={interaction.id} withBorder p="xs" data-testid="interaction">
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <Text size="sm" fw={600}>
              {interaction.topic}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatInstant(interaction.occurredAt)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {channelLabels[interaction.channel] ?? interaction.channel} · {interaction.recordedBy}
            {interaction.accountNumber ? ` · ${interaction.accountNumber}` : ''}
          </Text>
          {interaction.notes && (
            <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
              {interaction.notes}
            </Text>
          )}
          {interaction.followUpOn && <FollowUpBadge interaction={interaction} />}
        </Paper>
      ))}
    </Stack>
  );
}

function FollowUpBadge({ interaction }: { interaction: Interaction }) {
  if (interaction.followUpDoneAt) {
    return (
      <Badge size="sm" mt={4} variant="light" color="green">
        Followed up by {interaction.followUpDoneBy} {formatInstant(interaction.followUpDoneAt)}
      </Badge>
    );
  }
  return (
    <Badge size="sm" mt={4} variant="light" color="blue">
      Follow up {formatIsoDate(interaction.followUpOn)} · {interaction.followUpUser}
    </Badge>
  );
}
