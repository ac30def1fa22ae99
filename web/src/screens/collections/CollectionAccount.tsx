/**
 * One utility account's collection, as a collections clerk reads it: what is owed and since when,
 * the open case with its step and the next one, the timeline (newest first), the notices, holds,
 * arrangements, protections and shutoff orders. Without an account in the address, a box to type
 * one (Enter opens). The SB 998 eligibility explanation and the forms for arrangements, holds and
 * protections sit beside it (`panels`).
 */
import { Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { noticeTypeLabels, useCollectionAccount, type CollectionAccount } from '../../api/collections';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

/** Panels other parts of collections add to the account page (eligibility, arrangements, holds, protections). */
export const accountPanels: Array<(view: CollectionAccount) => ReactNode> = [];

export function CollectionAccountScreen() {
  const accountKey = useParams().account ?? null;
  const view = useCollectionAccount(accountKey);
  return (
    <Stack>
      <PageTitle title={view.data ? `Collection · ${view.data.account.accountNumber}` : 'Collection of an account'} />
      <Lookup initial={accountKey ?? ''} />
      {view.isError && <ErrorAlert error={view.error} title="The account did not load" />}
      {view.data && <AccountCollection view={view.data} />}
    </Stack>
  );
}

function Lookup({ initial }: { initial: string }) {
  const navigate = useNavigate();
  const [text, setText] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) navigate(`/collections/accounts/${encodeURIComponent(text.trim().toUpperCase())}`);
  }
  return (
    <form onSubmit={submit} aria-label="Open an account's collection">
      <Group align="flex-end">
        <TextInput label="Utility account" placeholder="UB-100001" value={text} onChange={(event) => setText(event.currentTarget.value)} w={220} autoFocus={!initial} />
        <Button type="submit" variant="default">Open</Button>
      </Group>
    </form>
  );
}

/** Badges show their whole word (Mantine cuts long labels short by default). */
const whole = { root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } } as const;

const eventColors: Record<string, string> = {
  case_opened: 'orange', case_cured: 'green', step_done: 'blue', shutoff_blocked: 'red', hold_placed: 'grape', hold_ended: 'grape',
  disconnected: 'red', reconnected: 'green', penalty_waived: 'teal', penalty_posted: 'yellow',
};

