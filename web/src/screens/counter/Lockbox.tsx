/**
 * Lockbox: the bank's file of the checks it took from the city's post office box. Choose the
 * bank's layout and the file, import it (all or nothing: a malformed file is refused with every
 * problem by row and field, the same file twice is refused), and work the exceptions queue: each
 * payment that named no open account waits in suspense until a clerk applies it to one. Applying
 * is keyboard-first: the account (Enter finds it and moves on), a note, Enter applies, and the
 * focus goes to the next one.
 */
import { Alert, Badge, Button, Card, Grid, Group, List, Modal, NativeSelect, Progress, Stack, Switch, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  importLockboxFile,
  lookupPayable,
  resolveLockboxException,
  useLockboxExceptions,
  useLockboxFile,
  useLockboxFiles,
  useLockboxLayouts,
  type LockboxException,
  type LockboxFile,
  type PayableMatch,
} from '../../api/cashiering';
import { isApiError } from '../../api/client';
import { advanceOnEnter } from '../../components/enterAdvances';
import { ErrorAlert, problemsOf } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant, formatIsoDate } from '../../dates';
import { formatDollars } from '../../money';

/** The server's body limit for an import (the file travels as JSON text). */
const MAX_FILE_BYTES = 60 * 1024 * 1024;

export function LockboxScreen() {
  const [params, setParams] = useSearchParams();
  const fileId = Number(params.get('file')) || null;
  const [focusId, setFocusId] = useState<number | null>(null);
  const openFile = (id: number | null) => setParams(id ? { file: String(id) } : {}, { replace: true });
  return (
    <Stack>
      <PageTitle title="Lockbox" />
      <Grid gap="lg">
        <Grid.Col span={4}>
          <Stack>
            <ImportCard onImported={(result) => setFocusId(result.exceptions[0]?.id ?? null)} onOpenFile={openFile} />
            <FilesCard onOpenFile={openFile} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={8}>
          <ExceptionsQueue focusId={focusId} onFocusId={setFocusId} />
        </Grid.Col>
      </Grid>
      <FileDetail fileId={fileId} onClose={() => openFile(null)} />
    </Stack>
  );
}

type Stage = 'idle' | 'reading' | 'importing';

