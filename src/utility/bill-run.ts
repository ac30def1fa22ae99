/**
 * The bill run of a billing cycle through a date: calculate, then tentative bills for review (the
 * pre-bill register, holds and releases), then finalize (bill-finalize.ts).
 *
 * Calculation is set-based and resumable. Accounts are taken in id order in chunks of
 * ACCOUNTS_PER_CHUNK: one query reads a chunk's accounts with their bill history, one its
 * agreements with the consumption of their reads in the period and the winter average, the rate
 * engine prices them in memory, and one statement writes the chunk's bills, lines and reads; each
 * chunk commits on its own. A crashed run is continued by running it again (the accounts that
 * have a bill of the run are not taken twice); a finalized cycle and date run again creates
 * nothing. One open run per cycle at a time.
 * Errors: invalid_input, not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, cityDateOf, parseIsoDate, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, yieldToEventLoop, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import { calculateBill, type AccountSnapshot, type AgreementSnapshot, type BillDraft, type RatesByCode } from './bill-calc.js';
import { loadRateVersions, winterAverageCodes } from './rate-loading.js';

export const ACCOUNTS_PER_CHUNK = 10_000;

export type BillRunStatus = 'calculating' | 'tentative' | 'finalizing' | 'finalized' | 'cancelled';

export interface BillRun {
  id: number;
  runNumber: string;
  cycleCode: string;
  throughDate: IsoDate;
  billDate: IsoDate;
  dueDate: IsoDate;
  status: BillRunStatus;
  accountCount: number;
  billCount: number;
  exceptionCount: number;
  heldCount: number;
  totalCents: Cents;
  timings: Record<string, number>;
  createdAt: string;
  createdBy: string;
  finalizedAt: string | null;
  finalizedBy: string | null;
}

const runSelect = sql`select id, run_number as "runNumber", cycle_code as "cycleCode", through_date::text as "throughDate",
    bill_date::text as "billDate", due_date::text as "dueDate", status, account_count as "accountCount", bill_count as "billCount",
    exception_count as "exceptionCount", held_count as "heldCount", total_cents as "totalCents", timings,
    created_at as "createdAt", created_by as "createdBy", finalized_at as "finalizedAt", finalized_by as "finalizedBy"
  from bill_run`;

type RunRow = Omit<BillRun, 'createdAt' | 'finalizedAt' | 'totalCents'> & { createdAt: Date; finalizedAt: Date | null; totalCents: number };

function toRun(row: RunRow): BillRun {
  return { ...row, totalCents: cents(row.totalCents), createdAt: row.createdAt.toISOString(), finalizedAt: row.finalizedAt?.toISOString() ?? null };
}

export async function getBillRun(db: Executor, key: number | string): Promise<BillRun> {
  const byNumber = typeof key === 'string' && key.toUpperCase().startsWith('BR-');
  const result = await sql<RunRow>`${runSelect} where ${byNumber ? sql`run_number = ${String(key).toUpperCase()}` : sql`id = ${Number(key)}`}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('bill run', key);
  return toRun(row);
}

export async function listBillRuns(db: Executor, options: { cycleCode?: string | null; limit?: number } = {}): Promise<BillRun[]> {
  const result = await sql<RunRow>`${runSelect} where ${options.cycleCode ?? null}::text is null or cycle_code = ${options.cycleCode ?? null}
    order by id desc limit ${Math.min(options.limit ?? 50, 500)}`.execute(db);
  return result.rows.map(toRun);
}

export interface RunBillsInput {
  cycleCode: string;
  throughDate: string;
  /** Defaults to the city's today. */
  billDate?: string | null;
}

export interface RunBillsResult {
  run: BillRun;
  /** Bills this call created (0 when the run was already calculated or finalized). */
  billsCreated: number;
  /** True when the cycle and date had a run already (continued, or nothing to do). */
  wasExisting: boolean;
}

