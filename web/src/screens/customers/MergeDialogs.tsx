/**
 * Duplicate customers on the Customer 360: the server's possible duplicates of this customer (why
 * each matches, a link to each), and "Ask to merge…", a keyboard-first dialog that shows the two
 * customers side by side, asks which one stays and why, and files a `customers.merge` request.
 * Nothing moves until someone holding receivables.approve approves it in My approvals.
 */
import { Anchor, Badge, Button, Group, Modal, Paper, Radio, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, isApiError } from '../../api/client';
import {
  duplicateReasonLabels,
  useCustomer,
  useDuplicateCandidates,
  type CustomerDetail,
  type DuplicateCandidate,
} from '../../api/customers';
import type { ApprovalRequest } from '../../api/types';
import { advanceOnEnter, fieldErrorsOf } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import type { ActionOutcome } from './CustomerDialogs';

function sentence(message: string | undefined): string | undefined {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : undefined;
}

/** The possible duplicates of a customer, each with why it matches; only for customers.edit holders. */
export function DuplicatesPanel({ customer, onAskToMerge }: { customer: CustomerDetail; onAskToMerge(candidate: DuplicateCandidate): void }) {
  const duplicates = useDuplicateCandidates(String(customer.id), true);
  if (duplicates.isError) return <ErrorAlert error={duplicates.error} title="Possible duplicates did not load" />;
  const candidates = duplicates.data ?? [];
  if (candidates.length === 0) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="duplicates-title" className="no-print" bg="yellow.0">
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h5" id="duplicates-title">
          Possible duplicates ({candidates.length})
        </Title>
        <Text size="xs" c="dimmed">
          A merge is carried out only when someone holding receivables.approve approves it.
        </Text>
      </Group>
      <Table className="report" aria-label="Possible duplicates" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Mailing address</Table.Th>
            <Table.Th>Why it may be the same</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {candidates.map((candidate) => (
            <Table.Tr key={candidate.customerId} data-testid="duplicate-candidate">
              <Table.Td>
                <Anchor component={Link} to={`/customers/${candidate.customerId}`} fw={600}>
                  {candidate.legalName}
                </Anchor>{' '}
                <Text span className="mono" size="xs" c="dimmed">
                  {candidate.customerNumber}
                </Text>
                {candidate.dbaName && (
                  <Text size="xs" c="dimmed">
                    dba {candidate.dbaName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{candidate.mailingAddress ?? <Text span c="dimmed" size="sm">none on file</Text>}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {candidate.reasons.map((reason) => (
                    <Badge key={reason} size="sm" variant="light" color="orange">
                      {duplicateReasonLabels[reason] ?? reason}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => onAskToMerge(candidate)}
                  aria-label={`Ask to merge ${candidate.legalName} ${candidate.customerNumber}…`}
                >
                  Ask to merge…
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** One of the two customers, as the clerk compares them. */
function CustomerCard({
  customer,
  which,
  isSurvivor,
  onChoose,
}: {
  customer: CustomerDetail;
  which: string;
  isSurvivor: boolean;
  onChoose(): void;
}) {
  const active = customer.contacts.filter((contact) => contact.isActive);
  const openAccounts = customer.accounts.filter((account) => account.status !== 'closed');
  return (
    <Paper
      withBorder
      p="sm"
      bg={isSurvivor ? 'blue.0' : undefined}
      style={{ cursor: 'pointer', borderColor: isSurvivor ? 'var(--mantine-color-blue-6)' : undefined }}
      onClick={onChoose}
      data-testid={`merge-card-${customer.customerNumber}`}
    >
      <Stack gap={6}>
        <Radio value={String(customer.id)} label={`Keep ${customer.customerNumber} (${which})`} fw={600} />
        <Group gap={6}>
          <Badge size="sm" color={isSurvivor ? 'blue' : 'orange'} variant="light">
            {isSurvivor ? 'Stays' : 'Merged into the other, then closed'}
          </Badge>
          {customer.status !== 'active' && (
            <Badge size="sm" color="gray" variant="outline">
              {customer.status}
            </Badge>
          )}
        </Group>
        <div>
          <Text size="xs" c="dimmed">
            Name and number
          </Text>
          <Text size="sm">
            {customer.legalName}
            {customer.dbaName ? ` dba ${customer.dbaName}` : ''}{' '}
            <Text span className="mono" size="sm">
              {customer.customerNumber}
            </Text>
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Mailing address
          </Text>
          <Text size="sm">{customer.mailingAddress?.oneLine ?? 'none on file'}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Accounts
          </Text>
          <Text size="sm" data-testid="merge-card-accounts">
            {customer.accounts.length === 0
              ? 'No accounts'
              : `${customer.accounts.length} account${customer.accounts.length === 1 ? '' : 's'} (${openAccounts.length} open): ${customer.accounts.map((account) => account.accountNumber).join(', ')}`}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Phone, email, TIN
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {[...active.map((contact) => contact.display), customer.tin ? `TIN ${customer.tin.display}` : null].filter(Boolean).join(' · ') || 'none on file'}
          </Text>
        </div>
        <Text size="xs" c="dimmed">
          Customer since {new Date(customer.createdAt).toLocaleDateString('en-US')} · {customer.properties.length} propert
          {customer.properties.length === 1 ? 'y' : 'ies'} · {customer.recentInteractions.length} recent interaction
          {customer.recentInteractions.length === 1 ? '' : 's'}
        </Text>
      </Stack>
    </Paper>
  );
}

export function MergeDialog({
  customer,
  candidate,
  onClose,
  onOutcome,
}: {
  customer: CustomerDetail;
  candidate: DuplicateCandidate;
  onClose(): void;
  onOutcome(outcome: ActionOutcome): void;
}) {
  const client = useQueryClient();
  const other = useCustomer(String(candidate.customerId));
  const [survivorId, setSurvivorId] = useState(String(customer.id));
  const [reason, setReason] = useState('');
  const [isTouched, setIsTouched] = useState(false);
  const survivor = survivorId === String(customer.id) ? customer : other.data;
  const merged = survivorId === String(customer.id) ? other.data : customer;
  const ask = useMutation({
    mutationFn: () =>
      api.post<ApprovalRequest>('/api/customer-merges', {
        survivorId: Number(survivorId),
        mergedId: survivorId === String(customer.id) ? candidate.customerId : customer.id,
        reason: reason.trim(),
      }),
    onSuccess: (request) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      void client.invalidateQueries({ queryKey: ['approvals'] });
      const what = merged && survivor ? ` ${merged.legalName} (${merged.customerNumber}) will be merged into ${survivor.legalName} (${survivor.customerNumber}).` : '';
      onOutcome({
        color: 'orange',
        title: 'Merge filed for approval',
        message: `Filed for approval as request #${request.id} — it is carried out when someone holding receivables.approve approves it.${what}`,
        approvalRequestId: request.id,
      });
      onClose();
    },
  });
  const errors = fieldErrorsOf(problemsOf(ask.error));
  // A conflict (merged already, or a merge already waiting) names its field in details.field.
  const conflictField = isApiError(ask.error) && typeof ask.error.details.field === 'string' ? ask.error.details.field : null;
  const choiceError =
    errors.survivorId ?? errors.mergedId ?? (conflictField === 'survivorId' || conflictField === 'mergedId' ? ask.error?.message : undefined);
  const reasonError = isTouched && !reason.trim() ? 'Say why these are the same customer' : sentence(errors.reason);

  function submit(event: FormEvent) {
    event.preventDefault();
    setIsTouched(true);
    if (reason.trim() && other.data && !ask.isPending) ask.mutate();
  }
  return (
    <Modal opened onClose={onClose} title="Ask to merge duplicate customers" size="xl">
      <form onSubmit={submit} onKeyDown={advanceOnEnter} aria-label="Ask to merge" noValidate>
        <Stack gap="sm">
          <Text size="sm">
            Choose the customer that stays. The other one&apos;s accounts, contacts, addresses, properties and interactions
            move to it; the other stays on file, marked merged. Someone holding receivables.approve must approve first.
          </Text>
          {other.isError && <ErrorAlert error={other.error} title="The other customer did not load" />}
          <Radio.Group
            name="survivor"
            label="Which customer stays?"
            value={survivorId}
            onChange={setSurvivorId}
            error={sentence(choiceError)}
          >
            <SimpleGrid cols={2} spacing="sm" mt={6}>
              <CustomerCard customer={customer} which="this customer" isSurvivor={survivorId === String(customer.id)} onChoose={() => setSurvivorId(String(customer.id))} />
              {other.data ? (
                <CustomerCard
                  customer={other.data}
                  which="the possible duplicate"
                  isSurvivor={survivorId === String(other.data.id)}
                  onChoose={() => setSurvivorId(String(candidate.customerId))}
                />
              ) : (
                <Paper withBorder p="sm">
                  <Text size="sm" c="dimmed">
                    Loading {candidate.legalName} ({candidate.customerNumber})...
                  </Text>
                </Paper>
              )}
            </SimpleGrid>
          </Radio.Group>
          <Group gap={4}>
            <Text size="xs" c="dimmed">
              Why the server matched them:
            </Text>
            {candidate.reasons.map((why) => (
              <Badge key={why} size="xs" variant="light" color="orange">
                {duplicateReasonLabels[why] ?? why}
              </Badge>
            ))}
          </Group>
          <TextInput
            label="Reason"
            required
            data-autofocus
            maxLength={500}
            placeholder="e.g. Same person: opened twice at the counter, same phone and address"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
          />
          {survivor && merged && (
            <Text size="sm" data-testid="merge-summary">
              {merged.legalName} ({merged.customerNumber}) will be merged into {survivor.legalName} ({survivor.customerNumber}).
            </Text>
          )}
          {ask.isError && <ErrorAlert error={ask.error} title="Not filed" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" loading={ask.isPending} disabled={!other.data}>
              File for approval
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
