/**
 * The receivables' I/O: kinds, control accounts, receivable accounts, items and applications.
 * Rules live in allocation.ts; the use cases hold the transactions.
 */
import { sql, type RawBuilder } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import { prepared, type Executor } from '../shared/db.js';
import { notFound } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import type { ChargeClass, OpenCredit, OpenDebit } from './allocation.js';

export interface ReceivableKind {
  code: string;
  name: string;
  accountPrefix: string;
  allocationOrder: ChargeClass[];
}

export async function listKindRows(db: Executor): Promise<ReceivableKind[]> {
  const result = await sql<ReceivableKind>`select code, name, account_prefix as "accountPrefix",
    allocation_order as "allocationOrder" from receivable_kind order by code`.execute(db);
  return result.rows;
}

export async function findKind(db: Executor, code: string): Promise<ReceivableKind | undefined> {
  return (await listKindRows(db)).find((kind) => kind.code === code);
}

export interface ReceivableControl {
  kind: string;
  fundCode: string;
  controlAccountId: number;
  controlAccountCode: string;
  writeOffAccountCode: string | null;
  refundAccountCode: string | null;
}

export async function listControlRows(db: Executor): Promise<ReceivableControl[]> {
  const result = await sql<ReceivableControl>`select c.kind, c.fund_code as "fundCode",
      c.control_account_id as "controlAccountId", a.code as "controlAccountCode",
      w.code as "writeOffAccountCode", r.code as "refundAccountCode"
    from receivable_control c join account a on a.id = c.control_account_id
    left join account w on w.id = c.write_off_account_id
    left join account r on r.id = c.refund_account_id
    order by c.kind, c.fund_code`.execute(db);
  return result.rows;
}

export interface ReceivableAccountRow {
  id: number;
  accountNumber: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  kind: string;
  kindName: string;
  allocationOrder: ChargeClass[];
  fundCode: string;
  controlAccountId: number;
  controlAccountCode: string;
  status: 'active' | 'inactive' | 'closed';
  description: string | null;
  parcelId: number | null;
  serviceLocationId: number | null;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
}

const accountColumns = sql`r.id, r.account_number as "accountNumber", r.customer_id as "customerId",
  c.customer_number as "customerNumber", c.legal_name as "customerName", r.kind, k.name as "kindName",
  k.allocation_order as "allocationOrder", r.fund_code as "fundCode",
  r.control_account_id as "controlAccountId", a.code as "controlAccountCode", r.status, r.description,
  r.parcel_id as "parcelId", r.service_location_id as "serviceLocationId", r.opened_on as "openedOn",
  r.closed_on as "closedOn"`;

const accountJoins = sql`from receivable_account r join customer c on c.id = r.customer_id
  join receivable_kind k on k.code = r.kind join account a on a.id = r.control_account_id`;

export async function findAccountRows(db: Executor, ids: readonly number[]): Promise<Map<number, ReceivableAccountRow>> {
  if (ids.length === 0) return new Map();
  const result = await sql<ReceivableAccountRow>`select ${accountColumns} ${accountJoins}
    where r.id = any(${[...new Set(ids)]}::bigint[])`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row]));
}

