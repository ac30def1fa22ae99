/**
 * Lockbox: the bank opens the city's mailed payments, deposits the checks and sends a file of
 * them in its own layout (lockbox_layout, data not code). Importing the file posts every payment
 * at once, all or nothing:
 *
 * - The same file twice is refused (its SHA-256); a file with any malformed line is refused with
 *   every problem named by row and field, and nothing is written.
 * - Each payment that names an open account becomes a receipt (R-YYYY-######) in one closed
 *   lockbox batch, paying the account through receivables (its kind's allocation order). The
 *   money is in the bank already, so each fund's bank account is debited, not undeposited funds.
 * - A payment that names no account, an unknown or closed one, or a cash-only customer (the bank
 *   took a check the city would have refused) is an exception: its money is credited to the
 *   lockbox suspense account until a clerk applies it to an account (`resolveLockboxException`).
 *
 * Set-based: payments post in chunks of PAYMENTS_PER_ENTRY, one journal entry per chunk, and the
 * receipts, lines and tenders of a chunk are one statement each; the whole file is one database
 * transaction, so a crash (kill -9) part way leaves nothing and the import runs again cleanly.
 * Errors: invalid_input, not_found, conflict, period_closed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { cityDateOf, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, yieldToEventLoop, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidFields, notFound } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { cents, formatDollars, sumCents, type Cents } from '../shared/money.js';
import { getSubledgerBalances } from '../ledger/index.js';
import { getReceivableAccount, postReceivableEntry, type OffsetLine } from '../receivables/index.js';
import { getBatch, nextBatchNumber, type PaymentBatch } from './batches.js';
import { validateLayoutSpec, type LockboxLayout, type LockboxLayoutSpec } from './lockbox-layout.js';
import { parseLockboxFile, type LockboxPayment, type LockboxProblem } from './lockbox-parse.js';
import { getReceipt, type Receipt } from './receipts.js';
import { getCashieringSetup, type FundAccounts } from './setup.js';

/** Payments per journal entry (one subledger line each, plus a bank line per fund). */
export const PAYMENTS_PER_ENTRY = 5_000;
/** Problems returned with a refused file (the count is always exact). */
const MAX_PROBLEMS_REPORTED = 1_000;

export const samplesDir = fileURLToPath(new URL('../../samples/lockbox/', import.meta.url));

export type ExceptionReason = 'no_account_reference' | 'account_not_found' | 'account_closed' | 'cash_only_customer';

export const exceptionReasonText: Record<ExceptionReason, string> = {
  no_account_reference: 'The stub names no account',
  account_not_found: 'No such account',
  account_closed: 'The account is closed',
  cash_only_customer: 'The customer is cash-only after returned payments (the bank took a check)',
};

export interface LockboxLayoutRow extends LockboxLayout {
  format: 'fixed' | 'csv';
  isActive: boolean;
}

export interface LockboxException {
  id: number;
  fileId: number;
  fileName: string;
  batchNumber: string;
  depositDate: IsoDate;
  rowNumber: number;
  accountReference: string | null;
  accountNumber: string | null;
  amountCents: Cents;
  checkNumber: string | null;
  payerName: string | null;
  reason: ExceptionReason;
  reasonText: string;
  status: 'open' | 'resolved';
  resolvedReceiptNumber: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolvedNote: string | null;
}

export interface LockboxFile {
  id: number;
  layoutCode: string;
  bankName: string;
  fileName: string;
  sha256: string;
  batchNumber: string;
  depositDate: IsoDate;
  paymentCount: number;
  totalCents: Cents;
  postedCount: number;
  postedCents: Cents;
  exceptionCount: number;
  exceptionCents: Cents;
  openExceptionCount: number;
  journalEntryIds: number[];
  importedAt: string;
  importedBy: string;
}

export interface LockboxImportResult {
  file: LockboxFile;
  batch: PaymentBatch;
  exceptions: LockboxException[];
}

// ---------------------------------------------------------------------------------------------
// Layouts

export async function listLockboxLayouts(db: Executor): Promise<LockboxLayoutRow[]> {
  const result = await sql<LockboxLayoutRow>`select code, bank_name as "bankName", format, spec, is_active as "isActive"
    from lockbox_layout order by code`.execute(db);
  return result.rows;
}

