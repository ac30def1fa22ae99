/**
 * A utility account as a billing clerk reads it: the service location, class, cycle and route,
 * the services with their rates and meters, deposits, the balance today, and the recent bills
 * (each opens). Without an account in the address, a box to type an account number (Enter opens).
 * A clerk holding utility.service stops or transfers service from here, or starts a new one.
 */
import { Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { Field } from '../../components/Field';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { ServiceDialog } from './ServiceDialogs';
import { billStatusColors, formatPeriod, formatQuantity, useUtilityAccount, useUtilitySetup, type UtilityAccountView } from '../../api/utilityBills';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

/** Badges show their whole word (Mantine cuts long labels short by default). */
const whole = { root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } } as const;

const statusColors: Record<UtilityAccountView['account']['status'], string> = { active: 'green', final_billed: 'orange', closed: 'gray' };

export function UtilityAccountScreen() {
  const accountKey = useParams().account ?? null;
  const account = useUtilityAccount(accountKey);
  return (
    <Stack>
      <PageTitle title={account.data ? `Utility account ${account.data.account.accountNumber}` : 'Utility account'} />
      <AccountLookup key={accountKey ?? ''} initial={accountKey ?? ''} />
      {account.isError && <ErrorAlert error={account.error} title="The account did not load" />}
      {account.data && <AccountView view={account.data} />}
    </Stack>
  );
}

function AccountLookup({ initial }: { initial: string }) {
  const navigate = useNavigate();
  const { can } = useSession();
  const [text, setText] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) navigate(`/utility/accounts/${encodeURIComponent(text.trim().toUpperCase())}`);
  }
  return (
    <form onSubmit={submit} aria-label="Open a utility account">
      <Group align="flex-end">
        <TextInput label="Account number" value={text} onChange={(event) => setText(event.currentTarget.value)} w={220} autoFocus={!initial} />
        <Button type="submit" variant="default">Open</Button>
        {can('utility.service') && <Button component={Link} to="/utility/start" variant="subtle">Start service…</Button>}
      </Group>
    </form>
  );
}

function AccountView({ view }: { view: UtilityAccountView }) {
  const { account, meters, bills } = view;
  const meterBySerial = new Map(meters.map((meter) => [meter.serial, meter]));
  const setup = useUtilitySetup();
  const className = setup.data?.classes.find((row) => row.code === account.classCode)?.name ?? account.classCode;
  const { can } = useSession();
  const [dialog, setDialog] = useState<'stop' | 'transfer' | null>(null);
  const mayChange = can('utility.service') && account.status === 'active' && account.stoppedOn === null;
  return (
    <Stack>
      {dialog && <ServiceDialog kind={dialog} view={view} onClose={() => setDialog(null)} />}
      <Card withBorder padding="sm" data-testid="utility-account-header">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="xl" align="flex-start">
            <Field label="Customer"><Anchor component={Link} to={`/customers/${account.customerId}`}>{account.customerName}</Anchor></Field>
            <Field label="Service address">{account.serviceAddress}</Field>
            <Field label="Location"><span className="mono">{account.locationNumber}</span></Field>
            <Field label="Class">{className}{account.dwellingUnits > 1 ? ` · ${account.dwellingUnits} units` : ''}</Field>
            <Field label="Cycle / route">{account.cycleCode}{account.routeCode ? ` / ${account.routeCode}` : ''}</Field>
            <Field label="Service">{formatIsoDate(account.startedOn)}{account.stoppedOn ? ` to ${formatIsoDate(account.stoppedOn)}` : ''}</Field>
            <Field label="Billed through">{account.billedThrough ? formatIsoDate(account.billedThrough) : 'not billed yet'}</Field>
          </Group>
          <Stack gap={4} align="flex-end">
            <Badge size="lg" variant="light" color={statusColors[account.status]}>{account.status.replace('_', ' ')}</Badge>
            <Text size="xs" c="dimmed">Balance today</Text>
            <Text fw={700} size="xl" className="amount" data-testid="account-balance">{formatDollars(account.balanceCents)}</Text>
            {account.paperless && <Badge size="xs" variant="outline">paperless</Badge>}
            {mayChange && (
              <Group gap="xs" mt={4} className="no-print">
                <Button size="xs" variant="default" onClick={() => setDialog('transfer')}>Transfer service</Button>
                <Button size="xs" variant="light" color="red" onClick={() => setDialog('stop')}>Stop service</Button>
              </Group>
            )}
            {account.stoppedOn && account.status === 'active' && <Text size="xs" c="orange.8">Stops {formatIsoDate(account.stoppedOn)}; final bill next run</Text>}
          </Stack>
        </Group>
      </Card>
      <Grid gap="lg">
        <Grid.Col span={6}>
          <Stack>
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">Services and meters</Text>
              <Table className="report" aria-label="Services and meters">
                <Table.Thead>
                  <Table.Tr><Table.Th>Service</Table.Th><Table.Th>Rate</Table.Th><Table.Th>Meter</Table.Th><Table.Th>Since</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {account.agreements.map((agreement) => {
                    const meter = agreement.meterSerial ? meterBySerial.get(agreement.meterSerial) : undefined;
                    return (
                      <Table.Tr key={agreement.id}>
                        <Table.Td>{agreement.serviceType}</Table.Td>
                        <Table.Td className="mono">{agreement.rateCode}</Table.Td>
                        <Table.Td>
                          {agreement.meterSerial ? <span className="mono">{agreement.meterSerial}</span> : <Text size="sm" c="dimmed">unmetered</Text>}
                          {meter && <Text size="xs" c="dimmed">{meter.size}" · {meter.unit} · {meter.dials} dials{meter.installedOn ? ` · installed ${formatIsoDate(meter.installedOn)}` : ''}</Text>}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(agreement.startedOn)}{agreement.endedOn ? ` – ${formatIsoDate(agreement.endedOn)}` : ''}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Card>
            {account.deposits.length > 0 && (
              <Card withBorder padding="sm">
                <Text fw={600} mb="xs">Deposits</Text>
                <Table className="report" aria-label="Deposits">
                  <Table.Tbody>
                    {account.deposits.map((deposit) => (
                      <Table.Tr key={deposit.id}>
                        <Table.Td>{deposit.reason}</Table.Td>
                        <Table.Td>{deposit.status}</Table.Td>
                        <Table.Td style={{ textAlign: 'right' }}><Money cents={deposit.amountCents} /></Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={6}>
          <Card withBorder padding="sm">
            <Text fw={600} mb="xs">Recent bills</Text>
            <Table className="report" highlightOnHover aria-label="Recent bills">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Bill</Table.Th><Table.Th>Period</Table.Th><Table.Th style={{ textAlign: 'right' }}>Use</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th><Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {bills.map((bill) => (
                  <Table.Tr key={bill.id}>
                    <Table.Td><Anchor component={Link} to={`/utility/bills/${bill.billNumber}`} className="mono" size="sm">{bill.billNumber}</Anchor></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm">{formatPeriod(bill.periodFrom, bill.periodTo)}</Text></Table.Td>
                    <Table.Td className="amount">{formatQuantity(bill.consumption)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}><Money cents={bill.currentChargesCents} /></Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Badge size="sm" variant="light" color={billStatusColors[bill.status]} styles={whole}>{bill.status}</Badge>
                        {bill.billKind === 'rebill' && <Badge size="xs" variant="outline" styles={whole}>corrected</Badge>}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {bills.length === 0 && <Text size="sm" c="dimmed">No bills yet.</Text>}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
