/**
 * Reading one conversion file (pure): CSV text into rows keyed by the layout's column names, each
 * with the row number a spreadsheet shows (the header is row 1), and every problem with the file's
 * shape (a missing or unknown column, a broken quote) named by file, row and column.
 */
import { parse } from 'csv-parse/sync';
import { layouts, type ConversionKind } from './layouts.js';

export interface ConversionProblem {
  kind: ConversionKind;
  file: string;
  /** The spreadsheet row: 1 is the header, 2 the first data row. */
  row: number;
  column: string;
  /** The cell as given, when one is to blame. */
  value: string | null;
  message: string;
}

export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

export interface ParsedFile {
  kind: ConversionKind;
  file: string;
  rows: CsvRow[];
  problems: ConversionProblem[];
}

/** Files larger than this are refused whole (the HTTP body limit is the same). */
export const CONVERSION_ROW_MAX = 2_000_000;

function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function parseConversionFile(kind: ConversionKind, file: string, text: string): ParsedFile {
  const problems: ConversionProblem[] = [];
  const problem = (row: number, column: string, message: string, value: string | null = null) =>
    problems.push({ kind, file, row, column, value, message });
  let records: string[][];
  try {
    // relax_quotes: legacy exports write inch marks unquoted (Meter 5/8") and that is no error.
    records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    problem(line, '', `the file is not valid CSV: ${(error as Error).message}`);
    return { kind, file, rows: [], problems };
  }
  const [header, ...body] = records;
  if (!header || header.every((cell) => cell.trim() === '')) {
    problem(1, '', `the file is empty; the first row must name the columns (${layouts[kind].required.join(', ')})`);
    return { kind, file, rows: [], problems };
  }
  if (body.length > CONVERSION_ROW_MAX) {
    problem(1, '', `the file has ${body.length} rows; split it into files of at most ${CONVERSION_ROW_MAX}`);
    return { kind, file, rows: [], problems };
  }
  const layout = layouts[kind];
  const known = new Set([...layout.required, ...layout.optional]);
  const columns = header.map(headerKey);
  const seen = new Set<string>();
  columns.forEach((column, index) => {
    if (!known.has(column)) {
      problem(1, header[index] ?? column, `is not a column of the ${kind} layout (columns: ${[...known].join(', ')})`);
    }
    if (seen.has(column)) problem(1, column, 'appears twice in the header');
    seen.add(column);
  });
  for (const required of layout.required) {
    if (!seen.has(required)) problem(1, required, 'is a required column and is missing from the header');
  }
  if (problems.length > 0) return { kind, file, rows: [], problems };
  const rows: CsvRow[] = [];
  body.forEach((record, index) => {
    const row = index + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    if (record.length > columns.length) {
      problem(row, '', `has ${record.length} cells; the header names ${columns.length} columns`);
      return;
    }
    const cells: Record<string, string> = {};
    columns.forEach((column, position) => {
      cells[column] = (record[position] ?? '').trim();
    });
    rows.push({ row, cells });
  });
  return { kind, file, rows, problems };
}
