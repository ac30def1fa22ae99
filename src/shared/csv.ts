/**
 * CSV helpers shared by every export. Cells that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) are prefixed with an apostrophe (OWASP "CSV
 * injection"). Numeric columns we produce ourselves (amounts, ids) are passed through unescaped so
 * "-12.50" stays a number.
 */
import { stringify } from 'csv-stringify/sync';

const formulaStart = /^[=+\-@\t\r]/;

export function spreadsheetSafe(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

/** A column is either text from users (escaped) or a number/amount we formatted (kept). */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvCell;
  isNumeric?: boolean;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  const records: string[][] = [columns.map((column) => column.header)];
  for (const row of rows) {
    records.push(
      columns.map((column) => {
        const cell = column.value(row);
        if (cell === null || cell === undefined) return '';
        const text = String(cell);
        return column.isNumeric ? text : spreadsheetSafe(text);
      }),
    );
  }
  return stringify(records, { record_delimiter: '\r\n' });
}
