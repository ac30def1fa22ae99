/**
 * Posts one journal entry.
 * Errors: invalid_input (a field, an unknown or inactive account, a period not set up, a date
 * outside its period), unbalanced_entry, period_closed, idempotency_conflict.
 * Replaying the same idempotency key with the same content returns the original entry.
 */
import type { Actor } from '../shared/actor.js';
import type { AuditRecord } from '../shared/audit.js';
import { inTransaction, isRetryableError, type Database, type Tx } from '../shared/db.js';
import { AppError, invalidFields, type FieldProblem } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import { assertNoSubledgerLines, normalizeEntry, type NormalizedEntry, type NormalizedLine } from './entry.js';
import { getJournalEntry, type JournalEntry } from './queries.js';
import {
  findAccountsByCode,
  findEntryHeaderByKey,
  findSubledgerAccounts,
  insertEntryAudited,
  lockPeriodsForPosting,
  readPostingContext,
  translateLedgerDatabaseError,
  type AccountRow,
  type CompanionWrites,
  type EntryApproval,
  type PeriodRow,
  type PostingContext,
  type SubledgerAccountRow,
} from './store.js';

export interface PostResult {
  entry: JournalEntry;
  /** True when the idempotency key had already posted this same entry. */
  isReplay: boolean;
  /** The columns the companion writes selected (absent on a replay: they did not run). */
  companion?: Record<string, unknown>;
}

export async function postJournalEntry(
  database: Database,
  options: { input: unknown; actor: Actor; sourceModule?: string },
): Promise<PostResult> {
  const entry = normalizeEntry(options.input, { sourceModule: options.sourceModule ?? 'gl' });
  assertNoSubledgerLines(entry);
  return postNormalizedEntry(database, { entry, actor: options.actor });
}

/** Posts an already validated entry (reversals and other modules come through here). */
export async function postNormalizedEntry(
  database: Database,
  options: {
    entry: NormalizedEntry;
    actor: Actor;
    allowInactiveAccounts?: boolean;
    /** Set when the entry went through maker-checker approval. */
    approval?: EntryApproval | null;
    /** Post inside a caller's transaction (an approval, another module's use case). */
    inTx?: Tx;
    /** Another module's writes made by the entry's statement (inside a caller's transaction only). */
    companion?: CompanionWrites | null;
  },
): Promise<PostResult> {
  const { entry } = options;
  const audit: AuditRecord = {
    actor: options.actor,
    action: entry.reversesEntryId === null ? 'ledger.post_entry' : 'ledger.reverse_entry',
    entityType: 'journal_entry',
    after: {
      entryDate: entry.entryDate,
      periodKey: entry.periodKey,
      description: entry.description,
      source: { module: entry.sourceModule, reference: entry.sourceRef },
      totalDebitCents: entry.totalDebitCents,
      reversesEntryId: entry.reversesEntryId,
      lines: entry.lines.map((line) => [line.accountCode, debitOf(line), creditOf(line)]),
    },
    details: options.approval ? { approvalRequestId: options.approval.requestId, enteredBy: options.approval.enteredBy } : null,
  };
  if (options.companion && !options.inTx) throw new Error('companion writes need the caller\'s transaction');
  const write = { entry, postedBy: options.actor.username, approval: options.approval ?? null, audit, companion: options.companion ?? null };
  const answer = (written: { id: number; postedAt: Date; accountNames: Record<string, string>; companion: Record<string, unknown> }): PostResult => ({
    // Built from what was just written rather than read back.
    entry: postedEntry(entry, written, options.actor.username, options.approval ?? null),
    isReplay: false,
    companion: written.companion,
  });
  const work = async (tx: Tx): Promise<PostResult> => {
    // One round trip for the replay check, the accounts and the period (share-locked), one for
    // the write and its audit row.
    const context = await readPostingContext(tx, entry);
    if (context.existing) return { entry: await replayOf(tx, entry, context.existing), isReplay: true };
    checkAccountRows([entry], context, options.allowInactiveAccounts ?? false);
    checkPeriodRows([entry], context.periods);
    const written = await insertEntryAudited(tx, { ...write, isGuarded: false });
    if (written) return answer(written);
    // A concurrent request with the same key committed first: answer as a replay.
    const concurrent = await findReplay(tx, entry);
    if (concurrent) return { entry: concurrent, isReplay: true };
    throw new Error('idempotent insert neither inserted nor found the entry');
  };
  try {
    if (!options.inTx && entry.lines.every((line) => line.subledgerAccountId === null)) {
      // The common case in one round trip: one statement, its own transaction, that checks the
      // period and accounts itself (BENCHMARKS.md, proposal 5). Anything it does not write (a
      // replay, a closed period, an unknown or inactive account) goes the careful way below,
      // which says precisely what is wrong.
      const written = await insertEntryAudited(database.kysely, { ...write, isGuarded: true }).catch((error: unknown) => {
        if (isRetryableError(error)) return null;
        throw error;
      });
      if (written) return answer(written);
    }
    if (options.inTx) {
      // Inside a caller's transaction: the guarded statement first (period and accounts checked by
      // the statement itself, subledger lines included), one round trip; when it writes nothing,
      // the careful way says why (or answers the replay).
      const written = await insertEntryAudited(options.inTx, { ...write, isGuarded: true });
      if (written) return answer(written);
      return await work(options.inTx);
    }
    return await inTransaction(database, work);
  } catch (error) {
    throw translateLedgerDatabaseError(error);
  }
}

