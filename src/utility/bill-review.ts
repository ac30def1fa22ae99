/**
 * Reviewing and correcting bills: the pre-bill register of a run (totals by service and revenue
 * account, exceptions, held bills), a bill with its lines and reads, holding and releasing single
 * bills, and cancel/rebill of a final bill — its charge reversed (a linked reversal, never an edit)
 * and a corrected bill calculated from today's reads and rates, posted at once and naming the bill
 * it replaces. Audited. Errors: invalid_input, not_found, conflict, period_closed.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, cityDateOf, parseIsoDate, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import { reverseReceivableItems } from '../receivables/index.js';
import { calculateBill, type BillException } from './bill-calc.js';
import { billsToPost, offsetLines, postBills } from './bill-finalize.js';
import { getBillRun, selectChunk, writeChunk, type BillRun } from './bill-run.js';
import { loadRateVersions, winterAverageCodes } from './rate-loading.js';

export type BillStatus = 'tentative' | 'held' | 'final' | 'cancelled';

export interface BillSummary {
  id: number;
  billNumber: string;
  runId: number | null;
  accountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
  billKind: 'regular' | 'first' | 'final' | 'rebill';
  periodFrom: IsoDate;
  periodTo: IsoDate;
  billDate: IsoDate;
  dueDate: IsoDate;
  status: BillStatus;
  consumption: string | null;
  isEstimated: boolean;
  currentChargesCents: Cents;
  previousBalanceCents: Cents;
  exceptions: BillException[];
  holdReason: string | null;
  replacesBillId: number | null;
  replacedByBillId: number | null;
}

export interface BillDetail extends BillSummary {
  lines: Array<{ lineNumber: number; serviceType: string; component: string; description: string; quantity: string | null; unitPrice: string | null; amountCents: Cents; revenueAccount: string }>;
  reads: Array<{ meterSerial: string; unit: string; fromDate: IsoDate | null; fromReading: number | null; toDate: IsoDate | null; toReading: number | null; consumption: string; estimated: boolean }>;
  cancelReason: string | null;
  journalEntryId: number | null;
  cancelledEntryId: number | null;
}

const summarySelect = sql`select b.id, b.bill_number as "billNumber", b.run_id as "runId", b.utility_account_id as "accountId",
    r.account_number as "accountNumber", c.legal_name as "customerName", l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress",
    b.bill_kind as "billKind", b.period_from::text as "periodFrom", b.period_to::text as "periodTo", b.bill_date::text as "billDate",
    b.due_date::text as "dueDate", b.status, b.consumption::text as consumption, b.is_estimated as "isEstimated",
    b.current_charges_cents as "currentChargesCents", b.previous_balance_cents as "previousBalanceCents", b.exceptions,
    b.hold_reason as "holdReason", b.replaces_bill_id as "replacesBillId",
    (select n.id from bill n where n.replaces_bill_id = b.id) as "replacedByBillId"
  from bill b join utility_account u on u.id = b.utility_account_id join receivable_account r on r.id = u.id
  join customer c on c.id = r.customer_id join service_location l on l.id = u.service_location_id`;

type SummaryRow = Omit<BillSummary, 'currentChargesCents' | 'previousBalanceCents'> & { currentChargesCents: number; previousBalanceCents: number };

function toSummary(row: SummaryRow): BillSummary {
  return { ...row, currentChargesCents: cents(row.currentChargesCents), previousBalanceCents: cents(row.previousBalanceCents) };
}

export async function getBill(db: Executor, key: number | string): Promise<BillDetail> {
  const byNumber = typeof key === 'string' && key.toUpperCase().startsWith('B-');
  const result = await sql<SummaryRow & { cancelReason: string | null; journalEntryId: number | null; cancelledEntryId: number | null }>`
    select s.*, b.cancel_reason as "cancelReason", b.journal_entry_id as "journalEntryId", b.cancelled_entry_id as "cancelledEntryId"
    from (${summarySelect}) s join bill b on b.id = s.id
    where ${byNumber ? sql`s."billNumber" = ${String(key).toUpperCase()}` : sql`s.id = ${Number(key)}`}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('bill', key);
  const lines = await sql<Omit<BillDetail['lines'][number], 'amountCents'> & { amountCents: number }>`select l.line_number as "lineNumber", l.service_type as "serviceType",
      l.component, l.description, l.quantity::text as quantity, l.unit_price::text as "unitPrice", l.amount_cents as "amountCents", a.code as "revenueAccount"
    from bill_line l join account a on a.id = l.revenue_account_id where l.bill_id = ${row.id} order by l.line_number`.execute(db);
  const reads = await sql<BillDetail['reads'][number] & { fromReading: string | null; toReading: string | null }>`select m.serial as "meterSerial", m.unit,
      f.read_date::text as "fromDate", f.reading as "fromReading", t.read_date::text as "toDate", t.reading as "toReading",
      br.consumption::text as consumption, coalesce(t.read_type = 'estimated', false) as estimated
    from bill_read br join meter m on m.id = br.meter_id left join meter_read f on f.id = br.from_read_id left join meter_read t on t.id = br.to_read_id
    where br.bill_id = ${row.id} order by m.serial`.execute(db);
  return {
    ...toSummary(row), cancelReason: row.cancelReason, journalEntryId: row.journalEntryId, cancelledEntryId: row.cancelledEntryId,
    lines: lines.rows.map((line) => ({ ...line, amountCents: cents(line.amountCents) })),
    reads: reads.rows.map((read) => ({ ...read, fromReading: read.fromReading === null ? null : Number(read.fromReading), toReading: read.toReading === null ? null : Number(read.toReading) })),
  };
}

export interface BillRegister {
  run: BillRun;
  byService: Array<{ serviceType: string; revenueAccount: string; lineCount: number; amountCents: Cents }>;
  byStatus: Array<{ status: BillStatus; count: number; amountCents: Cents }>;
  exceptions: Array<{ code: BillException; count: number }>;
  /** The bills with an exception or a hold (or all, with `all`), by account number. */
  bills: BillSummary[];
  billsTotal: number;
}

