/**
 * Meter reads' I/O: the history of many meters in one query (for validation and estimates), and
 * reads written in chunks with one `unnest` statement each. No rules here (read-validate.ts).
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import { AppError } from '../shared/errors.js';
import type { Executor, Tx } from '../shared/db.js';
import { readRules, type CheckedRead, type MeterHistory, type StoredRead } from './read-validate.js';

/** Reads per insert statement. */
export const READS_PER_STATEMENT = 10_000;

interface HistoryRow {
  meterId: number;
  serial: string;
  dials: number;
  multiplier: string;
  status: MeterHistory['status'];
  hasActiveService: boolean;
  liveId: number | null;
  liveDate: IsoDate | null;
  liveReading: number | null;
  liveStatus: 'accepted' | 'overridden' | 'exception' | null;
  baseId: number | null;
  baseDate: IsoDate | null;
  baseReading: number | null;
  averageDailyUse: string | null;
  historyDays: number | null;
  hasState: boolean;
}

function toHistory(row: HistoryRow): MeterHistory {
  return {
    meterId: row.meterId,
    serial: row.serial,
    dials: row.dials,
    multiplier: row.multiplier,
    status: row.status,
    hasActiveService: row.hasActiveService,
    lastLive: row.liveId === null ? null
      : { id: row.liveId, readDate: row.liveDate as IsoDate, reading: row.liveReading as number, status: row.liveStatus ?? 'accepted' },
    lastAccepted: row.baseId === null ? null : { id: row.baseId, readDate: row.baseDate as IsoDate, reading: row.baseReading as number },
    averageDailyUse: row.averageDailyUse,
    historyDays: row.historyDays ?? 0,
  };
}

/**
 * The history of each meter (by serial, or by id): the meter, whether it serves an active
 * account, its latest live read, its latest accepted read and its 12-month average daily use.
 * One statement whatever the number of meters: hash joins of the keys with meter and
 * meter_read_state (one row per meter, kept by the writers below).
 */
export async function loadMeterHistories(db: Executor, key: { serials: readonly string[] } | { meterIds: readonly number[] }): Promise<Map<string, MeterHistory>> {
  let rows = await queryHistories(db, key);
  // A meter without a state row (new, or read by a writer before this module kept state) gets one first.
  const missing = rows.filter((row) => !row.hasState).map((row) => row.meterId);
  if (missing.length > 0) {
    await refreshMeterReadState(db, missing);
    rows = await queryHistories(db, key);
  }
  return new Map(rows.map((row) => [row.serial, toHistory(row)]));
}

async function queryHistories(db: Executor, key: { serials: readonly string[] } | { meterIds: readonly number[] }): Promise<HistoryRow[]> {
  const keys = 'serials' in key
    ? sql`unnest(${[...new Set(key.serials)]}::text[]) as k(serial) join meter m on m.serial = k.serial`
    : sql`unnest(${[...new Set(key.meterIds)]}::bigint[]) as k(id) join meter m on m.id = k.id`;
  const result = await sql<HistoryRow>`select m.id as "meterId", m.serial, m.dials, m.multiplier::text as multiplier, m.status,
      exists (select 1 from service_agreement a join utility_account u on u.id = a.utility_account_id
        where a.meter_id = m.id and a.ended_on is null and u.status = 'active') as "hasActiveService",
      s.live_read_id as "liveId", s.live_date as "liveDate", s.live_reading as "liveReading", s.live_status as "liveStatus",
      s.accepted_read_id as "baseId", s.accepted_date as "baseDate", s.accepted_reading as "baseReading",
      (s.window_consumption_total / nullif(s.window_days_total, 0))::text as "averageDailyUse", s.window_days_total as "historyDays",
      s.meter_id is not null as "hasState"
    from ${keys}
    left join meter_read_state s on s.meter_id = m.id`.execute(db);
  return result.rows;
}

/**
 * Recomputes the read state of these meters (or of every meter) from their reads, exactly: after
 * a re-read, a review, several reads of one meter in a batch, or a writer of reads other than
 * this module (conversion, the demo). The window's days are each read's `days`, or, for reads
 * written without them, the days since the accepted read before.
 */
