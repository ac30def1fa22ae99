/**
 * The one way receivables move money: a balanced journal entry whose lines on the receivable
 * control account name each receivable account (the ledger's subledger), with one receivable item
 * per such line, and then the accounts' credits applied to their debits by the allocation rule.
 * Every use case (charges, payments, memos, transfers, refunds, write-offs, reversals) comes
 * through here, inside its own transaction.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database, Tx } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';
import {
  normalizeEntry,
  postNormalizedEntry,
  type CompanionWrites,
  type EntryApproval,
  type JournalEntry,
  type JournalEntryInput,
  type JournalLineInput,
} from '../ledger/index.js';
import { allocate, type OpenCredit, type OpenDebit } from './allocation.js';
import {
  findAccountRows,
  findApplicationsOf,
  findItemsByEntry,
  findOpenCredits,
  findOpenDebits,
  findOpenItems,
  insertApplications,
  insertItems,
  itemsCompanion,
  itemsFromJson,
  lockAccountRows,
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
  /**
   * Another module's writes made by the entry's own statement (the ledger's CompanionWrites; the
   * receipt of a counter payment). Not with unapplyItemIds or directApplications.
   */
  companion?: CompanionWrites | null;
  /** Pairs to apply before the allocation rule runs (a reversal against its original). */
  directApplications?: Array<{ creditIndexOrId: ItemRef; debitIndexOrId: ItemRef; amountCents: Cents }>;
}

/** An item of this entry (by its index in `items`) or an existing item (by id). */
export type ItemRef = { newItem: number } | { itemId: number };

export interface ReceivableEntryResult {
  entry: JournalEntry;
  items: ItemRow[];
  isReplay: boolean;
  /** What the caller's companion writes selected (not on a replay). */
  companion?: Record<string, unknown>;
}

export async function postReceivableEntry(
  database: Database,
  tx: Tx,
  actor: Actor,
  spec: ReceivableEntry,
): Promise<ReceivableEntryResult> {
  const accountIds = [...new Set(spec.items.map((item) => item.accountId))];
  // Lock the accounts (id order) and read them in one round trip; then, under the lock, what is
  // open on them, so the allocation can be computed before posting and the items and their
  // applications written in one statement. Reversals (unapply, direct applications) go the
  // step-by-step way: what they undo changes what is open.
  const accounts = await lockAccountRows(tx, accountIds);
  const isSimple = (spec.unapplyItemIds?.length ?? 0) === 0 && (spec.directApplications?.length ?? 0) === 0;
  const open = !isSimple ? null : accountIds.length > 0 ? await findOpenItems(tx, accountIds) : { credits: [], debits: [] };
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
  if (open) {
    // The items and their applications (computed now, under the locks) are written by the
    // entry's own statement, with the caller's companion writes after them.
    const items = itemsCompanion({ items: spec.items, createdBy: actor.username, applications: allocateWithNewItems(open, spec.items, accounts), appliedOn: spec.entryDate });
    const caller = spec.companion ?? null;
    const companion: CompanionWrites = caller
      ? { ctes: sql`${items.ctes}${caller.ctes}`, rowCount: sql`${items.rowCount} + ${caller.rowCount}`, select: sql`${items.select}, ${caller.select}` }
      : items;
    const posted = await postNormalizedEntry(database, { entry: normalized, actor, approval: spec.approval ?? null, inTx: tx, companion });
    if (posted.isReplay) return { entry: posted.entry, items: await findItemsByEntry(tx, posted.entry.id), isReplay: true };
    const { receivableItems, ...rest } = posted.companion ?? {};
    return { entry: posted.entry, items: itemsFromJson(receivableItems), isReplay: false, companion: rest };
  }
  if (spec.companion) throw new Error('companion writes cannot go with unapplyItemIds or directApplications');
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

/**
 * What settleAccounts would apply right after the items are inserted, computed before: the open
 * credits and debits (read under the accounts' locks) plus the new items, which get ids after
 * every existing one. A new item is named by -(its index + 1) (insertItemsApplied's convention);
 * placeholders above every real id keep the allocation's id order, then are mapped back.
 */
function allocateWithNewItems(
  open: { credits: Array<OpenCredit & { accountId: number }>; debits: Array<OpenDebit & { accountId: number }> },
  items: readonly NewItem[],
  accounts: ReadonlyMap<number, ReceivableAccountRow>,
): ApplicationRow[] {
  const placeholderBase = Number.MAX_SAFE_INTEGER - items.length - 1;
  const credits = new Map<number, OpenCredit[]>();
  const debits = new Map<number, OpenDebit[]>();
  const add = <T>(map: Map<number, T[]>, accountId: number, row: T) => {
    const list = map.get(accountId);
    if (list) list.push(row);
    else map.set(accountId, [row]);
  };
  for (const credit of open.credits) add(credits, credit.accountId, credit);
  for (const debit of open.debits) add(debits, debit.accountId, debit);
  items.forEach((item, index) => {
    const itemId = placeholderBase + index;
    if (item.amountCents < 0) add(credits, item.accountId, { itemId, itemDate: item.itemDate, availableCents: cents(-item.amountCents) });
    else if (item.amountCents > 0) add(debits, item.accountId, { itemId, chargeClass: item.chargeClass, dueDate: item.dueDate, itemDate: item.itemDate, openCents: item.amountCents });
  });
  const toRef = (id: number): number => (id >= placeholderBase ? -(id - placeholderBase + 1) : id);
  const applications: ApplicationRow[] = [];
  for (const [accountId, accountCredits] of credits) {
    const account = accounts.get(accountId);
    const accountDebits = debits.get(accountId);
    if (!account || !accountDebits) continue;
    for (const application of allocate(accountCredits, accountDebits, account.allocationOrder)) {
      applications.push({ creditItemId: toRef(application.creditItemId), debitItemId: toRef(application.debitItemId), amountCents: application.amountCents });
    }
  }
  return applications;
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
