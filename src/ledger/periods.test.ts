import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import { AppError } from '../shared/errors.js';
import {
  ADJUSTMENT_PERIOD,
  fiscalYearEnd,
  fiscalYearLabel,
  fiscalYearOfDate,
  fiscalYearPeriods,
  fiscalYearStart,
  periodFromKey,
  periodOfDate,
} from './periods.js';

describe('the California fiscal year (July to June, named by the year it ends)', () => {
  it('FY2027 runs from 2026-07-01 to 2027-06-30', () => {
    expect(fiscalYearStart(2027)).toBe('2026-07-01');
    expect(fiscalYearEnd(2027)).toBe('2027-06-30');
    expect(fiscalYearLabel(2027)).toBe('FY 2026-27');
    expect(fiscalYearLabel(2000)).toBe('FY 1999-00');
    expect(fiscalYearLabel(2010)).toBe('FY 2009-10');
  });

  it.each([
    ['2026-06-30', 2026],
    ['2026-07-01', 2027],
    ['2026-12-31', 2027],
    ['2027-01-01', 2027],
    ['2027-06-30', 2027],
    ['2027-07-01', 2028],
  ])('%s is in FY%d', (date, fiscalYear) => {
    expect(fiscalYearOfDate(date as IsoDate)).toBe(fiscalYear);
  });

  it('has 12 monthly periods, July = 1 ... June = 12, and period 13 on June 30', () => {
    const periods = fiscalYearPeriods(2027);
    expect(periods.map((period) => [period.key, period.periodNumber, period.startDate, period.endDate])).toEqual([
      ['2026-07', 1, '2026-07-01', '2026-07-31'],
      ['2026-08', 2, '2026-08-01', '2026-08-31'],
      ['2026-09', 3, '2026-09-01', '2026-09-30'],
      ['2026-10', 4, '2026-10-01', '2026-10-31'],
      ['2026-11', 5, '2026-11-01', '2026-11-30'],
      ['2026-12', 6, '2026-12-01', '2026-12-31'],
      ['2027-01', 7, '2027-01-01', '2027-01-31'],
      ['2027-02', 8, '2027-02-01', '2027-02-28'],
      ['2027-03', 9, '2027-03-01', '2027-03-31'],
      ['2027-04', 10, '2027-04-01', '2027-04-30'],
      ['2027-05', 11, '2027-05-01', '2027-05-31'],
      ['2027-06', 12, '2027-06-01', '2027-06-30'],
      ['FY2027-13', 13, '2027-06-30', '2027-06-30'],
    ]);
    expect(periods.every((period) => period.fiscalYear === 2027)).toBe(true);
    expect(ADJUSTMENT_PERIOD).toBe(13);
  });

  it('gives February 29 days in a leap year (FY2024 and FY2028)', () => {
    expect(fiscalYearPeriods(2024)[7]?.endDate).toBe('2024-02-29');
    expect(fiscalYearPeriods(2028)[7]?.endDate).toBe('2028-02-29');
  });

  it.each([1999, 2024, 2027, 2028, 2100])('FY%d: the monthly periods tile the year with no gap or overlap', (fiscalYear) => {
    const monthly = fiscalYearPeriods(fiscalYear).slice(0, 12);
    expect(monthly[0]?.startDate).toBe(fiscalYearStart(fiscalYear));
    expect(monthly[11]?.endDate).toBe(fiscalYearEnd(fiscalYear));
    for (let index = 1; index < monthly.length; index += 1) {
      expect(monthly[index]?.startDate).toBe(addDays(monthly[index - 1]?.endDate as IsoDate, 1));
    }
  });

  it('every day of the year falls in the monthly period periodOfDate names', () => {
    for (let date = fiscalYearStart(2027); date <= fiscalYearEnd(2027); date = addDays(date, 1)) {
      const period = periodOfDate(date);
      expect(period.fiscalYear).toBe(2027);
      expect(period.periodNumber).toBeLessThanOrEqual(12);
      expect(date >= period.startDate && date <= period.endDate).toBe(true);
    }
    // June 30 belongs to June (12); the adjustment period is only ever chosen explicitly.
    expect(periodOfDate('2027-06-30' as IsoDate).key).toBe('2027-06');
  });
});

describe('periodFromKey', () => {
  it.each([
    ['2026-07', '2026-07', 2027, 1],
    ['2026-12', '2026-12', 2027, 6],
    ['2027-01', '2027-01', 2027, 7],
    ['2027-06', '2027-06', 2027, 12],
    ['2027-07', '2027-07', 2028, 1],
    [' 2026-09 ', '2026-09', 2027, 3],
    ['FY2027-13', 'FY2027-13', 2027, 13],
    ['fy2027-13', 'FY2027-13', 2027, 13],
    ['FY2027-ADJ', 'FY2027-13', 2027, 13],
    ['fy2027-adj', 'FY2027-13', 2027, 13],
  ])('%j is %s (FY%d period %d)', (text, key, fiscalYear, periodNumber) => {
    const period = periodFromKey(text, 'periodKey');
    expect([period.key, period.fiscalYear, period.periodNumber]).toEqual([key, fiscalYear, periodNumber]);
  });

  it('the adjustment period is dated June 30 of its fiscal year', () => {
    const period = periodFromKey('FY2027-13', 'periodKey');
    expect([period.startDate, period.endDate]).toEqual(['2027-06-30', '2027-06-30']);
  });

  it.each([
    ['month 13', '2026-13'],
    ['month 0', '2026-00'],
    ['a one-digit month', '2026-7'],
    ['a full date', '2026-07-01'],
    ['a year alone', '2027'],
    ['a fiscal year without a period', 'FY2027'],
    ['period 14', 'FY2027-14'],
    ['period 12 written as FY', 'FY2027-12'],
    ['a two-digit fiscal year', 'FY27-13'],
    ['a fiscal year before 1901', 'FY1900-13'],
    ['a year before 1900', '1899-12'],
    ['slashes', '2026/07'],
    ['empty text', ''],
    ['whitespace', '   '],
    ['null', null],
    ['undefined', undefined],
    ['a number', 202607],
  ])('refuses %s (%j), naming the field', (_name, value) => {
    let error: unknown;
    try {
      periodFromKey(value, 'periodKey');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
    expect((error as AppError).details.field).toBe('periodKey');
    expect((error as AppError).message).toMatch(/^periodKey: /);
  });
});
