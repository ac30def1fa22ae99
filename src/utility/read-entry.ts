/**
 * Reads that do not come in a file: a clerk's or field worker's manual read (a re-read replaces
 * the live read of its meter and date, which becomes superseded), and estimated reads for the
 * meters in service that have no read in a window, from the 12-month average daily use × the
 * days since the last read. Both go through the same validation as an import; both audited.
 * Errors: invalid_input, not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { invalidFields, type FieldProblem } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, requiredDate, text } from '../shared/input.js';
import { addRereadBases, writeReads } from './read-import.js';
import { readTypes, type ReadType } from './read-layouts.js';
import { MAX_READING_DIGITS, type ParsedRead, type ReadProblem } from './read-parse.js';
import { getMeterRead, type MeterReadRow } from './read-review.js';
import { loadMeterHistories, lockReadWriters, readKey } from './read-store.js';
import { daysBetween, readRules, registerCapacity, validateReads, type MeterHistory } from './read-validate.js';

const problemField: Record<string, string> = { meter: 'meter', date: 'readDate', reading: 'reading', readType: 'readType' };

function toFieldProblems(problems: readonly ReadProblem[]): FieldProblem[] {
  return problems.map((problem) => ({ field: problemField[problem.field] ?? problem.field, message: problem.message }));
}

function parseEntry(input: unknown, today: IsoDate): ParsedRead & { source: 'manual' | 'field' } {
  const raw = asRecord(input, 'read');
  const problems = new Problems();
  const meter = text(raw.meter, 'meter', problems, { required: true, max: 30 })?.toUpperCase() ?? null;
  const readDate = requiredDate(raw.readDate, 'readDate', problems);
  if (readDate && readDate > today) problems.add('readDate', `${readDate} is in the future (today is ${today})`);
  const readingText = typeof raw.reading === 'number' ? String(raw.reading) : typeof raw.reading === 'string' ? raw.reading.trim() : '';
  if (!/^\d+$/.test(readingText)) problems.add('reading', 'must be a whole number of dial units, zero or more');
  else if (readingText.replace(/^0+(?=\d)/, '').length > MAX_READING_DIGITS) problems.add('reading', `has more than ${MAX_READING_DIGITS} digits`);
  const readType = raw.readType === undefined || raw.readType === null ? 'actual' : raw.readType;
  if (!(readTypes as readonly unknown[]).includes(readType) || readType === 'estimated') {
    problems.add('readType', 'must be actual, reread, first or final (estimates come from estimateReads)');
  }
  const source = raw.source === undefined ? 'manual' : raw.source;
  if (source !== 'manual' && source !== 'field') problems.add('source', "must be 'manual' or 'field'");
  const readerId = text(raw.readerId, 'readerId', problems, { required: false, max: 30 });
  const notes = text(raw.notes, 'notes', problems, { required: false, max: 500 });
  problems.throwIfAny();
  return { rowNumber: 1, meterSerial: meter as string, readDate: readDate as IsoDate, reading: Number(readingText), readType: readType as ReadType,
    readerId, notes, source: source as 'manual' | 'field' };
}

/**
 * Stores one read typed by a clerk (or a field worker's, source 'field'): accepted, or an
 * exception waiting for review. A re-read (readType 'reread') of a date that has a live read
 * replaces it. Errors: invalid_input (every wrong field), conflict (a read stored meanwhile).
 */
export async function enterRead(database: Database, options: { input: unknown; actor: Actor; clock: Clock }): Promise<MeterReadRow> {
  const entry = parseEntry(options.input, options.clock.today());
  const id = await inTransaction(database, async (tx) => {
    await lockReadWriters(tx);
    const histories = await loadMeterHistories(tx, { serials: [entry.meterSerial] });
    await addRereadBases(tx, [entry], histories);
    const { checked, problems } = validateReads([entry], histories);
    if (problems.length > 0) throw invalidFields(toFieldProblems(problems));
    const read = checked[0];
    if (!read) throw new Error('a read without problems was not checked');
    const before = read.supersedesReadId === null ? null : await getMeterRead(tx, read.supersedesReadId);
    const written = await writeReads(database, tx, { reads: [read], source: entry.source, importId: null, createdBy: options.actor.username });
    const readId = written.get(readKey(read.meterId, read.readDate)) as number;
    await recordAudit(tx, { actor: options.actor, action: before ? 'utility.reread' : 'utility.enter_read', entityType: 'meter_read',
      entityId: String(readId), before: before ? { supersededReadId: before.id, reading: before.reading, status: before.status } : null,
      after: { meter: entry.meterSerial, readDate: read.readDate, reading: read.reading, readType: read.readType, source: entry.source,
        consumption: read.consumption, status: read.status, exceptionCodes: read.exceptionCodes } });
    return readId;
  });
  return getMeterRead(database.kysely, id);
}

