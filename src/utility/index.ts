/**
 * Utility billing: service locations' meters and accounts, meter reads and their validation,
 * effective-dated rates, bill runs (calculate, review, finalize, post), bills and their
 * corrections, deposits and service orders. The only door to the module.
 */
export * from './types.js';
export { getUtilitySetup, saveBillingCycle, saveUtilityClass, setUtilityFundAccount, type BillingCycle, type UtilityClass, type UtilitySetup } from './setup.js';
export { addMeter, exchangeMeter, getMeter, installMeter, listLocationMeters, recordFieldRead, removeMeter, type InstallInput, type Meter } from './meters.js';
export {
  getUtilityAccount,
  startService,
  stopService,
  transferService,
  type AgreementInput,
  type StartServiceInput,
  type StopServiceInput,
  type UtilityAccountDetail,
} from './service.js';
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
  assignServiceOrder,
  cancelServiceOrder,
  completeServiceOrder,
  createServiceOrder,
  getServiceOrder,
  getServiceOrderBoard,
  listFieldWorkers,
  listMyServiceOrders,
  listServiceOrders,
  type FieldWorker,
  type ServiceOrder,
  type ServiceOrderBoard,
  type ServiceOrderFilter,
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
