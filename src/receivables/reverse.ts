/**
 * Reversing what receivables posted (a charge entered in error, an invoice cancelled, a returned
 * payment): the ledger reverses the journal entry; each item gets a linked reversal item; what the
 * original items paid or were paid by is undone; each original is settled by its reversal; then
 * the accounts' credits are applied again by the allocation rule. Nothing is changed or deleted.
 * Errors: not_found, already_reversed, invalid_input, period_closed.
 */
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { parseIsoDate, type Clock } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { cents } from '../shared/money.js';
import { reverseJournalEntry, type EntryApproval, type JournalEntry } from '../ledger/index.js';
import { postReceivableEntry, settleAccounts, unapplyItems, type OffsetLine, type ReceivableEntryResult } from './posting.js';
import { findItemsByEntry, findItemsByIds, insertApplications, insertItems, lockAccounts, type ItemRow } from './store.js';

export async function reverseReceivableEntry(
  database: Database,
  options: {
    journalEntryId: number;
    reason: string;
    reversalDate?: string | null;
    actor: Actor;
    clock: Clock;
    approval?: EntryApproval | null;
    inTx?: Tx;
  },
): Promise<{ entry: JournalEntry; items: ItemRow[] }> {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError('invalid_input', 'reason: a reversal needs a reason', { field: 'reason' });
  const reversalDate = options.reversalDate ? parseIsoDate(options.reversalDate, 'reversalDate') : options.clock.today();
  const work = async (tx: Tx) => {
    const originals = await findItemsByEntry(tx, options.journalEntryId);
    if (originals.length === 0) {
      throw new AppError('invalid_input', `Journal entry ${options.journalEntryId} did not post to receivables`, { field: 'journalEntryId' });
    }
    const reversed = originals.find((item) => item.reversedByItemId !== null);
    if (reversed) {
      throw new AppError('already_reversed', `Receivable item ${reversed.id} was already reversed by item ${reversed.reversedByItemId}`, {
        itemId: reversed.id,
      });
    }
    const accountIds = [...new Set(originals.map((item) => item.accountId))];
    await lockAccounts(tx, accountIds);
    const { entry } = await reverseJournalEntry(database, {
      entryId: options.journalEntryId,
      entryDate: reversalDate,
      description: `Reversal: ${reason}`.slice(0, 500),
      idempotencyKey: `receivables:reverse:${options.journalEntryId}`,
      actor: options.actor,
      clock: options.clock,
      approval: options.approval ?? null,
      allowSubledgerLines: true,
      inTx: tx,
    });
    const reversalIds = await insertItems(
      tx,
      originals.map((item) => ({
        accountId: item.accountId,
        itemType: 'reversal' as const,
        chargeClass: item.amountCents < 0 ? item.chargeClass ?? 'charge' : null,
        amountCents: cents(-item.amountCents),
        itemDate: reversalDate,
        dueDate: item.amountCents < 0 ? item.itemDate : null,
        penaltyEligible: false,
        offsetAccountCode: item.offsetAccountCode,
        description: `Reversal of ${item.description}: ${reason}`.slice(0, 500),
        reasonCode: null,
        documentRef: item.documentRef,
        reversesItemId: item.id,
      })),
      entry.id,
      options.actor.username,
    );
    await unapplyItems(tx, originals.map((item) => item.id), reversalDate, options.actor.username);
    await insertApplications(
      tx,
      originals.map((item, index) => {
        const reversalId = reversalIds[index] as number;
        return item.amountCents > 0
          ? { creditItemId: reversalId, debitItemId: item.id, amountCents: item.amountCents }
          : { creditItemId: item.id, debitItemId: reversalId, amountCents: cents(-item.amountCents) };
      }),
      reversalDate,
      options.actor.username,
    );
    await settleAccounts(tx, accountIds, reversalDate, options.actor.username);
    const items = await findItemsByEntry(tx, entry.id);
    await recordAudit(tx, { actor: options.actor, action: 'receivables.reverse', entityType: 'journal_entry', entityId: options.journalEntryId,
      after: { reversalEntryId: entry.id, items: items.map((item) => item.id) }, details: { reason } });
    return { entry, items };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/**
 * Reverses some items of an entry (one payment of a lockbox deposit, a returned check) with a new
 * entry: each item gets its linked reversal item, what it paid is reopened, and the caller names
 * the other side (the bank account a returned check is charged back to). The original entry stays
 * as it is; its other items are untouched.
 * Errors: not_found, already_reversed, invalid_input, period_closed, unbalanced_entry.
 */
export async function reverseReceivableItems(
  database: Database,
  options: {
    itemIds: number[];
    reason: string;
    reversalDate: string;
    documentRef: string;
    idempotencyKey: string;
    /** The other side of the reversal, signed: debit positive, credit negative. */
    offsetLines: OffsetLine[];
    actor: Actor;
    inTx: Tx;
  },
): Promise<ReceivableEntryResult> {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError('invalid_input', 'reason: a reversal needs a reason', { field: 'reason' });
  const reversalDate = parseIsoDate(options.reversalDate, 'reversalDate');
  const tx = options.inTx;
  const originals = await findItemsByIds(tx, options.itemIds);
  if (originals.length !== new Set(options.itemIds).size) throw new AppError('not_found', 'Some receivable items to reverse were not found', { itemIds: options.itemIds });
  const reversed = originals.find((item) => item.reversedByItemId !== null);
  if (reversed) {
    throw new AppError('already_reversed', `Receivable item ${reversed.id} was already reversed by item ${reversed.reversedByItemId}`, { itemId: reversed.id });
  }
  await lockAccounts(tx, [...new Set(originals.map((item) => item.accountId))]);
  const result = await postReceivableEntry(database, tx, options.actor, {
    entryDate: reversalDate,
    description: `Reversal: ${reason}`.slice(0, 500),
    documentRef: options.documentRef,
    idempotencyKey: options.idempotencyKey,
    items: originals.map((item) => ({
      accountId: item.accountId,
      itemType: 'reversal' as const,
      chargeClass: item.amountCents < 0 ? item.chargeClass ?? 'charge' : null,
      amountCents: cents(-item.amountCents),
      itemDate: reversalDate,
      dueDate: item.amountCents < 0 ? item.itemDate : null,
      penaltyEligible: false,
      offsetAccountCode: item.offsetAccountCode,
      description: `Reversal of ${item.description}: ${reason}`.slice(0, 500),
      reasonCode: null,
      documentRef: item.documentRef,
      reversesItemId: item.id,
    })),
    offsetLines: options.offsetLines,
    unapplyItemIds: originals.map((item) => item.id),
    directApplications: originals.map((item, index) =>
      item.amountCents > 0
        ? { creditIndexOrId: { newItem: index }, debitIndexOrId: { itemId: item.id }, amountCents: item.amountCents }
        : { creditIndexOrId: { itemId: item.id }, debitIndexOrId: { newItem: index }, amountCents: cents(-item.amountCents) }),
  });
  if (!result.isReplay) {
    await recordAudit(tx, { actor: options.actor, action: 'receivables.reverse_items', entityType: 'receivable_item', entityId: originals[0]?.id ?? null,
      after: { entryId: result.entry.id, items: originals.map((item) => item.id) }, details: { reason } });
  }
  return result;
}

/** The receivable items of an entry that carry a document reference (one receipt of a deposit). */
export async function findEntryItemsByDocument(db: Executor, journalEntryId: number, documentRef: string): Promise<ItemRow[]> {
  return (await findItemsByEntry(db, journalEntryId)).filter((item) => item.documentRef === documentRef);
}
