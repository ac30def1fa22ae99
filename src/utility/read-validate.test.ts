import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { ParsedRead } from './read-parse.js';
import { judgeRead, multiplyUnits, readRules, registerCapacity, unitsSince, validateReads, type JudgeInput, type MeterHistory } from './read-validate.js';

const last = '2026-10-19' as IsoDate;
const readDate = '2026-11-18' as IsoDate;

/** 10 units a month (30 days) on a 4-dial meter, last read 1200. */
function input(overrides: Partial<JudgeInput> = {}): JudgeInput {
  return { readType: 'actual', readDate, reading: 1210, previous: { readDate: last, reading: 1200 }, dials: 4, multiplier: '1',
    hasActiveService: true, averageDailyUse: String(10 / 30), historyDays: 360, ...overrides };
}

describe('judging a read', () => {
  const table: Array<[string, Partial<JudgeInput>, string | null, string[], boolean]> = [
    ['as expected', {}, '10', [], false],
    ['high: above 150% of 10', { reading: 1216 }, '16', ['high'], false],
    ['at the high limit exactly', { reading: 1215 }, '15', [], false],
    ['low: below half of 10', { reading: 1204 }, '4', ['low'], false],
    ['zero use on active service', { reading: 1200 }, '0', ['zero_use'], false],
    ['zero use on a closed service', { reading: 1200, hasActiveService: false }, '0', [], false],
    ['rollover near the maximum within the limit', { reading: 7, previous: { readDate: last, reading: 9995 } }, '12', ['rollover'], true],
    ['rollover implying high use is lower_than_last', { reading: 500, previous: { readDate: last, reading: 9995 } }, '0', ['lower_than_last'], false],
    ['lower, far from the maximum', { reading: 1100 }, '0', ['lower_than_last'], false],
    ['no average: rollover within a tenth of the register', { reading: 300, previous: { readDate: last, reading: 9800 }, averageDailyUse: null }, '500', ['rollover'], true],
    ['no average: no high or low', { reading: 1900, averageDailyUse: null }, '700', [], false],
    ['too little history for high and low', { reading: 1900, historyDays: 20 }, '700', [], false],
    ['out of cycle: 14 days', { readDate: '2026-11-02' as IsoDate, reading: 1205 }, '5', ['out_of_cycle'], false],
    ['within the tolerance: 37 days', { readDate: '2026-11-25' as IsoDate, reading: 1212 }, '12', [], false],
    ['a final read is not out of cycle', { readType: 'final', readDate: '2026-11-02' as IsoDate, reading: 1205 }, '5', [], false],
    ['estimated: marked, not held', { readType: 'estimated' }, '10', ['estimated'], false],
    ['first read: nothing to measure from', { previous: null }, null, [], false],
    ['multiplier 10', { multiplier: '10', reading: 1201, averageDailyUse: String(10 / 30) }, '10', [], false],
    ['multiplier 2.5 with fraction', { multiplier: '2.5', reading: 1205 }, '12.5', [], false],
  ];
  it.each(table)('%s', (_name, overrides, consumption, codes, rolledOver) => {
    const judgement = judgeRead(input(overrides));
    expect(judgement.consumption).toBe(consumption);
    expect(judgement.codes).toEqual(codes);
    expect(judgement.rolledOver).toBe(rolledOver);
    expect(judgement.status).toBe(codes.some((code) => code !== 'estimated') ? 'exception' : 'accepted');
  });

  it('multiplies exactly', () => {
    expect(multiplyUnits(3, '0.3333')).toBe('0.9999');
    expect(multiplyUnits(999_999_999, '99999999.9999')).toBe('99999999899900000.0001');
    expect(multiplyUnits(0, '7')).toBe('0');
  });
});

describe('invariants', () => {
  const dials = fc.integer({ min: 3, max: 9 });
  it('consumption is never negative, and a rollover is exactly the units round the register', () => {
    fc.assert(fc.property(dials, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.option(fc.double({ min: 0, max: 1000, noNaN: true })), fc.integer({ min: 1, max: 90 }), fc.constantFrom('1', '10', '0.5', '7.4805'),
      (dialCount, previousShare, readingShare, average, days, multiplier) => {
        const capacity = registerCapacity(dialCount);
        const previous = Math.floor(previousShare * (capacity - 1));
        const reading = Math.floor(readingShare * (capacity - 1));
        const judgement = judgeRead(input({ dials: dialCount, reading, previous: { readDate: last, reading: previous }, multiplier,
          averageDailyUse: average === null ? null : String(average), readDate: addDays(last, days) }));
        expect(judgement.consumption).not.toBeNull();
        expect(Number(judgement.consumption)).toBeGreaterThanOrEqual(0);
        expect(judgement.consumption).not.toMatch(/^-/);
        if (judgement.rolledOver) {
          expect(reading).toBeLessThan(previous);
          expect(judgement.consumption).toBe(multiplyUnits(capacity - previous + reading, multiplier));
          expect(previous).toBeGreaterThanOrEqual(capacity * (1 - readRules.rolloverFraction));
        }
        if (reading < previous && !judgement.rolledOver) expect(judgement.codes).toContain('lower_than_last');
        if (reading >= previous) expect(judgement.consumption).toBe(multiplyUnits(reading - previous, multiplier));
      }), { numRuns: 2_000 });
  });

  it('reading forward by any use below the capacity gives that use back', () => {
    fc.assert(fc.property(dials, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (dialCount, a, b) => {
      const capacity = registerCapacity(dialCount);
      const previous = Math.floor(a * (capacity - 1));
      const use = Math.floor(b * (capacity - 1));
      const units = unitsSince(previous, (previous + use) % capacity, dialCount);
      expect(units).toBe(use);
      expect(units).toBeGreaterThanOrEqual(0);
      expect(units).toBeLessThan(capacity);
    }));
  });
});

