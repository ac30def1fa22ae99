/**
 * My approvals: requests waiting for the user's decision, and the user's own requests. A journal
 * entry request shows its lines before anyone decides. Approve (optional comment), reject
 * (comment required), withdraw one's own pending request.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Modal, SegmentedControl, Stack, Table, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useAllAccounts } from '../../api/ledger';
import type { ApprovalRequest, ApprovalStatus } from '../../api/types';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant } from '../../dates';
import { formatDollars, parseDollars, sumCents } from '../../money';

type View = 'to_decide' | 'mine' | 'all';

const statusColors: Record<ApprovalStatus, string> = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  cancelled: 'gray',
};

const kindLabels: Record<string, string> = {
  'ledger.journal_entry': 'Journal entry',
  'ledger.reversal': 'Reversal',
  'customers.merge': 'Customer merge',
};

export function MyApprovals() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as View | null) ?? 'to_decide';
  const highlight = Number(params.get('request') ?? 0);
  return (
    <Stack>
      <PageTitle title="My approvals" />
      <Tabs value={tab} onChange={(value) => setParams({ tab: value ?? 'to_decide' })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="to_decide">To decide</Tabs.Tab>
          <Tabs.Tab value="mine">My requests</Tabs.Tab>
          {can('approvals.read_all') && <Tabs.Tab value="all">All requests</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="to_decide" pt="md">
          <RequestList view="to_decide" highlight={highlight} />
        </Tabs.Panel>
        <Tabs.Panel value="mine" pt="md">
          <RequestList view="mine" highlight={highlight} />
        </Tabs.Panel>
        {can('approvals.read_all') && (
          <Tabs.Panel value="all" pt="md">
            <RequestList view="all" highlight={highlight} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function RequestList({ view, highlight }: { view: View; highlight: number }) {
  const [status, setStatus] = useState<'pending' | ''>(view === 'to_decide' ? 'pending' : '');
  const requests = useQuery({
    queryKey: ['approvals', view, status],
    queryFn: () => api.get<{ requests: ApprovalRequest[] }>('/api/approvals', { view, status, limit: 100 }),
  });
  return (
    <Stack>
      <SegmentedControl
        aria-label="Which requests"
        size="xs"
        value={status || 'any'}
        onChange={(value) => setStatus(value === 'pending' ? 'pending' : '')}
        data={[
          { value: 'pending', label: 'Pending' },
          { value: 'any', label: 'All statuses' },
        ]}
        w={240}
      />
      {requests.isError && <ErrorAlert error={requests.error} />}
      {requests.isPending && <Text c="dimmed">Loading...</Text>}
      {requests.data && requests.data.requests.length === 0 && (
        <Text c="dimmed">
          {view === 'to_decide' ? 'Nothing waits for your decision.' : 'No requests here.'}
        </Text>
      )}
      {requests.data?.requests.map((request) => (
        <RequestCard key={request.id} request={request} isHighlighted={request.id === highlight} />
      ))}
    </Stack>
  );
}

function RequestCard({ request, isHighlighted }: { request: ApprovalRequest; isHighlighted: boolean }) {
  const { session, can } = useSession();
  const [decision, setDecision] = useState<'approve' | 'reject' | 'cancel' | null>(null);
  const isMine = request.requestedByUserId === session.user.id;
  const isPending = request.status === 'pending';
  const canDecide = isPending && !isMine && can(request.requiredPermission);
  const entryId = typeof request.result?.entryId === 'number' ? request.result.entryId : null;
  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-label={`Request ${request.id}`}
      style={isHighlighted ? { borderColor: 'var(--mantine-color-blue-6)', borderWidth: 2 } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={700}>Request #{request.id}</Text>
            <Badge variant="light">{kindLabels[request.kind] ?? request.kind}</Badge>
            <Badge color={statusColors[request.status]}>{request.status}</Badge>
          </Group>
          <Text>{request.summary}</Text>
          <Text size="sm" c="dimmed">
            Requested by <strong>{request.requestedBy}</strong> on {formatInstant(request.requestedAt)}
            {request.decidedBy && (
              <>
                {' · '}
                {request.status === 'cancelled' ? 'withdrawn' : request.status} by <strong>{request.decidedBy}</strong>{' '}
                on {formatInstant(request.decidedAt)}
              </>
            )}
          </Text>
          {request.decisionComment && (
            <Text size="sm">
              Comment: <em>{request.decisionComment}</em>
            </Text>
          )}
          {entryId !== null && (
            <Anchor component={Link} to={`/accounting/journal/${entryId}`} size="sm">
              Posted as journal entry #{entryId}
            </Anchor>
          )}
        </Stack>
        <Stack gap={4} align="flex-end">
          {request.amountCents !== null && (
            <Text fw={700} className="amount" aria-label="Amount">
              {formatDollars(request.amountCents)}
            </Text>
          )}
          <Group gap="xs" className="no-print" wrap="nowrap">
            {canDecide && (
              <>
                <Button size="xs" color="green" onClick={() => setDecision('approve')}>
                  Approve
                </Button>
                <Button size="xs" color="red" variant="light" onClick={() => setDecision('reject')}>
                  Reject
                </Button>
              </>
            )}
            {isPending && isMine && (
              <Button size="xs" variant="default" onClick={() => setDecision('cancel')}>
                Withdraw
              </Button>
            )}
          </Group>
          {isPending && isMine && <Text size="xs" c="dimmed">Another person decides your own requests.</Text>}
        </Stack>
      </Group>
      {request.lastError && (
        <Alert color="red" mt="sm" title="The last attempt to carry this out failed">
          {request.lastError}
        </Alert>
      )}
      <RequestPayload request={request} />
      {decision && <DecisionDialog request={request} decision={decision} onClose={() => setDecision(null)} />}
    </Card>
  );
}

interface PayloadLine {
  account?: string;
  debitCents?: number | string | null;
  creditCents?: number | string | null;
  debit?: string | null;
  credit?: string | null;
  memo?: string | null;
}

function centsOf(cents: number | string | null | undefined, dollars: string | null | undefined): number {
  if (typeof cents === 'number') return cents;
  if (typeof cents === 'string' && /^-?\d+$/.test(cents)) return Number(cents);
  if (typeof dollars === 'string') {
    const parsed = parseDollars(dollars);
    return parsed.ok ? parsed.cents : 0;
  }
  return 0;
}

function RequestPayload({ request }: { request: ApprovalRequest }) {
  const { can } = useSession();
  const accounts = useAllAccounts(can('ledger.read'));
  const nameOf = (code: string) => accounts.data?.find((account) => account.code === code)?.name ?? '';
  const payload = (typeof request.payload === 'object' && request.payload !== null ? request.payload : {}) as Record<
    string,
    unknown
  >;
  if (request.kind === 'ledger.journal_entry' && Array.isArray(payload.lines)) {
    const lines = (payload.lines as PayloadLine[]).map((line) => ({
      account: line.account ?? '',
      debitCents: centsOf(line.debitCents, line.debit),
      creditCents: centsOf(line.creditCents, line.credit),
      memo: line.memo ?? '',
    }));
    const reference = (payload.source as { reference?: string } | undefined)?.reference;
    return (
      <Stack gap={4} mt="sm">
        <Text size="sm">
          Entry date <strong>{String(payload.entryDate ?? '')}</strong>
          {payload.periodKey ? <> · period {String(payload.periodKey)}</> : null}
          {reference ? <> · reference {reference}</> : null} · {String(payload.description ?? '')}
        </Text>
        <Table withTableBorder striped className="report" aria-label={`Lines of request ${request.id}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th className="amount">Debit</Table.Th>
              <Table.Th className="amount">Credit</Table.Th>
              <Table.Th>Memo</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((line, index) => (
              <Table.Tr key={index}>
                <Table.Td>
                  <span className="mono">{line.account}</span>{' '}
                  <Text span size="sm" c="dimmed">{nameOf(line.account)}</Text>
                </Table.Td>
                <Table.Td className="amount"><Money cents={line.debitCents} blankZero /></Table.Td>
                <Table.Td className="amount"><Money cents={line.creditCents} blankZero /></Table.Td>
                <Table.Td>{line.memo}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr className="totals">
              <Table.Td>Total</Table.Td>
              <Table.Td className="amount"><Money cents={sumCents(lines.map((line) => line.debitCents))} /></Table.Td>
              <Table.Td className="amount"><Money cents={sumCents(lines.map((line) => line.creditCents))} /></Table.Td>
              <Table.Td />
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Stack>
    );
  }
  if (request.kind === 'ledger.reversal') {
    const entryId = Number(payload.entryId ?? payload.journalEntryId ?? 0);
    return (
      <Text size="sm" mt="sm">
        Reverses{' '}
        {entryId > 0 ? (
          <Anchor component={Link} to={`/accounting/journal/${entryId}`}>
            journal entry #{entryId}
          </Anchor>
        ) : (
          'a journal entry'
        )}
        {payload.entryDate ? <> dated {String(payload.entryDate)}</> : null}
        {payload.description ? <> · {String(payload.description)}</> : null}
      </Text>
    );
  }
  return null;
}

const decisionTexts = {
  approve: { title: 'Approve', button: 'Approve', color: 'green', commentLabel: 'Comment (optional)' },
  reject: { title: 'Reject', button: 'Reject', color: 'red', commentLabel: 'Reason (required)' },
  cancel: { title: 'Withdraw', button: 'Withdraw request', color: 'gray', commentLabel: 'Comment (optional)' },
} as const;

function DecisionDialog({
  request,
  decision,
  onClose,
}: {
  request: ApprovalRequest;
  decision: 'approve' | 'reject' | 'cancel';
  onClose(): void;
}) {
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const texts = decisionTexts[decision];
  const isCommentRequired = decision === 'reject';
  const mutation = useMutation({
    mutationFn: () =>
      api.post<ApprovalRequest>(`/api/approvals/${request.id}/${decision}`, comment.trim() ? { comment: comment.trim() } : {}),
    onSuccess: (updated) => {
      void client.invalidateQueries({ queryKey: ['approvals'] });
      void client.invalidateQueries({ queryKey: ['ledger'] });
      const entryId = typeof updated?.result?.entryId === 'number' ? ` Journal entry #${updated.result.entryId} posted.` : '';
      notifications.show({
        color: texts.color,
        message: `Request #${request.id} ${decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'withdrawn'}.${entryId}`,
      });
      onClose();
    },
    onError: () => void client.invalidateQueries({ queryKey: ['approvals'] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (isCommentRequired && comment.trim() === '') return;
    mutation.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`${texts.title} request #${request.id}`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">{request.summary}</Text>
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          <Textarea
            label={texts.commentLabel}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            required={isCommentRequired}
            autosize
            minRows={2}
            data-autofocus
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
            description="Enter confirms; Shift+Enter starts a new line."
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Back
            </Button>
            <Button type="submit" color={texts.color} loading={mutation.isPending} disabled={isCommentRequired && comment.trim() === ''}>
              {texts.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