function AccountCollection({ view }: { view: CollectionAccount }) {
  const { account, openCase } = view;
  return (
    <Stack>
      <Card withBorder padding="sm" data-testid="collection-header">
        <Group justify="space-between" align="flex-start">
          <Group gap="xl" align="flex-start">
            <Field label="Customer"><Anchor component={Link} to={`/customers/${account.customerId}`}>{account.customerName}</Anchor></Field>
            <Field label="Account"><Anchor component={Link} to={`/utility/accounts/${account.accountNumber}`} className="mono">{account.accountNumber}</Anchor></Field>
            <Field label="Service address">{account.serviceAddress}</Field>
            <Field label="Class">{account.className}{account.isResidential ? ' · residential' : ''}</Field>
            <Field label="APN"><span className="mono">{account.apn ?? '—'}</span></Field>
            <Field label="Language">{account.preferredLanguage}</Field>
          </Group>
          <Stack gap={2} align="flex-end">
            <Text size="xs" c="dimmed">Past due</Text>
            <Text fw={700} size="xl" className="amount" data-testid="past-due">{formatDollars(view.pastDueCents)}</Text>
            <Text size="xs" c="dimmed">Balance {formatDollars(view.balanceCents)}</Text>
            {view.oldestUnpaidDueDate && <Text size="xs" c="dimmed">oldest unpaid due {formatIsoDate(view.oldestUnpaidDueDate)} · {view.daysPastDue} days</Text>}
          </Stack>
        </Group>
      </Card>
      <Card withBorder padding="sm" data-testid="collection-case">
        {openCase ? (
          <Group gap="xl">
            <Badge color="orange" variant="light" size="lg">Open case</Badge>
            <Field label="Opened">{formatIsoDate(openCase.openedOn)}</Field>
            <Field label="Last step">{openCase.stepName ? `${openCase.stepName} · ${formatIsoDate(openCase.stepDoneOn)}` : 'none yet'}</Field>
            <Field label="Next step">{openCase.nextStep ? `${openCase.nextStep.name}${openCase.nextStep.notBefore ? ` · not before ${formatIsoDate(openCase.nextStep.notBefore)}` : ''}` : 'end of the chain'}</Field>
          </Group>
        ) : <Text size="sm" c="dimmed">No open collection case.</Text>}
      </Card>
      <Grid gap="lg">
        <Grid.Col span={7}>
          <Stack>
            {accountPanels.map((panel, index) => <div key={index}>{panel(view)}</div>)}
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Timeline</Text>
              <Table className="report" aria-label="Collection timeline">
                <Table.Tbody>
                  {view.timeline.map((event) => (
                    <Table.Tr key={event.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(event.eventDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}><Badge size="sm" variant="light" styles={whole} color={eventColors[event.eventType] ?? 'gray'}>{event.eventType.replaceAll('_', ' ')}</Badge></Table.Td>
                      <Table.Td>{event.summary}</Table.Td>
                      <Table.Td><Text size="xs" c="dimmed">{event.createdBy}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                  {view.timeline.length === 0 && <Table.Tr><Table.Td><Text size="sm" c="dimmed">Nothing yet</Text></Table.Td></Table.Tr>}
                </Table.Tbody>
              </Table>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={5}>
          <Stack>
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Notices</Text>
              <Table className="report" aria-label="Notices">
                <Table.Tbody>
                  {view.notices.map((notice) => (
                    <Table.Tr key={notice.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(notice.noticeDate)}</Table.Td>
                      <Table.Td>
                        <Anchor href={`/api/collections/notices/${notice.id}/pdf`} target="_blank" size="sm">{noticeTypeLabels[notice.noticeType] ?? notice.noticeType}</Anchor>
                        <Text size="xs" c="dimmed">{notice.noticeNumber} · {notice.delivery} · {notice.language}{notice.disconnectOnOrAfter ? ` · shutoff not before ${formatIsoDate(notice.disconnectOnOrAfter)}` : ''}</Text>
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'right' }}><Money cents={notice.amountDueCents} /></Table.Td>
                    </Table.Tr>
                  ))}
                  {view.notices.length === 0 && <Table.Tr><Table.Td><Text size="sm" c="dimmed">No notices</Text></Table.Td></Table.Tr>}
                </Table.Tbody>
              </Table>
            </Card>
            <Summary title="Shutoff orders" rows={view.shutoffOrders.map((order) => [order.status, order.disconnectedOn ? `off ${formatIsoDate(order.disconnectedOn)}` : order.eligibleOn ? `eligible ${formatIsoDate(order.eligibleOn)}` : '', order.refusedRules.join(', ')])} />
            <Summary title="Arrangements" rows={view.arrangements.map((row) => [row.arrangementNumber, `${row.arrangementType.replaceAll('_', ' ')} · ${row.status}`, formatDollars(row.principalCents)])} />
            <Summary title="Holds" rows={view.holds.map((hold) => [hold.reason, `${formatIsoDate(hold.startsOn)} – ${formatIsoDate(hold.endsOn)}`, hold.releasedOn ? `released ${formatIsoDate(hold.releasedOn)}` : ''])} />
            <Summary title="Protections" rows={view.protections.map((row) => [row.protectionType.replaceAll('_', ' '), row.status, row.validUntil ? `until ${formatIsoDate(row.validUntil)}` : ''])} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Summary({ title, rows }: { title: string; rows: string[][] }) {
  if (rows.length === 0) return null;
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">{title}</Text>
      <Table className="report" aria-label={title}>
        <Table.Tbody>
          {rows.map((cells, index) => <Table.Tr key={index}>{cells.map((cell, cellIndex) => <Table.Td key={cellIndex}>{cell}</Table.Td>)}</Table.Tr>)}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
