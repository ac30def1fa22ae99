/** One journal entry: its lines, source, who entered, approved and posted it, reversal links. */
import { Alert, Anchor, Button, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { ApprovalRequest, JournalEntry } from '../../api/types';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { cityToday, formatInstant, formatIsoDate } from '../../dates';

export function JournalEntryDetail() {
  const { id } = useParams();
  const { can } = useSession();
  const [isReversing, setIsReversing] = useState(false);
  const entry = useQuery({
    queryKey: ['ledger', 'journal-entry', id],
    queryFn: () => api.get<JournalEntry>(`/api/journal-entries/${id}`),
  });
  const data = entry.data;
  return (
    <Stack>
      <PageTitle title={`Journal entry #${id}`}>
        {data && can('ledger.request') && !data.reversedByEntryId && !data.reversesEntryId && (
          <Button variant="light" color="orange" onClick={() => setIsReversing(true)}>
            Request reversal
          </Button>
        )}
      </PageTitle>
      {entry.isError && <ErrorAlert error={entry.error} />}
      {data && (
        <>
          {data.reversesEntryId && (
            <Alert color="orange">
              This entry reverses{' '}
              <Anchor component={Link} to={`/accounting/journal/${data.reversesEntryId}`}>entry #{data.reversesEntryId}</Anchor>.
            </Alert>
          )}
          {data.reversedByEntryId && (
            <Alert color="gray">
              Reversed by <Anchor component={Link} to={`/accounting/journal/${data.reversedByEntryId}`}>entry #{data.reversedByEntryId}</Anchor>.
            </Alert>
          )}
          <SimpleGrid cols={3} spacing="xs">
            <Field label="Date">{formatIsoDate(data.entryDate)}</Field>
            <Field label="Period">{data.periodKey}</Field>
            <Field label="Source">{data.source.module}{data.source.reference ? ` · ${data.source.reference}` : ''}</Field>
            <Field label="Description">{data.description}</Field>
            <Field label="Entered by">{data.enteredBy ?? data.postedBy}</Field>
            <Field label="Approved by">
              {data.approvedBy ?? '—'}
              {data.approvalRequestId ? (
                <> (<Anchor component={Link} to={`/approvals?tab=all&request=${data.approvalRequestId}`}>request #{data.approvalRequestId}</Anchor>)</>
              ) : null}
            </Field>
            <Field label="Posted">{data.postedBy} on {formatInstant(data.postedAt)}</Field>
            <Field label="Idempotency key"><span className="mono">{data.idempotencyKey}</span></Field>
          </SimpleGrid>
          <Table withTableBorder striped className="report" aria-label="Lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Fund</Table.Th>
                <Table.Th className="amount">Debit</Table.Th>
                <Table.Th className="amount">Credit</Table.Th>
                <Table.Th>Memo</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.lines.map((line) => (
                <Table.Tr key={line.lineNumber}>
                  <Table.Td>{line.lineNumber}</Table.Td>
                  <Table.Td className="mono">
                    <Anchor component={Link} to={`/accounting/activity?account=${line.accountCode}&to=${data.entryDate}`}>{line.accountCode}</Anchor>
                  </Table.Td>
                  <Table.Td>{line.accountName}</Table.Td>
                  <Table.Td>{line.fundCode}</Table.Td>
                  <Table.Td className="amount"><Money cents={line.debitCents} blankZero /></Table.Td>
                  <Table.Td className="amount"><Money cents={line.creditCents} blankZero /></Table.Td>
                  <Table.Td>{line.memo}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr className="totals">
                <Table.Td colSpan={4}>Total</Table.Td>
                <Table.Td className="amount"><Money cents={data.totalDebitCents} /></Table.Td>
                <Table.Td className="amount"><Money cents={data.totalDebitCents} /></Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
          {isReversing && <ReversalDialog entry={data} onClose={() => setIsReversing(false)} />}
        </>
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function ReversalDialog({ entry, onClose }: { entry: JournalEntry; onClose(): void }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [entryDate, setEntryDate] = useState(cityToday());
  const [description, setDescription] = useState(`Reversal of entry #${entry.id}: ${entry.description}`);
  const request = useMutation({
    mutationFn: () =>
      api.post<ApprovalRequest>(`/api/journal-entries/${entry.id}/reversal-requests`, {
        entryDate: entryDate || undefined,
        description: description.trim() || undefined,
      }),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['approvals'] });
      notifications.show({ color: 'green', title: `Request #${created.id} filed`, message: 'The reversal posts when it is approved.' });
      navigate(`/approvals?tab=mine&request=${created.id}`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Request a reversal of entry #${entry.id}`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            A reversal is a new entry with every line negated, linked to this one. The original never changes.
          </Text>
          {request.isError && <ErrorAlert error={request.error} />}
          <TextInput label="Reversal date" type="date" value={entryDate} onChange={(event) => setEntryDate(event.currentTarget.value)} data-autofocus />
          <TextInput label="Description" value={description} onChange={(event) => setDescription(event.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Back</Button>
            <Button type="submit" color="orange" loading={request.isPending}>Request reversal</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
