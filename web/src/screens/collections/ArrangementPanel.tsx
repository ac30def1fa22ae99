/**
 * The arrangements-and-holds panel of an account's collection page (registered in the page's
 * `accountPanels`): the active arrangement in a line with a link to make one when something is
 * past due, and the holds panel for the account (place one, release one early).
 */
import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';
import { accountPanels } from './CollectionAccount';
import { HoldsPanel } from './Holds';
import type { CollectionAccount } from '../../api/collections';

function ArrangementsAndHolds({ view }: { view: CollectionAccount }) {
  const { can } = useSession();
  const active = view.arrangements.find((row) => row.status === 'active');
  const number = view.account.accountNumber;
  return (
    <Card withBorder padding="sm" aria-label="Arrangement and holds">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Payment arrangement</Text>
          {can('collections.work') && !active && view.pastDueCents > 0 && (
            <Anchor component={Link} to={`/collections/arrangement?account=${encodeURIComponent(number)}`} size="sm">
              Make an arrangement of {formatDollars(view.pastDueCents)}…
            </Anchor>
          )}
        </Group>
        {active
          ? <Text size="sm">{active.arrangementNumber}: {formatDollars(active.principalCents)}, {active.arrangementType.replaceAll('_', ' ')}</Text>
          : <Text size="sm" c="dimmed">None active{view.oldestUnpaidDueDate ? ` · past due since ${formatIsoDate(view.oldestUnpaidDueDate)}` : ''}</Text>}
        <HoldsPanel account={number} />
      </Stack>
    </Card>
  );
}

accountPanels.push((view) => <ArrangementsAndHolds view={view} />);
