/**
 * Cashiering: drawers and sessions, counter payments with their tenders and receipts, voids, mail
 * and lockbox batches, deposits, the daily cash receipts report and returned payments. Every
 * payment posts its journal entry at once; the only door to the module.
 */
export { getDeposit, listDeposits, prepareDeposit, verifyDeposit, type Deposit, type DepositCheck } from './deposits.js';
export { getDailyCashReport, type DailyCashReport } from './reports.js';
export {
  getReturnedItem,
  listReturnedItems,
  recordReturnedPayment,
  returnedPaymentFee,
  returnReasons,
  type ReturnedItem,
  type ReturnReason,
} from './returns.js';
export { cashieringChecks } from './verify.js';
export { closeMailBatch, getBatch, listBatches, openMailBatch, type BatchKind, type PaymentBatch } from './batches.js';
export { createTestCardProcessor, testCardProcessor, type CardAuthorization, type CardCharge, type CardProcessor, type CardVoid, type TestCardProcessor } from './card-processor.js';
export {
  emailReceipt,
  getReceipt,
  listReceipts,
  recordReceiptPrint,
  type Receipt,
  type ReceiptLine,
  type ReceiptSummary,
  type ReceiptTender,
} from './receipts.js';
export {
  closeDrawerSession,
  findOpenSession,
  getDrawerSession,
  listDrawerSessions,
  openDrawerSession,
  signOffDrawerSession,
  type DrawerSession,
  type TenderTotals,
} from './sessions.js';
export {
  createDrawer,
  getCashieringSetup,
  listCounterItems,
  listDrawers,
  saveCounterItem,
  setCashieringAccounts,
  setFundAccounts,
  type CashieringSetup,
  type CounterItem,
  type Drawer,
  type FundAccounts,
} from './setup.js';
export {
  countTotals,
  denominationNames,
  denominations,
  parseDenominationCount,
  settleTenders,
  tenderLabels,
  tenderTypes,
  type Denomination,
  type DenominationCount,
  type TenderType,
} from './tenders.js';
export { takePayment, type PaymentLineInput, type TakePaymentInput, type TakePaymentResult, type TenderInput } from './transactions.js';
export { assertVoidable, requestVoid, VOID_KIND, voidHandler } from './voids.js';
export { receiptDocument, returnedNoticeDocument } from './documents.js';
export { lookupPayable, type PayableMatch } from './lookup.js';
export {
  getLockboxFile,
  importLockboxFile,
  listLockboxExceptions,
  listLockboxFiles,
  listLockboxLayouts,
  PAYMENTS_PER_ENTRY,
  resolveLockboxException,
  samplesDir as lockboxSamplesDir,
  saveLockboxLayout,
  seedLockboxLayouts,
  sha256Of,
  shippedLockboxLayouts,
  type ImportLockboxOptions,
  type LockboxException,
  type LockboxFile,
  type LockboxImportResult,
  type LockboxLayoutRow,
} from './lockbox-import.js';
export { validateLayoutSpec, type LockboxLayout, type LockboxLayoutSpec } from './lockbox-layout.js';
export { parseLockboxFile, type LockboxPayment, type LockboxProblem, type ParsedLockboxFile } from './lockbox-parse.js';
export { formatLockboxFile, type LockboxPaymentInput } from './lockbox-write.js';
export { formatScanLine, luhnCheckDigit, parseScanLine, type ScanLine } from './scan-line.js';