async function findLayout(db: Executor, code: string): Promise<LockboxLayoutRow> {
  const result = await sql<LockboxLayoutRow>`select code, bank_name as "bankName", format, spec, is_active as "isActive"
    from lockbox_layout where code = ${code}`.execute(db);
  const layout = result.rows[0];
  if (!layout) throw invalidFields([{ field: 'layout', message: `there is no lockbox layout "${code}"` }]);
  if (!layout.isActive) throw invalidFields([{ field: 'layout', message: `the lockbox layout "${code}" is retired` }]);
  return layout;
}

/** Adds a bank's layout or changes one (files already imported keep their raw lines). Audited. */
export async function saveLockboxLayout(
  database: Database,
  options: { input: unknown; actor: Actor },
): Promise<LockboxLayoutRow> {
  const raw = asRecord(options.input, 'lockbox layout');
  const problems = new Problems();
  const code = text(raw.code, 'code', problems, { required: true, max: 31 })?.toLowerCase() ?? null;
  const bankName = text(raw.bankName, 'bankName', problems, { required: true, max: 100 });
  if (code && !/^[a-z][a-z0-9_]{1,30}$/.test(code)) problems.add('code', 'lower-case letters, digits and underscores, e.g. "first_california_bank"');
  for (const problem of validateLayoutSpec(raw.spec)) problems.add(`spec.${problem.field}`, problem.message);
  const isActive = raw.isActive === undefined ? true : raw.isActive === true;
  problems.throwIfAny();
  const spec = raw.spec as LockboxLayoutSpec;
  return inTransaction(database, async (tx) => {
    const before = (await listLockboxLayouts(tx)).find((layout) => layout.code === code) ?? null;
    await sql`insert into lockbox_layout (code, bank_name, format, spec, is_active, created_by)
      values (${code}, ${bankName}, ${spec.format}, ${JSON.stringify(spec)}::jsonb, ${isActive}, ${options.actor.username})
      on conflict (code) do update set bank_name = excluded.bank_name, format = excluded.format, spec = excluded.spec,
        is_active = excluded.is_active`.execute(tx);
    const after = { code: code as string, bankName: bankName as string, format: spec.format, spec, isActive };
    await recordAudit(tx, { actor: options.actor, action: before ? 'cashiering.update_lockbox_layout' : 'cashiering.create_lockbox_layout',
      entityType: 'lockbox_layout', entityId: code as string, before, after });
    return after;
  });
}

/** The layouts shipped in samples/lockbox/ (each <code>.json beside a sample file). */
export function shippedLockboxLayouts(): LockboxLayout[] {
  return readdirSync(samplesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(`${samplesDir}${name}`, 'utf8')) as LockboxLayout);
}

/** Installs the shipped layouts that are not there yet (a new city, the demo). */
export async function seedLockboxLayouts(database: Database, actor: Actor): Promise<number> {
  const existing = new Set((await listLockboxLayouts(database.kysely)).map((layout) => layout.code));
  let added = 0;
  for (const layout of shippedLockboxLayouts()) {
    if (existing.has(layout.code)) continue;
    await saveLockboxLayout(database, { input: layout, actor });
    added += 1;
  }
  return added;
}

// ---------------------------------------------------------------------------------------------
// Import

interface MatchedAccount {
  id: number;
  accountNumber: string;
  customerId: number;
  fundCode: string;
  status: string;
  cashOnly: boolean;
}

interface Posting {
  payment: LockboxPayment;
  account: MatchedAccount;
}

interface Held {
  payment: LockboxPayment;
  reason: ExceptionReason;
}

