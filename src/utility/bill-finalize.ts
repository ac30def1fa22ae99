/**
 * Finalizing bills: their charges post through receivables to the GL, and the accounts are billed
 * through the bills' periods.
 *
 * A run finalizes its tentative bills in ranges of BILLS_PER_ENTRY bill ids, each one transaction
 * (two at a time on PostgreSQL):
 * one journal entry (each account's receivable debited by its bill, each revenue account credited
 * by the chunk's lines; revenue of another fund than the account's goes through the funds'
 * due-to and due-from accounts), one receivable item per bill (documentRef = the bill number),
 * and the bills marked final with their entry and the balance they start from. A crash leaves the
 * committed chunks final and the rest tentative: finalizing again continues; nothing posts twice.
 * Held bills stay out; released after the run is final, each posts on its own.
 * Errors: not_found, conflict, period_closed.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { batchStreams, inStreams, inTransaction, type Database, type Tx } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import { getSubledgerBalances } from '../ledger/index.js';
import { postReceivableEntry, reverseReceivableItems, settleAccounts, type OffsetLine } from '../receivables/index.js';
import { getBillRun, type BillRun } from './bill-run.js';

export const BILLS_PER_ENTRY = 5_000;

interface BillToPost {
  id: number;
  billNumber: string;
  accountId: number;
  totalCents: number;
  dueDate: IsoDate;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  fundCode: string;
  isFinal: boolean;
}

export async function finalizeBillRun(
  database: Database,
  options: { runKey: number | string; actor: Actor; onProgress?: (done: number, total: number) => void },
): Promise<{ run: BillRun; billsFinalized: number }> {
  const run = await inTransaction(database, async (tx) => {
    const found = await getBillRun(tx, options.runKey);
    await sql`select 1 from bill_run where id = ${found.id} for update`.execute(tx);
    if (found.status === 'finalized') return found;
    if (found.status === 'calculating') throw new AppError('conflict', `Bill run ${found.runNumber} is still calculating; run it again to finish it first`);
    if (found.status === 'cancelled') throw new AppError('conflict', `Bill run ${found.runNumber} was cancelled`);
    await sql`update bill_run set status = 'finalizing' where id = ${found.id}`.execute(tx);
    return { ...found, status: 'finalizing' as const };
  });
  if (run.status === 'finalized') return { run, billsFinalized: 0 };
  const total = await sql<{ count: number }>`select count(*)::int as count from bill where run_id = ${run.id} and status = 'tentative'`.execute(database.kysely)
    .then((result) => result.rows[0]?.count ?? 0);
  const started = performance.now();
  let done = 0;
  options.onProgress?.(0, total);
  // Ranges of BILLS_PER_ENTRY bill ids, each one transaction and one entry, `batchStreams` at a time
  // (a range's bills are its own: the ranges touch distinct bills and accounts).
  const bounds = await sql<{ first: number | null; last: number | null }>`select min(id) as first, max(id) as last from bill
    where run_id = ${run.id} and status = 'tentative'`.execute(database.kysely).then((result) => result.rows[0]);
  const ranges: Array<{ from: number; to: number }> = [];
  if (bounds?.first != null && bounds.last != null) {
    for (let from = Number(bounds.first); from <= Number(bounds.last); from += BILLS_PER_ENTRY) ranges.push({ from, to: Math.min(Number(bounds.last), from + BILLS_PER_ENTRY - 1) });
  }
  await inStreams(ranges, batchStreams(database), async (range) => {
    const posted = await inTransaction(database, async (tx) => {
      const bills = await billsToPost(tx, sql`b.run_id = ${run.id} and b.status = 'tentative' and b.id between ${range.from} and ${range.to}`);
      if (bills.length === 0) return 0;
      await postBills(database, tx, options.actor, bills, run.billDate, `bill-run:${run.id}`);
      return bills.length;
    });
    done += posted;
    if (posted > 0) options.onProgress?.(done, total);
  });
  const finalized = await inTransaction(database, async (tx) => {
    const seconds = Math.round(performance.now() - started) / 1000;
    await sql`update bill_run set status = 'finalized', finalized_at = now(), finalized_by = ${options.actor.username},
        held_count = (select count(*)::int from bill where run_id = ${run.id} and status = 'held'),
        timings = timings || jsonb_build_object('finalize', coalesce((timings ->> 'finalize')::numeric, 0) + ${seconds})
      where id = ${run.id}`.execute(tx);
    const after = await getBillRun(tx, run.id);
    await recordAudit(tx, { actor: options.actor, action: 'utility.finalize_bill_run', entityType: 'bill_run', entityId: after.runNumber,
      after: { billsFinalized: done, heldCount: after.heldCount, totalCents: after.totalCents } });
    return after;
  });
  return { run: finalized, billsFinalized: done };
}

/** Up to BILLS_PER_ENTRY bills matching `where` (alias b), locked, in id order. */
export async function billsToPost(tx: Tx, where: ReturnType<typeof sql>): Promise<BillToPost[]> {
  const result = await sql<BillToPost>`select b.id, b.bill_number as "billNumber", b.utility_account_id as "accountId",
      b.current_charges_cents as "totalCents", b.due_date::text as "dueDate", b.period_from::text as "periodFrom",
      b.period_to::text as "periodTo", r.fund_code as "fundCode", b.bill_kind = 'final' as "isFinal"
    from bill b join receivable_account r on r.id = b.utility_account_id
    where ${where} order by b.id limit ${BILLS_PER_ENTRY} for update of b`.execute(tx);
  return result.rows;
}