export async function refreshMeterReadState(db: Executor, meterIds: readonly number[] | 'all'): Promise<void> {
  if (meterIds !== 'all' && meterIds.length === 0) return;
  // A join with the unnested ids, not `= any(array)`: a parameter array is searched linearly for
  // every row, quadratic for a million meters.
  const meters = meterIds === 'all' ? sql`select m.id from meter m` : sql`select k.id from unnest(${[...new Set(meterIds)]}::bigint[]) as k(id)`;
  await sql`with meters as (${meters}), live as (
      select distinct on (r.meter_id) r.meter_id, r.id, r.read_date, r.reading, r.status
      from meter_read r join meters k on k.id = r.meter_id
      where r.status in ('accepted', 'overridden', 'exception')
      order by r.meter_id, r.read_date desc, r.id desc
    ), accepted as (
      select r.meter_id, r.id, r.read_date, r.reading, r.consumption,
        coalesce(r.days, r.read_date - lag(r.read_date) over (partition by r.meter_id order by r.read_date, r.id)) as days,
        max(r.read_date) over (partition by r.meter_id) as last_date,
        row_number() over (partition by r.meter_id order by r.read_date desc, r.id desc) as position
      from meter_read r join meters k on k.id = r.meter_id
      where r.status in ('accepted', 'overridden')
    ), windows as (
      select a.meter_id, array_agg(a.read_date order by a.read_date) as dates, array_agg(a.consumption order by a.read_date) as consumption,
        array_agg(a.days order by a.read_date) as days, sum(a.consumption) as total, sum(a.days)::int as day_total
      from accepted a
      where a.consumption is not null and a.days is not null and a.read_date - a.days >= a.last_date - ${readRules.averageWindowDays}::int
      group by a.meter_id
    )
    insert into meter_read_state as s (meter_id, live_read_id, live_date, live_reading, live_status, accepted_read_id, accepted_date,
      accepted_reading, window_dates, window_consumption, window_days, window_consumption_total, window_days_total, updated_at)
    select k.id, l.id, l.read_date, l.reading, l.status, a.id, a.read_date, a.reading, coalesce(w.dates, '{}'), coalesce(w.consumption, '{}'),
      coalesce(w.days, '{}'), coalesce(w.total, 0), coalesce(w.day_total, 0), now()
    from meters k left join live l on l.meter_id = k.id left join accepted a on a.meter_id = k.id and a.position = 1
    left join windows w on w.meter_id = k.id
    on conflict (meter_id) do update set live_read_id = excluded.live_read_id, live_date = excluded.live_date,
      live_reading = excluded.live_reading, live_status = excluded.live_status, accepted_read_id = excluded.accepted_read_id,
      accepted_date = excluded.accepted_date, accepted_reading = excluded.accepted_reading, window_dates = excluded.window_dates,
      window_consumption = excluded.window_consumption, window_days = excluded.window_days,
      window_consumption_total = excluded.window_consumption_total, window_days_total = excluded.window_days_total, updated_at = now()`.execute(db);
}

/**
 * Advances the read state of meters by one new read each (read after their state, so dated after
 * its live read): it becomes the live read, and when accepted the accepted read, entering the
 * 12-month window (reads older than 365 days before it leave). One statement per chunk.
 */