/** Calculates (or continues calculating) the cycle's bills through the date; they stay tentative. */
export async function runBills(
  database: Database,
  options: { input: RunBillsInput; actor: Actor; clock: Clock; onProgress?: (done: number, total: number) => void },
): Promise<RunBillsResult> {
  const throughDate = parseIsoDate(options.input.throughDate, 'throughDate');
  const billDate = options.input.billDate ? parseIsoDate(options.input.billDate, 'billDate') : cityDateOf(options.clock.now());
  if (billDate < throughDate) throw new AppError('invalid_input', `billDate: before the through date ${throughDate}`, { field: 'billDate' });
  const { run, wasExisting } = await findOrCreateRun(database, options.input.cycleCode, throughDate, billDate, options.actor);
  if (run.status !== 'calculating') return { run, billsCreated: 0, wasExisting };
  const timings: Record<string, number> = { ...run.timings };
  const time = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[stage] = round3((timings[stage] ?? 0) + (performance.now() - started) / 1000);
    }
  };
  const total = await countBillable(database.kysely, run);
  let done = await sql<{ count: number }>`select count(*)::int as count from bill where run_id = ${run.id}`.execute(database.kysely).then((r) => r.rows[0]?.count ?? 0);
  options.onProgress?.(done, done + total);
  const rates = await time('rates_load', () => loadRatesForCycle(database.kysely, run));
  const winterCodes = winterAverageCodes(rates);
  let afterId = 0;
  let created = 0;
  let chunks = 0;
  // Pipelined: while a chunk's bills are written (one write at a time, in order), the next chunk
  // is read and priced on another connection (stage times overlap; their sum exceeds the wall time).
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  for (;;) {
    const accounts = await time('select', () => selectChunk(database.kysely, run, afterId, winterCodes));
    if (accounts.length === 0) break;
    afterId = (accounts.at(-1) as AccountSnapshot).accountId;
    const drafts = await time('rate', () => accounts.map((account) => calculateBill(account, rates)));
    await writing;
    if (failure) break;
    writing = (async () => {
      await time('write', () => inTransaction(database, (tx) => writeChunk(tx, run, drafts, options.actor)));
      created += drafts.length;
      done += drafts.length;
      chunks += 1;
      // The planner's figures for the bill tables, while they grow: stale ones (an empty table)
      // turn the per-account history lookups into scans of every bill written so far.
      if ((chunks & (chunks - 1)) === 0) await time('analyze', () => sql`analyze bill, bill_line, bill_read`.execute(database.kysely));
      options.onProgress?.(done, done + Math.max(0, total - created));
    })().catch((error: unknown) => {
      failure = { error };
    });
    await yieldToEventLoop();
  }
  await writing;
  if (failure) throw (failure as { error: unknown }).error;
  const finished = await inTransaction(database, async (tx) => {
    await sql`update bill_run r set status = 'tentative', timings = ${JSON.stringify(timings)}::jsonb,
        account_count = s.bills, bill_count = s.bills, exception_count = s.exceptions, held_count = s.held, total_cents = s.total
      from (select count(*)::int as bills, count(*) filter (where cardinality(exceptions) > 0)::int as exceptions,
              count(*) filter (where status = 'held')::int as held, coalesce(sum(current_charges_cents), 0)::bigint as total
            from bill where run_id = ${run.id}) s
      where r.id = ${run.id} and r.status = 'calculating'`.execute(tx);
    const after = await getBillRun(tx, run.id);
    await recordAudit(tx, { actor: options.actor, action: 'utility.calculate_bill_run', entityType: 'bill_run', entityId: after.runNumber,
      after: { cycleCode: after.cycleCode, throughDate: after.throughDate, billCount: after.billCount, exceptionCount: after.exceptionCount,
        heldCount: after.heldCount, totalCents: after.totalCents, billsCreatedThisCall: created } });
    return after;
  });
  return { run: finished, billsCreated: created, wasExisting };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function findOrCreateRun(database: Database, cycleCode: string, throughDate: IsoDate, billDate: IsoDate, actor: Actor): Promise<{ run: BillRun; wasExisting: boolean }> {
  return inTransaction(database, async (tx) => {
    const cycle = await sql<{ dueDays: number }>`select due_days as "dueDays" from billing_cycle where code = ${cycleCode} and is_active for update`.execute(tx);
    if (!cycle.rows[0]) throw new AppError('invalid_input', `cycle: "${cycleCode}" is not an active billing cycle`, { field: 'cycle' });
    const existing = await sql<RunRow>`${runSelect} where cycle_code = ${cycleCode} and status <> 'cancelled'
      and (through_date = ${throughDate}::date or status in ('calculating', 'tentative', 'finalizing')) order by id desc`.execute(tx);
    const same = existing.rows.find((row) => row.throughDate === throughDate);
    if (same) return { run: toRun(same), wasExisting: true };
    const open = existing.rows[0];
    if (open) {
      throw new AppError('conflict', `Cycle ${cycleCode} has bill run ${open.runNumber} through ${open.throughDate} ${open.status}; finalize or cancel it first`, { field: 'cycle' });
    }
    const later = await sql<{ runNumber: string; through: string }>`select run_number as "runNumber", through_date::text as through from bill_run
      where cycle_code = ${cycleCode} and status = 'finalized' and through_date > ${throughDate}::date limit 1`.execute(tx);
    if (later.rows[0]) {
      throw new AppError('conflict', `Cycle ${cycleCode} is billed through ${later.rows[0].through} (run ${later.rows[0].runNumber})`, { field: 'throughDate' });
    }
    const dueDate = addDays(billDate, cycle.rows[0].dueDays);
    const inserted = await sql<{ id: number }>`insert into bill_run (run_number, cycle_code, through_date, bill_date, due_date, status, created_by)
      values ('BR-' || ${billDate.slice(0, 4)} || '-' || lpad(nextval('bill_run_number_seq')::text, 4, '0'), ${cycleCode}, ${throughDate}, ${billDate},
        ${dueDate}, 'calculating', ${actor.username}) returning id`.execute(tx);
    const run = await getBillRun(tx, inserted.rows[0]?.id as number);
    await recordAudit(tx, { actor, action: 'utility.start_bill_run', entityType: 'bill_run', entityId: run.runNumber,
      after: { cycleCode, throughDate, billDate, dueDate } });
    return { run, wasExisting: false };
  });
}