/** An account by id or by its number (UB-100234). */
export async function getAccountRow(db: Executor, key: number | string): Promise<ReceivableAccountRow> {
  const byNumber = typeof key === 'string' && !/^\d+$/.test(key);
  const result = byNumber
    ? await sql<ReceivableAccountRow>`select ${accountColumns} ${accountJoins} where r.account_number = ${key.toUpperCase()}`.execute(db)
    : await sql<ReceivableAccountRow>`select ${accountColumns} ${accountJoins} where r.id = ${Number(key)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('receivable account', key);
  return row;
}

/** Accounts by id or number, as getAccountRow reads one, for many keys in one query; keyed as given. */
export async function findAccountRowsByKeys(db: Executor, keys: ReadonlyArray<number | string>): Promise<Map<number | string, ReceivableAccountRow>> {
  const isNumber = (key: number | string): key is string => typeof key === 'string' && !/^\d+$/.test(key);
  const numbers = keys.filter(isNumber).map((key) => key.toUpperCase());
  const ids = keys.filter((key) => !isNumber(key)).map((key) => Number(key)).filter((id) => Number.isSafeInteger(id));
  const result = await sql<ReceivableAccountRow>`${preparedFor(keys.length)}select ${accountColumns} ${accountJoins}
    where r.account_number = any(${numbers}::text[]) or r.id = any(${ids}::bigint[])`.execute(db);
  const byNumber = new Map(result.rows.map((row) => [row.accountNumber, row]));
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  const found = new Map<number | string, ReceivableAccountRow>();
  for (const key of keys) {
    const row = isNumber(key) ? byNumber.get(key.toUpperCase()) : byId.get(Number(key));
    if (row) found.set(key, row);
  }
  return found;
}

export async function listCustomerAccountRows(db: Executor, customerId: number): Promise<ReceivableAccountRow[]> {
  const result = await sql<ReceivableAccountRow>`select ${accountColumns} ${accountJoins}
    where r.customer_id = ${customerId} order by r.status = 'closed', r.account_number`.execute(db);
  return result.rows;
}

/** Locks accounts in id order (every writer does the same, so no deadlocks). */
export async function lockAccounts(db: Executor, ids: readonly number[]): Promise<void> {
  await sql`select id from receivable_account where id = any(${[...new Set(ids)]}::bigint[]) order by id for update`.execute(db);
}

export type ItemType =
  | 'charge'
  | 'payment'
  | 'debit_memo'
  | 'credit_memo'
  | 'transfer_in'
  | 'transfer_out'
  | 'refund'
  | 'write_off'
  | 'opening_balance'
  | 'reversal';

export interface NewItem {
  accountId: number;
  itemType: ItemType;
  chargeClass: ChargeClass | null;
  amountCents: Cents;
  itemDate: IsoDate;
  dueDate: IsoDate | null;
  penaltyEligible: boolean;
  offsetAccountCode: string | null;
  description: string;
  reasonCode: string | null;
  documentRef: string | null;
  reversesItemId: number | null;
}

/** The new items as rows `t` (in order, `t.ord`), for an insert into receivable_item. */
function newItemRows(items: readonly NewItem[]): RawBuilder<unknown> {
  return sql`unnest(${items.map((i) => i.accountId)}::bigint[], ${items.map((i) => i.itemType)}::text[],
      ${items.map((i) => i.chargeClass)}::text[], ${items.map((i) => i.amountCents)}::bigint[],
      ${items.map((i) => i.itemDate)}::date[], ${items.map((i) => i.dueDate)}::date[],
      ${items.map((i) => i.penaltyEligible)}::boolean[], ${items.map((i) => i.offsetAccountCode)}::text[],
      ${items.map((i) => i.description)}::text[], ${items.map((i) => i.reasonCode)}::text[],
      ${items.map((i) => i.documentRef)}::text[], ${items.map((i) => i.reversesItemId)}::bigint[])
    with ordinality as t(account_id, item_type, charge_class, amount, item_date, due_date, penalty_eligible,
      offset_code, description, reason_code, document_ref, reverses, ord)`;
}

export async function insertItems(
  db: Executor,
  items: readonly NewItem[],
  journalEntryId: number,
  createdBy: string,
): Promise<number[]> {
  if (items.length === 0) return [];
  const result = await sql<{ id: number }>`
    insert into receivable_item (receivable_account_id, item_type, charge_class, amount_cents, item_date,
      due_date, penalty_eligible, offset_account_id, description, reason_code, document_ref,
      journal_entry_id, reverses_item_id, created_by)
    select t.account_id, t.item_type, t.charge_class, t.amount, t.item_date, t.due_date, t.penalty_eligible,
      o.id, t.description, t.reason_code, t.document_ref, ${journalEntryId}::bigint, t.reverses, ${createdBy}::text
    from ${newItemRows(items)}
    left join account o on o.code = t.offset_code
    order by t.ord
    returning id`.execute(db);
  return result.rows.map((row) => row.id);
}

export interface ApplicationRow {
  creditItemId: number;
  debitItemId: number;
  amountCents: Cents;
}

export async function insertApplications(
  db: Executor,
  applications: readonly ApplicationRow[],
  appliedOn: IsoDate,
  createdBy: string,
): Promise<void> {
  if (applications.length === 0) return;
  await sql`insert into receivable_application (credit_item_id, debit_item_id, amount_cents, applied_on, created_by)
    select c, d, a, ${appliedOn}::date, ${createdBy}::text
    from unnest(${applications.map((a) => a.creditItemId)}::bigint[], ${applications.map((a) => a.debitItemId)}::bigint[],
      ${applications.map((a) => a.amountCents)}::bigint[]) as t(c, d, a)`.execute(db);
}

/** Open debits (what is still owed per positive item) of accounts. */
export async function findOpenDebits(db: Executor, accountIds: readonly number[]): Promise<Array<OpenDebit & { accountId: number }>> {
  const result = await sql<OpenDebit & { accountId: number }>`
    select i.id as "itemId", i.receivable_account_id as "accountId", i.charge_class as "chargeClass",
      i.due_date as "dueDate", i.item_date as "itemDate",
      (i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0))::bigint as "openCents"
    from receivable_item i
    where i.receivable_account_id = any(${[...accountIds]}::bigint[]) and i.amount_cents > 0
      and i.amount_cents > coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0)
    order by i.id`.execute(db);
  return result.rows;
}

/** Open credits (what of each negative item is not yet applied) of accounts. */
export async function findOpenCredits(db: Executor, accountIds: readonly number[]): Promise<Array<OpenCredit & { accountId: number }>> {
  const result = await sql<OpenCredit & { accountId: number }>`
    select i.id as "itemId", i.receivable_account_id as "accountId", i.item_date as "itemDate",
      (-i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a where a.credit_item_id = i.id), 0))::bigint as "availableCents"
    from receivable_item i
    where i.receivable_account_id = any(${[...accountIds]}::bigint[]) and i.amount_cents < 0
      and -i.amount_cents > coalesce((select sum(a.amount_cents) from receivable_application a where a.credit_item_id = i.id), 0)
    order by i.id`.execute(db);
  return result.rows;
}

export interface ItemRow {
  id: number;
  accountId: number;
  accountNumber: string;
  itemType: ItemType;
  chargeClass: ChargeClass | null;
  amountCents: Cents;
  itemDate: IsoDate;
  dueDate: IsoDate | null;
  penaltyEligible: boolean;
  offsetAccountCode: string | null;
  description: string;
  reasonCode: string | null;
  documentRef: string | null;
  journalEntryId: number;
  reversesItemId: number | null;
  reversedByItemId: number | null;
  /** Applied so far: of a debit, how much is paid; of a credit, how much it has paid. */
  appliedCents: Cents;
  /** ISO 8601 instant. */
  createdAt: string;
  createdBy: string;
}

type ItemDbRow = Omit<ItemRow, 'createdAt'> & { createdAt: Date };

function toItem(row: ItemDbRow): ItemRow {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

const itemColumns = sql`i.id, i.receivable_account_id as "accountId", r.account_number as "accountNumber",
  i.item_type as "itemType", i.charge_class as "chargeClass", i.amount_cents as "amountCents",
  i.item_date as "itemDate", i.due_date as "dueDate", i.penalty_eligible as "penaltyEligible",
  o.code as "offsetAccountCode", i.description, i.reason_code as "reasonCode", i.document_ref as "documentRef",
  i.journal_entry_id as "journalEntryId", i.reverses_item_id as "reversesItemId",
  (select x.id from receivable_item x where x.reverses_item_id = i.id) as "reversedByItemId",
  coalesce(case when i.amount_cents > 0
    then (select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id)
    else (select sum(a.amount_cents) from receivable_application a where a.credit_item_id = i.id) end, 0)::bigint as "appliedCents",
  i.created_at as "createdAt", i.created_by as "createdBy"`;

const itemJoins = sql`from receivable_item i join receivable_account r on r.id = i.receivable_account_id
  left join account o on o.id = i.offset_account_id`;

export async function findItemsByIds(db: Executor, ids: readonly number[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<ItemDbRow>`select ${itemColumns} ${itemJoins} where i.id = any(${[...ids]}::bigint[]) order by i.id`.execute(db);
  return result.rows.map(toItem);
}

export async function findItemsByEntry(db: Executor, journalEntryId: number): Promise<ItemRow[]> {
  const result = await sql<ItemDbRow>`select ${itemColumns} ${itemJoins} where i.journal_entry_id = ${journalEntryId} order by i.id`.execute(db);
  return result.rows.map(toItem);
}

export async function listAccountItemRows(
  db: Executor,
  accountId: number,
  options: { beforeId?: number | undefined; limit: number },
): Promise<ItemRow[]> {
  const result = await sql<ItemDbRow>`select ${itemColumns} ${itemJoins}
    where i.receivable_account_id = ${accountId}
      and (${options.beforeId ?? null}::bigint is null or i.id < ${options.beforeId ?? null})
    order by i.item_date desc, i.id desc limit ${options.limit}`.execute(db);
  return result.rows.map(toItem);
}

export async function findApplicationsOf(db: Executor, itemIds: readonly number[]): Promise<ApplicationRow[]> {
  if (itemIds.length === 0) return [];
  const result = await sql<ApplicationRow>`select credit_item_id as "creditItemId", debit_item_id as "debitItemId",
      sum(amount_cents)::bigint as "amountCents"
    from receivable_application
    where credit_item_id = any(${[...itemIds]}::bigint[]) or debit_item_id = any(${[...itemIds]}::bigint[])
    group by credit_item_id, debit_item_id having sum(amount_cents) <> 0`.execute(db);
  return result.rows;
}

/**
 * Prepared (one generic plan per connection) for the few keys of a counter payment; planned with
 * its values for many (a lockbox chunk), where a generic plan's guess of 10 rows per array picks
 * nested loops.
 */
function preparedFor(count: number) {
  return count <= 50 ? prepared : sql``;
}

/**
 * Locks accounts in id order (as lockAccounts) and reads their rows in the same round trip. The
 * lock is taken on receivable_account only; the joined rows (customer, kind, control account)
 * are read as of the statement's start, as findAccountRows would read them.
 */
export async function lockAccountRows(db: Executor, ids: readonly number[]): Promise<Map<number, ReceivableAccountRow>> {
  const result = await sql<ReceivableAccountRow>`${preparedFor(ids.length)}select ${accountColumns} ${accountJoins}
    where r.id = any(${[...new Set(ids)]}::bigint[]) order by r.id for update of r`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row]));
}

/** Open credits and open debits of accounts in one round trip (as findOpenCredits and findOpenDebits). */
export async function findOpenItems(
  db: Executor,
  accountIds: readonly number[],
): Promise<{ credits: Array<OpenCredit & { accountId: number }>; debits: Array<OpenDebit & { accountId: number }> }> {
  const result = await sql<{ itemId: number; accountId: number; chargeClass: ChargeClass | null; dueDate: IsoDate | null; itemDate: IsoDate; openCents: Cents }>`${preparedFor(accountIds.length)}
    select o.id as "itemId", o.account_id as "accountId", o.charge_class as "chargeClass", o.due_date as "dueDate",
      o.item_date as "itemDate", (o.amount_cents - sign(o.amount_cents) * o.applied)::bigint as "openCents"
    from (
      select i.id, i.receivable_account_id as account_id, i.charge_class, i.due_date, i.item_date, i.amount_cents,
        coalesce(case when i.amount_cents > 0
          then (select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id)
          else (select sum(a.amount_cents) from receivable_application a where a.credit_item_id = i.id) end, 0) as applied
      from receivable_item i
      where i.receivable_account_id = any(${[...accountIds]}::bigint[]) and i.amount_cents <> 0
    ) o
    where abs(o.amount_cents) > o.applied
    order by o.id`.execute(db);
  const credits: Array<OpenCredit & { accountId: number }> = [];
  const debits: Array<OpenDebit & { accountId: number }> = [];
  for (const row of result.rows) {
    if (row.openCents > 0) debits.push({ itemId: row.itemId, accountId: row.accountId, chargeClass: row.chargeClass, dueDate: row.dueDate, itemDate: row.itemDate, openCents: row.openCents });
    else credits.push({ itemId: row.itemId, accountId: row.accountId, itemDate: row.itemDate, availableCents: (-row.openCents) as Cents });
  }
  return { credits, debits };
}

/**
 * The items and their applications as companion writes of the entry's own statement (the
 * ledger's CompanionWrites: `header` is the new entry). Its `select` returns the items as
 * findItemsByEntry would (column "receivableItems", JSON; read them with itemsFromJson). An
 * application's item id below zero names a new item: -1 is `items[0]`, -2 `items[1]`...
 */
export function itemsCompanion(options: {
  items: readonly NewItem[];
  createdBy: string;
  applications: readonly ApplicationRow[];
  appliedOn: IsoDate;
}): { ctes: RawBuilder<unknown>; rowCount: RawBuilder<unknown>; select: RawBuilder<unknown> } {
  const { items, applications } = options;
  return {
    ctes: sql`, ri_ins as (
      insert into receivable_item (receivable_account_id, item_type, charge_class, amount_cents, item_date,
        due_date, penalty_eligible, offset_account_id, description, reason_code, document_ref,
        journal_entry_id, reverses_item_id, created_by)
      select t.account_id, t.item_type, t.charge_class, t.amount, t.item_date, t.due_date, t.penalty_eligible,
        o.id, t.description, t.reason_code, t.document_ref, h.id, t.reverses, ${options.createdBy}::text
      from header h cross join ${newItemRows(items)}
      left join account o on o.code = t.offset_code
      order by t.ord
      returning *
    ), ri_numbered as (
      -- Identity values follow the insertion order, so the n-th id is items[n - 1].
      select ri_ins.*, row_number() over (order by ri_ins.id) as ord from ri_ins
    ), ri_apps as (
      insert into receivable_application (credit_item_id, debit_item_id, amount_cents, applied_on, created_by)
      select case when a.c < 0 then nc.id else a.c end, case when a.d < 0 then nd.id else a.d end,
        a.amt, ${options.appliedOn}::date, ${options.createdBy}::text
      from header h cross join unnest(${applications.map((a) => a.creditItemId)}::bigint[], ${applications.map((a) => a.debitItemId)}::bigint[],
        ${applications.map((a) => a.amountCents)}::bigint[]) as a(c, d, amt)
      left join ri_numbered nc on nc.ord = -a.c left join ri_numbered nd on nd.ord = -a.d
      returning credit_item_id, debit_item_id, amount_cents
    ), ri_applied as (
      select x.item_id, sum(x.amount_cents) as amount_cents from (
        select credit_item_id as item_id, amount_cents from ri_apps
        union all select debit_item_id, amount_cents from ri_apps) x
      group by x.item_id
    )`,
    rowCount: sql`(select count(*) from ri_numbered) + (select count(*) from ri_applied)`,
    select: sql`(select json_agg(json_build_object('id', n.id, 'accountId', n.receivable_account_id,
        'accountNumber', r.account_number, 'itemType', n.item_type, 'chargeClass', n.charge_class,
        'amountCents', n.amount_cents, 'itemDate', n.item_date, 'dueDate', n.due_date, 'penaltyEligible', n.penalty_eligible,
        'offsetAccountCode', o.code, 'description', n.description, 'reasonCode', n.reason_code, 'documentRef', n.document_ref,
        'journalEntryId', n.journal_entry_id, 'reversesItemId', n.reverses_item_id, 'reversedByItemId', null,
        'appliedCents', coalesce(p.amount_cents, 0), 'createdAt', n.created_at, 'createdBy', n.created_by) order by n.id)
      from ri_numbered n join receivable_account r on r.id = n.receivable_account_id
      left join account o on o.id = n.offset_account_id left join ri_applied p on p.item_id = n.id) as "receivableItems"`,
  };
}

/** The items itemsCompanion's select returned. */
export function itemsFromJson(value: unknown): ItemRow[] {
  const rows = (value ?? []) as Array<Omit<ItemRow, 'createdAt'> & { createdAt: string }>;
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}