function history(overrides: Partial<MeterHistory> = {}): MeterHistory {
  return { meterId: 1, serial: 'WM-1', dials: 4, multiplier: '1', status: 'installed', hasActiveService: true,
    lastLive: { id: 10, readDate: last, reading: 1200, status: 'accepted' }, lastAccepted: { id: 10, readDate: last, reading: 1200 },
    averageDailyUse: String(10 / 30), historyDays: 360, ...overrides };
}

function read(overrides: Partial<ParsedRead> = {}): ParsedRead {
  return { rowNumber: 2, meterSerial: 'WM-1', readDate, reading: 1210, readType: 'actual', readerId: null, notes: null, ...overrides };
}

describe('validating a file against the history', () => {
  it('refuses unknown and retired meters, too many digits, a second read of a date, and a read before the latest', () => {
    const histories = new Map([['WM-1', history()], ['WM-2', history({ meterId: 2, serial: 'WM-2', status: 'retired' })]]);
    const { checked, problems } = validateReads([
      read({ rowNumber: 2, meterSerial: 'XX-9' }), read({ rowNumber: 3, meterSerial: 'WM-2' }), read({ rowNumber: 4, reading: 10_000 }),
      read({ rowNumber: 5, readDate: last }), read({ rowNumber: 6, readDate: '2026-10-01' as IsoDate }),
    ], histories);
    expect(checked).toEqual([]);
    expect(problems.map((problem) => [problem.row, problem.field])).toEqual([[2, 'meter'], [3, 'meter'], [4, 'reading'], [5, 'date'], [6, 'date']]);
    expect(problems[3]?.message).toMatch(/re-read/);
  });

  it('chains reads of one meter in date order, each from the last accepted one', () => {
    const { checked, problems } = validateReads([
      read({ rowNumber: 2, readDate: '2026-12-18' as IsoDate, reading: 1220 }), read({ rowNumber: 3, reading: 1210 }),
    ], new Map([['WM-1', history()]]));
    expect(problems).toEqual([]);
    expect(checked.map((entry) => [entry.rowNumber, entry.previousReadId, entry.previousRowNumber, entry.consumption, entry.status])).toEqual([
      [2, null, 3, '10', 'accepted'], [3, 10, null, '10', 'accepted']]);
  });

  it('measures a read past an exception from the last accepted read', () => {
    const { checked } = validateReads([read({ reading: 1300 }), read({ rowNumber: 3, readDate: '2026-12-18' as IsoDate, reading: 1220 })],
      new Map([['WM-1', history()]]));
    // 60 days from the base: the second is off cycle, but its use (20 in 60 days) is as expected.
    expect(checked.map((entry) => [entry.exceptionCodes, entry.previousReadId, entry.consumption])).toEqual([
      [['high'], 10, '100'], [['out_of_cycle'], 10, '20']]);
  });

  it('a re-read supersedes the live read and is measured from the read before an accepted one', () => {
    const live = { id: 11, readDate, reading: 1290, status: 'accepted' as const };
    const { checked, problems } = validateReads([read({ readType: 'reread', reading: 1211 })],
      new Map([['WM-1', history({ lastLive: live, lastAccepted: live, beforeLastLive: { id: 10, readDate: last, reading: 1200 } })]]));
    expect(problems).toEqual([]);
    expect(checked[0]).toMatchObject({ supersedesReadId: 11, previousReadId: 10, consumption: '11', status: 'accepted' });
    const held = { ...live, status: 'exception' as const };
    const again = validateReads([read({ readType: 'reread', reading: 1209 })], new Map([['WM-1', history({ lastLive: held })]]));
    expect(again.checked[0]).toMatchObject({ supersedesReadId: 11, previousReadId: 10, consumption: '9' });
  });
});
