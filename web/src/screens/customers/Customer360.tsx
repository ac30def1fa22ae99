/**
 * Customer 360: one customer, every balance, on one screen. The header carries who they are (number,
 * type, language, masked TIN, flags a clerk must not miss, contacts, mailing address); a strip the
 * totals and aging of every account; the accounts table opens an account's activity below it;
 * then properties and the interaction log. Actions (new invoice, adjustment, payment, note,
 * statement, print) show only to those allowed; the server checks again. Printable.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAdjustments, IconCash, IconFileInvoice, IconFileText, IconNote, IconPrinter } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import {
  languageLabels,
  useCustomer,
  useCustomerReceivables,
  type AccountBalance,
  type CustomerDetail,
  type CustomerReceivables,
  type DuplicateCandidate,
} from '../../api/customers';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { PrintHeader } from '../../components/PrintHeader';
import { formatInstant, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';
import { AccountActivityPanel } from './CustomerActivity';
import {
  AdjustmentDialog,
  NoteDialog,
  OpenAccountDialog,
  PaymentDialog,
  StatementDialog,
  type ActionOutcome,
} from './CustomerDialogs';
import { ChangeAddressDialog, EditCustomerDialog } from './CustomerEditDialogs';
import { FlagBadges } from './FlagBadges';
import { InteractionList } from './InteractionList';
import { DuplicatesPanel, MergeDialog } from './MergeDialogs';
import { UtilityServicePanel } from './UtilityServicePanel';
import { NewInvoiceDialog } from './NewInvoiceDialog';

/** Shortcut hints on hover only: after a dialog closes, focus returns to its button without a popup. */
const hoverOnly = { hover: true, focus: false, touch: false };

type Dialog = 'note' | 'adjustment' | 'payment' | 'statement' | 'open-account' | 'invoice' | 'edit' | 'address' | 'merge' | null;

