/**
 * Conversion from a legacy system: CSV files of customers, parcels, service locations, receivable
 * accounts and opening balances, checked whole (a dry run reports every problem by file, row and
 * column), then imported all or nothing, or only the good rows when asked. The only door to the
 * module; layouts in docs/conversion.md.
 */
export {
  BALANCES_PER_ENTRY,
  CHUNK_SIZE,
  importConversionFiles,
  type ConversionFileInput,
  type ConversionReport,
  type ImportOptions,
  type KindCounts,
} from './import-files.js';
export { conversionKinds, isConversionKind, layouts, type ConversionKind } from './layouts.js';
export { setConversionOffsetAccount, listConversionOffsetAccounts } from './offsets.js';
export type { ConversionProblem } from './parse.js';
export { exportConversionXref, problemReportCsv } from './reports.js';
export type { SkippedRow } from './validate.js';
