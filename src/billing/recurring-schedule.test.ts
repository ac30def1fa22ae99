import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { addMonths, dueRunDates, firstRunDate } from './recurring-schedule.js';

const d = (text: string) => text as IsoDate;

describe('recurring schedule', () => {
  it('adds months, clamping the day', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2026-11-15'), 3)).toBe('2027-02-15');
  });

  it('starts on the day of month on or after the start date', () => {
    expect(firstRunDate(d('2026-07-01'), 15)).toBe('2026-07-15');
    expect(firstRunDate(d('2026-07-20'), 15)).toBe('2026-08-15');
  });

  it('catches up on missed runs and stops at the end date', () => {
    expect(dueRunDates({ nextRunDate: d('2026-07-15'), frequency: 'monthly', endDate: null }, d('2026-09-15'))).toEqual({
      dates: ['2026-07-15', '2026-08-15', '2026-09-15'], nextRunDate: '2026-10-15',
    });
    expect(dueRunDates({ nextRunDate: d('2026-07-15'), frequency: 'quarterly', endDate: d('2026-12-31') }, d('2027-06-30'))).toEqual({
      dates: ['2026-07-15', '2026-10-15'], nextRunDate: null,
    });
    expect(dueRunDates({ nextRunDate: d('2026-07-15'), frequency: 'annually', endDate: null }, d('2026-07-14'))).toEqual({
      dates: [], nextRunDate: '2026-07-15',
    });
  });
});
