/**
 * Reading receivables: an account's balance (from the ledger), aging and open items; a customer's
 * accounts with their balances (the Customer 360 page); account activity with running balance;
 * the aging report as of a date.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';
import { getSubledgerBalances } from '../ledger/index.js';
import { agingBuckets, type AgingBucket } from './allocation.js';
import { findAccountRowsByKeys, getAccountRow, listAccountItemRows, listCustomerAccountRows, type ItemRow, type ReceivableAccountRow } from './store.js';

export type Aging = Record<AgingBucket, Cents>;

export interface AccountBalance extends ReceivableAccountRow {
  /** What the account owes (negative: a credit), from its journal lines. */
  balanceCents: Cents;
  /** Open debits by age. */
  aging: Aging;
  /** Credits not yet applied (a credit balance shows here), as a positive amount. */
  unappliedCreditCents: Cents;
  /** The oldest due date among open debits. */
  oldestDueDate: IsoDate | null;
}

const emptyAging = (): Aging => Object.fromEntries(agingBuckets.map((bucket) => [bucket, cents(0)])) as Aging;

interface AgingRow {
  accountId: number;
  current: number;
  days30: number;
  days60: number;
  days90: number;
  days120: number;
  credit: number;
  oldestDue: IsoDate | null;
}

/** Aging of accounts as of a date: open debits by days past due, and unapplied credits. */
async function agingRows(db: Executor, accountIds: readonly number[] | null, asOf: IsoDate, filter: { kind?: string | undefined; fundCode?: string | undefined } = {}): Promise<AgingRow[]> {
  const result = await sql<AgingRow>`
    with items as (
      select i.receivable_account_id as account_id, i.amount_cents, coalesce(i.due_date, i.item_date) as due,
        coalesce((select sum(a.amount_cents) from receivable_application a
          where (a.debit_item_id = i.id or a.credit_item_id = i.id) and a.applied_on <= ${asOf}::date), 0) as applied
      from receivable_item i join receivable_account r on r.id = i.receivable_account_id
      where i.item_date <= ${asOf}::date
        and (${accountIds === null}::boolean or i.receivable_account_id = any(${accountIds ?? []}::bigint[]))
        and (${filter.kind ?? null}::text is null or r.kind = ${filter.kind ?? null})
        and (${filter.fundCode ?? null}::text is null or r.fund_code = ${filter.fundCode ?? null})
    ), open as (
      select account_id, due, case when amount_cents > 0 then amount_cents - applied else 0 end as owed,
        case when amount_cents < 0 then -amount_cents - applied else 0 end as credit
      from items
    )
    select account_id as "accountId",
      coalesce(sum(owed) filter (where ${asOf}::date - due < 30), 0)::bigint as current,
      coalesce(sum(owed) filter (where ${asOf}::date - due between 30 and 59), 0)::bigint as days30,
      coalesce(sum(owed) filter (where ${asOf}::date - due between 60 and 89), 0)::bigint as days60,
      coalesce(sum(owed) filter (where ${asOf}::date - due between 90 and 119), 0)::bigint as days90,
      coalesce(sum(owed) filter (where ${asOf}::date - due >= 120), 0)::bigint as days120,
      coalesce(sum(credit), 0)::bigint as credit,
      min(due) filter (where owed > 0) as "oldestDue"
    from open group by account_id`.execute(db);
  return result.rows;
}

function withBalances(accounts: readonly ReceivableAccountRow[], balances: ReadonlyMap<number, Cents>, aging: readonly AgingRow[]): AccountBalance[] {
  const byAccount = new Map(aging.map((row) => [row.accountId, row]));
  return accounts.map((account) => {
    const row = byAccount.get(account.id);
    return {
      ...account,
      balanceCents: balances.get(account.id) ?? cents(0),
      aging: row
        ? { current: cents(row.current), days30: cents(row.days30), days60: cents(row.days60), days90: cents(row.days90), days120: cents(row.days120) }
        : emptyAging(),
      unappliedCreditCents: cents(row?.credit ?? 0),
      oldestDueDate: row?.oldestDue ?? null,
    };
  });
}

export async function getReceivableAccount(db: Executor, key: number | string, asOf: IsoDate): Promise<AccountBalance> {
  const account = await getAccountRow(db, key);
  const balances = await getSubledgerBalances(db, [account.id], asOf);
  return withBalances([account], balances, await agingRows(db, [account.id], asOf))[0] as AccountBalance;
}

export interface CustomerReceivables {
  customerId: number;
  asOf: IsoDate;
  accounts: AccountBalance[];
  totals: { balanceCents: Cents; aging: Aging; unappliedCreditCents: Cents };
}

/** Every account of a customer with its balance and aging: the heart of the Customer 360 page. */
export async function getCustomerReceivables(db: Executor, customerId: number, asOf: IsoDate): Promise<CustomerReceivables> {
  const accounts = await listCustomerAccountRows(db, customerId);
  const ids = accounts.map((account) => account.id);
  const rows = ids.length === 0 ? [] : withBalances(accounts, await getSubledgerBalances(db, ids, asOf), await agingRows(db, ids, asOf));
  const sum = (pick: (row: AccountBalance) => Cents): Cents => cents(rows.reduce((total, row) => total + pick(row), 0));
  return {
    customerId,
    asOf,
    accounts: rows,
    totals: {
      balanceCents: sum((row) => row.balanceCents),
      aging: Object.fromEntries(agingBuckets.map((bucket) => [bucket, sum((row) => row.aging[bucket])])) as Aging,
      unappliedCreditCents: sum((row) => row.unappliedCreditCents),
    },
  };
}

