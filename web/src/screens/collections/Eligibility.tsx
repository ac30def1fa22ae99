/**
 * Why an account may or may not be shut off today: every SB 998 and local rule with its verdict
 * (passed, failed, does not apply) and the clerk's explanation, the earliest date, the account's
 * protections (record the documents; resolve or withdraw with a reason), and its shutoff orders
 * with Release (a refusal shows each rule that refused it). Without an account: the pending orders.
 */
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { cancelShutoffOrder, orderReconnection, releaseShutoffOrder, useEligibility, useShutoffOrders, type Eligibility, type Rule, type ShutoffOrder } from '../../api/sb998';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';
import { accountPanels } from './CollectionAccount';
import { ProtectionsPanel } from './EligibilityProtections';

const whole = { root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } } as const;

/** On the account's collection page: the rule-by-rule explanation, with a link to act on it. */
function EligibilityOnAccountPage({ account }: { account: string }) {
  const eligibility = useEligibility(account);
  if (eligibility.isError) return <ErrorAlert error={eligibility.error} title="Shutoff eligibility did not load" />;
  if (!eligibility.data) return null;
  return (
    <Stack gap={4}>
      <RulesPanel eligibility={eligibility.data} />
      <Anchor component={Link} to={`/collections/eligibility/${account}`} size="sm">Protections and shutoff orders of this account</Anchor>
    </Stack>
  );
}
accountPanels.push((view) => <EligibilityOnAccountPage account={view.account.accountNumber} />);