export function Customer360() {
  const { id } = useParams();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const customer = useCustomer(id);
  const receivables = useCustomerReceivables(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [mergeCandidate, setMergeCandidate] = useState<DuplicateCandidate | null>(null);
  const accounts = receivables.data?.accounts ?? [];
  const selectedNumber = params.get('account');
  const selected = accounts.find((account) => account.accountNumber === selectedNumber) ?? null;

  const canNote = can('customers.edit');
  const canAdjust = can('receivables.adjust') && accounts.length > 0;
  const canPay = can('receivables.payment') && accounts.length > 0;
  const canInvoice = can('billing.invoice');
  const isOpen = customer.data?.status !== 'merged';
  useHotkeys([
    ['alt+N', () => canNote && isOpen && setDialog('note')],
    ['alt+A', () => canAdjust && isOpen && setDialog('adjustment')],
    ['alt+P', () => canPay && isOpen && setDialog('payment')],
    ['alt+I', () => canInvoice && isOpen && setDialog('invoice')],
  ]);

  function selectAccount(accountNumber: string | null) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (accountNumber && accountNumber !== current.get('account')) next.set('account', accountNumber);
        else next.delete('account');
        return next;
      },
      { replace: true },
    );
  }

  const data = customer.data;
  const title = data ? data.legalName : `Customer ${id ?? ''}`;
  return (
    <Stack gap="md">
      <PageTitle title={title}>
        {data && isOpen && (
          <>
            {canInvoice && (
              <Tooltip label="Alt+I" events={hoverOnly}>
                <Button size="xs" variant="default" leftSection={<IconFileInvoice size={14} aria-hidden />} onClick={() => setDialog('invoice')}>
                  New invoice
                </Button>
              </Tooltip>
            )}
            {canNote && (
              <Tooltip label="Alt+N" events={hoverOnly}>
                <Button size="xs" variant="default" leftSection={<IconNote size={14} aria-hidden />} onClick={() => setDialog('note')}>
                  Add note
                </Button>
              </Tooltip>
            )}
            {canAdjust && (
              <Tooltip label="Alt+A" events={hoverOnly}>
                <Button size="xs" variant="default" leftSection={<IconAdjustments size={14} aria-hidden />} onClick={() => setDialog('adjustment')}>
                  Adjustment
                </Button>
              </Tooltip>
            )}
            {canPay && (
              <Tooltip label="Alt+P" events={hoverOnly}>
                <Button size="xs" variant="default" leftSection={<IconCash size={14} aria-hidden />} onClick={() => setDialog('payment')}>
                  Record payment
                </Button>
              </Tooltip>
            )}
            <Button size="xs" variant="default" leftSection={<IconFileText size={14} aria-hidden />} onClick={() => setDialog('statement')}>
              Statement
            </Button>
          </>
        )}
        <Button size="xs" variant="default" leftSection={<IconPrinter size={14} aria-hidden />} onClick={() => window.print()}>
          Print
        </Button>
      </PageTitle>
      {data && (
        <PrintHeader
          title={`Customer summary: ${data.legalName}`}
          lines={[`Customer ${data.customerNumber}`, `Balances as of ${formatIsoDate(receivables.data?.asOf)}`]}
        />
      )}
      {customer.isError && <ErrorAlert error={customer.error} title="The customer did not load" />}
      {customer.isPending && <Text c="dimmed">Loading the customer...</Text>}
      {outcome && (
        <Alert
          color={outcome.color}
          title={outcome.title}
          withCloseButton
          onClose={() => setOutcome(null)}
          role="status"
          className="no-print"
          data-testid="action-outcome"
        >
          {outcome.message}
          {outcome.link && (
            <>
              {' '}
              <Anchor href={outcome.link.href} target="_blank" rel="noopener">
                {outcome.link.label}
              </Anchor>
            </>
          )}
          {outcome.approvalRequestId && (
            <>
              {' '}
              <Anchor component={Link} to={`/approvals?tab=mine&request=${outcome.approvalRequestId}`}>
                See request #{outcome.approvalRequestId}
              </Anchor>
            </>
          )}
        </Alert>
      )}
      {data && (
        <>
          <MergeNotice customer={data} />
          <CustomerHeader
            customer={data}
            onEdit={canNote && isOpen ? (which) => setDialog(which) : null}
          />
          {canNote && isOpen && (
            <DuplicatesPanel
              customer={data}
              onAskToMerge={(candidate) => {
                setMergeCandidate(candidate);
                setDialog('merge');
              }}
            />
          )}
          <TotalsStrip receivables={receivables.data} isLoading={receivables.isPending} />
          {receivables.isError && <ErrorAlert error={receivables.error} title="Balances did not load" />}
          <AccountsTable
            accounts={accounts}
            selected={selectedNumber}
            onSelect={selectAccount}
            onOpenAccount={can('customers.edit') && isOpen ? () => setDialog('open-account') : null}
          />
          {selected && (
            <AccountActivityPanel
              account={selected}
              onClose={() => selectAccount(null)}
              onOutcome={setOutcome}
            />
          )}
          <UtilityServicePanel customerId={data.id} isOpen={isOpen} />
          <SimpleGrid cols={2} spacing="lg">
            <Properties customer={data} />
            <section aria-labelledby="interactions-title">
              <Group justify="space-between" mb={4}>
                <Title order={3} size="h5" id="interactions-title">
                  Recent interactions
                </Title>
                {data.openFollowUpCount > 0 && (
                  <Badge variant="light" color="blue">
                    {data.openFollowUpCount} open follow-up{data.openFollowUpCount === 1 ? '' : 's'}
                  </Badge>
                )}
              </Group>
              <InteractionList interactions={data.recentInteractions} />
            </section>
          </SimpleGrid>
          {data.notes && (
            <Paper withBorder p="sm">
              <Text size="xs" c="dimmed">
                Notes on file
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {data.notes}
              </Text>
            </Paper>
          )}
        </>
      )}
      {data && dialog === 'note' && (
        <NoteDialog customer={data} accounts={accounts} defaultAccount={selected} onClose={() => setDialog(null)} onOutcome={setOutcome} />
      )}
      {data && dialog === 'adjustment' && (
        <AdjustmentDialog accounts={accounts} defaultAccount={selected} onClose={() => setDialog(null)} onOutcome={setOutcome} />
      )}
      {data && dialog === 'payment' && (
        <PaymentDialog customer={data} accounts={accounts} defaultAccount={selected} onClose={() => setDialog(null)} onOutcome={setOutcome} />
      )}
      {data && dialog === 'statement' && <StatementDialog customer={data} onClose={() => setDialog(null)} />}
      {data && dialog === 'edit' && <EditCustomerDialog customer={data} onClose={() => setDialog(null)} onOutcome={setOutcome} />}
      {data && dialog === 'address' && <ChangeAddressDialog customer={data} onClose={() => setDialog(null)} onOutcome={setOutcome} />}
      {data && dialog === 'invoice' && (
        <NewInvoiceDialog customer={data} onClose={() => setDialog(null)} onOutcome={setOutcome} />
      )}
      {data && dialog === 'merge' && mergeCandidate && (
        <MergeDialog customer={data} candidate={mergeCandidate} onClose={() => setDialog(null)} onOutcome={setOutcome} />
      )}
      {data && dialog === 'open-account' && (
        <OpenAccountDialog customer={data} onClose={() => setDialog(null)} onOutcome={setOutcome} />
      )}
    </Stack>
  );
}

