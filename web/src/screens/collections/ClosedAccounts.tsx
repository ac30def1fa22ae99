/**
 * Closed accounts with balances: final-billed and closed utility accounts that still owe, oldest
 * debt first, with their aging. For each: a final notice, moving the balance to the customer's
 * active account, a write-off filed for approval (someone else decides), a referral to a
 * collection agency (once; the agency's CSV downloads).
 */
import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  referAccounts,
  referralCsvUrl,
  requestWriteOff,
  sendFinalNotices,
  transferBalance,
  useClosedAccounts,
  type ClosedAccount,
} from '../../api/liens';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatIsoDate } from '../../dates';

type Action = { account: ClosedAccount; kind: 'write-off' | 'refer' };

/** Badges in a table cell keep their whole word (Mantine cuts a narrow badge's label). */
const noTruncate = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;

export function ClosedAccountsScreen() {
  const { can } = useSession();
  const canWrite = can('collections.liens');
  const closed = useClosedAccounts();
  const [action, setAction] = useState<Action | null>(null);
  const [message, setMessage] = useState<{ text: string; batch?: string } | null>(null);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['collections', 'closed'] });
  const notices = useMutation({
    mutationFn: (accounts: string[] | null) => sendFinalNotices(accounts),
    onSuccess: (result) => { setMessage({ text: `${result.noticed} final notices written` }); void refresh(); },
  });
  const transfer = useMutation({
    mutationFn: (account: ClosedAccount) => transferBalance(account.accountNumber),
    onSuccess: (result) => { setMessage({ text: `Moved ${(result.amountCents / 100).toFixed(2)} from ${result.fromAccountNumber} to ${result.toAccountNumber}` }); void refresh(); },
  });
  const accounts = closed.data?.accounts ?? [];
  return (
    <Stack>
      <PageTitle title="Closed accounts with balances">
        {canWrite && <Button variant="default" loading={notices.isPending} onClick={() => notices.mutate(null)}>Mail final notices due</Button>}
      </PageTitle>
      {message && (
        <Alert color="teal" withCloseButton onClose={() => setMessage(null)}>
          {message.text}
          {message.batch && <> · <Anchor href={referralCsvUrl(message.batch)} download>Download the agency's CSV</Anchor></>}
        </Alert>
      )}
      {[notices, transfer].map((mutation, index) => mutation.isError && <ErrorAlert key={index} error={mutation.error} />)}
      {action && <ActionForm action={action} onCancel={() => setAction(null)}
        onDone={(text, batch) => { setAction(null); setMessage(batch ? { text, batch } : { text }); void refresh(); }} />}
      {closed.isError && <ErrorAlert error={closed.error} title="The accounts did not load" />}
      <Card withBorder padding="sm">
        <Table className="report" highlightOnHover aria-label="Closed accounts with balances">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Stopped</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Balance</Table.Th><Table.Th style={{ textAlign: 'right' }}>Under 60</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>60–89</Table.Th><Table.Th style={{ textAlign: 'right' }}>90+</Table.Th>
              <Table.Th>Final notice</Table.Th><Table.Th>Active account</Table.Th><Table.Th>Status</Table.Th>{canWrite && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.map((account) => (
              <Table.Tr key={account.utilityAccountId} data-testid="closed-row">
                <Table.Td><Anchor component={Link} to={`/utility/accounts/${account.accountNumber}`} className="mono" size="sm">{account.accountNumber}</Anchor></Table.Td>
                <Table.Td>{account.customerName}<Text size="xs" c="dimmed">{account.serviceAddress}</Text></Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(account.stoppedOn)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}><Money cents={account.balanceCents} /></Table.Td>
                <Table.Td style={{ textAlign: 'right' }}><Money cents={account.aging.current + account.aging.days30} blankZero /></Table.Td>
                <Table.Td style={{ textAlign: 'right' }}><Money cents={account.aging.days60} blankZero /></Table.Td>
                <Table.Td style={{ textAlign: 'right' }}><Money cents={account.aging.days90 + account.aging.days120} blankZero /></Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(account.lastFinalNoticeOn)}</Table.Td>
                <Table.Td className="mono">{account.activeAccountNumber ?? ''}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color="gray" styles={noTruncate}>{account.status.replace('_', ' ')}</Badge>
                  {account.referredOn && <Badge size="sm" variant="light" color="orange" ml={4} title={account.agency ?? ''} styles={noTruncate}>referred {formatIsoDate(account.referredOn)}</Badge>}
                  {account.hasPendingWriteOff && <Badge size="sm" variant="light" color="violet" ml={4} styles={noTruncate}>write-off pending</Badge>}
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Group gap={4}>
                      <Button size="compact-xs" variant="light" onClick={() => notices.mutate([account.accountNumber])}>Final notice</Button>
                      {account.activeAccountNumber && !account.referredOn && (
                        <Button size="compact-xs" variant="light" onClick={() => transfer.mutate(account)}>Move to {account.activeAccountNumber}</Button>
                      )}
                      {!account.hasPendingWriteOff && <Button size="compact-xs" variant="subtle" onClick={() => setAction({ account, kind: 'write-off' })}>Write off</Button>}
                      {!account.referredOn && <Button size="compact-xs" variant="subtle" onClick={() => setAction({ account, kind: 'refer' })}>Refer</Button>}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!closed.isPending && accounts.length === 0 && <Text c="dimmed" size="sm">No closed account owes anything.</Text>}
      </Card>
    </Stack>
  );
}

const writeOffReasons = [
  { value: 'UNCOLLECTIBLE', label: 'Uncollectible' },
  { value: 'BANKRUPTCY', label: 'Discharged in bankruptcy' },
  { value: 'DECEASED', label: 'Deceased, no estate' },
  { value: 'STATUTE', label: 'Past the statute of limitations' },
];

function ActionForm({ action, onDone, onCancel }: { action: Action; onDone: (text: string, batch?: string) => void; onCancel: () => void }) {
  const { account, kind } = action;
  const [reasonCode, setReasonCode] = useState('UNCOLLECTIBLE');
  const [text, setText] = useState('');
  const run = useMutation({
    mutationFn: async () => {
      if (kind === 'write-off') {
        const request = await requestWriteOff(account.accountNumber, reasonCode, text);
        return { text: `Write-off filed for approval (request ${request.approvalRequestId}): ${request.summary}` };
      }
      const referral = await referAccounts([account.accountNumber], text);
      return { text: `Referred ${referral.referred} account to ${text}`, batch: referral.batch };
    },
    onSuccess: (result) => onDone(result.text, result.batch),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };
  const title = kind === 'write-off' ? 'File a write-off for approval' : 'Refer to a collection agency';
  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label={title}>
        <Text fw={600} mb="xs">{title}: {account.accountNumber} ({account.customerName}), <Money cents={account.balanceCents} /></Text>
        <Group align="flex-end">
          {kind === 'write-off' && <NativeSelect label="Reason" data={writeOffReasons} value={reasonCode} onChange={(event) => setReasonCode(event.currentTarget.value)} />}
          <TextInput label={kind === 'write-off' ? 'Why' : 'Agency'} value={text} onChange={(event) => setText(event.currentTarget.value)} required w={320} autoFocus />
          <Button type="submit" loading={run.isPending}>{kind === 'write-off' ? 'File for approval' : 'Refer'}</Button>
          <Button variant="subtle" color="gray" onClick={onCancel}>Cancel</Button>
        </Group>
        {run.isError && <ErrorAlert error={run.error} />}
      </form>
    </Card>
  );
}
