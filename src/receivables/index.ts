/**
 * Receivables: one receivable account per thing a customer owes on, its charges, payments and
 * adjustments, aging and statements. Balances come from the ledger (receivable lines name their
 * account as a subledger account); this module keeps the detail. The only door to the module.
 */
export { agingBucket, agingBuckets, allocate, chargeClasses, rankDebits, type AgingBucket, type ChargeClass } from './allocation.js';
export { openReceivableAccount, setReceivableAccountStatus, type OpenAccountInput } from './accounts.js';
export {
  enterMemo,
  listAdjustmentReasons,
  listRefundRequests,
  receivableApprovalHandlers,
  requestRefund,
  requestWriteOff,
  transferPayment,
  type AdjustmentOutcome,
  type MemoInput,
  type RefundInput,
  type RefundRequestRow,
  type WriteOffInput,
} from './adjustments.js';
export { postCharges, type ChargeLineInput, type PostChargesInput } from './charges.js';
export { postPayment, type PaymentResult, type PostPaymentInput } from './payments.js';
export { postReceivableEntry, settleAccounts, type OffsetLine, type ReceivableEntry, type ReceivableEntryResult } from './posting.js';
export {
  getAgingReport,
  getCustomerReceivables,
  findAccountsWithBalances,
  getReceivableAccount,
  listAccountActivity,
  type AccountBalance,
  type AccountWithBalance,
  type ActivityItem,
  type Aging,
  type AgingReportRow,
  type CustomerReceivables,
} from './queries.js';
export { transferBalance, type BalanceTransfer, type TransferBalanceInput } from './transfer-balance.js';
export { findEntryItemsByDocument, reverseReceivableEntry, reverseReceivableItems } from './reverse.js';
export {
  listReceivableControls,
  listReceivableKinds,
  RECEIVABLE_SUBLEDGER,
  setAllocationOrder,
  setReceivableControl,
} from './setup.js';
export type { ItemRow, ItemType, NewItem, ReceivableAccountRow, ReceivableControl, ReceivableKind } from './store.js';
export { receivableChecks } from './verify.js';