function MergeNotice({ customer }: { customer: CustomerDetail }) {
  const into = customer.merge.mergedInto;
  if (into) {
    return (
      <Alert
        color="orange"
        role="alert"
        data-testid="merged-banner"
        title={
          <>
            Merged into{' '}
            <Anchor component={Link} to={`/customers/${into.customerId}`} fw={700} inherit>
              {into.customerNumber}
            </Anchor>
          </>
        }
      >
        This customer is closed. Its accounts, contacts, addresses, properties and interactions now live on{' '}
        <Anchor component={Link} to={`/customers/${into.customerId}`}>
          {into.legalName} ({into.customerNumber})
        </Anchor>
        , merged {formatInstant(into.mergedAt)}.
      </Alert>
    );
  }
  if (customer.merge.mergedFrom.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="merged-from">
      Merged into this customer:{' '}
      {customer.merge.mergedFrom.map((from, index) => (
        <span key={from.customerId}>
          {index > 0 && ', '}
          <Anchor component={Link} to={`/customers/${from.customerId}`} size="xs">
            {from.legalName} ({from.customerNumber})
          </Anchor>{' '}
          on {formatInstant(from.mergedAt)}
        </span>
      ))}
    </Text>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" lh={1.3}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function CustomerHeader({
  customer,
  onEdit,
}: {
  customer: CustomerDetail;
  onEdit: ((which: 'edit' | 'address') => void) | null;
}) {
  const phones = customer.contacts.filter((contact) => contact.isActive && contact.kind === 'phone');
  const emails = customer.contacts.filter((contact) => contact.isActive && contact.kind === 'email');
  return (
    <Paper withBorder p="sm" component="section" aria-label="Customer">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <Group gap="xs">
          <Text className="mono" fw={600} data-testid="customer-number">
            {customer.customerNumber}
          </Text>
          <Badge variant="light" color="gray">
            {customer.customerType === 'business' ? 'Business' : 'Person'}
          </Badge>
          {customer.status !== 'active' && (
            <Badge color="gray" variant="outline">
              {customer.status}
            </Badge>
          )}
          {customer.dbaName && <Text size="sm">dba {customer.dbaName}</Text>}
          {onEdit && (
            <Group gap={4} className="no-print">
              <Button size="compact-xs" variant="subtle" onClick={() => onEdit('edit')}>
                Edit
              </Button>
              <Button size="compact-xs" variant="subtle" onClick={() => onEdit('address')}>
                New address
              </Button>
            </Group>
          )}
        </Group>
        <FlagBadges flags={customer.flags} size="lg" />
      </Group>
      <SimpleGrid cols={4} spacing="sm" verticalSpacing="xs">
        <Field label="Mailing address">
          {customer.mailingAddress ? (
            <>
              {customer.mailingAddress.line1}
              {customer.mailingAddress.line2 ? <>, {customer.mailingAddress.line2}</> : null}
              <br />
              {customer.mailingAddress.city}, {customer.mailingAddress.state} {customer.mailingAddress.zip}
            </>
          ) : (
            <Text span c="dimmed" size="sm">
              none on file
            </Text>
          )}
          {customer.flags.hasReturnedMail && (
            <Text size="xs" c="orange.8" fw={600}>
              Mail came back from this address
            </Text>
          )}
        </Field>
        <Field label="Phone">
          {phones.length === 0 ? <Text span c="dimmed" size="sm">none</Text> : phones.map((phone) => (
            <div key={phone.id}>
              {phone.display} <Text span size="xs" c="dimmed">{phone.label}{phone.contactName ? ` · ${phone.contactName}` : ''}</Text>
            </div>
          ))}
        </Field>
        <Field label="Email">
          {emails.length === 0 ? <Text span c="dimmed" size="sm">none</Text> : emails.map((email) => (
            <div key={email.id} style={{ overflowWrap: 'anywhere' }}>
              {email.display} <Text span size="xs" c="dimmed">{email.label}</Text>
            </div>
          ))}
        </Field>
        <Stack gap={4}>
          <Field label="Language">{languageLabels[customer.preferredLanguage] ?? customer.preferredLanguage}</Field>
          <Field label="Taxpayer ID">
            <TinField customer={customer} />
          </Field>
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

/** The TIN masked; those holding customers.tin may reveal it, and the server records who looked. */
function TinField({ customer }: { customer: CustomerDetail }) {
  const reveal = useMutation({
    mutationFn: () => api.get<{ tin: string }>(`/api/customers/${customer.id}/tin`),
  });
  if (!customer.tin) return <Text span c="dimmed" size="sm">none on file</Text>;
  return (
    <Group gap={6} wrap="nowrap">
      <Text span className="mono" size="sm" data-testid="tin">
        {reveal.data?.tin ?? customer.tin.display}
      </Text>
      <Text span size="xs" c="dimmed">
        {customer.tin.type.toUpperCase()}
      </Text>
      {customer.tin.canReveal && !reveal.data && (
        <Tooltip label="Shows the full number; the audit trail records that you looked">
          <Anchor component="button" size="xs" onClick={() => reveal.mutate()} className="no-print">
            {reveal.isPending ? 'Showing...' : 'Show'}
          </Anchor>
        </Tooltip>
      )}
      {reveal.isError && <Text span size="xs" c="red">{reveal.error.message}</Text>}
    </Group>
  );
}

const agingColumns: Array<{ key: keyof AccountBalance['aging']; label: string }> = [
  { key: 'current', label: 'Current' },
  { key: 'days30', label: '30–59 days' },
  { key: 'days60', label: '60–89 days' },
  { key: 'days90', label: '90–119 days' },
  { key: 'days120', label: '120+ days' },
];

function TotalsStrip({ receivables, isLoading }: { receivables: CustomerReceivables | undefined; isLoading: boolean }) {
  if (!receivables) return isLoading ? <Text c="dimmed" size="sm">Loading balances...</Text> : null;
  const { totals } = receivables;
  const cells: Array<{ label: string; cents: number; testId: string; strong?: boolean; color?: string }> = [
    { label: 'Balance owed', cents: totals.balanceCents, testId: 'total-balance', strong: true },
    ...agingColumns.map((column) => ({
      label: column.label,
      cents: totals.aging[column.key],
      testId: `total-${column.key}`,
      color: column.key !== 'current' && totals.aging[column.key] > 0 ? 'red.8' : undefined,
    })),
    { label: 'Unapplied credit', cents: totals.unappliedCreditCents, testId: 'total-credit', color: totals.unappliedCreditCents > 0 ? 'green.8' : undefined },
  ];
  return (
    <SimpleGrid cols={7} spacing="xs" aria-label="Totals">
      {cells.map((cell) => (
        <Paper key={cell.label} withBorder p="xs" bg={cell.strong ? 'gray.0' : undefined}>
          <Text size="xs" c="dimmed">
            {cell.label}
          </Text>
          <Text fw={cell.strong ? 700 : 500} size={cell.strong ? 'lg' : 'md'} c={cell.color} className="amount" ta="left" data-testid={cell.testId}>
            {formatDollars(cell.cents)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function AccountsTable({
  accounts,
  selected,
  onSelect,
  onOpenAccount,
}: {
  accounts: AccountBalance[];
  selected: string | null;
  onSelect(accountNumber: string): void;
  onOpenAccount: (() => void) | null;
}) {
  return (
    <section aria-labelledby="accounts-title">
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h5" id="accounts-title">
          Accounts
        </Title>
        <Group gap="sm" className="no-print">
          {accounts.length > 0 && (
            <Text size="xs" c="dimmed">
              Choose an account to see its activity.
            </Text>
          )}
          {onOpenAccount && (
            <Button size="compact-xs" variant="subtle" onClick={onOpenAccount}>
              Open account
            </Button>
          )}
        </Group>
      </Group>
      {accounts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No receivable accounts.
        </Text>
      ) : (
        <Table withTableBorder highlightOnHover className="report" aria-label="Accounts" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Fund</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th className="amount">Balance</Table.Th>
              {agingColumns.map((column) => (
                <Table.Th key={column.key} className="amount">
                  {column.key === 'current' ? 'Current' : column.label.replace(' days', '')}
                </Table.Th>
              ))}
              <Table.Th>Oldest due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.map((account) => {
              const isSelected = account.accountNumber === selected;
              return (
                <Table.Tr
                  key={account.id}
                  bg={isSelected ? 'blue.0' : undefined}
                  style={{ cursor: 'pointer' }}
                  onClick={() => onSelect(account.accountNumber)}
                  aria-selected={isSelected}
                >
                  <Table.Td>
                    <UnstyledButton
                      className="mono"
                      fw={600}
                      c="blue.8"
                      onClick={(event) => {
                        event.stopPropagation();
                        onSelect(account.accountNumber);
                      }}
                      aria-label={`Activity of ${account.accountNumber}`}
                      aria-expanded={isSelected}
                    >
                      {account.accountNumber}
                    </UnstyledButton>
                    {account.description && (
                      <Text size="xs" c="dimmed" truncate="end" maw={200}>
                        {account.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{account.kindName}</Table.Td>
                  <Table.Td>{account.fundCode}</Table.Td>
                  <Table.Td>
                    {account.status === 'active' ? account.status : <Badge size="xs" color="gray" variant="outline">{account.status}</Badge>}
                  </Table.Td>
                  <Table.Td className="amount" fw={600}>
                    <Money cents={account.balanceCents} />
                  </Table.Td>
                  {agingColumns.map((column) => (
                    <Table.Td key={column.key} className="amount" c={column.key !== 'current' && account.aging[column.key] > 0 ? 'red.8' : undefined}>
                      <Money cents={account.aging[column.key]} blankZero />
                    </Table.Td>
                  ))}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(account.oldestDueDate)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}

function Properties({ customer }: { customer: CustomerDetail }) {
  const current = customer.properties.filter((property) => property.endDate === null);
  const past = customer.properties.length - current.length;
  return (
    <section aria-labelledby="properties-title">
      <Title order={3} size="h5" id="properties-title" mb={4}>
        Properties
      </Title>
      {current.length === 0 ? (
        <Text size="sm" c="dimmed">
          No properties linked{past > 0 ? ` now (${past} in the past)` : ''}.
        </Text>
      ) : (
        <Table withTableBorder className="report" aria-label="Properties" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>APN</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {current.map((property) => (
              <Table.Tr key={property.id}>
                <Table.Td className="mono">{property.apn}</Table.Td>
                <Table.Td>
                  {property.serviceAddress ?? property.situs}
                  {property.locationNumber && (
                    <Text size="xs" c="dimmed">
                      Service location {property.locationNumber}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="xs" variant="light" color={property.role === 'owner' ? 'teal' : 'indigo'}>
                    {property.role}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(property.startDate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