/** The reading an estimate gives: the last accepted reading plus the average use × days, round the register. Null without history. */
export function estimateReading(history: MeterHistory, readDate: IsoDate): number | null {
  const last = history.lastAccepted;
  if (!last || history.averageDailyUse === null || history.historyDays < readRules.minimumHistoryDays) return null;
  const days = daysBetween(last.readDate, readDate);
  if (days <= 0) return null;
  // Dial units: the average is in the meter's unit with the multiplier applied.
  const units = Math.round((Number(history.averageDailyUse) * days) / Number(history.multiplier));
  return (last.reading + units) % registerCapacity(history.dials);
}

export interface EstimateReadsResult {
  estimatedCount: number;
  /** Estimates that are exceptions themselves (an average of zero on an active service, off cycle...). */
  exceptionCount: number;
  /** Meters in the window with no read that could not be estimated (no history), by serial. */
  notEstimated: Array<{ meter: string; reason: string }>;
  readIds: number[];
}

/**
 * Estimated reads, dated `readDate`, for the meters serving active accounts (of a cycle, or of a
 * route, when given) with no live read from `from` to `readDate`. Each is the last accepted
 * reading plus the 12-month average daily use × the days since it (read_type 'estimated', source
 * 'estimate'); it is accepted and marked `estimated` for the register, unless the checks hold it.
 * Set-based: one query for the meters, one for their history, a statement per chunk.
 */
export async function estimateReads(database: Database, options: {
  input: unknown; actor: Actor; clock: Clock;
}): Promise<EstimateReadsResult> {
  const raw = asRecord(options.input, 'estimate');
  const problems = new Problems();
  const readDate = requiredDate(raw.readDate, 'readDate', problems);
  const from = optionalDate(raw.from, 'from', problems);
  const cycleCode = text(raw.cycleCode, 'cycleCode', problems, { required: false, max: 10 });
  const routeCode = text(raw.routeCode, 'routeCode', problems, { required: false, max: 20 });
  if (readDate && readDate > options.clock.today()) problems.add('readDate', `${readDate} is in the future`);
  if (readDate && from && from > readDate) problems.add('from', 'must be on or before readDate');
  problems.throwIfAny();
  const windowFrom = from ?? (readDate as IsoDate);
  return inTransaction(database, async (tx) => {
    await lockReadWriters(tx);
    const candidates = await sql<{ id: number }>`select distinct m.id from meter m
      join service_agreement a on a.meter_id = m.id and a.ended_on is null
      join utility_account u on u.id = a.utility_account_id and u.status = 'active'
      where m.status <> 'retired'
        and (${cycleCode}::text is null or u.cycle_code = ${cycleCode}) and (${routeCode}::text is null or u.route_code = ${routeCode})
        and not exists (select 1 from meter_read r where r.meter_id = m.id and r.read_date between ${windowFrom}::date and ${readDate}::date
          and r.status in ('accepted', 'overridden', 'exception'))
      order by m.id`.execute(tx);
    const histories = await loadMeterHistories(tx, { meterIds: candidates.rows.map((row) => row.id) });
    const notEstimated: Array<{ meter: string; reason: string }> = [];
    const reads: ParsedRead[] = [];
    for (const history of [...histories.values()].sort((a, b) => a.meterId - b.meterId)) {
      const reading = estimateReading(history, readDate as IsoDate);
      if (reading === null) {
        notEstimated.push({ meter: history.serial, reason: 'no accepted read history to estimate from' });
        continue;
      }
      reads.push({ rowNumber: reads.length + 1, meterSerial: history.serial, readDate: readDate as IsoDate, reading, readType: 'estimated',
        readerId: null, notes: 'Estimated from the 12-month average daily use' });
    }
    const { checked, problems: refused } = validateReads(reads, histories);
    for (const problem of refused) notEstimated.push({ meter: reads[problem.row - 1]?.meterSerial ?? '?', reason: problem.message });
    const written = await writeReads(database, tx, { reads: checked, source: 'estimate', importId: null, createdBy: options.actor.username });
    const result: EstimateReadsResult = {
      estimatedCount: checked.length,
      exceptionCount: checked.filter((read) => read.status === 'exception').length,
      notEstimated,
      readIds: [...written.values()].sort((a, b) => a - b),
    };
    await recordAudit(tx, { actor: options.actor, action: 'utility.estimate_reads', entityType: 'meter_read', entityId: null,
      after: { readDate, from: windowFrom, cycleCode, routeCode, estimatedCount: result.estimatedCount, exceptionCount: result.exceptionCount,
        notEstimatedCount: notEstimated.length, firstReadId: result.readIds[0] ?? null, lastReadId: result.readIds.at(-1) ?? null } });
    return result;
  });
}