export async function advanceMeterReadState(tx: Tx, reads: ReadonlyArray<{ id: number; read: CheckedRead }>): Promise<void> {
  if (reads.length === 0) return;
  const column = <T>(pick: (entry: { id: number; read: CheckedRead }) => T): T[] => reads.map(pick);
  // The window's entries are in date order and each starts where the one before ends, so the
  // entries that leave it are a prefix: counted (and summed) once, then sliced off.
  await sql`insert into meter_read_state as s (meter_id, live_read_id, live_date, live_reading, live_status, accepted_read_id, accepted_date,
      accepted_reading, window_dates, window_consumption, window_days, window_consumption_total, window_days_total, updated_at)
    select t.meter_id, t.id, t.read_date, t.reading, t.status,
      case when t.enters then t.id else o.accepted_read_id end,
      case when t.enters then t.read_date else o.accepted_date end,
      case when t.enters then t.reading else o.accepted_reading end,
      case when not t.enters then coalesce(o.window_dates, '{}')
        when t.counts then coalesce(o.window_dates[cut.dropped + 1:], '{}') || t.read_date else coalesce(o.window_dates[cut.dropped + 1:], '{}') end,
      case when not t.enters then coalesce(o.window_consumption, '{}')
        when t.counts then coalesce(o.window_consumption[cut.dropped + 1:], '{}') || t.consumption
        else coalesce(o.window_consumption[cut.dropped + 1:], '{}') end,
      case when not t.enters then coalesce(o.window_days, '{}')
        when t.counts then coalesce(o.window_days[cut.dropped + 1:], '{}') || t.days else coalesce(o.window_days[cut.dropped + 1:], '{}') end,
      coalesce(o.window_consumption_total, 0) - cut.dropped_total + case when t.counts then t.consumption else 0 end,
      coalesce(o.window_days_total, 0) - cut.dropped_days + case when t.counts then t.days else 0 end,
      now()
    from (select u.*, u.status = 'accepted' as enters, u.status = 'accepted' and u.consumption is not null and u.days is not null as counts
      from unnest(${column((entry) => entry.read.meterId)}::bigint[], ${column((entry) => entry.id)}::bigint[],
        ${column((entry) => entry.read.readDate)}::date[], ${column((entry) => entry.read.reading)}::bigint[],
        ${column((entry) => entry.read.status)}::text[], ${column((entry) => entry.read.consumption)}::numeric(14, 4)[],
        ${column((entry) => entry.read.days)}::int[]) as u(meter_id, id, read_date, reading, status, consumption, days)) t
    left join meter_read_state o on o.meter_id = t.meter_id
    cross join lateral (
      select count(*)::int as dropped, coalesce(sum(e.c), 0) as dropped_total, coalesce(sum(e.n), 0)::int as dropped_days
      from unnest(case when t.enters then o.window_dates end, o.window_consumption, o.window_days) as e(d, c, n)
      where e.d - e.n < t.read_date - ${readRules.averageWindowDays}::int) cut
    on conflict (meter_id) do update set live_read_id = excluded.live_read_id, live_date = excluded.live_date,
      live_reading = excluded.live_reading, live_status = excluded.live_status, accepted_read_id = excluded.accepted_read_id,
      accepted_date = excluded.accepted_date, accepted_reading = excluded.accepted_reading, window_dates = excluded.window_dates,
      window_consumption = excluded.window_consumption, window_days = excluded.window_days,
      window_consumption_total = excluded.window_consumption_total, window_days_total = excluded.window_days_total, updated_at = now()`.execute(tx);
}

/** For re-reads of accepted reads: the accepted read before each (meter, date). */
export async function loadReadsBefore(db: Executor, pairs: ReadonlyArray<{ meterId: number; readDate: IsoDate }>): Promise<Map<number, StoredRead>> {
  if (pairs.length === 0) return new Map();
  const result = await sql<StoredRead & { meterId: number }>`select k.meter_id as "meterId", p.id, p.read_date as "readDate", p.reading
    from unnest(${pairs.map((pair) => pair.meterId)}::bigint[], ${pairs.map((pair) => pair.readDate)}::date[]) as k(meter_id, read_date)
    join lateral (select r.id, r.read_date, r.reading from meter_read r
      where r.meter_id = k.meter_id and r.read_date < k.read_date and r.status in ('accepted', 'overridden')
      order by r.read_date desc, r.id desc limit 1) p on true`.execute(db);
  return new Map(result.rows.map((row) => [row.meterId, { id: row.id, readDate: row.readDate, reading: row.reading }]));
}

/**
 * Writers of reads take this lock first, so two of them never measure the same meter from the
 * same base (an import and a clerk's manual read of one meter). It conflicts only with itself:
 * reading the reads, the queue and the bill run are not held up.
 */