export interface ActivityItem extends ItemRow {
  /** The account's balance after this item (items in date order). */
  balanceAfterCents: Cents;
}

/** An account's items, newest first, with the balance after each. */
export async function listAccountActivity(
  db: Executor,
  key: number | string,
  options: { beforeId?: number | undefined; limit?: number | undefined } = {},
): Promise<{ account: ReceivableAccountRow; items: ActivityItem[] }> {
  const account = await getAccountRow(db, key);
  const items = await listAccountItemRows(db, account.id, { beforeId: options.beforeId, limit: Math.min(options.limit ?? 100, 500) });
  const running = await sql<{ id: number; after: number }>`
    select id, sum(amount_cents) over (order by item_date, id)::bigint as after
    from receivable_item where receivable_account_id = ${account.id}`.execute(db);
  const after = new Map(running.rows.map((row) => [row.id, row.after]));
  return { account, items: items.map((item) => ({ ...item, balanceAfterCents: cents(after.get(item.id) ?? 0) })) };
}

export interface AgingReportRow {
  accountId: number;
  accountNumber: string;
  customerName: string;
  kind: string;
  fundCode: string;
  aging: Aging;
  totalCents: Cents;
  unappliedCreditCents: Cents;
}

/** The aging report as of a date: every account with something open, oldest first, and totals. */
export async function getAgingReport(
  db: Executor,
  options: { asOf: IsoDate; kind?: string | undefined; fundCode?: string | undefined; limit?: number | undefined },
): Promise<{ asOf: IsoDate; rows: AgingReportRow[]; totals: Aging & { totalCents: Cents; unappliedCreditCents: Cents }; accountCount: number }> {
  const rows = await agingRows(db, null, options.asOf, { kind: options.kind, fundCode: options.fundCode });
  const open = rows.filter((row) => row.current + row.days30 + row.days60 + row.days90 + row.days120 + row.credit > 0);
  const names = await sql<{ id: number; accountNumber: string; customerName: string; kind: string; fundCode: string }>`
    select r.id, r.account_number as "accountNumber", c.legal_name as "customerName", r.kind, r.fund_code as "fundCode"
    from receivable_account r join customer c on c.id = r.customer_id
    where r.id = any(${open.map((row) => row.accountId)}::bigint[])`.execute(db);
  const byId = new Map(names.rows.map((row) => [row.id, row]));
  const report = open
    .map((row) => {
      const name = byId.get(row.accountId);
      const aging: Aging = { current: cents(row.current), days30: cents(row.days30), days60: cents(row.days60), days90: cents(row.days90), days120: cents(row.days120) };
      return {
        accountId: row.accountId,
        accountNumber: name?.accountNumber ?? String(row.accountId),
        customerName: name?.customerName ?? '',
        kind: name?.kind ?? '',
        fundCode: name?.fundCode ?? '',
        aging,
        totalCents: cents(row.current + row.days30 + row.days60 + row.days90 + row.days120),
        unappliedCreditCents: cents(row.credit),
        oldest: row.oldestDue ?? '9999-12-31',
      };
    })
    .sort((a, b) => (a.oldest < b.oldest ? -1 : a.oldest > b.oldest ? 1 : a.accountNumber.localeCompare(b.accountNumber)));
  const total = (pick: (row: AgingRow) => number): Cents => cents(open.reduce((sum, row) => sum + pick(row), 0));
  return {
    asOf: options.asOf,
    accountCount: report.length,
    rows: report.slice(0, options.limit ?? 1000).map(({ oldest: _oldest, ...row }) => row),
    totals: {
      current: total((row) => row.current),
      days30: total((row) => row.days30),
      days60: total((row) => row.days60),
      days90: total((row) => row.days90),
      days120: total((row) => row.days120),
      totalCents: total((row) => row.current + row.days30 + row.days60 + row.days90 + row.days120),
      unappliedCreditCents: total((row) => row.credit),
    },
  };
}

export interface AccountWithBalance extends ReceivableAccountRow {
  /** What the account owes as of the date (negative: a credit), from its journal lines. */
  balanceCents: Cents;
}

/**
 * Accounts by number (UB-100234) or id, with their balances, for many keys in two round trips
 * (getReceivableAccount, without the aging, for each). Keys not found are absent from the map;
 * the map is keyed by the key as given.
 */
export async function findAccountsWithBalances(db: Executor, keys: ReadonlyArray<number | string>, asOf: IsoDate): Promise<Map<number | string, AccountWithBalance>> {
  if (keys.length === 0) return new Map();
  const rows = await findAccountRowsByKeys(db, keys);
  const balances = await getSubledgerBalances(db, [...rows.values()].map((row) => row.id), asOf);
  return new Map([...rows].map(([key, row]) => [key, { ...row, balanceCents: balances.get(row.id) ?? cents(0) }]));
}
