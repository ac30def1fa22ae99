/**
 * New journal entry, for approval. A grid a clerk drives by keyboard: Enter moves to the next cell
 * (from a debit straight to the memo), Enter on the last memo adds a line. Totals of debits and
 * credits and the difference show per fund as you type; "Submit for approval" opens only when
 * the entry balances in total and within every fund.
 */
import { ActionIcon, Alert, Button, Group, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useAllAccounts, useFunds } from '../../api/ledger';
import type { Account, ApprovalRequest } from '../../api/types';
import { AccountPicker, useAccountPlaces } from '../../components/AccountPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { cityToday } from '../../dates';
import { formatCents, formatDollars, parseDollars, sumCents } from '../../money';

interface LineDraft {
  key: number;
  account: string;
  debit: string;
  credit: string;
  memo: string;
}

type Column = 'account' | 'debit' | 'credit' | 'memo';
const columns: Column[] = ['account', 'debit', 'credit', 'memo'];

let nextLineKey = 1;
function blankLine(): LineDraft {
  return { key: nextLineKey++, account: '', debit: '', credit: '', memo: '' };
}

interface CheckedLine {
  isBlank: boolean;
  account: Account | undefined;
  debitCents: number;
  creditCents: number;
  errors: Partial<Record<Column, string>>;
}

function checkLine(line: LineDraft, accountsByCode: Map<string, Account>): CheckedLine {
  const errors: Partial<Record<Column, string>> = {};
  const isBlank = !line.account.trim() && !line.debit.trim() && !line.credit.trim() && !line.memo.trim();
  const account = accountsByCode.get(line.account.trim());
  let debitCents = 0;
  let creditCents = 0;
  if (!isBlank) {
    if (!line.account.trim()) errors.account = 'Choose an account';
    else if (!account) errors.account = 'No such account in the chart';
    else if (!account.isActive) errors.account = 'This account is inactive';
    if (line.debit.trim()) {
      const parsed = parseDollars(line.debit);
      if (parsed.ok && parsed.cents > 0) debitCents = parsed.cents;
      else errors.debit = parsed.ok ? 'Enter more than zero' : parsed.message;
    }
    if (line.credit.trim()) {
      const parsed = parseDollars(line.credit);
      if (parsed.ok && parsed.cents > 0) creditCents = parsed.cents;
      else errors.credit = parsed.ok ? 'Enter more than zero' : parsed.message;
    }
    if (line.debit.trim() && line.credit.trim()) errors.credit = 'One line is a debit or a credit, not both';
    if (!line.debit.trim() && !line.credit.trim()) errors.debit = 'Enter a debit or a credit';
  }
  return { isBlank, account, debitCents, creditCents, errors };
}

interface FundTotal {
  fundCode: string;
  debitCents: number;
  creditCents: number;
}

