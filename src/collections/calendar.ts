/**
 * The office calendar of collections: business days skip weekends, California state holidays and
 * the city's own office closures (table office_closure). SB 998 counts its notice period in
 * business days and forbids a disconnection on a day the office is closed.
 *
 * Which state holidays: the days state offices close, as CalHR publishes them each year under
 * Government Code 6700 and 19853: New Year's Day, Martin Luther King Jr. Day (third Monday in
 * January), Presidents' Day (third Monday in February), Cesar Chavez Day (March 31), Memorial Day
 * (last Monday in May), Independence Day, Labor Day (first Monday in September), Veterans Day
 * (November 11), Thanksgiving (fourth Thursday in November) and the day after, and Christmas.
 *
 * Not included, on purpose: Juneteenth (June 19) and Native American Day (fourth Friday in
 * September) are named in Government Code 6700 (Juneteenth since AB 1655, 2022), as are Lincoln
 * Day, Admission Day, Columbus Day, Lunar New Year and Genocide Remembrance Day, but state offices
 * stay open on them (none is on CalHR's list of paid state holidays), and 6700(a)(16)(B) leaves
 * a city free of most of them unless its charter or an ordinance adopts them. A city that closes
 * on one records it as an office closure, which counts exactly like a holiday here.
 *
 * Weekend rule (Government Code 6701, CalHR's notes to its holiday list): a fixed-date holiday
 * on a Sunday is observed the Monday after; on a Saturday it is not moved (state offices are
 * closed that day anyway; employees get holiday credit) — except Veterans Day, which on a Saturday
 * is observed the Friday before. The observed weekday is the non-business day.
 */
import { sql } from 'kysely';
import { addDays, isoDate, type IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { assert } from '../shared/errors.js';

export interface StateHoliday {
  /** The day the office is closed for it (the observed day). */
  date: IsoDate;
  name: string;
  /** The calendar day it honours, when observed on another day. */
  actualDate: IsoDate;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(date: IsoDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/** The n-th (1-based) given weekday of a month; n = -1: the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): IsoDate {
  if (n > 0) {
    const first = isoDate(year, month, 1);
    const offset = (weekday - weekdayOf(first) + 7) % 7;
    return addDays(first, offset + (n - 1) * 7);
  }
  const last = isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** A fixed-date holiday moved by the weekend rule (see the module comment). */
function observedFixed(year: number, month: number, day: number, name: string, saturdayToFriday: boolean): StateHoliday {
  const actualDate = isoDate(year, month, day);
  const weekday = weekdayOf(actualDate);
  let date = actualDate;
  if (weekday === 0) date = addDays(actualDate, 1);
  else if (weekday === 6 && saturdayToFriday) date = addDays(actualDate, -1);
  return { date, name: date === actualDate ? name : `${name} (observed)`, actualDate };
}

function floating(date: IsoDate, name: string): StateHoliday {
  return { date, name, actualDate: date };
}

const holidayCache = new Map<number, StateHoliday[]>();

/** California state holidays of a calendar year, in date order (observed days). */
export function californiaStateHolidays(year: number): StateHoliday[] {
  assert(Number.isInteger(year) && year >= 1900 && year <= 2999, `year ${year} out of range`);
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  const holidays = [
    observedFixed(year, 1, 1, "New Year's Day", false),
    floating(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day'),
    floating(nthWeekday(year, 2, 1, 3), "Presidents' Day"),
    observedFixed(year, 3, 31, 'Cesar Chavez Day', false),
    floating(nthWeekday(year, 5, 1, -1), 'Memorial Day'),
    observedFixed(year, 7, 4, 'Independence Day', false),
    floating(nthWeekday(year, 9, 1, 1), 'Labor Day'),
    observedFixed(year, 11, 11, 'Veterans Day', true),
    floating(thanksgiving, 'Thanksgiving Day'),
    floating(addDays(thanksgiving, 1), 'Day after Thanksgiving'),
    observedFixed(year, 12, 25, 'Christmas Day', false),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  holidayCache.set(year, holidays);
  return holidays;
}

export function stateHolidayOn(date: IsoDate): StateHoliday | null {
  const year = Number(date.slice(0, 4));
  return californiaStateHolidays(year).find((holiday) => holiday.date === date) ?? null;
}

/** An office closure: a day the city's office is closed besides weekends and state holidays. */
export interface OfficeClosure {
  closedOn: IsoDate;
  reason: string;
}

/**
 * The calendar the rules decide by: pure, built once per evaluation from the closures loaded
 * for the dates in question (`loadOfficeCalendar`).
 */
export interface OfficeCalendar {
  /** Why the office is closed that day, or null when it is open. */
  closedReason(date: IsoDate): string | null;
}

export function officeCalendar(closures: readonly OfficeClosure[] = []): OfficeCalendar {
  const byDate = new Map(closures.map((closure) => [closure.closedOn, closure.reason]));
  return {
    closedReason(date) {
      const weekday = weekdayOf(date);
      if (weekday === 6) return 'Saturday';
      if (weekday === 0) return 'Sunday';
      const holiday = stateHolidayOn(date);
      if (holiday) return `${holiday.name}, a California state holiday`;
      const closure = byDate.get(date);
      return closure === undefined ? null : `the office is closed (${closure})`;
    },
  };
}

export function isBusinessDay(calendar: OfficeCalendar, date: IsoDate): boolean {
  return calendar.closedReason(date) === null;
}

/** The office is open on business days only (weekends, state holidays and closures are closed). */
export const isOfficeOpen = isBusinessDay;

/**
 * The business day n business days after `date` (n > 0), or before it (n < 0); n = 0 gives
 * `date` itself. Counting starts the day after `date`, whether or not `date` is a business day.
 */
export function addBusinessDays(calendar: OfficeCalendar, date: IsoDate, n: number): IsoDate {
  assert(Number.isInteger(n) && Math.abs(n) <= 10_000, `business days ${n} out of range`);
  const step = n < 0 ? -1 : 1;
  let current = date;
  for (let remaining = Math.abs(n); remaining > 0; ) {
    current = addDays(current, step);
    if (isBusinessDay(calendar, current)) remaining -= 1;
  }
  return current;
}

/**
 * Business days after `from` up to and including `to` (0 when `to` <= `from`): so that
 * businessDaysBetween(d, addBusinessDays(d, n)) = n.
 */
export function businessDaysBetween(calendar: OfficeCalendar, from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
    if (isBusinessDay(calendar, current)) count += 1;
  }
  return count;
}

/** The first business day on or after `date`. */
export function nextBusinessDayOnOrAfter(calendar: OfficeCalendar, date: IsoDate): IsoDate {
  let current = date;
  while (!isBusinessDay(calendar, current)) current = addDays(current, 1);
  return current;
}

/**
 * The office calendar with the closures between two dates (a margin either side is the caller's:
 * the rules look back from the day in question by at most a few weeks and forward to find the
 * earliest date). One query.
 */
export async function loadOfficeCalendar(db: Executor, range: { from: IsoDate; to: IsoDate }): Promise<OfficeCalendar> {
  const result = await sql<OfficeClosure>`select closed_on::text as "closedOn", reason from office_closure
    where closed_on between ${range.from}::date and ${range.to}::date and reopened_at is null`.execute(db);
  return officeCalendar(result.rows);
}
