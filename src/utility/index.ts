/**
 * Utility billing: service locations' meters and accounts, meter reads and their validation,
 * effective-dated rates, bill runs (calculate, review, finalize, post), bills and their
 * corrections, deposits and service orders. The only door to the module.
 */
export * from './types.js';
export {
  findReadLayout,
  listReadLayouts,
  readDateFormats,
  readFields,
  readSamplesDir,
  readTypes,
  saveReadLayout,
  seedReadLayouts,
  shippedReadLayouts,
  validateReadLayoutSpec,
  type ReadDateFormat,
  type ReadField,
  type ReadLayout,
  type ReadLayoutRow,
  type ReadLayoutSpec,
  type ReadType,
} from './read-layouts.js';
export { parseReadFile, MAX_READING_DIGITS, type ParsedRead, type ParsedReadFile, type ReadProblem } from './read-parse.js';
export {
  daysBetween,
  judgeRead,
  multiplyUnits,
  readExceptionCodes,
  readExceptionText,
  readRules,
  registerCapacity,
  reviewCodes,
  unitsSince,
  validateReads,
  type CheckedRead,
  type JudgeInput,
  type Judgement,
  type MeterHistory,
  type ReadExceptionCode,
} from './read-validate.js';
export { loadMeterHistories, READS_PER_STATEMENT, refreshMeterReadState } from './read-store.js';
export {
  importReads,
  listReadImports,
  MAX_PROBLEMS_REPORTED as MAX_READ_PROBLEMS_REPORTED,
  type ImportReadsOptions,
  type ReadImportResult,
  type ReadImportRow,
} from './read-import.js';
export { enterRead, estimateReading, estimateReads, type EstimateReadsResult } from './read-entry.js';
export {
  acceptRead,
  countReadExceptions,
  getMeterRead,
  listMeterReads,
  listReadExceptions,
  MIN_REASON_LENGTH,
  rejectRead,
  REVIEW_PERMISSION as READ_REVIEW_PERMISSION,
  type MeterReadRow,
  type MeterReadStatus,
  type ReadExceptionFilters,
} from './read-review.js';
