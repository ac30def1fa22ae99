/**
 * The Customer 360's utility service: each utility account of the customer with its service
 * location, class, status and balance, each opening the utility account screen; and, for a clerk
 * holding utility.service, a start of service for this customer.
 */
import { Anchor, Badge, Button, Group, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useCustomerUtilityAccounts, type CustomerUtilityAccount } from '../../api/utilityService';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { formatIsoDate } from '../../dates';

const statusColors: Record<CustomerUtilityAccount['status'], string> = { active: 'green', final_billed: 'orange', closed: 'gray' };

export function UtilityServicePanel({ customerId, isOpen }: { customerId: number; isOpen: boolean }) {
  const { can, canAny } = useSession();
  const accounts = useCustomerUtilityAccounts(customerId, canAny(['utility.read', 'customers.read']));
  const mayStart = can('utility.service') && isOpen;
  const list = accounts.data ?? [];
  if (list.length === 0 && !mayStart && !accounts.isError) return null;
  return (
    <section aria-labelledby="utility-service-title">
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h5" id="utility-service-title">Utility service</Title>
        {mayStart && (
          <Button component={Link} to={`/utility/start?customer=${customerId}`} size="compact-xs" variant="subtle" className="no-print">
            Start service
          </Button>
        )}
      </Group>
      {accounts.isError && <ErrorAlert error={accounts.error} title="Utility accounts did not load" />}
      {list.length === 0 && !accounts.isPending ? (
        <Text size="sm" c="dimmed">No utility accounts.</Text>
      ) : (
        <Table withTableBorder highlightOnHover className="report" aria-label="Utility accounts" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th><Table.Th>Service location</Table.Th><Table.Th>Class</Table.Th><Table.Th>Status</Table.Th>
              <Table.Th>Service</Table.Th><Table.Th className="amount">Balance</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((account) => (
              <Table.Tr key={account.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/utility/accounts/${account.accountNumber}`} className="mono" fw={600} size="sm">{account.accountNumber}</Anchor>
                </Table.Td>
                <Table.Td>{account.serviceAddress} <Text span size="xs" c="dimmed">({account.locationNumber})</Text></Table.Td>
                <Table.Td>{account.classCode.replaceAll('_', ' ')}</Table.Td>
                <Table.Td><Badge size="xs" variant="light" color={statusColors[account.status]}>{account.status.replace('_', ' ')}</Badge></Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatIsoDate(account.startedOn)}{account.stoppedOn ? ` – ${formatIsoDate(account.stoppedOn)}` : ''}
                </Table.Td>
                <Table.Td className="amount" fw={600}><Money cents={account.balanceCents} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