/** The accounts of a run's cycle still to bill: in service in the period and without an open bill. */
const billableWhere = (run: BillRun) => sql`u.cycle_code = ${run.cycleCode} and u.status = 'active'
    and u.started_on <= ${run.throughDate}::date
    and coalesce(u.billed_through, u.started_on - 1) < least(${run.throughDate}::date, coalesce(u.stopped_on, ${run.throughDate}::date))
    and not exists (select 1 from bill b where b.utility_account_id = u.id and (b.run_id = ${run.id} or b.status in ('tentative', 'held')))`;

async function countBillable(db: Executor, run: BillRun): Promise<number> {
  const result = await sql<{ count: number }>`select count(*)::int as count from utility_account u where ${billableWhere(run)}`.execute(db);
  return result.rows[0]?.count ?? 0;
}

async function loadRatesForCycle(db: Executor, run: BillRun): Promise<RatesByCode> {
  const codes = await sql<{ code: string; from: string }>`select distinct a.rate_code as code, min(coalesce(u.billed_through + 1, u.started_on))::text as from
    from service_agreement a join utility_account u on u.id = a.utility_account_id
    where u.cycle_code = ${run.cycleCode} and u.status = 'active' group by a.rate_code`.execute(db);
  const from = codes.rows.reduce((earliest, row) => (row.from < earliest ? row.from : earliest), run.throughDate as string) as IsoDate;
  return loadRateVersions(db, codes.rows.map((row) => row.code), from, run.throughDate);
}

interface AccountRow {
  accountId: number;
  accountNumber: string;
  classCode: string;
  isResidential: boolean;
  tiersPerUnit: boolean;
  dwellingUnits: number;
  startedOn: IsoDate;
  stoppedOn: IsoDate | null;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  hasPreviousBill: boolean;
  averageBillCents: number | null;
}

interface AgreementRow extends Omit<AgreementSnapshot, 'hasEstimated' | 'hasPendingException'> {
  accountId: number;
  readCount: number;
  hasEstimated: boolean | null;
  hasPendingException: boolean | null;
}

