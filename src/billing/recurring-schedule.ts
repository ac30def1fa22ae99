/**
 * When a recurring invoice runs: on its day of the month (1-28, so every month has it), every
 * month, quarter or year from its start date, until its end date.
 */
import { daysInMonth, isoDate, type IsoDate } from '../shared/dates.js';

export const frequencies = ['monthly', 'quarterly', 'annually'] as const;
export type Frequency = (typeof frequencies)[number];

const monthsPer: Record<Frequency, number> = { monthly: 1, quarterly: 3, annually: 12 };

/** The date `months` months later, the day kept (clamped to the month's last day). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return isoDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** The first run date on or after `from`: the day of month in from's month, or the next month's. */
export function firstRunDate(from: IsoDate, dayOfMonth: number): IsoDate {
  const [year, month] = from.split('-').map(Number) as [number, number];
  const candidate = isoDate(year, month, dayOfMonth);
  return candidate >= from ? candidate : addMonths(candidate, 1);
}

export function nextRunAfter(runDate: IsoDate, frequency: Frequency): IsoDate {
  return addMonths(runDate, monthsPer[frequency]);
}

/**
 * The run dates due as of a date, starting at `nextRunDate` (catching up on missed runs), and the
 * next run date after them (null once past the end date).
 */
export function dueRunDates(
  template: { nextRunDate: IsoDate | null; frequency: Frequency; endDate: IsoDate | null },
  asOf: IsoDate,
  limit = 120,
): { dates: IsoDate[]; nextRunDate: IsoDate | null } {
  const dates: IsoDate[] = [];
  let next = template.nextRunDate;
  while (next !== null && next <= asOf && dates.length < limit) {
    if (template.endDate !== null && next > template.endDate) {
      next = null;
      break;
    }
    dates.push(next);
    next = nextRunAfter(next, template.frequency);
  }
  if (next !== null && template.endDate !== null && next > template.endDate) next = null;
  return { dates, nextRunDate: next };
}
