/**
 * Posts many entries at once (imports, other modules' batch work), all or nothing: one
 * transaction, set-based statements in chunks (unnest, not a round trip per row), a turn for the
 * event loop between chunks. Entries whose idempotency key already posted the same content are
 * skipped as replays; a key reused with different content fails the whole batch.
 * Errors: invalid_input (naming the row and field), unbalanced_entry (naming the row),
 * period_closed, idempotency_conflict.
 */
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, yieldToEventLoop, type Database } from '../shared/db.js';
import { AppError, invalidFields, type FieldProblem } from '../shared/errors.js';
import { assertNoSubledgerLines, normalizeEntry, type NormalizedEntry } from './entry.js';
import { checkPeriodsOpen, resolveAccounts } from './post-journal-entry.js';
import { findHashesByKeys, insertEntries, translateLedgerDatabaseError } from './store.js';

export interface BatchPostResult {
  postedCount: number;
  replayedCount: number;
  firstEntryId: number | null;
  lastEntryId: number | null;
}

export interface BatchPostOptions {
  inputs: readonly unknown[];
  actor: Actor;
  sourceModule?: string;
  /** Entries per statement (default 2,000). */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Batches at least this large are followed by VACUUM ANALYZE of the ledger's tables on PGlite. */
const MAINTAIN_AFTER_ENTRIES = 1_000;
const ledgerTables = ['journal_entry', 'journal_line', 'account_period_balance', 'account_day_balance'];

export async function postJournalEntries(database: Database, options: BatchPostOptions): Promise<BatchPostResult> {
  const result = await postBatch(database, options);
  if (result.postedCount >= MAINTAIN_AFTER_ENTRIES) {
    // PGlite analyzes nothing by itself: after an import the planner would believe the journal as
    // small as before it. The import has committed; a failure here would leave only stale
    // statistics, which the next maintenance (server idle, next open) corrects.
    await database.maintain(ledgerTables).catch(() => undefined);
  }
  return result;
}

async function postBatch(database: Database, options: BatchPostOptions): Promise<BatchPostResult> {
  const entries = normalizeAll(options.inputs, options.sourceModule ?? 'gl');
  const chunkSize = options.chunkSize ?? 2_000;
  try {
    return await inTransaction(database, async (tx) => {
      // Entries already posted under their key (a re-run batch) are replays: they are not checked
      // again against periods that may have closed since, only compared with what was posted.
      const fresh = await withoutReplays(tx, entries);
      const accountIds = await resolveAccounts(tx, fresh, false);
      await checkPeriodsOpen(tx, fresh);
      const result: BatchPostResult = { postedCount: 0, replayedCount: 0, firstEntryId: null, lastEntryId: null };
      result.replayedCount = entries.length - fresh.length;
      for (let start = 0; start < fresh.length; start += chunkSize) {
        const chunk = fresh.slice(start, start + chunkSize);
        const { inserted, skippedKeys } = await insertEntries(tx, chunk, accountIds, options.actor.username);
        await checkReplays(tx, chunk, skippedKeys, start);
        for (const id of inserted.values()) {
          result.firstEntryId = result.firstEntryId === null ? id : Math.min(result.firstEntryId, id);
          result.lastEntryId = result.lastEntryId === null ? id : Math.max(result.lastEntryId, id);
        }
        result.postedCount += inserted.size;
        result.replayedCount += skippedKeys.length;
        options.onProgress?.(Math.min(start + chunkSize, fresh.length), fresh.length);
        if (database.engine === 'pglite') await yieldToEventLoop();
      }
      if (result.postedCount > 0) {
        await recordAudit(tx, {
          actor: options.actor,
          action: 'ledger.post_batch',
          entityType: 'journal_entry',
          entityId: `${result.firstEntryId}-${result.lastEntryId}`,
          after: result,
          details: { sourceModule: options.sourceModule ?? 'gl', entryCount: entries.length },
        });
      }
      return result;
    });
  } catch (error) {
    throw translateLedgerDatabaseError(error);
  }
}

/** Drops entries whose key already posted the same content; a key with other content fails all. */
async function withoutReplays(
  tx: Parameters<typeof findHashesByKeys>[0],
  entries: readonly NormalizedEntry[],
): Promise<NormalizedEntry[]> {
  const existing = await findHashesByKeys(tx, entries.map((entry) => entry.idempotencyKey));
  if (existing.size === 0) return [...entries];
  await checkReplays(tx, entries, [...existing.keys()], 0);
  return entries.filter((entry) => !existing.has(entry.idempotencyKey));
}

function normalizeAll(inputs: readonly unknown[], sourceModule: string): NormalizedEntry[] {
  const problems: FieldProblem[] = [];
  let isEveryProblemUnbalanced = true;
  const entries: NormalizedEntry[] = [];
  const seenKeys = new Map<string, number>();
  inputs.forEach((input, index) => {
    const row = index + 1;
    try {
      const entry = normalizeEntry(input, { sourceModule });
      assertNoSubledgerLines(entry, row);
      const earlierRow = seenKeys.get(entry.idempotencyKey);
      if (earlierRow !== undefined) {
        isEveryProblemUnbalanced = false;
        problems.push({ row, field: 'idempotencyKey', message: `repeats the key of row ${earlierRow}` });
      }
      seenKeys.set(entry.idempotencyKey, row);
      entries.push(entry);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code !== 'unbalanced_entry') isEveryProblemUnbalanced = false;
      const nested = error.details.problems;
      if (Array.isArray(nested)) {
        for (const problem of nested as FieldProblem[]) problems.push({ ...problem, row });
      } else {
        problems.push({ row, field: String(error.details.field ?? 'entry'), message: error.message });
      }
    }
  });
  if (problems.length > 0) {
    const summary =
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${inputs.length} entries; nothing was posted` +
      (problems[0] ? ` (first: row ${problems[0].row}, ${problems[0].field}: ${problems[0].message})` : '');
    const error = invalidFields(problems.slice(0, 100), summary);
    // A batch refused only because rows do not balance says so in its code, as a single entry does.
    if (isEveryProblemUnbalanced) {
      throw new AppError('unbalanced_entry', summary, { ...error.details, row: problems[0]?.row });
    }
    throw error;
  }
  if (entries.length === 0) throw invalidFields([{ field: 'entries', message: 'no entries to post' }]);
  return entries;
}

async function checkReplays(
  tx: Parameters<typeof findHashesByKeys>[0],
  chunk: readonly NormalizedEntry[],
  skippedKeys: readonly string[],
  rowOffset: number,
): Promise<void> {
  if (skippedKeys.length === 0) return;
  const existing = await findHashesByKeys(tx, skippedKeys);
  chunk.forEach((entry, index) => {
    const earlier = existing.get(entry.idempotencyKey);
    if (earlier && earlier.contentHash !== entry.contentHash) {
      throw new AppError(
        'idempotency_conflict',
        `Row ${rowOffset + index + 1}: idempotency key "${entry.idempotencyKey}" was already used ` +
          `for journal entry ${earlier.id} with different content; nothing was posted`,
        { row: rowOffset + index + 1, idempotencyKey: entry.idempotencyKey, entryId: earlier.id },
      );
    }
  });
}