/** One entry for the bills; the bills final; the accounts billed through their periods. */
export async function postBills(database: Database, tx: Tx, actor: Actor, bills: readonly BillToPost[], entryDate: IsoDate, keyPrefix: string): Promise<number | null> {
  const ids = bills.map((bill) => bill.id);
  const previous = await getSubledgerBalances(tx, [...new Set(bills.map((bill) => bill.accountId))]);
  const charged = bills.filter((bill) => bill.totalCents > 0);
  let entryId: number | null = null;
  if (charged.length > 0) {
    const revenue = await sql<{ receivableFund: string; code: string; fund: string; amount: number }>`
      select r.fund_code as "receivableFund", a.code, a.fund_code as fund, sum(l.amount_cents)::bigint as amount
      from bill_line l join bill b on b.id = l.bill_id join receivable_account r on r.id = b.utility_account_id
      join account a on a.id = l.revenue_account_id
      where l.bill_id = any(${charged.map((bill) => bill.id)}::bigint[])
      group by r.fund_code, a.code, a.fund_code order by a.code`.execute(tx);
    const offsets = await offsetLines(tx, revenue.rows);
    const periodText = (bill: BillToPost) => `${bill.periodFrom} to ${bill.periodTo}`;
    const result = await postReceivableEntry(database, tx, actor, {
      entryDate,
      description: charged.length === 1
        ? `Utility bill ${(charged[0] as BillToPost).billNumber}`
        : `Utility bills ${(charged[0] as BillToPost).billNumber} to ${(charged.at(-1) as BillToPost).billNumber} (${charged.length})`,
      documentRef: charged.length === 1 ? (charged[0] as BillToPost).billNumber : null,
      idempotencyKey: `${keyPrefix}:${ids[0]}-${ids.at(-1)}:${ids.length}`,
      items: charged.map((bill) => ({
        accountId: bill.accountId,
        itemType: 'charge' as const,
        chargeClass: 'charge' as const,
        amountCents: cents(bill.totalCents),
        itemDate: entryDate,
        dueDate: bill.dueDate,
        penaltyEligible: true,
        offsetAccountCode: null,
        description: `${bill.isFinal ? 'Final utility bill' : 'Utility bill'} ${bill.billNumber}, ${periodText(bill)}`,
        reasonCode: null,
        documentRef: bill.billNumber,
        reversesItemId: null,
      })),
      offsetLines: offsets,
    });
    entryId = result.entry.id;
  }
  await sql`update bill b set status = 'final', journal_entry_id = case when b.current_charges_cents > 0 then ${entryId}::bigint end,
      previous_balance_cents = t.previous
    from unnest(${ids}::bigint[], ${bills.map((bill) => previous.get(bill.accountId) ?? 0)}::bigint[]) as t(id, previous)
    where b.id = t.id`.execute(tx);
  const finals = bills.filter((bill) => bill.isFinal).map((bill) => bill.accountId);
  if (finals.length > 0) await applyDeposits(database, tx, actor, finals, entryDate);
  await sql`update utility_account u set billed_through = greatest(coalesce(u.billed_through, t.period_to), t.period_to),
      status = case when u.stopped_on is not null and u.stopped_on <= t.period_to then 'final_billed' else u.status end
    from unnest(${bills.map((bill) => bill.accountId)}::bigint[], ${bills.map((bill) => bill.periodTo)}::date[]) as t(id, period_to)
    where u.id = t.id`.execute(tx);
  return entryId;
}

