/** Dates as the city sees them: America/Los_Angeles, ISO YYYY-MM-DD for the API. */
export const CITY_TIME_ZONE = 'America/Los_Angeles';

const isoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in the city, YYYY-MM-DD. */
export function cityToday(now: Date = new Date()): string {
  return isoDay.format(now);
}

const instantFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

const preciseFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** An ISO instant from the API shown in city time: "Nov 23, 2026, 3:04 PM". */
export function formatInstant(iso: string | null | undefined, precise = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (precise ? preciseFormat : instantFormat).format(date);
}

const dayFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

/** "2026-11-23" -> "Nov 23, 2026" (a calendar date, no time zone shift). */
export function formatIsoDate(date: string | null | undefined): string {
  if (!date) return '';
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : dayFormat.format(parsed);
}

/** The fiscal year (named by the year it ends, July-June) of a YYYY-MM-DD date. */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 7 ? year + 1 : year;
}