export async function lockReadWriters(tx: Tx): Promise<void> {
  await sql`lock table read_import in share row exclusive mode`.execute(tx);
}

/** Identity values for reads that later reads of the same batch are measured from. */
export async function allocateReadIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('meter_read', 'id')) as id
    from generate_series(1, ${count}::int)`.execute(tx);
  return result.rows.map((row) => row.id);
}

export interface ReadRowsSpec {
  reads: readonly CheckedRead[];
  /** Preallocated ids by row number (reads measured from by later reads of the batch); rows are numbered in the batch even when not stored (manual, estimates). */
  idsByRow: ReadonlyMap<number, number>;
  source: 'import' | 'manual' | 'field' | 'estimate';
  importId: number | null;
  createdBy: string;
}

/** Marks the live reads that re-reads replace; returns how many. */
export async function supersedeReads(tx: Tx, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await sql`update meter_read r set status = 'superseded' from unnest(${ids}::bigint[]) as k(id)
    where r.id = k.id and r.status in ('accepted', 'overridden', 'exception')`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** `meterId|readDate`: a batch has at most one read per meter and date. */
export function readKey(meterId: number, readDate: string): string {
  return `${meterId}|${readDate}`;
}

/** Inserts one chunk of checked reads in one statement; returns their ids by `readKey`. */
export async function insertReads(tx: Tx, spec: ReadRowsSpec): Promise<Map<string, number>> {
  const { reads } = spec;
  const column = <T>(pick: (read: CheckedRead) => T): T[] => reads.map(pick);
  try {
    const result = await sql<{ id: number; meterId: number; readDate: string }>`insert into meter_read (id, meter_id, read_date, reading, read_type, source,
        consumption, previous_read_id, days, rolled_over, status, exception_codes, import_id, row_number, reader_id, notes, created_by)
      select coalesce(t.id, nextval(pg_get_serial_sequence('meter_read', 'id'))), t.meter_id, t.read_date, t.reading, t.read_type,
        ${spec.source}::text, t.consumption, t.previous_id, t.days, t.rolled_over, t.status,
        coalesce(string_to_array(nullif(t.codes, ''), ','), '{}'), ${spec.importId}::bigint,
        case when ${spec.source}::text = 'import' then t.row_number end, t.reader_id, t.notes,
        ${spec.createdBy}::text
      from unnest(${column((read) => spec.idsByRow.get(read.rowNumber) ?? null)}::bigint[], ${column((read) => read.meterId)}::bigint[],
        ${column((read) => read.readDate)}::date[], ${column((read) => read.reading)}::bigint[], ${column((read) => read.readType)}::text[],
        ${column((read) => read.consumption)}::numeric[],
        ${column((read) => read.previousReadId ?? (read.previousRowNumber === null ? null : spec.idsByRow.get(read.previousRowNumber) ?? null))}::bigint[],
        ${column((read) => read.days)}::int[], ${column((read) => read.rolledOver)}::boolean[], ${column((read) => read.status)}::text[],
        ${column((read) => read.exceptionCodes.join(','))}::text[], ${column((read) => read.rowNumber)}::int[],
        ${column((read) => read.readerId)}::text[], ${column((read) => read.notes)}::text[])
        as t(id, meter_id, read_date, reading, read_type, consumption, previous_id, days, rolled_over, status, codes, row_number, reader_id, notes)
      returning id, meter_id as "meterId", read_date as "readDate"`.execute(tx);
    return new Map(result.rows.map((row) => [readKey(row.meterId, row.readDate), row.id]));
  } catch (error) {
    throw liveReadConflict(error) ?? error;
  }
}

/** A unique-index refusal of a second live read for a meter and date, as a conflict. */
export function liveReadConflict(error: unknown): AppError | null {
  const code = (error as { code?: unknown }).code;
  const constraint = (error as { constraint?: unknown }).constraint;
  if (code !== '23505' || constraint !== 'meter_read_live_idx') return null;
  return new AppError('conflict', 'Another read for the same meter and date was stored meanwhile; nothing was written. Try again.',
    { field: 'readDate' });
}
