import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate, type IsoDate } from '../shared/dates.js';
import {
  addBusinessDays,
  businessDaysBetween,
  californiaStateHolidays,
  isBusinessDay,
  isOfficeOpen,
  nextBusinessDayOnOrAfter,
  officeCalendar,
} from './calendar.js';

const d = (text: string) => text as IsoDate;

describe('California state holidays', () => {
  it('lists the eleven days state offices close in 2026, with observed days', () => {
    expect(californiaStateHolidays(2026).map((h) => [h.date, h.name])).toEqual([
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Martin Luther King Jr. Day'],
      ['2026-02-16', "Presidents' Day"],
      ['2026-03-31', 'Cesar Chavez Day'],
      ['2026-05-25', 'Memorial Day'],
      // July 4, 2026 is a Saturday: not moved (state offices are closed that day anyway).
      ['2026-07-04', 'Independence Day'],
      ['2026-09-07', 'Labor Day'],
      ['2026-11-11', 'Veterans Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-11-27', 'Day after Thanksgiving'],
      ['2026-12-25', 'Christmas Day'],
    ]);
  });

  it('moves a Sunday holiday to Monday and a Saturday Veterans Day to Friday (Government Code 6701)', () => {
    // 2023: New Year's Day on a Sunday, Veterans Day on a Saturday.
    const dates = californiaStateHolidays(2023).map((h) => h.date);
    expect(dates).toContain('2023-01-02');
    expect(dates).toContain('2023-11-10');
    // 2024: Cesar Chavez Day on a Sunday, observed April 1.
    expect(californiaStateHolidays(2024).find((h) => h.actualDate === '2024-03-31')?.date).toBe('2024-04-01');
    // 2027: Christmas on a Saturday stays on Saturday; Friday the 24th is a business day.
    expect(isBusinessDay(officeCalendar(), d('2027-12-24'))).toBe(true);
  });

  it('does not count Juneteenth or Native American Day as office holidays (state offices stay open)', () => {
    const calendar = officeCalendar();
    expect(isBusinessDay(calendar, d('2026-06-19'))).toBe(true);
    expect(isBusinessDay(calendar, d('2026-09-25'))).toBe(true);
  });
});

describe('business days', () => {
  const calendar = officeCalendar([{ closedOn: d('2026-12-24'), reason: 'City furlough day' }]);

  it('skips weekends, state holidays and office closures', () => {
    expect(isOfficeOpen(calendar, d('2026-11-23'))).toBe(true);
    expect(calendar.closedReason(d('2026-11-26'))).toMatch(/Thanksgiving/);
    expect(calendar.closedReason(d('2026-11-28'))).toBe('Saturday');
    expect(calendar.closedReason(d('2026-12-24'))).toMatch(/City furlough day/);
    // Monday Nov 23 + 7 business days: Tue 24, Wed 25, Mon 30, Tue 1, Wed 2, Thu 3, Fri 4.
    expect(addBusinessDays(calendar, d('2026-11-23'), 7)).toBe('2026-12-04');
    expect(businessDaysBetween(calendar, d('2026-11-23'), d('2026-12-04'))).toBe(7);
    expect(addBusinessDays(calendar, d('2026-12-23'), 1)).toBe('2026-12-28');
    expect(nextBusinessDayOnOrAfter(calendar, d('2026-12-24'))).toBe('2026-12-28');
  });

  const day = fc.integer({ min: 0, max: 365 * 6 }).map((offset) => addDays(isoDate(2024, 1, 1), offset));
  const closures = fc.uniqueArray(day, { maxLength: 20 }).map((dates) => officeCalendar(dates.map((closedOn) => ({ closedOn, reason: 'closed' }))));

  it('adding n business days lands on a business day, n business days later', () => {
    fc.assert(fc.property(closures, day, fc.integer({ min: 1, max: 60 }), (cal, start, n) => {
      const end = addBusinessDays(cal, start, n);
      expect(isBusinessDay(cal, end)).toBe(true);
      expect(end > start).toBe(true);
      expect(businessDaysBetween(cal, start, end)).toBe(n);
      // The day before the result is fewer than n business days away.
      expect(businessDaysBetween(cal, start, addDays(end, -1))).toBe(n - 1);
    }));
  });

  it('counts add up over a split, and going back undoes going forward on business days', () => {
    fc.assert(fc.property(closures, day, fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 }), (cal, start, a, b) => {
      const middle = addDays(start, a);
      const end = addDays(middle, b);
      expect(businessDaysBetween(cal, start, end)).toBe(businessDaysBetween(cal, start, middle) + businessDaysBetween(cal, middle, end));
      expect(businessDaysBetween(cal, start, end)).toBeLessThanOrEqual(a + b);
    }));
    fc.assert(fc.property(closures, day, fc.integer({ min: 1, max: 40 }), (cal, start, n) => {
      const first = nextBusinessDayOnOrAfter(cal, start);
      expect(addBusinessDays(cal, addBusinessDays(cal, first, n), -n)).toBe(first);
    }));
  });

  it('no week has more than five business days, and every holiday is a closed day', () => {
    fc.assert(fc.property(closures, day, (cal, start) => {
      expect(businessDaysBetween(cal, start, addDays(start, 7))).toBeLessThanOrEqual(5);
    }));
    for (let year = 2024; year <= 2030; year += 1) {
      for (const holiday of californiaStateHolidays(year)) expect(isBusinessDay(officeCalendar(), holiday.date)).toBe(false);
      expect(californiaStateHolidays(year)).toHaveLength(11);
    }
  });
});
