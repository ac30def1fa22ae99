/**
 * The review queue of meter reads: the exceptions the checks held (high, low, zero use, rollover,
 * lower than last, out of cycle), with the meter's location, account and previous read; a
 * reviewer accepts one (status 'overridden') or rejects it. San Diego's 2018 bills went out wrong
 * when range checks were bypassed with supervisor codes, so an override always names its
 * reviewer and a reason, is audited, needs `utility.reads.review`, and a read typed by hand is
 * never accepted by the person who typed it.
 * Errors: invalid_input, not_found, forbidden, conflict.
 */
import { sql } from 'kysely';
import { hasPermission, type Principal } from '../shared/actor.js';
import { recordAudit, recordRefusal } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidFields, notFound } from '../shared/errors.js';
import type { ReadType } from './read-layouts.js';
import { lockReadWriters, refreshMeterReadState } from './read-store.js';
import { readExceptionCodes, readExceptionText, type ReadExceptionCode } from './read-validate.js';

export const REVIEW_PERMISSION = 'utility.reads.review';
/** An override's reason says why, not "ok". */
export const MIN_REASON_LENGTH = 10;

export type MeterReadStatus = 'accepted' | 'exception' | 'overridden' | 'rejected' | 'superseded';

export interface MeterReadRow {
  id: number;
  meterId: number;
  meterSerial: string;
  unit: 'HCF' | 'GAL';
  readDate: IsoDate;
  reading: number;
  readType: ReadType;
  source: 'import' | 'manual' | 'field' | 'estimate' | 'conversion' | 'demo';
  consumption: string | null;
  previousReadId: number | null;
  previousReadDate: IsoDate | null;
  previousReading: number | null;
  rolledOver: boolean;
  status: MeterReadStatus;
  exceptionCodes: ReadExceptionCode[];
  exceptionText: string[];
  readerId: string | null;
  notes: string | null;
  importId: number | null;
  fileName: string | null;
  rowNumber: number | null;
  accountNumber: string | null;
  locationAddress: string | null;
  cycleCode: string | null;
  routeCode: string | null;
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ReadExceptionFilters {
  status?: MeterReadStatus;
  code?: ReadExceptionCode;
  importId?: number;
  meter?: string;
  cycleCode?: string;
  routeCode?: string;
  /** Paging: reads to skip. */
  offset?: number;
  limit?: number;
}

type ReadDbRow = Omit<MeterReadRow, 'exceptionText' | 'reviewedAt' | 'createdAt'> & { reviewedAt: Date | null; createdAt: Date };

const readSelect = sql`select r.id, r.meter_id as "meterId", m.serial as "meterSerial", m.unit, r.read_date as "readDate", r.reading,
    r.read_type as "readType", r.source, trim_scale(r.consumption)::text as consumption, r.previous_read_id as "previousReadId",
    p.read_date as "previousReadDate", p.reading as "previousReading", r.rolled_over as "rolledOver", r.status,
    r.exception_codes as "exceptionCodes", r.reader_id as "readerId", r.notes, r.import_id as "importId", i.file_name as "fileName",
    r.row_number as "rowNumber", svc.account_number as "accountNumber", svc.address as "locationAddress", svc.cycle_code as "cycleCode",
    svc.route_code as "routeCode", r.review_reason as "reviewReason", r.reviewed_by as "reviewedBy", r.reviewed_at as "reviewedAt",
    r.created_at as "createdAt", r.created_by as "createdBy"
  from meter_read r
  join meter m on m.id = r.meter_id
  left join meter_read p on p.id = r.previous_read_id
  left join read_import i on i.id = r.import_id
  left join lateral (select ra.account_number, l.address_line1 || coalesce(' ' || l.unit, '') as address, u.cycle_code, u.route_code
    from service_agreement a join utility_account u on u.id = a.utility_account_id
    join receivable_account ra on ra.id = u.id join service_location l on l.id = u.service_location_id
    where a.meter_id = r.meter_id and a.started_on <= r.read_date and (a.ended_on is null or a.ended_on >= r.read_date)
    order by a.started_on desc, a.id desc limit 1) svc on true`;

function toRead(row: ReadDbRow): MeterReadRow {
  return {
    ...row,
    exceptionText: row.exceptionCodes.map((code) => readExceptionText[code] ?? code),
    reviewedAt: row.reviewedAt ? row.reviewedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getMeterRead(db: Executor, id: number): Promise<MeterReadRow> {
  const result = await sql<ReadDbRow>`${readSelect} where r.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('meter read', id);
  return toRead(row);
}

/** A meter's reads, newest first. */
export async function listMeterReads(db: Executor, options: { meter: string; limit?: number }): Promise<MeterReadRow[]> {
  const result = await sql<ReadDbRow>`${readSelect} where m.serial = ${options.meter.trim().toUpperCase()}
    order by r.read_date desc, r.id desc limit ${options.limit ?? 100}`.execute(db);
  return result.rows.map(toRead);
}

/** The review queue (status 'exception' unless asked otherwise), oldest first and in file order, with filters. */
export async function listReadExceptions(db: Executor, filters: ReadExceptionFilters = {}): Promise<MeterReadRow[]> {
  if (filters.code !== undefined && !(readExceptionCodes as readonly string[]).includes(filters.code)) {
    throw invalidFields([{ field: 'code', message: `must be one of ${readExceptionCodes.join(', ')}` }]);
  }
  const status = filters.status ?? 'exception';
  const limit = Math.min(Math.max(filters.limit ?? 200, 1), 5_000);
  const result = await sql<ReadDbRow>`${readSelect}
    where r.status = ${status}
      and (${filters.code ?? null}::text is null or ${filters.code ?? null}::text = any(r.exception_codes))
      and (${filters.importId ?? null}::bigint is null or r.import_id = ${filters.importId ?? null})
      and (${filters.meter?.trim().toUpperCase() ?? null}::text is null or m.serial = ${filters.meter?.trim().toUpperCase() ?? null})
      and (${filters.cycleCode ?? null}::text is null or svc.cycle_code = ${filters.cycleCode ?? null})
      and (${filters.routeCode ?? null}::text is null or svc.route_code = ${filters.routeCode ?? null})
    order by r.created_at, r.import_id nulls last, r.row_number nulls last, r.id
    limit ${limit} offset ${Math.max(filters.offset ?? 0, 0)}`.execute(db);
  return result.rows.map(toRead);
}

/** How many reads wait for review, by code. */
export async function countReadExceptions(db: Executor): Promise<{ total: number; byCode: Partial<Record<ReadExceptionCode, number>> }> {
  const result = await sql<{ code: ReadExceptionCode; n: number }>`select code, count(*)::int as n
    from meter_read r cross join lateral unnest(r.exception_codes) as code
    where r.status = 'exception' group by code order by code`.execute(db);
  const queued = await sql<{ n: number }>`select count(*)::int as n from meter_read where status = 'exception'`.execute(db);
  return { total: queued.rows[0]?.n ?? 0, byCode: Object.fromEntries(result.rows.map((row) => [row.code, row.n])) };
}

interface Decision {
  readId: number;
  reason: unknown;
  actor: Principal;
  clock: Clock;
}

function reasonOf(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < MIN_REASON_LENGTH) {
    throw invalidFields([{ field: 'reason', message: `say why (at least ${MIN_REASON_LENGTH} characters): every decision on a held read is audited` }]);
  }
  if (reason.length > 500) throw invalidFields([{ field: 'reason', message: 'must be at most 500 characters' }]);
  return reason;
}

async function decide(database: Database, options: Decision, outcome: 'overridden' | 'rejected'): Promise<MeterReadRow> {
  const action = outcome === 'overridden' ? 'utility.accept_read' : 'utility.reject_read';
  if (!hasPermission(options.actor, REVIEW_PERMISSION)) {
    await recordRefusal(database, { actor: options.actor, action, entityType: 'meter_read', entityId: String(options.readId),
      details: { reason: `lacks ${REVIEW_PERMISSION}` } });
    throw new AppError('forbidden', `Reviewing held reads needs the permission ${REVIEW_PERMISSION}`, { permission: REVIEW_PERMISSION });
  }
  const reason = reasonOf(options.reason);
  await inTransaction(database, async (tx) => {
    await lockReadWriters(tx);
    const locked = await sql<{ id: number; meterId: number; readDate: IsoDate; status: MeterReadStatus; source: string; createdBy: string;
      exceptionCodes: string[] }>`select id, meter_id as "meterId", read_date as "readDate", status, source, created_by as "createdBy",
        exception_codes as "exceptionCodes"
      from meter_read where id = ${options.readId} for update`.execute(tx);
    const read = locked.rows[0];
    if (!read) throw notFound('meter read', options.readId);
    if (read.status !== 'exception') throw new AppError('conflict', `Read ${read.id} is not waiting for review (it is ${read.status})`, { field: 'readId', status: read.status });
    if (outcome === 'overridden' && (read.source === 'manual' || read.source === 'field') && read.createdBy === options.actor.username) {
      throw new AppError('forbidden', `Read ${read.id} was entered by ${read.createdBy}; someone else reviews it`, { field: 'readId' });
    }
    if (outcome === 'overridden') {
      const later = await sql<{ id: number; readDate: IsoDate }>`select id, read_date as "readDate" from meter_read
        where meter_id = ${read.meterId} and read_date > ${read.readDate} and status in ('accepted', 'overridden', 'exception')
        order by read_date limit 1`.execute(tx);
      const next = later.rows[0];
      // That read was measured past this one; accepting this one now would count the same water twice.
      if (next) {
        throw new AppError('conflict', `A later read of this meter (read ${next.id}, ${next.readDate}) was measured without this one; ` +
          'reject this read, or re-read the later one first', { field: 'readId', laterReadId: next.id });
      }
    }
    await sql`update meter_read set status = ${outcome}, review_reason = ${reason}, reviewed_by = ${options.actor.username},
        reviewed_at = ${options.clock.now()} where id = ${read.id}`.execute(tx);
    await refreshMeterReadState(tx, [read.meterId]);
    await recordAudit(tx, { actor: options.actor, action, entityType: 'meter_read', entityId: String(read.id),
      before: { status: read.status, exceptionCodes: read.exceptionCodes }, after: { status: outcome, reason } });
  });
  return getMeterRead(database.kysely, options.readId);
}

/** Accepts a held read as it is (status 'overridden'): the reviewer and the reason are recorded and audited. */
export function acceptRead(database: Database, options: Decision): Promise<MeterReadRow> {
  return decide(database, options, 'overridden');
}

/** Rejects a held read (a misread; a re-read or an estimate takes its place). Reason required, audited. */
export function rejectRead(database: Database, options: Decision): Promise<MeterReadRow> {
  return decide(database, options, 'rejected');
}