async function findReplay(tx: Tx, entry: NormalizedEntry): Promise<JournalEntry | undefined> {
  const existing = await findEntryHeaderByKey(tx, entry.idempotencyKey);
  return existing ? replayOf(tx, entry, existing) : undefined;
}

/** The entry posted earlier under this key, or idempotency_conflict if its content differs. */
async function replayOf(tx: Tx, entry: NormalizedEntry, existing: { id: number; contentHash: string }): Promise<JournalEntry> {
  if (existing.contentHash !== entry.contentHash) {
    throw new AppError(
      'idempotency_conflict',
      `Idempotency key "${entry.idempotencyKey}" was already used for journal entry ` +
        `${existing.id} with different content`,
      { idempotencyKey: entry.idempotencyKey, entryId: existing.id },
    );
  }
  return getJournalEntry(tx, existing.id);
}

function postedEntry(
  entry: NormalizedEntry,
  written: { id: number; postedAt: Date; accountNames: Record<string, string> },
  postedBy: string,
  approval: EntryApproval | null,
): JournalEntry {
  const { id, postedAt, accountNames } = written;
  return {
    id,
    entryDate: entry.entryDate,
    periodKey: entry.periodKey,
    description: entry.description,
    source: { module: entry.sourceModule, reference: entry.sourceRef },
    idempotencyKey: entry.idempotencyKey,
    reversesEntryId: entry.reversesEntryId,
    reversedByEntryId: null,
    totalDebitCents: entry.totalDebitCents,
    postedBy,
    postedAt: postedAt.toISOString(),
    enteredBy: approval?.enteredBy ?? postedBy,
    approvedBy: approval?.approvedBy ?? null,
    approvalRequestId: approval?.requestId ?? null,
    lines: entry.lines.map((line) => ({
      lineNumber: line.lineNumber,
      accountCode: line.accountCode,
      accountName: accountNames[line.accountCode] ?? line.accountCode,
      fundCode: line.fundCode,
      debitCents: debitOf(line),
      creditCents: creditOf(line),
      memo: line.memo,
      subledgerAccountId: line.subledgerAccountId,
    })),
  };
}

function debitOf(line: NormalizedLine): Cents {
  return cents(line.amountCents > 0 ? line.amountCents : 0);
}

function creditOf(line: NormalizedLine): Cents {
  return cents(line.amountCents < 0 ? -line.amountCents : 0);
}

/** Maps account codes to ids; every account must exist and (except for reversals) be active. */
export async function resolveAccounts(
  tx: Tx,
  entries: readonly NormalizedEntry[],
  allowInactive: boolean,
  rowOffset = 0,
): Promise<Map<string, number>> {
  const accounts = await resolveAccountRows(tx, entries, allowInactive, rowOffset);
  return new Map([...accounts].map(([code, account]) => [code, account.id]));
}

async function resolveAccountRows(
  tx: Tx,
  entries: readonly NormalizedEntry[],
  allowInactive: boolean,
  rowOffset = 0,
): Promise<Map<string, AccountRow>> {
  const codes = entries.flatMap((entry) => entry.lines.map((line) => line.accountCode));
  const accounts = await findAccountsByCode(tx, codes);
  const subledgerIds = entries.flatMap((entry) =>
    entry.lines.flatMap((line) => (line.subledgerAccountId === null ? [] : [line.subledgerAccountId])),
  );
  const subledgerAccounts = await findSubledgerAccounts(tx, subledgerIds);
  return checkAccountRows(entries, { accounts, subledgerAccounts }, allowInactive, rowOffset);
}