/** A chunk of accounts to bill, with their agreements and the reads of the period (two queries). */
export async function selectChunk(db: Executor, run: BillRun, afterId: number, winterCodes: readonly string[], onlyAccountId: number | null = null): Promise<AccountSnapshot[]> {
  const accounts = await sql<AccountRow>`select u.id as "accountId", r.account_number as "accountNumber", u.class_code as "classCode",
      c.is_residential as "isResidential", c.tiers_per_unit as "tiersPerUnit", u.dwelling_units as "dwellingUnits",
      u.started_on::text as "startedOn", u.stopped_on::text as "stoppedOn",
      greatest(coalesce(u.billed_through + 1, u.started_on), u.started_on)::text as "periodFrom",
      least(${run.throughDate}::date, coalesce(u.stopped_on, ${run.throughDate}::date))::text as "periodTo",
      h.has_previous as "hasPreviousBill", h.average::bigint as "averageBillCents"
    from utility_account u
    join receivable_account r on r.id = u.id
    join utility_class c on c.code = u.class_code
    cross join lateral (select count(*) > 0 as has_previous,
        round(avg(b.current_charges_cents) filter (where b.period_to > ${run.throughDate}::date - 365)) as average
      from bill b where b.utility_account_id = u.id and b.status = 'final') h
    where ${billableWhere(run)} and u.id > ${afterId} and (${onlyAccountId}::bigint is null or u.id = ${onlyAccountId}::bigint)
    order by u.id limit ${ACCOUNTS_PER_CHUNK}`.execute(db);
  if (accounts.rows.length === 0) return [];
  const rows = accounts.rows;
  const agreements = await sql<AgreementRow>`select p.account_id as "accountId", a.id as "agreementId", a.service_type as "serviceType",
      a.rate_code as "rateCode", a.started_on::text as "startedOn", a.ended_on::text as "endedOn", a.meter_id as "meterId",
      m.size as "meterSize", m.unit as "meterUnit",
      case when rd.read_count > 0 then rd.consumption::text end as consumption, coalesce(rd.read_count, 0)::int as "readCount",
      fr.id as "fromReadId", rd.to_read_id as "toReadId", rd.has_estimated as "hasEstimated", rd.has_pending as "hasPendingException",
      wa.average::text as "winterAverage"
    from unnest(${rows.map((row) => row.accountId)}::bigint[], ${rows.map((row) => row.periodFrom)}::date[], ${rows.map((row) => row.periodTo)}::date[])
      as p(account_id, period_from, period_to)
    join service_agreement a on a.utility_account_id = p.account_id
      and a.started_on <= p.period_to and (a.ended_on is null or a.ended_on >= p.period_from)
    left join meter m on m.id = a.meter_id
    left join lateral (
      select coalesce(sum(r.consumption) filter (where r.status in ('accepted', 'overridden')), 0) as consumption,
        count(*) filter (where r.status in ('accepted', 'overridden') and r.read_type <> 'first') as read_count,
        (array_agg(r.id order by r.read_date desc, r.id desc) filter (where r.status in ('accepted', 'overridden')))[1] as to_read_id,
        bool_or(r.read_type = 'estimated' and r.status in ('accepted', 'overridden')) as has_estimated,
        bool_or(r.status = 'exception') as has_pending
      from meter_read r
      where r.meter_id = any(array[a.meter_id] || array(select mi.replaces_meter_id from meter_installation mi
          where mi.meter_id = a.meter_id and mi.replaces_meter_id is not null and mi.installed_on >= p.period_from))
        and r.read_date >= p.period_from and r.read_date <= p.period_to
    ) rd on a.meter_id is not null
    left join lateral (
      select r.id from meter_read r where r.meter_id = a.meter_id and r.status in ('accepted', 'overridden') and r.read_date < p.period_from
      order by r.read_date desc, r.id desc limit 1
    ) fr on a.meter_id is not null
    left join lateral (
      select round(sum(r.consumption) / 4, 4) as average
      from service_agreement w
      join meter_read r on r.meter_id = w.meter_id and r.status in ('accepted', 'overridden')
      cross join lateral (select extract(year from p.period_to)::int - case when extract(month from p.period_to) < 4 then 1 else 0 end as y) winter
      where a.rate_code = any(${[...winterCodes]}::text[])
        and w.utility_account_id = p.account_id and w.service_type = 'water' and w.meter_id is not null
        and r.read_date between make_date(winter.y - 1, 12, 1) and make_date(winter.y, 3, 31)
      having count(*) > 0
    ) wa on true
    order by p.account_id, a.service_type, a.id`.execute(db);
  const byAccount = new Map<number, AgreementSnapshot[]>();
  for (const row of agreements.rows) {
    const list = byAccount.get(row.accountId) ?? [];
    list.push({
      agreementId: row.agreementId, serviceType: row.serviceType, rateCode: row.rateCode, startedOn: row.startedOn, endedOn: row.endedOn,
      meterId: row.meterId, meterSize: row.meterSize, meterUnit: row.meterUnit, consumption: row.consumption,
      fromReadId: row.fromReadId, toReadId: row.toReadId, hasEstimated: row.hasEstimated === true,
      hasPendingException: row.hasPendingException === true, winterAverage: row.winterAverage,
    });
    byAccount.set(row.accountId, list);
  }
  return rows.map((row) => ({
    ...row,
    averageBillCents: row.averageBillCents,
    agreements: byAccount.get(row.accountId) ?? [],
  }));
}