export function EligibilityScreen() {
  const accountKey = useParams().account?.toUpperCase() ?? null;
  const eligibility = useEligibility(accountKey);
  return (
    <Stack>
      <PageTitle title={accountKey ? `Shutoff eligibility · ${accountKey}` : 'Shutoff eligibility'} />
      <AccountLookup key={accountKey ?? ''} initial={accountKey ?? ''} />
      {eligibility.isError && <ErrorAlert error={eligibility.error} title="The account did not load" />}
      <ShutoffOrdersPanel key={`orders-${accountKey ?? ''}`} account={accountKey} />
      {accountKey && eligibility.data && (
        <Grid gap="lg">
          <Grid.Col span={7}><RulesPanel eligibility={eligibility.data} /></Grid.Col>
          <Grid.Col span={5}><ProtectionsPanel account={accountKey} /></Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function AccountLookup({ initial }: { initial: string }) {
  const navigate = useNavigate();
  const [text, setText] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(text.trim() ? `/collections/eligibility/${encodeURIComponent(text.trim().toUpperCase())}` : '/collections/eligibility');
  }
  return (
    <form onSubmit={submit} aria-label="Open an account's eligibility">
      <Group align="flex-end">
        <TextInput label="Utility account" value={text} onChange={(event) => setText(event.currentTarget.value)} w={220} autoFocus={!initial} />
        <Button type="submit" variant="default">Check</Button>
      </Group>
    </form>
  );
}

function verdictOf(rule: Rule): { label: string; color: string } {
  if (!rule.applies) return { label: 'Does not apply', color: 'gray' };
  return rule.passed ? { label: 'Passed', color: 'green' } : { label: 'Failed', color: 'red' };
}

function failedCodes(eligibility: Eligibility): string[] {
  return eligibility.rules.filter((rule) => rule.applies && !rule.passed).map((rule) => rule.code);
}

function RulesPanel({ eligibility }: { eligibility: Eligibility }) {
  return (
    <Card withBorder padding="sm" data-testid="eligibility-rules">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Rules on {formatIsoDate(eligibility.asOf)}</Text>
        <Group gap="xs">
          <Badge size="lg" variant="filled" color={eligibility.eligible ? 'red' : 'green'} styles={whole} data-testid="eligibility-verdict">
            {eligibility.eligible ? 'May be shut off' : 'Not eligible for shutoff'}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" mb="xs" data-testid="earliest-date">
        {eligibility.eligible
          ? 'Every rule that applies passes today.'
          : eligibility.earliestDate
            ? `Earliest date a shutoff could be allowed: ${formatIsoDate(eligibility.earliestDate)} (if nothing else changes).`
            : `No shutoff date can be given until ${failedCodes(eligibility).join(', ')} changes (see below).`}
      </Text>
      {eligibility.mustOfferArrangement && (
        <Alert color="yellow" mb="xs" title="Offer a payment arrangement">
          The medical certification, inability to pay and willingness to enter an arrangement are all recorded: SB 998 requires the city to offer an arrangement.
        </Alert>
      )}
      <Table className="report" aria-label="Shutoff rules" layout="fixed">
        <Table.Thead>
          <Table.Tr><Table.Th style={{ width: 280 }}>Rule</Table.Th><Table.Th>Why</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {eligibility.rules.map((rule) => {
            const verdict = verdictOf(rule);
            return (
              <Table.Tr key={rule.code} data-rule={rule.code}>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Badge size="sm" variant="light" color={verdict.color} styles={whole}>{verdict.label}</Badge>
                  <Text size="xs" c="dimmed" className="mono" mt={2} style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{rule.code}</Text>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}><Text size="sm" c={rule.applies ? undefined : 'dimmed'}>{rule.reason}</Text></Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

const statusColors: Record<ShutoffOrder['status'], string> = { pending: 'orange', released: 'red', completed: 'dark', cancelled: 'gray', reconnected: 'green' };

function ShutoffOrdersPanel({ account }: { account: string | null }) {
  const orders = useShutoffOrders(account ? { account } : { account: null, status: 'pending' });
  const [refusal, setRefusal] = useState<{ id: number; error: unknown } | null>(null);
  const client = useQueryClient();
  const { can } = useSession();
  const release = useMutation({
    mutationFn: (id: number) => releaseShutoffOrder(id),
    onMutate: () => setRefusal(null),
    onSuccess: (order) => notifications.show({ color: 'green', message: `Shutoff order ${order.id} released as ${order.serviceOrderNumber}` }),
    onError: (error, id) => setRefusal({ id, error }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['collections', 'sb998'] }),
  });
  const list = orders.data ?? [];
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">{account ? 'Shutoff orders of this account' : 'Pending shutoff orders'}</Text>
      {orders.isError && <ErrorAlert error={orders.error} />}
      {refusal && <Refusal id={refusal.id} error={refusal.error} onClose={() => setRefusal(null)} />}
      <Table className="report" aria-label="Shutoff orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order</Table.Th><Table.Th>Status</Table.Th><Table.Th>Account</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Address</Table.Th>
            <Table.Th>Field order</Table.Th><Table.Th>Last refused by</Table.Th><Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((order) => (
            <Table.Tr key={order.id} data-shutoff={order.id}>
              <Table.Td className="mono">{order.id}</Table.Td>
              <Table.Td><Badge size="sm" variant="light" color={statusColors[order.status]} styles={whole}>{order.status}</Badge></Table.Td>
              <Table.Td><Anchor component={Link} to={`/collections/eligibility/${order.accountNumber}`} className="mono" size="sm">{order.accountNumber}</Anchor></Table.Td>
              <Table.Td><Text size="sm">{order.customerName}</Text></Table.Td>
              <Table.Td><Text size="sm">{order.serviceAddress}</Text></Table.Td>
              <Table.Td className="mono"><Text size="sm">{order.serviceOrderNumber ?? ''}{order.disconnectedOn ? ` · off ${formatIsoDate(order.disconnectedOn)}` : ''}</Text></Table.Td>
              <Table.Td><Text size="xs" className="mono">{order.refusedRules.join(', ')}</Text></Table.Td>
              <Table.Td>
                {can('collections.shutoff') && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {order.status === 'pending' && (
                      <Button size="xs" color="red" variant="light" loading={release.isPending && release.variables === order.id}
                        onClick={() => release.mutate(order.id)} aria-label={`Release shutoff order ${order.id}`}>
                        Release
                      </Button>
                    )}
                    <OrderActions order={order} />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {orders.isSuccess && list.length === 0 && <Text size="sm" c="dimmed">No shutoff orders.</Text>}
    </Card>
  );
}

/** Cancel a pending or released order with a reason; reconnect a shut-off one (the fee is charged). */
function OrderActions({ order }: { order: ShutoffOrder }) {
  const [isCancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const client = useQueryClient();
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    setCancelling(false);
    void client.invalidateQueries({ queryKey: ['collections', 'sb998'] });
  };
  const cancel = useMutation({ mutationFn: () => cancelShutoffOrder(order.id, reason), onSuccess: () => done(`Shutoff order ${order.id} cancelled`) });
  const reconnect = useMutation({
    mutationFn: (afterHours: boolean) => orderReconnection(order.id, afterHours),
    onSuccess: (after) => done(`Reconnection ordered as ${after.reconnectOrderNumber}; fee ${formatDollars(after.reconnectionFeeCents ?? 0)}`),
  });
  const error = cancel.error ?? reconnect.error;
  return (
    <>
      {(order.status === 'pending' || order.status === 'released') && !isCancelling && (
        <Button size="xs" variant="subtle" onClick={() => setCancelling(true)}>Cancel…</Button>
      )}
      {isCancelling && (
        <form onSubmit={(event) => { event.preventDefault(); cancel.mutate(); }} aria-label={`Cancel shutoff order ${order.id}`}>
          <Group gap={4} wrap="nowrap">
            <TextInput size="xs" placeholder="Reason" aria-label="Reason" value={reason} onChange={(event) => setReason(event.currentTarget.value)} autoFocus />
            <Button size="xs" type="submit" loading={cancel.isPending}>Cancel order</Button>
          </Group>
        </form>
      )}
      {order.status === 'completed' && !order.reconnectOrderNumber && (
        <>
          <Button size="xs" variant="light" color="green" loading={reconnect.isPending} onClick={() => reconnect.mutate(false)}>Reconnect</Button>
          <Button size="xs" variant="subtle" color="green" onClick={() => reconnect.mutate(true)}>After hours</Button>
        </>
      )}
      {order.reconnectOrderNumber && <Text size="xs" className="mono">{order.reconnectOrderNumber}</Text>}
      {error !== null && <Text size="xs" c="red" role="alert">{isApiError(error) ? error.message : 'That did not work'}</Text>}
    </>
  );
}

/** A refused release: the message, and each rule that refused it with its reason. */
function Refusal({ id, error, onClose }: { id: number; error: unknown; onClose: () => void }) {
  const rules = isApiError(error) && Array.isArray(error.details.rules) ? (error.details.rules as { code: string; reason: string }[]) : [];
  if (rules.length === 0) return <ErrorAlert error={error} title={`Shutoff order ${id} was not released`} />;
  return (
    <Alert color="red" role="alert" title={`Shutoff order ${id} was not released`} mb="xs" data-testid="release-refusal"
      withCloseButton closeButtonLabel="Dismiss" onClose={onClose}>
      <Stack gap={4}>
        {rules.map((rule) => (
          <Text size="sm" key={rule.code}><span className="mono">{rule.code}</span>: {rule.reason}</Text>
        ))}
      </Stack>
    </Alert>
  );
}
