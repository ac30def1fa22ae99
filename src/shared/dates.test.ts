import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  cityDateOf,
  daysInMonth,
  fixedClock,
  isoDate,
  isValidIsoDate,
  parseIsoDate,
  type IsoDate,
} from './dates.js';
import { AppError } from './errors.js';

describe('isValidIsoDate', () => {
  it.each([
    ['2026-07-01', true],
    ['2027-06-30', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-01-01', true],
    ['2999-12-31', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-06-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-01-32', false],
    ['2026-1-01', false],
    ['2026-01-1', false],
    ['26-01-01', false],
    ['02026-01-01', false],
    ['2026/01/01', false],
    ['01/15/2026', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['1899-12-31', false],
    ['3000-01-01', false],
    ['', false],
  ])('%j is %s', (text, expected) => {
    expect(isValidIsoDate(text)).toBe(expected);
  });
});

describe('parseIsoDate', () => {
  it('returns the date, trimmed', () => {
    expect(parseIsoDate('2026-08-15', 'entryDate')).toBe('2026-08-15');
    expect(parseIsoDate(' 2026-08-15\n', 'entryDate')).toBe('2026-08-15');
  });

  it.each([
    ['an impossible day', '2026-02-30'],
    ['an impossible month', '2026-13-01'],
    ['a US-style date', '08/15/2026'],
    ['a timestamp', '2026-08-15T10:00:00Z'],
    ['empty text', ''],
    ['whitespace', '   '],
    ['null', null],
    ['undefined', undefined],
    ['a number', 20260815],
    ['a Date object', new Date('2026-08-15T00:00:00Z')],
  ])('refuses %s, naming the field', (_name, value) => {
    let error: unknown;
    try {
      parseIsoDate(value, 'entryDate');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).details.field).toBe('entryDate');
    expect((error as AppError).message).toMatch(/^entryDate: /);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    [2026, 2, 28],
    [2024, 2, 29],
    [2000, 2, 29],
    [1900, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%d-%d has %d days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-07-01', -1, '2026-06-30'],
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-11-01', 1, '2026-11-02'],
    ['2026-07-01', 364, '2027-06-30'],
    ['2026-08-15', 0, '2026-08-15'],
  ])('%s plus %d days is %s', (date, days, expected) => {
    expect(addDays(date as IsoDate, days)).toBe(expected);
  });

  it('pads years, months and days', () => {
    expect(isoDate(987, 1, 2)).toBe('0987-01-02');
  });

  it('adding days and taking them away again is the identity', () => {
    const day = fc
      .integer({ min: 0, max: 365 * 400 })
      .map((offset) => addDays('1950-01-01' as IsoDate, offset));
    fc.assert(
      fc.property(day, fc.integer({ min: -5_000, max: 5_000 }), (date, days) => {
        const shifted = addDays(date, days);
        expect(isValidIsoDate(shifted)).toBe(true);
        expect(addDays(shifted, -days)).toBe(date);
      }),
    );
  });
});

describe("the city's date (America/Los_Angeles)", () => {
  it.each([
    // 6 p.m. Pacific (standard time) is already the next day in UTC.
    ['2026-11-24T02:00:00Z', '2026-11-23'],
    ['2026-11-24T07:59:59Z', '2026-11-23'],
    ['2026-11-24T08:00:00Z', '2026-11-24'],
    // Daylight time: the fiscal year turns at 07:00 UTC on July 1.
    ['2026-07-01T06:59:59Z', '2026-06-30'],
    ['2026-07-01T07:00:00Z', '2026-07-01'],
    ['2027-01-01T07:59:00Z', '2026-12-31'],
  ])('%s is %s in the city', (instant, expected) => {
    expect(cityDateOf(new Date(instant))).toBe(expected);
  });

  it('a fixed clock tells the same time and date every time', () => {
    const clock = fixedClock(new Date('2026-11-23T18:00:00Z'));
    expect(clock.today()).toBe('2026-11-23');
    expect(clock.now().toISOString()).toBe('2026-11-23T18:00:00.000Z');
    clock.now().setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-23T18:00:00.000Z');
  });
});