function ImportCard({ onImported, onOpenFile }: {
  onImported(result: { file: LockboxFile; exceptions: LockboxException[] }): void;
  onOpenFile(id: number): void;
}) {
  const client = useQueryClient();
  const layouts = useLockboxLayouts();
  const active = (layouts.data ?? []).filter((layout) => layout.isActive);
  const [layout, setLayout] = useState('');
  const [isLayoutChosen, setIsLayoutChosen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [stage, setStage] = useState<Stage>('idle');
  const [lineCount, setLineCount] = useState(0);
  const [readError, setReadError] = useState<string | null>(null);
  const chosenLayout = layout || active[0]?.code || '';
  const run = useMutation({
    mutationFn: async (input: { layout: string; file: File }) => {
      setStage('reading');
      const content = await input.file.text();
      setLineCount(content.split('\n').filter((line) => line.trim() !== '').length);
      setStage('importing');
      return importLockboxFile({ layout: input.layout, fileName: input.file.name, content });
    },
    onSettled: () => setStage('idle'),
    onSuccess: (result) => {
      setFile(null);
      setInputKey((key) => key + 1);
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      onImported(result);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || !chosenLayout || run.isPending) return;
    if (file.size > MAX_FILE_BYTES) {
      setReadError(`${file.name} is ${Math.round(file.size / 1024 / 1024)} MB: a lockbox file may be 60 MB at most. Ask the bank to split it.`);
      return;
    }
    setReadError(null);
    run.mutate({ layout: chosenLayout, file });
  }
  const result = run.data;
  return (
    <Card withBorder padding="sm">
      <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label="Import a lockbox file">
        <Stack gap="xs">
          <Text fw={600}>Import a bank file</Text>
          {layouts.isError && <ErrorAlert error={layouts.error} title="The layouts did not load" />}
          <NativeSelect label="Bank layout" value={chosenLayout} onChange={(event) => {
              setLayout(event.currentTarget.value);
              setIsLayoutChosen(true);
            }}
            data={active.map((item) => ({ value: item.code, label: `${item.bankName} (${item.format === 'csv' ? 'CSV' : 'fixed width'})` }))} />
          <TextInput key={inputKey} type="file" label="Bank file" accept=".txt,.csv,.dat,.lbx,text/plain,text/csv"
            description={file ? `${file.name} · ${formatBytes(file.size)}` : 'The file the bank sent (text or CSV)'}
            onChange={(event) => {
              const chosen = event.currentTarget.files?.[0] ?? null;
              setFile(chosen);
              run.reset();
              // A .csv file is not in a fixed-width layout: offer a CSV one unless a layout was chosen.
              const format = chosen?.name.toLowerCase().endsWith('.csv') ? 'csv' : 'fixed';
              const fitting = active.find((item) => item.format === format);
              if (!isLayoutChosen && fitting) setLayout(fitting.code);
            }} />
          {readError && <Alert color="red" role="alert">{readError}</Alert>}
          <Group>
            <Button type="submit" loading={run.isPending} disabled={!file || !chosenLayout}>Import</Button>
            {!run.isPending && <Text size="xs" c="dimmed">All or nothing: a refused file posts nothing.</Text>}
          </Group>
          {run.isPending && (
            <div role="status" aria-live="polite">
              <Progress value={100} striped animated aria-label="Importing" />
              <Text size="sm" mt={4}>
                {stage === 'reading' ? 'Reading the file…' : `Importing ${lineCount.toLocaleString('en-US')} lines: matching accounts and posting…`}
              </Text>
            </div>
          )}
          {run.isError && <ImportError error={run.error} onOpenFile={onOpenFile} />}
          {result && (
            <Alert color={result.exceptions.length > 0 ? 'orange' : 'green'} title="Imported" role="status" data-testid="import-result">
              <Text size="sm">
                {result.file.fileName} as batch <span className="mono">{result.batch.batchNumber}</span>, deposited {formatIsoDate(result.file.depositDate)}:{' '}
                {result.file.postedCount} payments posted ({formatDollars(result.file.postedCents)})
                {result.exceptions.length > 0
                  ? `; ${result.exceptions.length} held for a clerk (${formatDollars(result.file.exceptionCents)}): see the exceptions.`
                  : '; every payment matched an account.'}
              </Text>
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The layout's field names as a clerk says them. */
const fieldLabels: Record<string, string> = {
  accountReference: 'account number',
  amount: 'amount',
  checkNumber: 'check number',
  routingNumber: 'routing number',
  checkAccount: 'check account',
  payerName: 'payer name',
  depositDate: 'deposit date',
  itemCount: 'trailer count',
  totalCents: 'trailer total',
  header: 'header line',
  trailer: 'trailer line',
};

/** A refused file: the same file again (409), or every malformed line by row and field (400). */
function ImportError({ error, onOpenFile }: { error: unknown; onOpenFile(id: number): void }) {
  if (isApiError(error) && error.status === 409) {
    const fileId = typeof error.details.fileId === 'number' ? error.details.fileId : null;
    return (
      <Alert color="orange" role="alert" title="Already imported" data-testid="import-duplicate">
        <Text size="sm">{error.message}</Text>
        {fileId !== null && <Button size="xs" variant="light" mt="xs" onClick={() => onOpenFile(fileId)}>Open that file</Button>}
      </Alert>
    );
  }
  const problems = problemsOf(error);
  if (!isApiError(error) || problems.length === 0) return <ErrorAlert error={error} title="The file was not imported" />;
  const problemCount = typeof error.details.problemCount === 'number' ? error.details.problemCount : problems.length;
  return (
    <Alert color="red" role="alert" title="The file was refused: nothing was posted" data-testid="import-problems">
      <Text size="sm" mb="xs">
        {problemCount === 1 ? 'One problem' : `${problemCount} problems`}. Ask the bank for a corrected file, or check the layout chosen.
        {problemCount > problems.length && ` The first ${problems.length} are shown.`}
      </Text>
      <List size="sm" spacing={4} aria-label="Problems in the file">
        {problems.map((problem, index) => {
          const label = problem.field ? fieldLabels[problem.field] ?? problem.field : 'file';
          return (
            <List.Item key={index}>
              <strong>Row {problem.row ?? '?'}</strong> · {label}
              {problem.field && label !== problem.field && <Text span size="xs" className="mono" c="dimmed"> ({problem.field})</Text>}: {problem.message ?? ''}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}

function FilesCard({ onOpenFile }: { onOpenFile(id: number): void }) {
  const files = useLockboxFiles();
  const rows = files.data ?? [];
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">Imported files</Text>
      {files.isError && <ErrorAlert error={files.error} />}
      {files.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">No lockbox file yet.</Text>}
      {rows.length > 0 && (
        <Table className="report" aria-label="Imported lockbox files" verticalSpacing={6}>
          <Table.Tbody>
            {rows.slice(0, 10).map((file) => (
              <Table.Tr key={file.id}>
                <Table.Td>
                  <UnstyledButton onClick={() => onOpenFile(file.id)} aria-label={`Open ${file.fileName}`}>
                    <Text size="sm" c="blue.8" td="underline">{formatIsoDate(file.depositDate)} · {file.bankName}</Text>
                  </UnstyledButton>
                  <Text size="xs" className="mono" style={{ wordBreak: 'break-all' }}>{file.fileName} · {file.batchNumber}</Text>
                  <Text size="sm">
                    {file.paymentCount} payments · <strong className="amount">{formatDollars(file.totalCents)}</strong>
                  </Text>
                  <Text size="xs">
                    {file.postedCount} matched ({formatDollars(file.postedCents)})
                    {file.exceptionCount === 0 ? ' · none held' : <>
                      {' '}· {file.exceptionCount} held ({formatDollars(file.exceptionCents)}){' '}
                      {file.openExceptionCount > 0
                        ? <Badge size="xs" color="orange" variant="light">{file.openExceptionCount} open</Badge>
                        : <Badge size="xs" color="green" variant="light">all applied</Badge>}
                    </>}
                  </Text>
                  <Text size="xs" c="dimmed">imported by {file.importedBy}, {formatInstant(file.importedAt)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function ExceptionsQueue({ focusId, onFocusId }: { focusId: number | null; onFocusId(id: number | null): void }) {
  const [showAll, setShowAll] = useState(false);
  const exceptions = useLockboxExceptions(showAll ? {} : { status: 'open' });
  const [applied, setApplied] = useState<string | null>(null);
  const rows = exceptions.data ?? [];
  const open = rows.filter((row) => row.status === 'open');
  // With nothing asked for, the first open exception takes the focus (the queue is the day's work).
  const target = focusId !== null && open.some((row) => row.id === focusId) ? focusId : open[0]?.id ?? null;
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Exceptions: payments that matched no open account{exceptions.isSuccess && ` (${open.length} open)`}</Text>
        <Switch label="Show applied ones too" checked={showAll} onChange={(event) => setShowAll(event.currentTarget.checked)} />
      </Group>
      <Text size="xs" c="dimmed" mb="xs">Type the account (or the payer's name) and Enter to find it, then a note and Enter to apply. Each waits in the lockbox suspense account until then.</Text>
      {applied && <Alert color="green" mb="xs" role="status" data-testid="exception-applied">{applied}</Alert>}
      {exceptions.isError && <ErrorAlert error={exceptions.error} />}
      {exceptions.isSuccess && rows.length === 0 && <Text size="sm" c="dimmed">Nothing waits: every lockbox payment is applied.</Text>}
      <Stack gap="xs" aria-label="Lockbox exceptions" role="list">
        {rows.map((row) => (
          <ExceptionRow key={row.id} exception={row} shouldFocus={row.id === target && focusId !== -1}
            onApplied={(message) => {
              setApplied(message);
              const next = open.find((candidate) => candidate.id !== row.id);
              onFocusId(next?.id ?? -1);
            }} />
        ))}
      </Stack>
    </Card>
  );
}

function ExceptionRow({ exception, shouldFocus, onApplied }: { exception: LockboxException; shouldFocus: boolean; onApplied(message: string): void }) {
  const isOpen = exception.status === 'open';
  return (
    <Card withBorder padding="xs" role="listitem" aria-label={`Exception ${exception.batchNumber} row ${exception.rowNumber}`}
      bg={isOpen ? undefined : 'gray.0'} data-testid={`exception-${exception.id}`}>
      <Group gap="lg" wrap="nowrap" align="flex-start">
        <Stack gap={0} w={110}>
          <Text fw={700} className="amount">{formatDollars(exception.amountCents)}</Text>
          <Text size="xs" c="dimmed">check {exception.checkNumber ?? '—'}</Text>
        </Stack>
        <Stack gap={0} w={220}>
          <Text size="sm" fw={600}>{exception.payerName ?? 'No payer name'}</Text>
          <Text size="xs" c="dimmed">As the bank read it: <span className="mono" style={{ color: 'var(--mantine-color-black)' }}>{exception.accountReference ?? '(blank)'}</span></Text>
        </Stack>
        <Stack gap={0} style={{ flex: 1 }}>
          <Text size="sm">{exception.reasonText}</Text>
          <Text size="xs" c="dimmed">
            Deposited {formatIsoDate(exception.depositDate)} · batch <span className="mono">{exception.batchNumber}</span> row {exception.rowNumber} · {exception.fileName}
          </Text>
        </Stack>
        {!isOpen && <Badge color="green" variant="light">applied</Badge>}
      </Group>
      {isOpen ? (
        <ApplyForm exception={exception} shouldFocus={shouldFocus} onApplied={onApplied} />
      ) : (
        <Text size="sm" mt={4} data-testid="resolution">
          Applied by <strong>{exception.resolvedBy}</strong> on {formatInstant(exception.resolvedAt)}, receipt{' '}
          <span className="mono">{exception.resolvedReceiptNumber}</span>{exception.resolvedNote ? `: ${exception.resolvedNote}` : ''}
        </Text>
      )}
    </Card>
  );
}

function ApplyForm({ exception, shouldFocus, onApplied }: { exception: LockboxException; shouldFocus: boolean; onApplied(message: string): void }) {
  const client = useQueryClient();
  const [account, setAccount] = useState(exception.reason === 'no_account_reference' ? '' : exception.accountNumber ?? '');
  const [note, setNote] = useState('');
  const [match, setMatch] = useState<PayableMatch | null>(null);
  const [choices, setChoices] = useState<PayableMatch[]>([]);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const accountRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!shouldFocus) return;
    accountRef.current?.select();
    accountRef.current?.scrollIntoView({ block: 'nearest' });
  }, [shouldFocus]);

  const choose = (found: PayableMatch) => {
    setMatch(found);
    setAccount(found.accountNumber ?? '');
    setChoices([]);
    setLookupError(null);
    noteRef.current?.focus();
  };

  const lookup = useMutation({
    mutationFn: (text: string) => lookupPayable(text),
    onSuccess: (result) => {
      const withAccount = result.matches.filter((found) => found.accountNumber !== null);
      if (withAccount.length === 1) {
        choose(withAccount[0] as PayableMatch);
        return;
      }
      setMatch(null);
      setChoices(withAccount.slice(0, 6));
      setLookupError(withAccount.length === 0 ? `No open account for "${account.trim()}"` : 'Several match: choose one');
    },
    onError: (error) => setLookupError(isApiError(error) ? error.message : 'The lookup failed'),
  });

  const apply = useMutation({
    mutationFn: () => resolveLockboxException(exception.id, { account: account.trim(), note: note.trim() }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['cashiering'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      const line = result.receipt.lines[0];
      onApplied(`Applied ${formatDollars(exception.amountCents)} from ${exception.payerName ?? 'the payer'} to ${line?.accountNumber ?? account.trim()}` +
        `${result.receipt.customer ? ` (${result.receipt.customer.name})` : ''}: receipt ${result.receipt.receiptNumber}.`);
    },
  });

  function accountKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (account.trim() !== '') lookup.mutate(account.trim());
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (account.trim() === '' || note.trim() === '' || apply.isPending) return;
    apply.mutate();
  }

  const fieldError = problemsOf(apply.error).find((problem) => problem.field === 'account')?.message;
  return (
    <form onKeyDown={advanceOnEnter} onSubmit={submit} aria-label={`Apply the payment of row ${exception.rowNumber}`}>
      <Group align="flex-start" gap="xs" mt="xs">
        <TextInput ref={accountRef} label="Apply to account" value={account} w={210} autoComplete="off" spellCheck={false}
          classNames={{ input: 'mono' }} placeholder="Account, scan line or name"
          onChange={(event) => {
            setAccount(event.currentTarget.value);
            setMatch(null);
          }}
          onKeyDown={accountKeyDown}
          error={lookupError ?? fieldError} />
        <TextInput ref={noteRef} label="Note" value={note} onChange={(event) => setNote(event.currentTarget.value)} style={{ flex: 1 }} autoComplete="off"
          placeholder="Required: how you found it"
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              submit();
            }
          }} />
        <Button type="submit" mt={24} loading={apply.isPending} disabled={account.trim() === '' || note.trim() === ''}>Apply</Button>
      </Group>
      {(match || lookup.isPending) && (
        <Text size="sm" mt={4} c="teal.9" data-testid="apply-match">
          {match
            ? <>Applies to <strong>{match.customerName}</strong> · <span className="mono">{match.accountNumber}</span>
              {match.amountDueCents !== null && ` · owes ${formatDollars(match.amountDueCents)}`}{match.isCashOnly && ' · CASH ONLY'}</>
            : 'Finding the account…'}
        </Text>
      )}
      {choices.length > 0 && (
        <Group gap="xs" mt={4} aria-label="Matching accounts">
          {choices.map((found) => (
            <Button key={`${found.customerId}-${found.accountNumber}`} size="compact-sm" variant="light" onClick={() => choose(found)}>
              {found.accountNumber} · {found.customerName}
            </Button>
          ))}
        </Group>
      )}
      {apply.isError && !fieldError && <ErrorAlert error={apply.error} title="The payment was not applied" />}
    </form>
  );
}

function FileDetail({ fileId, onClose }: { fileId: number | null; onClose(): void }) {
  const detail = useLockboxFile(fileId);
  const file = detail.data?.file;
  const exceptions = detail.data?.exceptions ?? [];
  return (
    <Modal opened={fileId !== null} onClose={onClose} size="xl" title={file ? `${file.bankName} · ${file.fileName}` : 'Lockbox file'}>
      {detail.isError && <ErrorAlert error={detail.error} title="The file did not load" />}
      {!file && !detail.isError && <Text c="dimmed">Loading…</Text>}
      {file && (
        <Stack gap="sm" data-testid="lockbox-file">
          <Table className="report" withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              <Table.Tr><Table.Th w={170}>Batch</Table.Th><Table.Td className="mono">{file.batchNumber}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Deposited</Table.Th><Table.Td>{formatIsoDate(file.depositDate)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Layout</Table.Th><Table.Td className="mono">{file.layoutCode}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Payments</Table.Th><Table.Td>{file.paymentCount} · {formatDollars(file.totalCents)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Posted to accounts</Table.Th><Table.Td>{file.postedCount} · {formatDollars(file.postedCents)}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th>Held in suspense</Table.Th>
                <Table.Td>{file.exceptionCount} · {formatDollars(file.exceptionCents)}{file.exceptionCount > 0 && (file.openExceptionCount > 0 ? ` (${file.openExceptionCount} still open)` : ' (all applied)')}</Table.Td>
              </Table.Tr>
              <Table.Tr><Table.Th>Journal entries</Table.Th><Table.Td className="mono">{file.journalEntryIds.join(', ') || '—'}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>Imported</Table.Th><Table.Td>{file.importedBy}, {formatInstant(file.importedAt)}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>SHA-256</Table.Th><Table.Td className="mono" style={{ fontSize: 11, wordBreak: 'break-all' }}>{file.sha256}</Table.Td></Table.Tr>
            </Table.Tbody>
          </Table>
          <Text fw={600}>Exceptions of this file</Text>
          {exceptions.length === 0 ? <Text size="sm" c="dimmed">None: every payment matched an account.</Text> : (
            <Table className="report" aria-label="Exceptions of the file">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Row</Table.Th><Table.Th>As read</Table.Th><Table.Th>Payer</Table.Th><Table.Th>Check</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Amount</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {exceptions.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>{row.rowNumber}</Table.Td>
                    <Table.Td className="mono">{row.accountReference ?? ''}</Table.Td>
                    <Table.Td>{row.payerName ?? ''}</Table.Td>
                    <Table.Td>{row.checkNumber ?? ''}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}><Money cents={row.amountCents} /></Table.Td>
                    <Table.Td><Text size="xs">{row.reasonText}</Text></Table.Td>
                    <Table.Td>
                      {row.status === 'open' ? <Badge color="orange" variant="light">open</Badge> : (
                        <Text size="xs">applied by {row.resolvedBy}, {formatInstant(row.resolvedAt)}, <span className="mono">{row.resolvedReceiptNumber}</span></Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Modal>
  );
}