export async function getBillRegister(
  db: Executor,
  options: { runKey: number | string; exception?: BillException | null; status?: BillStatus | null; all?: boolean; offset?: number; limit?: number },
): Promise<BillRegister> {
  const run = await getBillRun(db, options.runKey);
  const byService = await sql<{ serviceType: string; revenueAccount: string; lineCount: number; amountCents: number }>`
    select l.service_type as "serviceType", a.code as "revenueAccount", count(*)::int as "lineCount", sum(l.amount_cents)::bigint as "amountCents"
    from bill b join bill_line l on l.bill_id = b.id join account a on a.id = l.revenue_account_id
    where b.run_id = ${run.id} and b.status <> 'cancelled' group by 1, 2 order by 1, 2`.execute(db);
  const byStatus = await sql<{ status: BillStatus; count: number; amountCents: number }>`select status, count(*)::int as count,
      coalesce(sum(current_charges_cents), 0)::bigint as "amountCents" from bill where run_id = ${run.id} group by status order by status`.execute(db);
  const exceptions = await sql<{ code: BillException; count: number }>`select e as code, count(*)::int as count
    from bill, unnest(exceptions) e where run_id = ${run.id} group by e order by e`.execute(db);
  const filter = sql`s."runId" = ${run.id}
    and (${options.exception ?? null}::text is null or ${options.exception ?? null}::text = any(s.exceptions))
    and (${options.status ?? null}::text is null or s.status = ${options.status ?? null}::text)
    and (${options.all === true} or cardinality(s.exceptions) > 0 or s.status = 'held')`;
  const bills = await sql<SummaryRow>`select * from (${summarySelect}) s where ${filter}
    order by s."accountNumber" offset ${Math.max(0, options.offset ?? 0)} limit ${Math.min(options.limit ?? 100, 1000)}`.execute(db);
  const count = await sql<{ count: number }>`select count(*)::int as count from (${summarySelect}) s where ${filter}`.execute(db);
  return {
    run,
    byService: byService.rows.map((row) => ({ ...row, amountCents: cents(row.amountCents) })),
    byStatus: byStatus.rows.map((row) => ({ ...row, amountCents: cents(row.amountCents) })),
    exceptions: exceptions.rows,
    bills: bills.rows.map(toSummary),
    billsTotal: count.rows[0]?.count ?? 0,
  };
}

export async function listAccountBills(db: Executor, accountKey: number | string, limit = 24): Promise<BillSummary[]> {
  const result = await sql<SummaryRow>`select * from (${summarySelect}) s
    where ${typeof accountKey === 'number' ? sql`s."accountId" = ${accountKey}` : sql`s."accountNumber" = ${accountKey.toUpperCase()}`}
    order by s."periodTo" desc, s.id desc limit ${limit}`.execute(db);
  return result.rows.map(toSummary);
}