export function sha256Of(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

async function findFileBySha(db: Executor, sha: string): Promise<{ id: number; fileName: string; batchNumber: string; importedAt: Date; importedBy: string } | null> {
  const result = await sql<{ id: number; fileName: string; batchNumber: string; importedAt: Date; importedBy: string }>`
    select f.id, f.file_name as "fileName", b.batch_number as "batchNumber", f.imported_at as "importedAt", f.imported_by as "importedBy"
    from lockbox_file f join payment_batch b on b.id = f.batch_id where f.sha256 = ${sha}`.execute(db);
  return result.rows[0] ?? null;
}

function duplicateFile(found: { id: number; fileName: string; batchNumber: string; importedAt: Date; importedBy: string }): AppError {
  return new AppError('conflict', `This file was imported already: ${found.fileName}, batch ${found.batchNumber}, ` +
    `by ${found.importedBy} on ${cityDateOf(found.importedAt)}. Nothing was posted again.`,
  { field: 'file', fileId: found.id, batchNumber: found.batchNumber });
}

function refusedFile(fileName: string, problems: readonly LockboxProblem[]): AppError {
  const shown = problems.slice(0, MAX_PROBLEMS_REPORTED);
  const first = problems[0] as LockboxProblem;
  const summary = problems.length === 1
    ? `${fileName}, row ${first.row}: ${first.field} ${first.message}. Nothing was posted.`
    : `${fileName} has ${problems.length} problems (the first: row ${first.row}, ${first.field} ${first.message}). Nothing was posted.`;
  return new AppError('invalid_input', summary, {
    field: 'file',
    problemCount: problems.length,
    problems: shown.map((problem) => ({ row: problem.row, field: problem.field, message: problem.message })),
  });
}

async function matchAccounts(db: Executor, numbers: readonly string[]): Promise<Map<string, MatchedAccount>> {
  if (numbers.length === 0) return new Map();
  const result = await sql<MatchedAccount>`select r.id, r.account_number as "accountNumber", r.customer_id as "customerId",
      r.fund_code as "fundCode", r.status, c.is_cash_only as "cashOnly"
    from receivable_account r join customer c on c.id = r.customer_id
    where r.account_number = any(${[...new Set(numbers)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.accountNumber, row]));
}

function sortPayments(payments: readonly LockboxPayment[], accounts: ReadonlyMap<string, MatchedAccount>): { postings: Posting[]; held: Held[] } {
  const postings: Posting[] = [];
  const held: Held[] = [];
  for (const payment of payments) {
    const account = payment.accountNumber ? accounts.get(payment.accountNumber) : undefined;
    if (!payment.accountNumber) held.push({ payment, reason: 'no_account_reference' });
    else if (!account) held.push({ payment, reason: 'account_not_found' });
    else if (account.status === 'closed') held.push({ payment, reason: 'account_closed' });
    else if (account.cashOnly) held.push({ payment, reason: 'cash_only_customer' });
    else postings.push({ payment, account });
  }
  return { postings, held };
}

function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

async function receiptNumbers(tx: Tx, year: string, count: number): Promise<string[]> {
  const result = await sql<{ n: string }>`select nextval('receipt_number_seq')::text as n from generate_series(1, ${count}::int)`.execute(tx);
  return result.rows.map((row) => `R-${year}-${row.n.padStart(6, '0')}`);
}

function bankAccountOf(funds: ReadonlyMap<string, FundAccounts>, fundCode: string): string {
  const fund = funds.get(fundCode);
  if (!fund) {
    throw new AppError('invalid_input', `Cashiering has no bank account for fund ${fundCode}; an accountant sets it in cashiering set-up`, {
      field: 'fund', funds: [fundCode],
    });
  }
  return fund.bankAccountCode;
}

export interface ImportLockboxOptions {
  layoutCode: string;
  fileName: string;
  content: string;
  actor: Actor;
  clock: Clock;
  /** Payments posted so far, of all (posted and held): for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export async function importLockboxFile(database: Database, options: ImportLockboxOptions): Promise<LockboxImportResult> {
  const fileName = options.fileName.trim().slice(0, 200) || 'lockbox file';
  const sha = sha256Of(options.content);
  const known = await findFileBySha(database.kysely, sha);
  if (known) throw duplicateFile(known);
  const layout = await findLayout(database.kysely, options.layoutCode);
  const parsed = parseLockboxFile(options.content, layout.spec);
  if (parsed.problems.length > 0) throw refusedFile(fileName, parsed.problems);
  const depositDate = parsed.depositDate as IsoDate;
  const setup = await getCashieringSetup(database.kysely);
  const funds = new Map(setup.fundAccounts.map((row) => [row.fundCode, row]));
  const total = options.onProgress ? parsed.payments.length : 0;
  const started = Date.now();

  const result = await inTransaction(database, async (tx) => {
    const again = await findFileBySha(tx, sha);
    if (again) throw duplicateFile(again);
    const accounts = await matchAccounts(tx, parsed.payments.flatMap((payment) => (payment.accountNumber ? [payment.accountNumber] : [])));
    const { postings, held } = sortPayments(parsed.payments, accounts);
    for (const posting of postings) bankAccountOf(funds, posting.account.fundCode);
    const suspense = held.length > 0 ? await suspenseAccount(tx, funds) : null;

    const batchNumber = await nextBatchNumber(tx);
    const paymentsTotal = sumCents(parsed.payments.map((payment) => payment.amountCents));
    const batchRow = await sql<{ id: number }>`insert into payment_batch (batch_number, kind, status, business_date, description,
        control_total_cents, control_count, opened_by, closed_by, closed_at)
      values (${batchNumber}, 'lockbox', 'closed', ${depositDate}, ${`${layout.bankName} lockbox, ${fileName}`.slice(0, 500)},
        ${paymentsTotal}, ${parsed.payments.length}, ${options.actor.username}, ${options.actor.username}, now())
      returning id`.execute(tx);
    const batchId = batchRow.rows[0]?.id as number;

    const entryIds: number[] = [];
    let done = 0;
    for (const [index, chunk] of chunksOf(postings, PAYMENTS_PER_ENTRY).entries()) {
      entryIds.push(await postChunk(database, tx, { chunk, index, sha, batchId, batchNumber, depositDate, funds, actor: options.actor }));
      done += chunk.length;
      options.onProgress?.(done, total);
      if (database.engine === 'pglite') await yieldToEventLoop();
    }
    let suspenseEntries: Array<{ entryId: number; held: Held[] }> = [];
    if (suspense) {
      suspenseEntries = await postSuspense(database, tx, { held, sha, batchNumber, depositDate, suspense, actor: options.actor });
      entryIds.push(...suspenseEntries.map((entry) => entry.entryId));
    }
    const postedCents = sumCents(postings.map((posting) => posting.payment.amountCents));
    const heldCents = sumCents(held.map((entry) => entry.payment.amountCents));
    const fileRow = await sql<{ id: number }>`insert into lockbox_file (layout_code, file_name, sha256, batch_id, deposit_date,
        payment_count, total_cents, posted_count, posted_cents, exception_count, exception_cents, journal_entry_ids, imported_by)
      values (${layout.code}, ${fileName}, ${sha}, ${batchId}, ${depositDate}, ${parsed.payments.length}, ${paymentsTotal},
        ${postings.length}, ${postedCents}, ${held.length}, ${heldCents}, ${entryIds}::bigint[], ${options.actor.username})
      returning id`.execute(tx);
    const fileId = fileRow.rows[0]?.id as number;
    for (const { entryId, held: chunk } of suspenseEntries) {
      await sql`insert into lockbox_exception (file_id, row_number, account_reference, account_number, amount_cents, check_number,
          routing_number, account_last4, payer_name, reason, raw_line, fund_code, journal_entry_id)
        select ${fileId}::bigint, t.row_number, t.reference, t.account_number, t.amount, t.check_number, t.routing, t.last4, t.payer,
          t.reason, t.raw_line, ${suspense?.fundCode ?? null}, ${entryId}::bigint
        from unnest(${chunk.map((entry) => entry.payment.rowNumber)}::int[], ${chunk.map((entry) => entry.payment.accountReference)}::text[],
          ${chunk.map((entry) => entry.payment.accountNumber)}::text[], ${chunk.map((entry) => entry.payment.amountCents)}::bigint[],
          ${chunk.map((entry) => entry.payment.checkNumber)}::text[], ${chunk.map((entry) => entry.payment.routingNumber)}::text[],
          ${chunk.map((entry) => entry.payment.accountLast4)}::text[], ${chunk.map((entry) => entry.payment.payerName)}::text[],
          ${chunk.map((entry) => entry.reason)}::text[], ${chunk.map((entry) => entry.payment.rawLine)}::text[])
          as t(row_number, reference, account_number, amount, check_number, routing, last4, payer, reason, raw_line)`.execute(tx);
    }
    options.onProgress?.(total, total);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.import_lockbox', entityType: 'lockbox_file', entityId: String(fileId),
      after: { fileName, sha256: sha, layout: layout.code, batch: batchNumber, depositDate, paymentCount: parsed.payments.length,
        totalCents: paymentsTotal, postedCount: postings.length, postedCents, exceptionCount: held.length, exceptionCents: heldCents,
        journalEntryIds: entryIds, seconds: (Date.now() - started) / 1000 } });
    return { fileId, batchId };
  });
  return {
    file: await getLockboxFile(database.kysely, result.fileId),
    batch: await getBatch(database.kysely, result.batchId),
    exceptions: await listLockboxExceptions(database.kysely, { fileId: result.fileId, limit: 200 }),
  };
}

async function suspenseAccount(tx: Executor, funds: ReadonlyMap<string, FundAccounts>): Promise<{ code: string; fundCode: string; bankCode: string }> {
  const result = await sql<{ code: string; fundCode: string }>`select a.code, a.fund_code as "fundCode"
    from cashiering_config c join account a on a.id = c.lockbox_suspense_account_id`.execute(tx);
  const row = result.rows[0];
  if (!row) {
    throw new AppError('invalid_input', 'Some payments match no open account and cashiering has no lockbox suspense account to hold them; ' +
      'an accountant sets it in cashiering set-up', { field: 'lockboxSuspenseAccount' });
  }
  return { ...row, bankCode: bankAccountOf(funds, row.fundCode) };
}

async function postChunk(
  database: Database,
  tx: Tx,
  spec: { chunk: Posting[]; index: number; sha: string; batchId: number; batchNumber: string; depositDate: IsoDate;
    funds: ReadonlyMap<string, FundAccounts>; actor: Actor },
): Promise<number> {
  const { chunk, depositDate } = spec;
  const receipts = await receiptNumbers(tx, depositDate.slice(0, 4), chunk.length);
  // "Balance after" on each receipt: the account's balance before the file, less its earlier payments in it.
  const balances = await getSubledgerBalances(tx, chunk.map((posting) => posting.account.id), null);
  const before: Cents[] = chunk.map((posting) => {
    const balance = balances.get(posting.account.id) ?? cents(0);
    balances.set(posting.account.id, cents(balance - posting.payment.amountCents));
    return balance;
  });
  const byFund = new Map<string, Cents>();
  for (const posting of chunk) byFund.set(posting.account.fundCode, cents((byFund.get(posting.account.fundCode) ?? 0) + posting.payment.amountCents));
  const offsetLines: OffsetLine[] = [...byFund].sort(([a], [b]) => a.localeCompare(b)).map(([fund, amount]) => ({
    accountCode: bankAccountOf(spec.funds, fund),
    amountCents: amount,
    memo: `Lockbox batch ${spec.batchNumber}, deposited ${depositDate}`,
  }));
  const column = <T>(pick: (posting: Posting, position: number) => T): T[] => chunk.map(pick);
  // The receipts, their lines and tenders are written by the chunk's journal entry statement
  // (companion writes): one round trip, and the lines and tenders find their receipt by a hash
  // join on what was just inserted rather than an index probe each.
  const companion = {
    ctes: sql`, lb_x as (
      insert into cash_transaction (receipt_number, batch_id, customer_id, payer_name, business_date, total_cents,
        tendered_cents, change_cents, journal_entry_id, idempotency_key, content_hash, created_by)
      select t.receipt, ${spec.batchId}::bigint, t.customer, t.payer, ${depositDate}::date, t.amount, t.amount, 0,
        h.id, t.key, ${spec.sha}::text, ${spec.actor.username}::text
      from header h cross join unnest(${receipts}::text[], ${column((p) => p.account.customerId)}::bigint[], ${column((p) => p.payment.payerName)}::text[],
        ${column((p) => p.payment.amountCents)}::bigint[], ${column((p) => `lockbox:${spec.sha}:${p.payment.rowNumber}`)}::text[])
        as t(receipt, customer, payer, amount, key)
      returning id, receipt_number
    ), lb_lines as (
      insert into cash_transaction_line (transaction_id, line_number, line_kind, receivable_account_id, quantity,
        description, amount_cents, balance_before_cents, fund_code)
      select x.id, 1, 'account', t.account, 1, t.description, t.amount, t.before, t.fund
      from unnest(${receipts}::text[], ${column((p) => p.account.id)}::bigint[],
        ${column((p) => `Lockbox payment ${p.account.accountNumber}`)}::text[], ${column((p) => p.payment.amountCents)}::bigint[],
        ${before}::bigint[], ${column((p) => p.account.fundCode)}::text[]) as t(receipt, account, description, amount, before, fund)
      join lb_x x on x.receipt_number = t.receipt
      returning 1
    ), lb_tenders as (
      insert into cash_tender (transaction_id, line_number, tender_type, amount_cents, check_number, routing_number, account_last4)
      select x.id, 1, 'check', t.amount, t.check_number, t.routing, t.last4
      from unnest(${receipts}::text[], ${column((p) => p.payment.amountCents)}::bigint[], ${column((p) => p.payment.checkNumber)}::text[],
        ${column((p) => p.payment.routingNumber)}::text[], ${column((p) => p.payment.accountLast4)}::text[])
        as t(receipt, amount, check_number, routing, last4)
      join lb_x x on x.receipt_number = t.receipt
      returning 1
    )`,
    rowCount: sql`(select count(*) from lb_lines) + (select count(*) from lb_tenders)`,
    select: sql`(select count(*) from lb_x)::int as "lockboxReceipts"`,
  };
  const posted = await postReceivableEntry(database, tx, spec.actor, {
    entryDate: depositDate,
    description: `Lockbox batch ${spec.batchNumber}, payments ${spec.index * PAYMENTS_PER_ENTRY + 1} to ${spec.index * PAYMENTS_PER_ENTRY + chunk.length}`,
    documentRef: spec.batchNumber,
    idempotencyKey: `lockbox:${spec.sha}:${spec.index}`,
    items: chunk.map((posting, position) => ({
      accountId: posting.account.id,
      itemType: 'payment' as const,
      chargeClass: null,
      amountCents: cents(-posting.payment.amountCents),
      itemDate: depositDate,
      dueDate: null,
      penaltyEligible: false,
      offsetAccountCode: bankAccountOf(spec.funds, posting.account.fundCode),
      description: `Lockbox payment, receipt ${receipts[position]}${posting.payment.checkNumber ? `, check ${posting.payment.checkNumber}` : ''}`,
      reasonCode: null,
      documentRef: receipts[position] as string,
      reversesItemId: null,
    })),
    offsetLines,
    companion,
  });
  // The file's SHA-256 is refused before any chunk posts, so a chunk's key is never taken.
  if (posted.isReplay) throw new Error(`lockbox chunk ${spec.index} of ${spec.sha} was posted already`);
  return posted.entry.id;
}

async function postSuspense(
  database: Database,
  tx: Tx,
  spec: { held: Held[]; sha: string; batchNumber: string; depositDate: IsoDate; suspense: { code: string; bankCode: string }; actor: Actor },
): Promise<Array<{ entryId: number; held: Held[] }>> {
  const entries: Array<{ entryId: number; held: Held[] }> = [];
  for (const [index, chunk] of chunksOf(spec.held, PAYMENTS_PER_ENTRY).entries()) {
    const amount = sumCents(chunk.map((entry) => entry.payment.amountCents));
    // No receivable items: the entry is the bank's money held against the suspense liability.
    const posted = await postReceivableEntry(database, tx, spec.actor, {
      entryDate: spec.depositDate,
      description: `Lockbox batch ${spec.batchNumber}: ${chunk.length} payments held for a clerk to apply`,
      documentRef: spec.batchNumber,
      idempotencyKey: `lockbox:${spec.sha}:suspense:${index}`,
      items: [],
      offsetLines: [
        { accountCode: spec.suspense.bankCode, amountCents: amount, memo: `Lockbox batch ${spec.batchNumber}, unmatched payments` },
        { accountCode: spec.suspense.code, amountCents: cents(-amount), memo: `Lockbox batch ${spec.batchNumber}, unmatched payments` },
      ],
    });
    entries.push({ entryId: posted.entry.id, held: chunk });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Reading

const fileSelect = sql`select f.id, f.layout_code as "layoutCode", l.bank_name as "bankName", f.file_name as "fileName", f.sha256,
    b.batch_number as "batchNumber", f.deposit_date as "depositDate", f.payment_count as "paymentCount", f.total_cents as "totalCents",
    f.posted_count as "postedCount", f.posted_cents as "postedCents", f.exception_count as "exceptionCount",
    f.exception_cents as "exceptionCents",
    (select count(*) from lockbox_exception e where e.file_id = f.id and e.status = 'open')::int as "openExceptionCount",
    f.journal_entry_ids as "journalEntryIds", f.imported_at as "importedAt", f.imported_by as "importedBy"
  from lockbox_file f join lockbox_layout l on l.code = f.layout_code join payment_batch b on b.id = f.batch_id`;

type FileDbRow = Omit<LockboxFile, 'importedAt' | 'journalEntryIds'> & { importedAt: Date; journalEntryIds: Array<number | string> };

const toFile = (row: FileDbRow): LockboxFile => ({
  ...row,
  journalEntryIds: row.journalEntryIds.map(Number),
  importedAt: row.importedAt.toISOString(),
});

export async function getLockboxFile(db: Executor, id: number): Promise<LockboxFile> {
  const result = await sql<FileDbRow>`${fileSelect} where f.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('lockbox file', id);
  return toFile(row);
}

export async function listLockboxFiles(db: Executor, options: { limit?: number } = {}): Promise<LockboxFile[]> {
  const result = await sql<FileDbRow>`${fileSelect} order by f.id desc limit ${options.limit ?? 100}`.execute(db);
  return result.rows.map(toFile);
}

type ExceptionDbRow = Omit<LockboxException, 'reasonText' | 'resolvedAt'> & { resolvedAt: Date | null };

export async function listLockboxExceptions(
  db: Executor,
  options: { fileId?: number; status?: 'open' | 'resolved' | null; id?: number; limit?: number } = {},
): Promise<LockboxException[]> {
  const result = await sql<ExceptionDbRow>`select e.id, e.file_id as "fileId", f.file_name as "fileName", b.batch_number as "batchNumber",
      f.deposit_date as "depositDate", e.row_number as "rowNumber", e.account_reference as "accountReference",
      e.account_number as "accountNumber", e.amount_cents as "amountCents", e.check_number as "checkNumber", e.payer_name as "payerName",
      e.reason, e.status, x.receipt_number as "resolvedReceiptNumber", e.resolved_by as "resolvedBy", e.resolved_at as "resolvedAt",
      e.resolved_note as "resolvedNote"
    from lockbox_exception e join lockbox_file f on f.id = e.file_id join payment_batch b on b.id = f.batch_id
    left join cash_transaction x on x.id = e.resolved_transaction_id
    where (${options.fileId ?? null}::bigint is null or e.file_id = ${options.fileId ?? null})
      and (${options.status ?? null}::text is null or e.status = ${options.status ?? null})
      and (${options.id ?? null}::bigint is null or e.id = ${options.id ?? null})
    order by e.file_id, e.row_number limit ${options.limit ?? 500}`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    reasonText: exceptionReasonText[row.reason] ?? row.reason,
    resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Resolving an exception

/**
 * Applies a held lockbox payment to the account the clerk found (by the payer's name, the check,
 * a phone call): a receipt in the file's batch, dated today, paying the account; the suspense
 * account is cleared (and, when the account is in another fund than the suspense account, the
 * cash moves between the funds' bank accounts). Audited; an exception is applied once.
 */
export async function resolveLockboxException(
  database: Database,
  options: { exceptionId: number; input: unknown; actor: Actor; clock: Clock },
): Promise<{ exception: LockboxException; receipt: Receipt }> {
  const raw = asRecord(options.input, 'resolution');
  const problems = new Problems();
  const accountKey = text(raw.account, 'account', problems, { required: true, max: 40 })?.toUpperCase() ?? null;
  const note = text(raw.note, 'note', problems, { required: true, max: 500 });
  problems.throwIfAny();
  const today = options.clock.today();
  return inTransaction(database, async (tx) => {
    const locked = await sql<{ id: number; status: string; amountCents: Cents; checkNumber: string | null; routingNumber: string | null;
      accountLast4: string | null; payerName: string | null; batchId: number; batchNumber: string; fundCode: string | null; rowNumber: number }>`
      select e.id, e.status, e.amount_cents as "amountCents", e.check_number as "checkNumber", e.routing_number as "routingNumber",
        e.account_last4 as "accountLast4", e.payer_name as "payerName", f.batch_id as "batchId", b.batch_number as "batchNumber",
        e.fund_code as "fundCode", e.row_number as "rowNumber"
      from lockbox_exception e join lockbox_file f on f.id = e.file_id join payment_batch b on b.id = f.batch_id
      where e.id = ${options.exceptionId} for update of e`.execute(tx);
    const held = locked.rows[0];
    if (!held) throw notFound('lockbox exception', options.exceptionId);
    if (held.status !== 'open') throw new AppError('conflict', `Lockbox exception ${held.id} was applied already`, { field: 'exceptionId' });
    const account = await getReceivableAccount(tx, accountKey as string, today).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw invalidFields([{ field: 'account', message: `account ${accountKey} was not found` }]);
      throw error;
    });
    if (account.status === 'closed') throw invalidFields([{ field: 'account', message: `account ${account.accountNumber} is closed` }]);
    const setup = await getCashieringSetup(tx);
    const funds = new Map(setup.fundAccounts.map((row) => [row.fundCode, row]));
    const suspense = await suspenseAccount(tx, funds);
    const accountBank = bankAccountOf(funds, account.fundCode);
    const [receiptNumber] = await receiptNumbers(tx, today.slice(0, 4), 1) as [string];
    const amount = held.amountCents;
    const memo = `Lockbox batch ${held.batchNumber} row ${held.rowNumber} applied, receipt ${receiptNumber}`;
    const offsetLines: OffsetLine[] = [{ accountCode: suspense.code, amountCents: amount, memo }];
    if (suspense.fundCode !== account.fundCode) {
      // The cash sits in the suspense fund's bank account; it moves to the account's fund.
      offsetLines.push({ accountCode: suspense.bankCode, amountCents: cents(-amount), memo }, { accountCode: accountBank, amountCents: amount, memo });
    }
    const posted = await postReceivableEntry(database, tx, options.actor, {
      entryDate: today,
      description: `Lockbox payment applied to ${account.accountNumber}, receipt ${receiptNumber} (batch ${held.batchNumber})`,
      documentRef: receiptNumber,
      idempotencyKey: `lockbox-exception:${held.id}`,
      items: [{ accountId: account.id, itemType: 'payment', chargeClass: null, amountCents: cents(-amount), itemDate: today, dueDate: null,
        penaltyEligible: false, offsetAccountCode: suspense.code, description: `Lockbox payment, receipt ${receiptNumber}`, reasonCode: null,
        documentRef: receiptNumber, reversesItemId: null }],
      offsetLines,
    });
    const inserted = await sql<{ id: number }>`insert into cash_transaction (receipt_number, batch_id, customer_id, payer_name, business_date,
        total_cents, tendered_cents, change_cents, journal_entry_id, idempotency_key, content_hash, created_by)
      values (${receiptNumber}, ${held.batchId}, ${account.customerId}, ${held.payerName}, ${today}, ${amount}, ${amount}, 0,
        ${posted.entry.id}, ${`lockbox-exception:${held.id}`}, ${`exception:${held.id}`}, ${options.actor.username})
      returning id`.execute(tx);
    const transactionId = inserted.rows[0]?.id as number;
    await sql`insert into cash_transaction_line (transaction_id, line_number, line_kind, receivable_account_id, quantity, description,
        amount_cents, balance_before_cents, fund_code)
      values (${transactionId}, 1, 'account', ${account.id}, 1, ${`Lockbox payment ${account.accountNumber}`}, ${amount},
        ${account.balanceCents}, ${account.fundCode})`.execute(tx);
    await sql`insert into cash_tender (transaction_id, line_number, tender_type, amount_cents, check_number, routing_number, account_last4)
      values (${transactionId}, 1, 'check', ${amount}, ${held.checkNumber}, ${held.routingNumber}, ${held.accountLast4})`.execute(tx);
    await sql`update lockbox_exception set status = 'resolved', resolved_transaction_id = ${transactionId},
        resolved_by = ${options.actor.username}, resolved_at = now(), resolved_note = ${note}
      where id = ${held.id}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.resolve_lockbox_exception', entityType: 'lockbox_exception',
      entityId: String(held.id), before: { status: 'open' },
      after: { status: 'resolved', account: account.accountNumber, receiptNumber, amountCents: amount, journalEntryId: posted.entry.id, note } });
    const [exception] = await listLockboxExceptions(tx, { id: held.id });
    return { exception: exception as LockboxException, receipt: await getReceipt(tx, receiptNumber) };
  });
}

/** "12 payments, $1,234.56" */
export function describeCount(count: number, amount: Cents): string {
  return `${count} payment${count === 1 ? '' : 's'}, ${formatDollars(amount)}`;
}
