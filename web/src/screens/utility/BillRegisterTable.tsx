/**
 * The bills of the register, worked from the keyboard: ↑/↓ move from bill to bill, Enter opens
 * the bill, H holds it (the reason is typed in the row; Enter holds, Escape leaves it), R releases
 * a held bill. The focus stays on the row after each action so a clerk can go down the list.
 */
import { Badge, Button, Group, Kbd, Pagination, Table, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  billStatusColors,
  exceptionHelp,
  exceptionLabels,
  formatPeriod,
  formatQuantity,
  holdBill,
  releaseBill,
  type BillRegister,
  type BillSummary,
} from '../../api/utilityBills';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';

export const PAGE_SIZE = 50;

/** Badges show their whole word (Mantine cuts long labels short by default). */
const whole = { root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } } as const;

export function BillRegisterTable({ register, page, onPage }: { register: BillRegister; page: number; onPage(page: number): void }) {
  const { can } = useSession();
  const canReview = can('utility.bills');
  const navigate = useNavigate();
  const client = useQueryClient();
  const rows = useRef(new Map<number, HTMLTableRowElement>());
  const [holding, setHolding] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const focusRow = (id: number) => requestAnimationFrame(() => rows.current.get(id)?.focus());
  const done = (bill: BillSummary) => {
    setHolding(null);
    setReason('');
    void client.invalidateQueries({ queryKey: ['utility'] });
    focusRow(bill.id);
  };
  const hold = useMutation({ mutationFn: (bill: BillSummary) => holdBill(bill.billNumber, reason.trim()), onSuccess: (_, bill) => done(bill) });
  const release = useMutation({
    mutationFn: (bill: BillSummary) => releaseBill(bill.billNumber),
    onSuccess: (_, bill) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      done(bill);
    },
  });
  const error = hold.error ?? release.error;
  const isRunOpen = register.run.status === 'tentative' || register.run.status === 'calculating';

  function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, bill: BillSummary, index: number) {
    if (event.target !== event.currentTarget) return;
    const move = (offset: number) => {
      const next = register.bills[index + offset];
      if (next) {
        event.preventDefault();
        rows.current.get(next.id)?.focus();
      }
    };
    const key = event.key.toLowerCase();
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter') navigate(`/utility/bills/${bill.billNumber}`);
    else if (key === 'h' && canReview && bill.status === 'tentative') {
      event.preventDefault();
      hold.reset();
      setHolding(bill.id);
    } else if (key === 'r' && canReview && bill.status === 'held') {
      event.preventDefault();
      release.mutate(bill);
    }
  }

  return (
    <div>
      {error && <ErrorAlert error={error} title={hold.error ? 'The bill was not held' : 'The bill was not released'} />}
      <Table className="report" highlightOnHover aria-label="Bills of the run">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th><Table.Th>Customer</Table.Th><Table.Th>Period</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Use</Table.Th><Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th>
            <Table.Th>Status</Table.Th><Table.Th>Exceptions and holds</Table.Th>{canReview && <Table.Th aria-label="Actions" />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {register.bills.map((bill, index) => (
            <Table.Tr key={bill.id} tabIndex={0} ref={(element) => { if (element) rows.current.set(bill.id, element); else rows.current.delete(bill.id); }}
              onKeyDown={(event) => onRowKey(event, bill, index)} aria-label={`Bill ${bill.billNumber}, ${bill.accountNumber}, ${bill.customerName}`}
              data-bill={bill.billNumber} style={{ cursor: 'default' }}>
              <Table.Td>
                <UnstyledButton component={Link} to={`/utility/accounts/${bill.accountNumber}`} className="mono" c="blue.8" td="underline" tabIndex={-1}>
                  {bill.accountNumber}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{bill.customerName}</Text>
                <Text size="xs" c="dimmed">{bill.serviceAddress}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm">{formatPeriod(bill.periodFrom, bill.periodTo)}</Text></Table.Td>
              <Table.Td className="amount">{formatQuantity(bill.consumption)}{bill.isEstimated ? ' est.' : ''}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                <UnstyledButton component={Link} to={`/utility/bills/${bill.billNumber}`} c="blue.8" td="underline" tabIndex={-1}>
                  <Money cents={bill.currentChargesCents} />
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={billStatusColors[bill.status]} styles={whole}>{bill.status}</Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {bill.exceptions.map((code) => (
                    <Tooltip key={code} label={exceptionHelp[code]} openDelay={400}>
                      <Badge size="xs" color="orange" variant="outline" styles={whole}>{exceptionLabels[code]}</Badge>
                    </Tooltip>
                  ))}
                </Group>
                {bill.holdReason && <Text size="xs" c="dimmed">Held: {bill.holdReason}</Text>}
              </Table.Td>
              {canReview && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {holding === bill.id ? (
                    <TextInput size="xs" w={220} autoFocus aria-label="Reason for the hold" placeholder="Reason for the hold, Enter"
                      value={reason} onChange={(event) => setReason(event.currentTarget.value)}
                      onKeyDown={(event) => {
                        if (event.key === 'Enter' && reason.trim() && !hold.isPending) hold.mutate(bill);
                        if (event.key === 'Escape') {
                          setHolding(null);
                          focusRow(bill.id);
                        }
                      }} />
                  ) : bill.status === 'tentative' && isRunOpen ? (
                    <Button size="compact-xs" variant="light" color="orange" tabIndex={-1} onClick={() => { hold.reset(); setHolding(bill.id); }}>Hold</Button>
                  ) : bill.status === 'held' ? (
                    <Button size="compact-xs" variant="light" tabIndex={-1} loading={release.isPending && release.variables?.id === bill.id}
                      onClick={() => release.mutate(bill)}>Release</Button>
                  ) : null}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {register.bills.length === 0 && <Text c="dimmed" size="sm" mt="xs">No bills here.</Text>}
      <Group justify="space-between" mt="xs">
        <Text size="xs" c="dimmed">
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> move · <Kbd>Enter</Kbd> opens the bill{canReview && <> · <Kbd>H</Kbd> hold (with a reason) · <Kbd>R</Kbd> release</>}
          {' '}· {register.billsTotal.toLocaleString('en-US')} bills
        </Text>
        {register.billsTotal > PAGE_SIZE && (
          <Pagination size="sm" total={Math.ceil(register.billsTotal / PAGE_SIZE)} value={page} onChange={onPage} />
        )}
      </Group>
    </div>
  );
}
