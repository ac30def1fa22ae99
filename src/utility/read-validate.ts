/**
 * Validating meter reads against each meter's history. Pure: the history comes from
 * `loadMeterHistories` (read-store.ts), one query for the whole file.
 *
 * - Row errors (the read cannot be stored): no such meter, a retired meter, a reading with more
 *   digits than the meter's dials, a second read for a date that has one (unless it is a re-read,
 *   which supersedes it), a read dated before the meter's latest read.
 * - Exceptions (the read is stored and waits in the review queue until a reviewer accepts it with
 *   a reason, or rejects it): high, low, zero_use, rollover, lower_than_last, out_of_cycle. An
 *   estimated read is stored accepted and carries the code `estimated` for the bill register.
 *
 * Consumption is measured from the meter's latest accepted read (an exception waiting for review
 * is not a base), in whole dial units, rolled over at 10^dials, and multiplied by the meter's
 * multiplier into the meter's unit; it is a decimal string and never negative. The thresholds
 * are in `readRules`, in one place.
 */
import type { IsoDate } from '../shared/dates.js';
import type { ReadType } from './read-layouts.js';
import type { ParsedRead, ReadProblem } from './read-parse.js';

export const readRules = {
  /** high: consumption more than 50% above the 12-month average daily use × the days read. */
  highUseFactor: 1.5,
  /** low: consumption (above zero) less than half of that expectation. */
  lowUseFactor: 0.5,
  /** An average needs at least this many days of read history behind it to judge high and low. */
  minimumHistoryDays: 28,
  /** The average is over the accepted reads whose days lie in the 365 days up to the meter's latest accepted read. */
  averageWindowDays: 365,
  /** A cycle's reads come about 30 days apart; out_of_cycle beyond ± 7 days. */
  cycleDays: 30,
  cycleToleranceDays: 7,
  /**
   * A reading lower than the last is a rollover only when the last reading was in the top tenth
   * of the register and the use it implies is within the high limit (or, without an average,
   * within a tenth of the register); otherwise it is lower_than_last (a misread, a swapped meter).
   */
  rolloverFraction: 0.1,
} as const;

export const readExceptionCodes = ['high', 'low', 'zero_use', 'rollover', 'lower_than_last', 'out_of_cycle', 'estimated'] as const;
export type ReadExceptionCode = (typeof readExceptionCodes)[number];
/** Codes that hold a read for review; the others only mark it (estimated, for the register). */
export const reviewCodes: readonly ReadExceptionCode[] = ['high', 'low', 'zero_use', 'rollover', 'lower_than_last', 'out_of_cycle'];

export const readExceptionText: Record<ReadExceptionCode, string> = {
  high: 'More than 50% above the 12-month average use for the days read',
  low: 'Less than half the 12-month average use for the days read',
  zero_use: 'No use on an active service',
  rollover: 'The register rolled over past its maximum',
  lower_than_last: 'Lower than the last reading, and not a plausible rollover',
  out_of_cycle: 'Read far from the usual 30 days after the last read',
  estimated: 'Estimated, not read',
};

export interface StoredRead {
  id: number;
  readDate: IsoDate;
  reading: number;
}

export interface MeterHistory {
  meterId: number;
  serial: string;
  dials: number;
  /** Decimal string, e.g. '1' or '10.0000'. */
  multiplier: string;
  status: 'in_stock' | 'installed' | 'removed' | 'retired';
  /** The meter serves an active utility account's agreement today. */
  hasActiveService: boolean;
  /** The latest live read (accepted, overridden or waiting for review). */
  lastLive: (StoredRead & { status: 'accepted' | 'overridden' | 'exception' }) | null;
  /** The latest accepted or overridden read: consumption is measured from it. */
  lastAccepted: StoredRead | null;
  /** The accepted read before `lastLive` (what a re-read of lastLive's date is measured from), when asked for. */
  beforeLastLive?: StoredRead | null;
  /** Average daily use (meter units, multiplier applied) over the window, decimal string; null without history. */
  averageDailyUse: string | null;
  /** Days of history the average covers. */
  historyDays: number;
}

export interface Judgement {
  consumption: string | null;
  rolledOver: boolean;
  codes: ReadExceptionCode[];
  status: 'accepted' | 'exception';
}

