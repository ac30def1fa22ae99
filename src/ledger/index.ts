/**
 * The general ledger's public API: the only door other modules, the HTTP API and the CLI use.
 * `ledger` imports no other module (only src/shared).
 */
export {
  accountTypes,
  fundTypes,
  isDebitNormal,
  isNominalAccountType,
  parseAccountCode,
  type AccountType,
  type FundType,
} from './chart.js';
export {
  createAccount,
  createDepartment,
  createFund,
  exportChartCsv,
  findAccounts,
  getAccount,
  importChartCsv,
  listAccounts,
  listDepartments,
  listFunds,
  updateAccount,
  type Account,
  type AccountInput,
  type ChartImportReport,
  type Department,
  type Fund,
} from './chart-admin.js';
export { assertNoSubledgerLines, normalizeEntry, type JournalEntryInput, type JournalLineInput, type NormalizedEntry } from './entry.js';
export { exportJournal, hledgerAccountName, type ExportFormat } from './export-journal.js';
export {
  fiscalYearLabel,
  fiscalYearOfDate,
  fiscalYearPeriods,
  fiscalYearStart,
  periodFromKey,
  periodOfDate,
} from './periods.js';
export { closePeriod, listPeriods, openPeriod, setUpFiscalYear, type FiscalPeriod } from './periods-admin.js';
export { postJournalEntries, type BatchPostOptions, type BatchPostResult } from './post-journal-entries.js';
export {
  checkEntryPostable,
  postJournalEntry,
  postNormalizedEntry,
  type PostResult,
} from './post-journal-entry.js';
export type { CompanionWrites, EntryApproval } from './store.js';
export { getJournalEntry, listJournalEntries, type JournalEntry, type JournalLine } from './queries.js';
export {
  getAccountActivity,
  getFundBalances,
  getTrialBalance,
  type AccountActivity,
  type ActivityLine,
  type FundBalance,
  type TrialBalance,
  type TrialBalanceRow,
} from './reports.js';
export { reverseJournalEntry, type ReverseOptions } from './reverse-journal-entry.js';
export {
  designateControlAccount,
  getControlAccountBalances,
  getSubledgerBalances,
  openSubledgerAccounts,
} from './subledgers.js';
export { ledgerChecks, rowsCheck, verifyLedger, type InvariantCheck, type InvariantViolation } from './verify-ledger.js';