/** Every line's account exists, is active (unless allowed) and fits its subledger account. */
function checkAccountRows(
  entries: readonly NormalizedEntry[],
  found: Pick<PostingContext, 'accounts' | 'subledgerAccounts'>,
  allowInactive: boolean,
  rowOffset = 0,
): Map<string, AccountRow> {
  const { accounts, subledgerAccounts } = found;
  const problems: FieldProblem[] = [];
  entries.forEach((entry, entryIndex) => {
    for (const line of entry.lines) {
      const account = accounts.get(line.accountCode);
      const field = `lines[${line.lineNumber - 1}].account`;
      const row = entries.length > 1 ? rowOffset + entryIndex + 1 : undefined;
      if (!account) {
        problems.push({ field, message: `account ${line.accountCode} does not exist`, ...(row ? { row } : {}) });
      } else if (!account.isActive && !allowInactive) {
        problems.push({ field, message: `account ${line.accountCode} (${account.name}) is inactive`, ...(row ? { row } : {}) });
      } else {
        const problem = subledgerProblem(line, account, subledgerAccounts);
        if (problem) problems.push({ ...problem, ...(row ? { row } : {}) });
      }
    }
  });
  if (problems.length > 0) throw invalidFields(problems.slice(0, 100));
  return accounts;
}

/** A line on a control account names one of its subledger accounts; only such lines name one. */
function subledgerProblem(
  line: NormalizedLine,
  account: AccountRow,
  subledgerAccounts: ReadonlyMap<number, SubledgerAccountRow>,
): FieldProblem | null {
  const field = `lines[${line.lineNumber - 1}].subledgerAccountId`;
  if (line.subledgerAccountId === null) {
    return account.subledger === null
      ? null
      : { field: `lines[${line.lineNumber - 1}].account`, message: `account ${account.code} (${account.name}) is the control account of the ${account.subledger} subledger: post to it through ${account.subledger === 'receivable' ? 'receivables' : `the ${account.subledger} module`} (charges, payments, adjustments), not by a journal entry` };
  }
  const subledgerAccount = subledgerAccounts.get(line.subledgerAccountId);
  if (!subledgerAccount) return { field, message: `subledger account ${line.subledgerAccountId} does not exist` };
  if (subledgerAccount.controlAccountId !== account.id) {
    return { field, message: `subledger account ${line.subledgerAccountId} belongs to another control account, not ${account.code}` };
  }
  return null;
}

/** Every entry's period must exist, be open and contain the entry's date. Locks the periods. */
export async function checkPeriodsOpen(tx: Tx, entries: readonly NormalizedEntry[], rowOffset = 0): Promise<void> {
  const periods = await lockPeriodsForPosting(tx, entries.map((entry) => entry.periodKey));
  checkPeriodRows(entries, periods, rowOffset);
}

function checkPeriodRows(entries: readonly NormalizedEntry[], periods: ReadonlyMap<string, PeriodRow>, rowOffset = 0): void {
  const problems: FieldProblem[] = [];
  for (const [index, entry] of entries.entries()) {
    const row = entries.length > 1 ? { row: rowOffset + index + 1 } : {};
    const period = periods.get(entry.periodKey);
    if (!period) {
      problems.push({ field: 'periodKey', message: `fiscal period ${entry.periodKey} is not set up; open it first`, ...row });
    } else if (period.status === 'closed') {
      throw new AppError('period_closed', `Fiscal period ${entry.periodKey} is closed; post in an open period or ask a finance manager to reopen it`, {
        field: 'periodKey',
        periodKey: entry.periodKey,
        ...row,
      });
    } else if (entry.entryDate < period.startDate || entry.entryDate > period.endDate) {
      problems.push({
        field: 'entryDate',
        message: `${entry.entryDate} is outside period ${period.key} (${period.startDate} to ${period.endDate})`,
        ...row,
      });
    }
  }
  if (problems.length > 0) throw invalidFields(problems.slice(0, 100));
}

/**
 * Checks that an entry could post now (accounts exist and are active, its period is open and
 * holds its date) without writing anything: used before filing it for approval.
 */
export async function checkEntryPostable(database: Database, entry: NormalizedEntry): Promise<void> {
  await database.kysely.transaction().execute(async (tx) => {
    await resolveAccounts(tx, [entry], false);
    await checkPeriodsOpen(tx, [entry]);
  });
}
