/**
 * Calendar dates are 'YYYY-MM-DD' strings (the database returns them that way on both engines).
 * "Today" for the city is the date in America/Los_Angeles, not UTC: a payment taken at 6 p.m.
 * Pacific belongs to that day's batch.
 */
import { invalidInput } from './errors.js';

export type IsoDate = string & { readonly __isoDate: true };

export const CITY_TIME_ZONE = 'America/Los_Angeles';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidIsoDate(text: string): text is IsoDate {
  const match = isoDatePattern.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function parseIsoDate(value: unknown, field: string): IsoDate {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(field, 'a date (YYYY-MM-DD) is required', { value: value ?? null });
  }
  const text = value.trim();
  if (!isValidIsoDate(text)) {
    throw invalidInput(field, `"${value}" is not a real date in the form YYYY-MM-DD`, { value });
  }
  return text;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(
    2,
    '0',
  )}` as IsoDate;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return isoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

// Made once: building an Intl.DateTimeFormat costs about half a millisecond, and "today" is
// asked several times per request (BENCHMARKS.md, counter payments).
const cityDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in the city's time zone at the given instant. */
export function cityDateOf(instant: Date): IsoDate {
  return cityDateFormat.format(instant) as IsoDate;
}

/** Where "now" comes from, so tests and the demo can fix time. */
export interface Clock {
  now(): Date;
  today(): IsoDate;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => cityDateOf(new Date()),
};

export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant), today: () => cityDateOf(instant) };
}
