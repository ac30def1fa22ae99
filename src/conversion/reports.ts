/**
 * What a conversion hands back as files: the problem report (file, row, column, value, problem)
 * and the cross-reference of legacy ids to new numbers. Both go through the shared CSV writer, so
 * a name or a cell such as =HYPERLINK(...) comes out as text a spreadsheet will not run.
 */
import { toCsv } from '../shared/csv.js';
import type { Executor } from '../shared/db.js';
import type { ConversionProblem } from './parse.js';
import { listXref } from './store.js';

export function problemReportCsv(problems: readonly ConversionProblem[]): string {
  return toCsv<ConversionProblem>(
    [
      { header: 'file', value: (p) => p.file },
      { header: 'kind', value: (p) => p.kind },
      { header: 'row', value: (p) => p.row, isNumeric: true },
      { header: 'column', value: (p) => p.column },
      { header: 'value', value: (p) => p.value },
      { header: 'problem', value: (p) => p.message },
    ],
    problems,
  );
}

/** The legacy id → new number list of one import (or of every import when importId is null). */
export async function exportConversionXref(db: Executor, options: { importId?: number | null } = {}): Promise<string> {
  const rows = await listXref(db, options.importId ?? null);
  return toCsv(
    [
      { header: 'import_id', value: (row) => row.importId, isNumeric: true },
      { header: 'kind', value: (row) => row.kind },
      { header: 'legacy_id', value: (row) => row.legacyId },
      { header: 'new_number', value: (row) => row.newNumber },
      { header: 'name', value: (row) => row.name },
    ],
    rows,
  );
}
