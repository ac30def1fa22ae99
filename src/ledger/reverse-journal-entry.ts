/**
 * Reverses a posted entry: a new entry with every line negated, linked to the original, which is
 * never changed. The reversal is dated today unless a date is given, and must fall in an open
 * period (the original's period may be closed).
 * Errors: not_found, already_reversed, invalid_input (a reversal cannot itself be reversed),
 * period_closed, idempotency_conflict.
 */
import type { Actor } from '../shared/actor.js';
import { parseIsoDate, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { cents } from '../shared/money.js';
import { buildReversal, type NormalizedLine } from './entry.js';
import { periodFromKey, periodOfDate } from './periods.js';
import { postNormalizedEntry, type PostResult } from './post-journal-entry.js';
import { getJournalEntry } from './queries.js';
import {
  findEntryHeader,
  findEntryHeaderByKey,
  findEntryLines,
  type EntryApproval,
  type EntryLineRow,
} from './store.js';

export interface ReverseOptions {
  entryId: number;
  actor: Actor;
  clock: Clock;
  entryDate?: string | null;
  periodKey?: string | null;
  description?: string | null;
  idempotencyKey?: string | null;
  /** Set when the reversal went through maker-checker approval. */
  approval?: EntryApproval | null;
  /** Reverse inside a caller's transaction (an approval). */
  inTx?: Tx;
  /**
   * Entries with subledger lines are reversed by the module that keeps the subledger (it passes
   * true and records its own detail); the ledger's own reversal refuses them.
   */
  allowSubledgerLines?: boolean;
}

export async function reverseJournalEntry(database: Database, options: ReverseOptions): Promise<PostResult> {
  const entryDate: IsoDate = options.entryDate
    ? parseIsoDate(options.entryDate, 'entryDate')
    : options.clock.today();
  const periodKey = options.periodKey
    ? periodFromKey(options.periodKey, 'periodKey').key
    : periodOfDate(entryDate).key;
  const work = async (tx: Tx): Promise<PostResult> => {
    const original = await findEntryHeader(tx, options.entryId);
    if (!original) throw notFound('journal entry', options.entryId);
    if (options.idempotencyKey) {
      const earlier = await findEntryHeaderByKey(tx, options.idempotencyKey);
      const isSameRequest =
        earlier !== undefined &&
        earlier.reversesEntryId === original.id &&
        (!options.entryDate || earlier.entryDate === entryDate) &&
        (!options.description?.trim() || earlier.description === options.description.trim());
      if (earlier && isSameRequest) {
        return { entry: await getJournalEntry(tx, earlier.id), isReplay: true };
      }
      if (earlier) {
        throw new AppError(
          'idempotency_conflict',
          `Idempotency key "${options.idempotencyKey}" was already used for journal entry ${earlier.id} with different content`,
          { idempotencyKey: options.idempotencyKey, entryId: earlier.id },
        );
      }
    }
    if (original.reversesEntryId !== null) {
      throw new AppError(
        'invalid_input',
        `Journal entry ${original.id} is itself the reversal of entry ${original.reversesEntryId}; ` +
          'post a new entry instead of reversing a reversal',
        { field: 'entryId', reversesEntryId: original.reversesEntryId },
      );
    }
    if (original.reversedByEntryId !== null) {
      throw new AppError(
        'already_reversed',
        `Journal entry ${original.id} was already reversed by entry ${original.reversedByEntryId}`,
        { entryId: original.id, reversedByEntryId: original.reversedByEntryId },
      );
    }
    const lines = await findEntryLines(tx, [original.id]);
    if (!options.allowSubledgerLines && lines.some((line) => line.subledgerAccountId !== null)) {
      throw new AppError(
        'invalid_input',
        `Journal entry ${original.id} posted to a subledger (${original.sourceModule}); reverse it there ` +
          '(a receivable charge or payment is reversed from its account), so the detail stays right',
        { field: 'entryId', sourceModule: original.sourceModule },
      );
    }
    const reversal = buildReversal(
      { ...original, lines: lines.map(toNormalizedLine) },
      {
        entryDate,
        periodKey,
        description: options.description ?? null,
        idempotencyKey: options.idempotencyKey ?? null,
      },
    );
    return postNormalizedEntry(database, {
      entry: reversal,
      actor: options.actor,
      allowInactiveAccounts: true,
      approval: options.approval ?? null,
      inTx: tx,
    });
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

function toNormalizedLine(line: EntryLineRow): NormalizedLine {
  return {
    lineNumber: line.lineNumber,
    accountCode: line.accountCode,
    fundCode: line.fundCode,
    amountCents: cents(line.amountCents),
    memo: line.memo,
    subledgerAccountId: line.subledgerAccountId,
  };
}