/** A chunk's bills, their lines and reads in one statement. */
export async function writeChunk(tx: Tx, run: Pick<BillRun, 'id' | 'billDate' | 'dueDate'> | { id: null; billDate: IsoDate; dueDate: IsoDate }, drafts: readonly BillDraft[], actor: Actor, extra: { replacesBillId?: number | null; billKind?: 'rebill' } = {}): Promise<Array<{ id: number; accountId: number }>> {
  if (drafts.length === 0) return [];
  const lines = drafts.flatMap((draft) => draft.lines.map((line, index) => ({ accountId: draft.accountId, lineNumber: index + 1, ...line })));
  const reads = drafts.flatMap((draft) => draft.reads.map((read) => ({ accountId: draft.accountId, ...read })));
  const result = await sql<{ bills: Array<{ id: number; accountId: number }>; lineCount: number; readCount: number }>`
    with new_bill as (
      insert into bill (bill_number, run_id, utility_account_id, bill_kind, period_from, period_to, bill_date, due_date, status,
        consumption, is_estimated, current_charges_cents, exceptions, hold_reason, replaces_bill_id, created_by)
      select 'B-' || nextval('bill_number_seq')::text, ${run.id}::bigint, t.account_id, coalesce(${extra.billKind ?? null}::text, t.kind),
        t.period_from, t.period_to, ${run.billDate}::date, ${run.dueDate}::date,
        case when t.hold_reason is null then 'tentative' else 'held' end, t.consumption, t.estimated, t.total,
        string_to_array(t.exceptions, ','), t.hold_reason, ${extra.replacesBillId ?? null}::bigint, ${actor.username}
      from unnest(${drafts.map((d) => d.accountId)}::bigint[], ${drafts.map((d) => d.billKind)}::text[], ${drafts.map((d) => d.periodFrom)}::date[],
        ${drafts.map((d) => d.periodTo)}::date[], ${drafts.map((d) => d.consumption)}::numeric[], ${drafts.map((d) => d.isEstimated)}::boolean[],
        ${drafts.map((d) => d.totalCents)}::bigint[], ${drafts.map((d) => d.exceptions.join(','))}::text[], ${drafts.map((d) => d.holdReason)}::text[])
        as t(account_id, kind, period_from, period_to, consumption, estimated, total, exceptions, hold_reason)
      returning id, utility_account_id
    ),
    new_line as (
      insert into bill_line (bill_id, line_number, service_type, component, description, quantity, unit_price, amount_cents, revenue_account_id)
      select b.id, l.line_number, l.service_type, l.component, l.description, l.quantity, l.unit_price, l.amount, acc.id
      from unnest(${lines.map((l) => l.accountId)}::bigint[], ${lines.map((l) => l.lineNumber)}::int[], ${lines.map((l) => l.serviceType)}::text[],
          ${lines.map((l) => l.component)}::text[], ${lines.map((l) => l.description)}::text[], ${lines.map((l) => l.quantity)}::numeric[],
          ${lines.map((l) => l.unitPrice)}::numeric[], ${lines.map((l) => l.amountCents)}::bigint[], ${lines.map((l) => l.revenueAccount)}::text[])
        as l(account_id, line_number, service_type, component, description, quantity, unit_price, amount, revenue_account)
      join new_bill b on b.utility_account_id = l.account_id
      join account acc on acc.code = l.revenue_account
      returning 1
    ),
    new_read as (
      insert into bill_read (bill_id, meter_id, from_read_id, to_read_id, consumption)
      select b.id, r.meter_id, r.from_read_id, r.to_read_id, r.consumption
      from unnest(${reads.map((r) => r.accountId)}::bigint[], ${reads.map((r) => r.meterId)}::bigint[], ${reads.map((r) => r.fromReadId)}::bigint[],
          ${reads.map((r) => r.toReadId)}::bigint[], ${reads.map((r) => r.consumption)}::numeric[]) as r(account_id, meter_id, from_read_id, to_read_id, consumption)
      join new_bill b on b.utility_account_id = r.account_id
      on conflict (bill_id, meter_id) do nothing
      returning 1
    )
    select (select coalesce(json_agg(json_build_object('id', id, 'accountId', utility_account_id)), '[]') from new_bill) as bills,
      (select count(*)::int from new_line) as "lineCount", (select count(*)::int from new_read) as "readCount"`.execute(tx);
  const row = result.rows[0] as NonNullable<(typeof result.rows)[number]>;
  if (row.lineCount !== lines.length) {
    const known = await sql<{ code: string }>`select code from account where code = any(${[...new Set(lines.map((l) => l.revenueAccount))]}::text[])`.execute(tx);
    const missing = [...new Set(lines.map((l) => l.revenueAccount))].filter((code) => !known.rows.some((k) => k.code === code));
    throw new AppError('conflict', `Rate revenue accounts do not exist: ${missing.join(', ')}`, { missing });
  }
  return row.bills;
}