/**
 * At the final bill, each deposit still held comes back to the account: its charge is reversed
 * (deposits held debited, the account credited), the payment that paid it is free again and pays
 * the final bill by the allocation rule; what is left stays a credit for a refund. A deposit never
 * paid is simply no longer owed.
 */
async function applyDeposits(database: Database, tx: Tx, actor: Actor, accountIds: readonly number[], on: IsoDate): Promise<void> {
  const deposits = await sql<{ id: number; accountId: number; itemId: number; amount: number; paid: number; depositsAccount: string }>`
    select d.id, d.utility_account_id as "accountId", d.charge_item_id as "itemId", d.amount_cents as amount,
      coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = d.charge_item_id), 0)::bigint as paid,
      (select a.code from utility_fund_account f join account a on a.id = f.deposits_account_id join receivable_account r on r.fund_code = f.fund_code
        where r.id = d.utility_account_id) as "depositsAccount"
    from utility_deposit d
    where d.utility_account_id = any(${[...accountIds]}::bigint[]) and d.status in ('billed', 'held') and d.charge_item_id is not null
    order by d.id`.execute(tx);
  for (const deposit of deposits.rows) {
    await reverseReceivableItems(database, {
      itemIds: [deposit.itemId], reason: 'Deposit returned at the final bill', reversalDate: on, documentRef: `deposit ${deposit.id}`,
      idempotencyKey: `utility-deposit:${deposit.id}`, offsetLines: [{ accountCode: deposit.depositsAccount, amountCents: cents(deposit.amount), memo: 'Deposit returned' }],
      actor, inTx: tx,
    });
    await sql`update utility_deposit set status = case when ${deposit.paid} > 0 then 'applied' else 'cancelled' end,
      applied_cents = ${deposit.paid} where id = ${deposit.id}`.execute(tx);
  }
  if (deposits.rows.length > 0) await settleAccounts(tx, [...new Set(deposits.rows.map((deposit) => deposit.accountId))], on, actor.username);
}

/**
 * Revenue credited per account; another fund's revenue balanced through due-to and due-from.
 * A cancelled bill's reversal uses the same lines negated.
 */
export async function offsetLines(tx: Tx, revenue: ReadonlyArray<{ receivableFund: string; code: string; fund: string; amount: number }>): Promise<OffsetLine[]> {
  const pairs = [...new Set(revenue.filter((row) => row.fund !== row.receivableFund).map((row) => `${row.receivableFund}>${row.fund}`))];
  const interfund = new Map<string, { dueTo: string; dueFrom: string }>();
  if (pairs.length > 0) {
    const rows = await sql<{ pair: string; dueTo: string; dueFrom: string }>`select i.receivable_fund_code || '>' || i.revenue_fund_code as pair,
        t.code as "dueTo", f.code as "dueFrom"
      from utility_interfund i join account t on t.id = i.due_to_account_id join account f on f.id = i.due_from_account_id`.execute(tx);
    for (const row of rows.rows) interfund.set(row.pair, row);
  }
  const lines = new Map<string, number>();
  const add = (code: string, amount: number) => lines.set(code, (lines.get(code) ?? 0) + amount);
  for (const row of revenue) {
    add(row.code, -row.amount);
    if (row.fund !== row.receivableFund) {
      const accounts = interfund.get(`${row.receivableFund}>${row.fund}`);
      if (!accounts) {
        throw new AppError('conflict', `Revenue account ${row.code} is in fund ${row.fund} but the account bills fund ${row.receivableFund}, and no due-to/due-from accounts are set up between them`, { field: 'revenueAccount' });
      }
      add(accounts.dueTo, -row.amount);
      add(accounts.dueFrom, row.amount);
    }
  }
  return [...lines].filter(([, amount]) => amount !== 0).map(([accountCode, amount]) => ({ accountCode, amountCents: cents(amount) as Cents, memo: 'Utility billing' }));
}
