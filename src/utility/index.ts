/**
 * Utility billing: service locations' meters and accounts, meter reads and their validation,
 * effective-dated rates, bill runs (calculate, review, finalize, post), bills and their
 * corrections, deposits and service orders. The only door to the module.
 */
export * from './types.js';
export { getUtilitySetup, saveBillingCycle, saveUtilityClass, setUtilityFundAccount, setUtilityInterfund, type BillingCycle, type UtilityClass, type UtilitySetup } from './setup.js';
export { addMeter, exchangeMeter, getMeter, installMeter, listLocationMeters, recordFieldRead, removeMeter, type InstallInput, type Meter } from './meters.js';
export {
  depositFor,
  getUtilityAccount,
  quoteDeposit,
  startService,
  stopService,
  transferService,
  type AgreementInput,
  type StartServiceInput,
  type StopServiceInput,
  type UtilityAccountDetail,
} from './service.js';
export {
  findMeter,
  findServiceLocations,
  listCustomerUtilityAccounts,
  searchMeters,
  type CustomerUtilityAccount,
  type MeterFound,
  type ServiceLocationFound,
} from './lookups.js';
export { billExceptions, calculateBill, HIGH_BILL_FACTOR, holdingExceptions, type AccountSnapshot, type BillDraft, type BillException } from './bill-calc.js';
export { ACCOUNTS_PER_CHUNK, getBillRun, listBillRuns, runBills, type BillRun, type BillRunStatus, type RunBillsInput, type RunBillsResult } from './bill-run.js';
export { BILLS_PER_ENTRY, finalizeBillRun } from './bill-finalize.js';
export {
  cancelBill,
  getBill,
  getBillRegister,
  holdBill,
  listAccountBills,
  releaseBill,
  type BillDetail,
  type BillRegister,
  type BillStatus,
  type BillSummary,
} from './bill-review.js';
export {
  calculateCharges,
  calculateCompiledCharges,
  compileRates,
  compileRateSchedules,
  totalOfLines,
  validateRateDefinition,
  validateRateVersions,
  type CompiledRates,
  type EffectiveDates,
  type FixedCharge,
  type FlatCharge,
  type MinimumCharge,
  type PercentFee,
  type RateDefinition,
  type Surcharge,
  type TierBlock,
  type TieredCharge,
  type UniformCharge,
  type WinterAverageCharge,
} from './rates.js';
export {
  addRateVersion,
  createRateSchedule,
  getRateSchedule,
  getRateVersionsFor,
  listRateSchedules,
  type AddRateVersionResult,
  type RateSchedule,
} from './rate-schedules.js';
export { billIdsOfRun, getBillDocuments } from './bill-documents.js';
export { utilityChecks } from './verify.js';
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
export {
  assignServiceOrder,
  cancelServiceOrder,
  cancelServiceOrderInTransaction,
  collectionsOrderTypes,
  completeServiceOrder,
  createServiceOrder,
  createServiceOrderInTransaction,
  getServiceOrder,
  getServiceOrderBoard,
  listFieldWorkers,
  listMyServiceOrders,
  listServiceOrders,
  type FieldWorker,
  type ServiceOrder,
  type ServiceOrderBoard,
  type ServiceOrderFilter,
  type ShutoffGuard,
} from './service-orders.js';
export {
  serviceOrderPriorities,
  serviceOrderStatuses,
  serviceOrderTypeLabels,
  serviceOrderTypes,
  type ServiceOrderPriority,
  type ServiceOrderStatus,
  type ServiceOrderType,
} from './service-order-input.js';