export async function holdBill(database: Database, options: { billKey: number | string; reason: string; actor: Actor }): Promise<BillDetail> {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError('invalid_input', 'reason: say why the bill is held', { field: 'reason' });
  return inTransaction(database, async (tx) => {
    const bill = await getBill(tx, options.billKey);
    if (bill.status !== 'tentative') throw new AppError('conflict', `Bill ${bill.billNumber} is ${bill.status}; only a tentative bill can be held`);
    await sql`update bill set status = 'held', hold_reason = ${reason} where id = ${bill.id}`.execute(tx);
    await sql`update bill_run set held_count = held_count + 1 where id = ${bill.runId}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'utility.hold_bill', entityType: 'bill', entityId: bill.billNumber, after: { reason } });
    return getBill(tx, bill.id);
  });
}

/**
 * Releases a held bill: tentative again while its run is under review; posted at once when the run
 * is final already. A bill held for a read exception is released only once the read was reviewed.
 */
export async function releaseBill(database: Database, options: { billKey: number | string; note?: string | null; actor: Actor }): Promise<BillDetail> {
  return inTransaction(database, async (tx) => {
    const bill = await getBill(tx, options.billKey);
    if (bill.status !== 'held') throw new AppError('conflict', `Bill ${bill.billNumber} is ${bill.status}, not held`);
    const pending = await sql<{ count: number }>`select count(*)::int as count from bill_read br join meter_read r on r.meter_id = br.meter_id
      where br.bill_id = ${bill.id} and r.status = 'exception' and r.read_date between ${bill.periodFrom}::date and ${bill.periodTo}::date`.execute(tx);
    if ((pending.rows[0]?.count ?? 0) > 0) {
      throw new AppError('conflict', `Bill ${bill.billNumber} has a read awaiting review; accept or reject the read, then cancel and rebill or recalculate`);
    }
    if (bill.currentChargesCents < 0) throw new AppError('conflict', `Bill ${bill.billNumber} comes to less than zero; correct it with a credit memo instead`);
    const run = bill.runId === null ? null : await getBillRun(tx, bill.runId);
    await sql`update bill set status = 'tentative', hold_reason = null where id = ${bill.id}`.execute(tx);
    if (run) await sql`update bill_run set held_count = greatest(held_count - 1, 0) where id = ${run.id}`.execute(tx);
    if (!run || run.status === 'finalized') {
      const bills = await billsToPost(tx, sql`b.id = ${bill.id}`);
      await postBills(database, tx, options.actor, bills, bill.billDate, 'bill');
    }
    await recordAudit(tx, { actor: options.actor, action: 'utility.release_bill', entityType: 'bill', entityId: bill.billNumber,
      before: { holdReason: bill.holdReason }, after: { note: options.note ?? null, posted: !run || run.status === 'finalized' } });
    return getBill(tx, bill.id);
  });
}

/**
 * Cancel and rebill: the final bill's charge is reversed (on `on`, default today) and a corrected
 * bill for the same period is calculated from the reads and rates as they are now, and posted.
 * The two name each other. With `rebill: false` the bill is only cancelled (a bill sent in error).
 */
export async function cancelBill(
  database: Database,
  options: { billKey: number | string; reason: string; rebill?: boolean; on?: string | null; actor: Actor; clock: Clock },
): Promise<{ cancelled: BillDetail; corrected: BillDetail | null }> {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError('invalid_input', 'reason: say why the bill is cancelled', { field: 'reason' });
  const on = options.on ? parseIsoDate(options.on, 'on') : cityDateOf(options.clock.now());
  return inTransaction(database, async (tx) => {
    const bill = await getBill(tx, options.billKey);
    await sql`select 1 from bill where id = ${bill.id} for update`.execute(tx);
    if (bill.status !== 'final') throw new AppError('conflict', `Bill ${bill.billNumber} is ${bill.status}; only a final bill is cancelled (a tentative one is held or recalculated)`);
    const later = await sql<{ billNumber: string }>`select bill_number as "billNumber" from bill where utility_account_id = ${bill.accountId}
      and status = 'final' and period_from > ${bill.periodTo}::date limit 1`.execute(tx);
    if (later.rows[0]) throw new AppError('conflict', `Bill ${later.rows[0].billNumber} follows this one; cancel the latest bill first`);
    let cancelledEntryId: number | null = null;
    if (bill.journalEntryId !== null) {
      const items = await sql<{ id: number }>`select id from receivable_item
        where journal_entry_id = ${bill.journalEntryId} and document_ref = ${bill.billNumber} and item_type = 'charge'`.execute(tx);
      const revenue = await sql<{ receivableFund: string; code: string; fund: string; amount: number }>`select r.fund_code as "receivableFund",
          a.code, a.fund_code as fund, sum(l.amount_cents)::bigint as amount
        from bill_line l join account a on a.id = l.revenue_account_id join receivable_account r on r.id = ${bill.accountId}
        where l.bill_id = ${bill.id} group by r.fund_code, a.code, a.fund_code`.execute(tx);
      const posted = await offsetLines(tx, revenue.rows);
      const reversal = await reverseReceivableItems(database, {
        itemIds: items.rows.map((item) => item.id), reason: `Bill ${bill.billNumber} cancelled: ${reason}`, reversalDate: on,
        documentRef: bill.billNumber, idempotencyKey: `bill-cancel:${bill.id}`,
        offsetLines: posted.map((line) => ({ ...line, amountCents: cents(-line.amountCents), memo: 'Utility bill cancelled' })),
        actor: options.actor, inTx: tx,
      });
      cancelledEntryId = reversal.entry.id;
    }
    await sql`update bill set status = 'cancelled', cancel_reason = ${reason}, cancelled_entry_id = ${cancelledEntryId} where id = ${bill.id}`.execute(tx);
    await sql`update utility_account set billed_through = ${addDays(bill.periodFrom, -1)},
        status = case when status = 'final_billed' then 'active' else status end where id = ${bill.accountId}`.execute(tx);
    let corrected: BillDetail | null = null;
    if (options.rebill !== false) {
      const pseudoRun = { id: -1, cycleCode: '', throughDate: bill.periodTo, billDate: on, dueDate: addDays(on, 21) } as unknown as BillRun;
      const rates = await loadRateVersions(tx, await rateCodesOf(tx, bill.accountId), bill.periodFrom, bill.periodTo);
      const winterCodes = winterAverageCodes(rates);
      const [snapshot] = await selectChunkForAccount(tx, pseudoRun, bill.accountId, winterCodes);
      if (!snapshot) throw new AppError('conflict', `Account ${bill.accountNumber} cannot be billed for ${bill.periodFrom} to ${bill.periodTo}`);
      const draft = calculateBill({ ...snapshot, periodFrom: bill.periodFrom, periodTo: bill.periodTo }, rates);
      const [written] = await writeChunk(tx, { id: null, billDate: on, dueDate: addDays(on, 21) }, [{ ...draft, holdReason: null }], options.actor,
        { replacesBillId: bill.id, billKind: 'rebill' });
      const bills = await billsToPost(tx, sql`b.id = ${(written as { id: number }).id}`);
      await postBills(database, tx, options.actor, bills, on, 'rebill');
      corrected = await getBill(tx, (written as { id: number }).id);
    }
    const cancelled = await getBill(tx, bill.id);
    await recordAudit(tx, { actor: options.actor, action: 'utility.cancel_bill', entityType: 'bill', entityId: bill.billNumber,
      before: { status: bill.status, currentChargesCents: bill.currentChargesCents },
      after: { status: 'cancelled', reason, correctedBill: corrected?.billNumber ?? null, correctedChargesCents: corrected?.currentChargesCents ?? null } });
    return { cancelled, corrected };
  });
}

async function rateCodesOf(db: Executor, accountId: number): Promise<string[]> {
  const result = await sql<{ code: string }>`select distinct rate_code as code from service_agreement where utility_account_id = ${accountId}`.execute(db);
  return result.rows.map((row) => row.code);
}

/** The snapshot selectChunk would take of one account for a period it was billed for already. */
async function selectChunkForAccount(db: Executor, run: BillRun, accountId: number, winterCodes: readonly string[]) {
  const cycle = await sql<{ cycle: string }>`select cycle_code as cycle from utility_account where id = ${accountId}`.execute(db);
  return selectChunk(db, { ...run, cycleCode: cycle.rows[0]?.cycle ?? '' }, 0, winterCodes, accountId);
}