export function NewJournalEntry() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const accounts = useAllAccounts();
  const funds = useFunds();
  const placeOf = useAccountPlaces();
  const [entryDate, setEntryDate] = useState(cityToday());
  const [periodKey, setPeriodKey] = useState('');
  const [description, setDescription] = useState('');
  const [reference, setReference] = useState('');
  const [lines, setLines] = useState<LineDraft[]>(() => [blankLine(), blankLine()]);
  const [isTouched, setIsTouched] = useState(false);
  // Cells the clerk has left: their own problems show from then on; "missing" ones on submit.
  const [visited, setVisited] = useState<ReadonlySet<string>>(new Set());
  const visit = (line: LineDraft, column: Column) =>
    setVisited((current) => (current.has(`${line.key}:${column}`) ? current : new Set(current).add(`${line.key}:${column}`)));
  const errorFor = (line: LineDraft, check: CheckedLine | undefined, column: Column): string | undefined => {
    const error = check?.errors[column];
    if (!error) return undefined;
    if (isTouched) return error;
    const isOwnText = column === 'credit' ? line.credit.trim() !== '' : column === 'debit' ? line.debit.trim() !== '' : line[column].trim() !== '';
    return isOwnText && visited.has(`${line.key}:${column}`) ? error : undefined;
  };
  const cells = useRef(new Map<string, HTMLInputElement>());
  const [pendingFocus, setPendingFocus] = useState<{ line: number; column: Column } | null>(null);

  const accountsByCode = useMemo(
    () => new Map((accounts.data ?? []).map((account) => [account.code, account])),
    [accounts.data],
  );
  const fundNames = useMemo(() => new Map((funds.data ?? []).map((fund) => [fund.code, fund.name])), [funds.data]);
  const checked = lines.map((line) => checkLine(line, accountsByCode));
  const filled = checked.filter((line) => !line.isBlank);
  const totalDebitCents = sumCents(filled.map((line) => line.debitCents));
  const totalCreditCents = sumCents(filled.map((line) => line.creditCents));
  const fundTotals = useMemo(() => {
    const byFund = new Map<string, FundTotal>();
    for (const line of checked) {
      if (line.isBlank || !line.account) continue;
      const total = byFund.get(line.account.fundCode) ?? { fundCode: line.account.fundCode, debitCents: 0, creditCents: 0 };
      total.debitCents = sumCents([total.debitCents, line.debitCents]);
      total.creditCents = sumCents([total.creditCents, line.creditCents]);
      byFund.set(line.account.fundCode, total);
    }
    return [...byFund.values()].sort((a, b) => a.fundCode.localeCompare(b.fundCode));
  }, [checked]);
  const hasLineErrors = filled.some((line) => Object.keys(line.errors).length > 0);
  const unbalancedFunds = fundTotals.filter((total) => total.debitCents !== total.creditCents);
  const isBalanced =
    filled.length >= 2 &&
    !hasLineErrors &&
    totalDebitCents > 0 &&
    totalDebitCents === totalCreditCents &&
    unbalancedFunds.length === 0;
  const isHeaderComplete = entryDate !== '' && description.trim() !== '';
  const canSubmit = isBalanced && isHeaderComplete;

  useEffect(() => {
    if (!pendingFocus) return;
    const line = lines[pendingFocus.line];
    if (line) cells.current.get(`${line.key}:${pendingFocus.column}`)?.focus();
    setPendingFocus(null);
  }, [pendingFocus, lines]);

  const submit = useMutation({
    mutationFn: () =>
      api.post<ApprovalRequest>('/api/journal-entries/requests', {
        entryDate,
        ...(periodKey.trim() ? { periodKey: periodKey.trim() } : {}),
        description: description.trim(),
        source: { module: 'gl', reference: reference.trim() || null },
        lines: lines
          .map((line, index) => ({ line, check: checked[index] }))
          .filter(({ check }) => check && !check.isBlank)
          .map(({ line, check }) => ({
            account: line.account.trim(),
            ...(check && check.debitCents > 0 ? { debitCents: check.debitCents } : { creditCents: check?.creditCents ?? 0 }),
            memo: line.memo.trim() || null,
          })),
      }),
    onSuccess: (request) => {
      void client.invalidateQueries({ queryKey: ['approvals'] });
      notifications.show({
        color: 'green',
        title: `Request #${request.id} filed`,
        message: 'The entry posts when a finance manager approves it.',
        autoClose: 10_000,
      });
      navigate(`/approvals?tab=mine&request=${request.id}`);
    },
  });

  function updateLine(index: number, changes: Partial<LineDraft>) {
    setLines((current) => current.map((line, at) => (at === index ? { ...line, ...changes } : line)));
  }

  function moveFrom(index: number, column: Column) {
    const line = lines[index];
    if (!line) return;
    if (column === 'account') return setPendingFocus({ line: index, column: 'debit' });
    if (column === 'debit') return setPendingFocus({ line: index, column: line.debit.trim() ? 'memo' : 'credit' });
    if (column === 'credit') return setPendingFocus({ line: index, column: 'memo' });
    if (index === lines.length - 1) setLines((current) => [...current, blankLine()]);
    setPendingFocus({ line: index + 1, column: 'account' });
  }

  function normalizeAmount(index: number, column: 'debit' | 'credit') {
    const text = lines[index]?.[column] ?? '';
    const parsed = parseDollars(text);
    if (text.trim() && parsed.ok) updateLine(index, { [column]: formatCents(parsed.cents) });
  }

  function cellKeyDown(index: number, column: Column) {
    return (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        if (column === 'debit' || column === 'credit') normalizeAmount(index, column);
        moveFrom(index, column);
      }
    };
  }

  function registerCell(line: LineDraft, column: Column) {
    return (element: HTMLInputElement | null) => {
      const key = `${line.key}:${column}`;
      if (element) cells.current.set(key, element);
      else cells.current.delete(key);
    };
  }

  function headerEnter(next: () => void) {
    return (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key === 'Enter' && !event.ctrlKey) {
        event.preventDefault();
        next();
      }
    };
  }

  const headerRefs = useRef<Array<HTMLInputElement | null>>([]);
  const focusHeader = (index: number) => () => headerRefs.current[index]?.focus();
  const focusFirstLine = () => setPendingFocus({ line: 0, column: 'account' });

  function trySubmit() {
    setIsTouched(true);
    if (canSubmit && !submit.isPending) submit.mutate();
  }

  const difference = totalDebitCents - totalCreditCents;
  const statusText = filled.length === 0
    ? 'Enter the lines of the entry.'
    : hasLineErrors
      ? 'Some lines need attention (see the red notes).'
      : difference !== 0
        ? `Out of balance: debits exceed credits by ${formatDollars(difference)}.`
        : unbalancedFunds.length > 0
          ? `Each fund must balance on its own: ${unbalancedFunds.map((total) => `fund ${total.fundCode} is off by ${formatDollars(total.debitCents - total.creditCents)}`).join('; ')}. Use due-to/due-from accounts between funds.`
          : filled.length < 2
            ? 'An entry needs at least two lines.'
            : !isHeaderComplete
              ? 'Balanced. Add the date and a description to submit.'
              : 'Balanced. Ready to submit for approval.';

  return (
    <Stack onKeyDown={getHotkeyHandler([['mod+Enter', trySubmit]])}>
      <PageTitle title="New journal entry" />
      <Text size="sm" c="dimmed">
        Enter moves to the next field; Enter in the last memo adds a line. Ctrl+Enter submits. The
        entry posts when someone holding ledger.approve approves it.
      </Text>
      {accounts.isError && <ErrorAlert error={accounts.error} title="The chart of accounts did not load" />}
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <TextInput
          label="Entry date"
          type="date"
          value={entryDate}
          required
          onChange={(event) => setEntryDate(event.currentTarget.value)}
          ref={(element) => { headerRefs.current[0] = element; }}
          onKeyDown={headerEnter(focusHeader(1))}
          error={isTouched && !entryDate ? 'Required' : undefined}
          w={170}
        />
        <TextInput
          label="Period (optional)"
          placeholder="month of the date"
          description="FY2027-13 for year-end"
          value={periodKey}
          onChange={(event) => setPeriodKey(event.currentTarget.value)}
          ref={(element) => { headerRefs.current[1] = element; }}
          onKeyDown={headerEnter(focusHeader(2))}
          w={170}
        />
        <TextInput
          label="Description"
          value={description}
          required
          onChange={(event) => setDescription(event.currentTarget.value)}
          ref={(element) => { headerRefs.current[2] = element; }}
          onKeyDown={headerEnter(focusHeader(3))}
          error={isTouched && !description.trim() ? 'Required' : undefined}
          style={{ flex: 1 }}
        />
        <TextInput
          label="Reference"
          placeholder="e.g. batch 214"
          value={reference}
          onChange={(event) => setReference(event.currentTarget.value)}
          ref={(element) => { headerRefs.current[3] = element; }}
          onKeyDown={headerEnter(focusFirstLine)}
          w={180}
        />
      </Group>
      <Table withTableBorder aria-label="Lines" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>#</Table.Th>
            <Table.Th w={300}>Account</Table.Th>
            <Table.Th w={150} className="amount">Debit</Table.Th>
            <Table.Th w={150} className="amount">Credit</Table.Th>
            <Table.Th>Memo</Table.Th>
            <Table.Th w={40}><VisuallyHidden>Remove</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => {
            const check = checked[index];
            const number = index + 1;
            return (
              <Table.Tr key={line.key} data-line={number}>
                <Table.Td c="dimmed">{number}</Table.Td>
                <Table.Td>
                  <AccountPicker
                    accounts={accounts.data ?? []}
                    value={line.account}
                    onChange={(value) => updateLine(index, { account: value })}
                    onEnter={() => moveFrom(index, 'account')}
                    label={`Line ${number} account`}
                    hideLabel
                    size="xs"
                    inputRef={registerCell(line, 'account')}
                    error={errorFor(line, check, 'account')}
                    onBlur={() => visit(line, 'account')}
                  />
                  {check?.account && (
                    <Text size="xs" c="dimmed" truncate="end" maw={290} title={`${check.account.name} · ${placeOf(check.account)}`}>
                      {check.account.name} · {placeOf(check.account)}
                    </Text>
                  )}
                </Table.Td>
                {(['debit', 'credit'] as const).map((column) => (
                  <Table.Td key={column}>
                    <TextInput
                      size="xs"
                      aria-label={`Line ${number} ${column}`}
                      inputMode="decimal"
                      autoComplete="off"
                      value={line[column]}
                      onChange={(event) => updateLine(index, { [column]: event.currentTarget.value })}
                      onBlur={() => {
                        normalizeAmount(index, column);
                        visit(line, column);
                      }}
                      onKeyDown={cellKeyDown(index, column)}
                      ref={registerCell(line, column)}
                      error={errorFor(line, check, column)}
                      styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Line ${number} memo`}
                    autoComplete="off"
                    value={line.memo}
                    onChange={(event) => updateLine(index, { memo: event.currentTarget.value })}
                    onKeyDown={cellKeyDown(index, 'memo')}
                    ref={registerCell(line, 'memo')}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove line ${number}`}
                    disabled={lines.length <= 1}
                    onClick={() => setLines((current) => current.filter((_, at) => at !== index))}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr className="totals">
            <Table.Td />
            <Table.Td>Total</Table.Td>
            <Table.Td className="amount" data-testid="total-debits">{formatCents(totalDebitCents)}</Table.Td>
            <Table.Td className="amount" data-testid="total-credits">{formatCents(totalCreditCents)}</Table.Td>
            <Table.Td c={difference === 0 ? 'dimmed' : 'red'}>
              Difference {formatCents(Math.abs(difference))}
            </Table.Td>
            <Table.Td />
          </Table.Tr>
          {fundTotals.map((total) => (
            <Table.Tr key={total.fundCode}>
              <Table.Td />
              <Table.Td c="dimmed">
                Fund {total.fundCode} {fundNames.get(total.fundCode) ?? ''}
              </Table.Td>
              <Table.Td className="amount" c="dimmed">{formatCents(total.debitCents)}</Table.Td>
              <Table.Td className="amount" c="dimmed">{formatCents(total.creditCents)}</Table.Td>
              <Table.Td c={total.debitCents === total.creditCents ? 'dimmed' : 'red'}>
                Difference {formatCents(Math.abs(total.debitCents - total.creditCents))}
              </Table.Td>
              <Table.Td />
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
      <Group>
        <Button variant="default" size="xs" onClick={() => {
          setLines((current) => [...current, blankLine()]);
          setPendingFocus({ line: lines.length, column: 'account' });
        }}>
          Add line
        </Button>
      </Group>
      <Alert color={canSubmit ? 'green' : 'gray'} variant="light" aria-live="polite" role="status" data-testid="balance-status">
        {statusText}
      </Alert>
      {submit.isError && <ErrorAlert error={submit.error} title="Not submitted" />}
      <Group>
        <Button onClick={trySubmit} disabled={!canSubmit} loading={submit.isPending}>
          Submit for approval
        </Button>
        <Button
          variant="subtle"
          onClick={() => {
            setLines([blankLine(), blankLine()]);
            setDescription('');
            setReference('');
            setPeriodKey('');
            setIsTouched(false);
            submit.reset();
          }}
        >
          Clear
        </Button>
      </Group>
    </Stack>
  );
}