export interface CheckedRead extends ParsedRead {
  meterId: number;
  consumption: string | null;
  /** The stored read it is measured from, or the earlier row of the same file. */
  previousReadId: number | null;
  previousRowNumber: number | null;
  /** Days from the read it is measured from; null without one. */
  days: number | null;
  rolledOver: boolean;
  status: 'accepted' | 'exception';
  exceptionCodes: ReadExceptionCode[];
  /** A re-read replaces this live read (it becomes superseded). */
  supersedesReadId: number | null;
}

const MULTIPLIER_SCALE = 10_000n;

/** Units × multiplier as an exact decimal string (4 places at most, trailing zeros dropped). */
export function multiplyUnits(units: number, multiplier: string): string {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(multiplier.trim());
  if (!match) throw new Error(`multiplier "${multiplier}" is not a decimal of at most 4 places`);
  const scaled = BigInt(match[1] as string) * MULTIPLIER_SCALE + BigInt((match[2] ?? '').padEnd(4, '0'));
  const product = BigInt(units) * scaled;
  const whole = product / MULTIPLIER_SCALE;
  const fraction = (product % MULTIPLIER_SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The register's capacity: it shows 0 … 10^dials − 1 and then starts at 0 again. */
export function registerCapacity(dials: number): number {
  return 10 ** dials;
}

/** Units a reading is past the previous one, forward around the register (always 0 … capacity − 1). */
export function unitsSince(previousReading: number, reading: number, dials: number): number {
  const capacity = registerCapacity(dials);
  return reading >= previousReading ? reading - previousReading : capacity - previousReading + reading;
}

export interface JudgeInput {
  readType: ReadType;
  readDate: IsoDate;
  reading: number;
  previous: { readDate: IsoDate; reading: number } | null;
  dials: number;
  multiplier: string;
  hasActiveService: boolean;
  averageDailyUse: string | null;
  historyDays: number;
}

/** The use a read implies, a rollover or not, and its exception codes. */
/** Shared by the reads with no codes (most of them): never mutated. */
const NO_CODES: ReadExceptionCode[] = Object.freeze([]) as unknown as ReadExceptionCode[];

export function judgeRead(input: JudgeInput): Judgement {
  const codes: ReadExceptionCode[] = [];
  let consumption: string | null = null;
  let rolledOver = false;
  if (input.previous) {
    const days = daysBetween(input.previous.readDate, input.readDate);
    const average = input.averageDailyUse === null || input.historyDays < readRules.minimumHistoryDays ? null : Number(input.averageDailyUse);
    const expected = average === null ? null : average * days;
    const units = unitsSince(input.previous.reading, input.reading, input.dials);
    consumption = multiplyUnits(units, input.multiplier);
    if (input.reading < input.previous.reading) {
      const capacity = registerCapacity(input.dials);
      const nearMaximum = input.previous.reading >= capacity * (1 - readRules.rolloverFraction);
      const withinLimit = expected === null ? units <= capacity * readRules.rolloverFraction : Number(consumption) <= expected * readRules.highUseFactor;
      if (nearMaximum && withinLimit) {
        rolledOver = true;
        codes.push('rollover');
      } else {
        // Not measurable: billed as no use until a reviewer or a re-read says otherwise.
        consumption = '0';
        codes.push('lower_than_last');
      }
    }
    if (!codes.includes('lower_than_last')) {
      const used = Number(consumption);
      if (expected !== null && used > expected * readRules.highUseFactor) codes.push('high');
      else if (expected !== null && used > 0 && used < expected * readRules.lowUseFactor) codes.push('low');
      if (used === 0 && input.hasActiveService) codes.push('zero_use');
    }
    const offCycle = Math.abs(days - readRules.cycleDays) > readRules.cycleToleranceDays;
    if (offCycle && input.readType !== 'first' && input.readType !== 'final') codes.push('out_of_cycle');
  }
  if (input.readType === 'estimated') codes.push('estimated');
  if (codes.length === 0) return { consumption, rolledOver, codes: NO_CODES, status: 'accepted' };
  const status = codes.some((code) => reviewCodes.includes(code)) ? 'exception' : 'accepted';
  return { consumption, rolledOver, codes, status };
}

interface ChainState {
  base: { id: number | null; row: number | null; readDate: IsoDate; reading: number } | null;
  lastLiveDate: IsoDate | null;
}

function checkOne(read: ParsedRead, history: MeterHistory, state: ChainState, problems: ReadProblem[]): CheckedRead | null {
  const row = read.rowNumber;
  const capacity = registerCapacity(history.dials);
  if (read.reading >= capacity) {
    problems.push({ row, field: 'reading', message: `${read.reading} has more digits than meter ${history.serial}'s ${history.dials} dials` });
    return null;
  }
  let base = state.base;
  let supersedesReadId: number | null = null;
  const stored = history.lastLive;
  if (state.lastLiveDate !== null && read.readDate <= state.lastLiveDate) {
    const sameAsStored = stored !== null && read.readDate === stored.readDate && state.lastLiveDate === stored.readDate;
    if (read.readType === 'reread' && sameAsStored) {
      supersedesReadId = stored.id;
      // A re-read of an accepted read is measured from the read before it.
      if (stored.status !== 'exception') {
        const before = history.beforeLastLive ?? null;
        base = before ? { id: before.id, row: null, readDate: before.readDate, reading: before.reading } : null;
      }
    } else if (read.readDate === state.lastLiveDate) {
      problems.push({ row, field: 'date', message: stored && read.readDate === stored.readDate
        ? `meter ${history.serial} has a read on ${read.readDate} already (reading ${stored.reading}); send a re-read to replace it`
        : `meter ${history.serial} has a read on ${read.readDate} already` });
      return null;
    } else {
      problems.push({ row, field: 'date', message: `${read.readDate} is before meter ${history.serial}'s latest read (${state.lastLiveDate})` });
      return null;
    }
  }
  const judgement = judgeRead({
    readType: read.readType, readDate: read.readDate, reading: read.reading,
    previous: base, dials: history.dials, multiplier: history.multiplier, hasActiveService: history.hasActiveService,
    averageDailyUse: history.averageDailyUse, historyDays: history.historyDays,
  });
  state.lastLiveDate = read.readDate;
  // Written out (not spread from `read`): a million of these stay fast-property objects.
  const checked: CheckedRead = {
    rowNumber: read.rowNumber,
    meterSerial: read.meterSerial,
    readDate: read.readDate,
    reading: read.reading,
    readType: read.readType,
    readerId: read.readerId,
    notes: read.notes,
    meterId: history.meterId,
    consumption: judgement.consumption,
    previousReadId: base?.id ?? null,
    previousRowNumber: base?.row ?? null,
    days: base ? daysBetween(base.readDate, read.readDate) : null,
    rolledOver: judgement.rolledOver,
    status: judgement.status,
    exceptionCodes: judgement.codes,
    supersedesReadId,
  };
  if (judgement.status === 'accepted') state.base = { id: null, row, readDate: read.readDate, reading: read.reading };
  return checked;
}

/**
 * Every read of a file checked against its meter's history: the reads to store (accepted or
 * exceptions) and the row errors. Reads of one meter are taken in date order, each measured from
 * the one before it when that one was accepted.
 */
export function validateReads(reads: readonly ParsedRead[], histories: ReadonlyMap<string, MeterHistory>): { checked: CheckedRead[]; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const checked: CheckedRead[] = [];
  // One read per meter is the common case: kept bare, an array only for a meter read twice.
  const byMeter = new Map<string, ParsedRead | ParsedRead[]>();
  for (const read of reads) {
    const history = histories.get(read.meterSerial);
    if (!history) {
      problems.push({ row: read.rowNumber, field: 'meter', message: `there is no meter ${read.meterSerial}` });
      continue;
    }
    if (history.status === 'retired') {
      problems.push({ row: read.rowNumber, field: 'meter', message: `meter ${read.meterSerial} is retired` });
      continue;
    }
    const earlier = byMeter.get(read.meterSerial);
    if (earlier === undefined) byMeter.set(read.meterSerial, read);
    else if (Array.isArray(earlier)) earlier.push(read);
    else byMeter.set(read.meterSerial, [earlier, read]);
  }
  for (const [serial, entry] of byMeter) {
    const history = histories.get(serial) as MeterHistory;
    const list = Array.isArray(entry) ? entry.sort((a, b) => (a.readDate < b.readDate ? -1 : a.readDate > b.readDate ? 1 : 0)) : [entry];
    const last = history.lastAccepted;
    const state: ChainState = {
      base: last ? { id: last.id, row: null, readDate: last.readDate, reading: last.reading } : null,
      lastLiveDate: history.lastLive?.readDate ?? null,
    };
    for (const read of list) {
      const result = checkOne(read, history, state, problems);
      if (result) checked.push(result);
    }
  }
  problems.sort((a, b) => a.row - b.row);
  checked.sort((a, b) => a.rowNumber - b.rowNumber);
  return { checked, problems };
}
