/**
 * The one way receivables move money: a balanced journal entry whose lines on the receivable
 * control account name each receivable account (the ledger's subledger), with one receivable item
 * per such line, and then the accounts' credits applied to their debits by the allocation rule.
 * Every use case (charges, payments, memos, transfers, refunds, write-offs, reversals) comes
 * through here, inside its own transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database, Tx } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';
import {
  normalizeEntry,
  postNormalizedEntry,
  type EntryApproval,
  type JournalEntry,
  type JournalEntryInput,
  type JournalLineInput,
} from '../ledger/index.js';
import { allocate } from './allocation.js';
import {
  findAccountRows,
  findApplicationsOf,
  findItemsByEntry,
  findOpenCredits,
  findOpenDebits,
  insertApplications,
  insertItems,
  lockAccounts,
  type ApplicationRow,
  type ItemRow,
  type NewItem,
  type ReceivableAccountRow,
} from './store.js';

export interface OffsetLine {
  accountCode: string;
  /** Signed: debit positive, credit negative. */
  amountCents: Cents;
  memo?: string | null;
}

export interface ReceivableEntry {
  entryDate: IsoDate;
  description: string;
  documentRef: string | null;
  /** The caller's key; the ledger's key is `receivables:<key>`. A random one when absent. */
  idempotencyKey?: string | null;
  items: NewItem[];
  offsetLines: OffsetLine[];
  approval?: EntryApproval | null;
  /** Items that the new items settle exactly (reversals): their applications are undone first. */
  unapplyItemIds?: number[];
  /** Pairs to apply before the allocation rule runs (a reversal against its original). */
  directApplications?: Array<{ creditIndexOrId: ItemRef; debitIndexOrId: ItemRef; amountCents: Cents }>;
}

/** An item of this entry (by its index in `items`) or an existing item (by id). */
export type ItemRef = { newItem: number } | { itemId: number };

export interface ReceivableEntryResult {
  entry: JournalEntry;
  items: ItemRow[];
  isReplay: boolean;
}

export async function postReceivableEntry(
  database: Database,
  tx: Tx,
  actor: Actor,
  spec: ReceivableEntry,
): Promise<ReceivableEntryResult> {
  const accountIds = [...new Set(spec.items.map((item) => item.accountId))];
  await lockAccounts(tx, accountIds);
  const accounts = await findAccountRows(tx, accountIds);
  const lines: JournalLineInput[] = spec.items.map((item) => {
    const account = accounts.get(item.accountId) as ReceivableAccountRow;
    return {
      account: account.controlAccountCode,
      ...(item.amountCents > 0 ? { debitCents: item.amountCents } : { creditCents: -item.amountCents }),
      memo: `${account.accountNumber} ${item.description}`.slice(0, 500),
      subledgerAccountId: account.id,
    };
  });
  for (const offset of spec.offsetLines) {
    if (offset.amountCents === 0) continue;
    lines.push({
      account: offset.accountCode,
      ...(offset.amountCents > 0 ? { debitCents: offset.amountCents } : { creditCents: -offset.amountCents }),
      memo: offset.memo ?? null,
    });
  }
  const input: JournalEntryInput = {
    entryDate: spec.entryDate,
    description: spec.description.slice(0, 500),
    source: { module: 'receivables', reference: spec.documentRef },
    idempotencyKey: `receivables:${spec.idempotencyKey ?? randomUUID()}`,
    lines,
  };
  const normalized = normalizeEntry(input, { sourceModule: 'receivables' });
  const posted = await postNormalizedEntry(database, {
    entry: normalized,
    actor,
    approval: spec.approval ?? null,
    inTx: tx,
  });
  if (posted.isReplay) {
    return { entry: posted.entry, items: await findItemsByEntry(tx, posted.entry.id), isReplay: true };
  }
  const itemIds = await insertItems(tx, spec.items, posted.entry.id, actor.username);
  if (spec.unapplyItemIds && spec.unapplyItemIds.length > 0) {
    await unapplyItems(tx, spec.unapplyItemIds, spec.entryDate, actor.username);
  }
  if (spec.directApplications && spec.directApplications.length > 0) {
    const resolve = (ref: ItemRef): number => ('newItem' in ref ? (itemIds[ref.newItem] as number) : ref.itemId);
    await insertApplications(
      tx,
      spec.directApplications.map((pair) => ({
        creditItemId: resolve(pair.creditIndexOrId),
        debitItemId: resolve(pair.debitIndexOrId),
        amountCents: pair.amountCents,
      })),
      spec.entryDate,
      actor.username,
    );
  }
  await settleAccounts(tx, accountIds, spec.entryDate, actor.username, accounts);
  return { entry: posted.entry, items: await findItemsByEntry(tx, posted.entry.id), isReplay: false };
}

/** Undoes every application of the items (negative rows), so what they paid is open again. */
export async function unapplyItems(tx: Tx, itemIds: readonly number[], date: IsoDate, createdBy: string): Promise<ApplicationRow[]> {
  const applied = await findApplicationsOf(tx, itemIds);
  await insertApplications(
    tx,
    applied.map((row) => ({ ...row, amountCents: cents(-row.amountCents) })),
    date,
    createdBy,
  );
  return applied;
}

/**
 * Applies each account's open credits to its open debits by the allocation rule of its kind
 * (allocation.ts). The accounts must be locked by the caller's transaction.
 */
export async function settleAccounts(
  tx: Tx,
  accountIds: readonly number[],
  date: IsoDate,
  createdBy: string,
  known?: ReadonlyMap<number, ReceivableAccountRow>,
): Promise<ApplicationRow[]> {
  if (accountIds.length === 0) return [];
  const credits = await findOpenCredits(tx, accountIds);
  if (credits.length === 0) return [];
  const accounts = known ?? (await findAccountRows(tx, accountIds));
  const debits = await findOpenDebits(tx, [...new Set(credits.map((credit) => credit.accountId))]);
  const applications: ApplicationRow[] = [];
  for (const accountId of new Set(credits.map((credit) => credit.accountId))) {
    const account = accounts.get(accountId);
    if (!account) continue;
    applications.push(
      ...allocate(
        credits.filter((credit) => credit.accountId === accountId),
        debits.filter((debit) => debit.accountId === accountId),
        account.allocationOrder,
      ),
    );
  }
  await insertApplications(tx, applications, date, createdBy);
  return applications;
}
