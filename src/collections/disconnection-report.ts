/**
 * The annual report of disconnections for nonpayment (SB 998, H&S 116918: the number of annual
 * disconnections of residential service for inability to pay, reported each year and posted on
 * the website): per calendar year and month, by the day the water was shut off, residential or
 * not, of households with documented low income, and how many were reconnected. One query.
 */
import { sql } from 'kysely';
import { toCsv, type CsvColumn } from '../shared/csv.js';
import type { Executor } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';

export interface DisconnectionCounts {
  disconnections: number;
  residential: number;
  nonResidential: number;
  lowIncome: number;
  reconnected: number;
}

export interface DisconnectionReport {
  year: number;
  total: DisconnectionCounts;
  /** Twelve rows, January first, zeros included. */
  months: (DisconnectionCounts & { month: number })[];
}

interface Row extends DisconnectionCounts {
  month: number;
}

export async function disconnectionReport(db: Executor, options: { year: number }): Promise<DisconnectionReport> {
  const year = Number(options.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalidInput('year', 'a calendar year from 2000 to 2100');
  const result = await sql<Row>`
    select extract(month from s.disconnected_on)::int as month, count(*)::int as disconnections,
      count(*) filter (where uc.is_residential)::int as residential,
      count(*) filter (where not uc.is_residential)::int as "nonResidential",
      count(*) filter (where coalesce(s.low_income, false) or exists (select 1 from collection_protection p
        where p.utility_account_id = s.utility_account_id and p.protection_type = 'low_income' and p.received_on <= s.disconnected_on
          and (p.valid_until is null or p.valid_until >= s.disconnected_on)
          and (p.status = 'active' or p.resolved_on > s.disconnected_on)))::int as "lowIncome",
      count(*) filter (where s.reconnected_on is not null)::int as reconnected
    from shutoff_order s
    join utility_account ua on ua.id = s.utility_account_id
    join utility_class uc on uc.code = ua.class_code
    where s.disconnected_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
    group by 1`.execute(db);
  const byMonth = new Map(result.rows.map((row) => [row.month, row]));
  const zero = { disconnections: 0, residential: 0, nonResidential: 0, lowIncome: 0, reconnected: 0 };
  const months = Array.from({ length: 12 }, (_, index) => {
    const { month: _month, ...counts } = byMonth.get(index + 1) ?? { month: index + 1, ...zero };
    return { month: index + 1, ...counts };
  });
  const total = months.reduce<DisconnectionCounts>((sum, row) => ({
    disconnections: sum.disconnections + row.disconnections, residential: sum.residential + row.residential,
    nonResidential: sum.nonResidential + row.nonResidential, lowIncome: sum.lowIncome + row.lowIncome, reconnected: sum.reconnected + row.reconnected,
  }), zero);
  return { year, total, months };
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The report as CSV: a row per month, then the year's total. */
export function disconnectionReportCsv(report: DisconnectionReport): string {
  type CsvRow = DisconnectionCounts & { period: string };
  const rows: CsvRow[] = [
    ...report.months.map((row) => ({ ...row, period: `${report.year}-${String(row.month).padStart(2, '0')} ${monthNames[row.month - 1]}` })),
    { ...report.total, period: `${report.year} total` },
  ];
  const columns: CsvColumn<CsvRow>[] = [
    { header: 'period', value: (row) => row.period },
    { header: 'disconnections_for_nonpayment', value: (row) => row.disconnections, isNumeric: true },
    { header: 'residential', value: (row) => row.residential, isNumeric: true },
    { header: 'non_residential', value: (row) => row.nonResidential, isNumeric: true },
    { header: 'low_income', value: (row) => row.lowIncome, isNumeric: true },
    { header: 'reconnected', value: (row) => row.reconnected, isNumeric: true },
  ];
  return toCsv(columns, rows);
}
