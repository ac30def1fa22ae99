/**
 * California local governments keep a July-June fiscal year, named by the year it ends:
 * FY2027 runs 2026-07-01 to 2027-06-30 ("FY 2026-27"). Periods 1-12 are the months (July = 1)
 * with keys 'YYYY-MM'; period 13 is the year-end adjustment period, key 'FY2027-13', dated on the
 * last day of the year (June 30). Pure rules only.
 */
import { daysInMonth, isoDate, type IsoDate } from '../shared/dates.js';
import { invalidInput } from '../shared/errors.js';

export interface PeriodDefinition {
  key: string;
  fiscalYear: number;
  periodNumber: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

export const ADJUSTMENT_PERIOD = 13;

export function fiscalYearOfDate(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 7 ? year + 1 : year;
}

export function fiscalYearStart(fiscalYear: number): IsoDate {
  return isoDate(fiscalYear - 1, 7, 1);
}

export function fiscalYearEnd(fiscalYear: number): IsoDate {
  return isoDate(fiscalYear, 6, 30);
}

/** "FY 2026-27" */
export function fiscalYearLabel(fiscalYear: number): string {
  return `FY ${fiscalYear - 1}-${String(fiscalYear % 100).padStart(2, '0')}`;
}

export function monthlyPeriodKey(date: IsoDate): string {
  return date.slice(0, 7);
}

export function periodStartOfDate(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01` as IsoDate;
}

export function periodOfDate(date: IsoDate): PeriodDefinition {
  return periodFromKey(monthlyPeriodKey(date), 'entryDate');
}

export function fiscalYearPeriods(fiscalYear: number): PeriodDefinition[] {
  const periods: PeriodDefinition[] = [];
  for (let number = 1; number <= 12; number += 1) {
    const month = ((number + 5) % 12) + 1;
    const year = month >= 7 ? fiscalYear - 1 : fiscalYear;
    periods.push({
      key: `${year}-${String(month).padStart(2, '0')}`,
      fiscalYear,
      periodNumber: number,
      startDate: isoDate(year, month, 1),
      endDate: isoDate(year, month, daysInMonth(year, month)),
    });
  }
  periods.push({
    key: `FY${fiscalYear}-13`,
    fiscalYear,
    periodNumber: ADJUSTMENT_PERIOD,
    startDate: fiscalYearEnd(fiscalYear),
    endDate: fiscalYearEnd(fiscalYear),
  });
  return periods;
}

/**
 * Accepts '2026-07' (a month) or 'FY2027-13' / 'FY2027-ADJ' (the adjustment period) and returns
 * the period's definition.
 */
export function periodFromKey(value: unknown, field: string): PeriodDefinition {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(field, 'a fiscal period (YYYY-MM, or FY2027-13 for year-end) is required');
  }
  const text = value.trim().toUpperCase();
  const monthly = /^(\d{4})-(\d{2})$/.exec(text);
  if (monthly) {
    const year = Number(monthly[1]);
    const month = Number(monthly[2]);
    if (month < 1 || month > 12 || year < 1900 || year > 2998) {
      throw invalidInput(field, `"${value}" is not a month (YYYY-MM)`, { value });
    }
    const fiscalYear = month >= 7 ? year + 1 : year;
    const number = month >= 7 ? month - 6 : month + 6;
    return fiscalYearPeriods(fiscalYear)[number - 1] as PeriodDefinition;
  }
  const adjustment = /^FY(\d{4})-(13|ADJ)$/.exec(text);
  if (adjustment) {
    const fiscalYear = Number(adjustment[1]);
    if (fiscalYear < 1901 || fiscalYear > 2999) {
      throw invalidInput(field, `"${value}" is not a fiscal year`, { value });
    }
    return fiscalYearPeriods(fiscalYear)[12] as PeriodDefinition;
  }
  throw invalidInput(
    field,
    `"${value}" is not a fiscal period: use YYYY-MM for a month or FY2027-13 for year-end`,
    { value },
  );
}
