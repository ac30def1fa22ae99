/**
 * Meter reads' I/O: the history of many meters in one query (for validation and estimates), and
 * reads written in chunks with one `unnest` statement each. No rules here (read-validate.ts).
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import { AppError } from '../shared/errors.js';
import type { Executor, Tx } from '../shared/db.js';
import type { CheckedRead, MeterHistory, StoredRead } from './read-validate.js';

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
 * account, its latest live read, its latest accepted read and the average daily use over the
 * accepted reads of the 365 days before that one. One statement, whatever the number of meters;
 * each meter costs a few probes of meter_read's (meter_id, read_date desc) index.
 */
export async function loadMeterHistories(db: Executor, key: { serials: readonly string[] } | { meterIds: readonly number[] }): Promise<Map<string, MeterHistory>> {
  const keys = 'serials' in key
    ? sql`unnest(${[...new Set(key.serials)]}::text[]) as k(serial) join meter m on m.serial = k.serial`
    : sql`unnest(${[...new Set(key.meterIds)]}::bigint[]) as k(id) join meter m on m.id = k.id`;
  const result = await sql<HistoryRow>`select m.id as "meterId", m.serial, m.dials, m.multiplier::text as multiplier, m.status,
      exists (select 1 from service_agreement a join utility_account u on u.id = a.utility_account_id
        where a.meter_id = m.id and a.ended_on is null and u.status = 'active') as "hasActiveService",
      live.id as "liveId", live.read_date as "liveDate", live.reading as "liveReading", live.status as "liveStatus",
      coalesce(base.id, case when live.status <> 'exception' then live.id end) as "baseId",
      coalesce(base.read_date, case when live.status <> 'exception' then live.read_date end) as "baseDate",
      coalesce(base.reading, case when live.status <> 'exception' then live.reading end) as "baseReading",
      (history.total / nullif(history.days, 0))::text as "averageDailyUse", history.days as "historyDays"
    from ${keys}
    left join lateral (select r.id, r.read_date, r.reading, r.status from meter_read r
      where r.meter_id = m.id and r.status in ('accepted', 'overridden', 'exception')
      order by r.read_date desc, r.id desc limit 1) live on true
    left join lateral (select r.id, r.read_date, r.reading from meter_read r
      where live.status = 'exception' and r.meter_id = m.id and r.status in ('accepted', 'overridden')
      order by r.read_date desc, r.id desc limit 1) base on true
    left join lateral (select sum(w.consumption) as total, sum(w.read_date - w.previous_date)::int as days
      from (select r.consumption, r.read_date, lag(r.read_date) over (order by r.read_date, r.id) as previous_date
        from meter_read r
        where r.meter_id = m.id and r.status in ('accepted', 'overridden')
          and r.read_date >= coalesce(base.read_date, live.read_date) - 400) w
      where w.previous_date is not null and w.consumption is not null
        and w.read_date > coalesce(base.read_date, live.read_date) - 365) history on true`.execute(db);
  return new Map(result.rows.map((row) => [row.serial, toHistory(row)]));
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
  const result = await sql`update meter_read set status = 'superseded'
    where id = any(${ids}::bigint[]) and status in ('accepted', 'overridden', 'exception')`.execute(tx);
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
        consumption, previous_read_id, rolled_over, status, exception_codes, import_id, row_number, reader_id, notes, created_by)
      select coalesce(t.id, nextval(pg_get_serial_sequence('meter_read', 'id'))), t.meter_id, t.read_date, t.reading, t.read_type,
        ${spec.source}::text, t.consumption, t.previous_id, t.rolled_over, t.status,
        coalesce(string_to_array(nullif(t.codes, ''), ','), '{}'), ${spec.importId}::bigint,
        case when ${spec.source}::text = 'import' then t.row_number end, t.reader_id, t.notes,
        ${spec.createdBy}::text
      from unnest(${column((read) => spec.idsByRow.get(read.rowNumber) ?? null)}::bigint[], ${column((read) => read.meterId)}::bigint[],
        ${column((read) => read.readDate)}::date[], ${column((read) => read.reading)}::bigint[], ${column((read) => read.readType)}::text[],
        ${column((read) => read.consumption)}::numeric[],
        ${column((read) => read.previousReadId ?? (read.previousRowNumber === null ? null : spec.idsByRow.get(read.previousRowNumber) ?? null))}::bigint[],
        ${column((read) => read.rolledOver)}::boolean[], ${column((read) => read.status)}::text[],
        ${column((read) => read.exceptionCodes.join(','))}::text[], ${column((read) => read.rowNumber)}::int[],
        ${column((read) => read.readerId)}::text[], ${column((read) => read.notes)}::text[])
        as t(id, meter_id, read_date, reading, read_type, consumption, previous_id, rolled_over, status, codes, row_number, reader_id, notes)
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
