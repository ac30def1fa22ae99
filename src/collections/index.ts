/**
 * Collections of utility accounts: penalties, the delinquency chain and its notices, the Water
 * Shutoff Protection Act (SB 998) rules, payment arrangements, holds, shutoff and reconnection,
 * liens, and closed accounts' balances. The only door to the module.
 */
export { insertNotices, recordEvents, type InsertedNotice, type NewEvent, type NewNotice } from './notices.js';
export * from './types.js';
// Delinquency (lead)
export { daysPastDue, loadDelinquency, type Delinquency } from './delinquency.js';
export { decide, nextStep, validateChain, type AccountSituation, type ChainDecision, type ChainStep } from './chain.js';
export { advanceChain, type BusinessCalendar, type ChainFigures, type ShutoffCheck, type ShutoffEligibility } from './advance-chain.js';
export { listChains, saveChain, type ClassChain } from './chain-setup.js';
export { findUtilityAccountId, getCollectionAccount, type CollectionAccount, type TimelineEvent, type NoticeSummary } from './account-view.js';
export { getTodaysWork, type TodaysWork } from './todays-work.js';
// SB 998: the office calendar, the rules and eligibility, protections, shutoff and reconnection, the annual report (sb998)
export {
  addBusinessDays,
  businessDaysBetween,
  californiaStateHolidays,
  isBusinessDay,
  isOfficeOpen,
  loadOfficeCalendar,
  nextBusinessDayOnOrAfter,
  officeCalendar,
  type OfficeCalendar,
  type OfficeClosure,
  type StateHoliday,
} from './calendar.js';
export { evaluateRules, ruleCodes, type AccountFacts, type Eligibility, type RuleCode, type RuleResult, type SystemFacts } from './sb998.js';
export { checkShutoffEligibility, evaluateShutoffEligibility, loadBusinessCalendar, loadSystemFacts } from './eligibility.js';
export {
  assistancePrograms,
  hasLowIncomeOn,
  listProtections,
  protectionLabel,
  recordProtection,
  resolveProtection,
  twiceThePovertyLineCents,
  type Protection,
  type RecordedProtection,
} from './protections.js';
export {
  cancelShutoffOrder,
  getShutoffOrder,
  insertShutoffOrders,
  listShutoffOrders,
  orderReconnection,
  reconnectionFee,
  releaseShutoffOrder,
  shutoffCompletionGuard,
  type NewShutoffOrder,
  type ShutoffOrder,
} from './shutoff.js';
export { addReconnectionFeeSchedule, closeOffice, listOfficeCalendar, reopenOffice, type OfficeClosureRow } from './sb998-setup.js';
export { disconnectionReport, disconnectionReportCsv, type DisconnectionReport } from './disconnection-report.js';
export { findUtilityAccount } from './sb998-store.js';
// Penalties: effective-dated rules per class and/or rate schedule, and the job that decides each bill once.
export {
  computePenalty,
  decidePenalties,
  decidePenalty,
  isPastGrace,
  LOW_INCOME_WAIVER_REASON,
  ruleSpecificity,
  selectPenaltyRule,
  type BillFacts,
  type PenaltyDecision,
  type PenaltyOutcome,
  type PenaltyRule,
} from './penalties.js';
export {
  addPenaltyRule,
  deactivatePenaltyRule,
  getPenaltyRule,
  listPenaltyRules,
  type PenaltyRuleInput,
  type PenaltyRuleRow,
} from './penalty-rules.js';
export { applyPenalties, PENALTY_BILLS_PER_CHUNK, type ApplyPenaltiesResult } from './apply-penalties.js';
export { penaltyChecks } from './penalty-verify.js';

// Letters: templates, mail merge, PDFs of notices (migration 027).
export {
  dataKeysOf,
  formatLetterDate,
  mergeFieldNames,
  mergeFields,
  mergeLetter,
  sampleMergeData,
  templateFields,
  templateProblems,
  validateTemplate,
  type MergeData,
  type MergedLetter,
  type MergeField,
  type MergeFieldDefinition,
} from './letter-merge.js';
export {
  chooseTemplate,
  getLetterTemplate,
  listLetterTemplates,
  saveLetterTemplate,
  type LetterTemplate,
  type LetterTemplateInput,
} from './letter-templates.js';
export {
  getNoticeLetter,
  getNoticeLetters,
  LETTER_OFFICE,
  listNotices,
  noticeMergeData,
  renderNoticePdf,
  renderNoticePdfs,
  renderPrintFile,
  type NoticeLetter,
  type NoticePrintRun,
  type CollectionNotice,
  type PrintedFile,
} from './letters.js';

// Payment arrangements and collection holds (arrangements)
export { addMonths, nextBillDueDates, scheduleInstallments, type Installment, type InstallmentDue, type ScheduleInput } from './arrangement-schedule.js';
export {
  arrangementStatuses,
  cancelArrangement,
  createArrangement,
  getArrangement,
  listArrangements,
  parseArrangementRequest,
  proposeArrangement,
  type Arrangement,
  type ArrangementFilter,
  type ArrangementProposal,
  type ArrangementRequest,
  type ArrangementStatus,
} from './arrangements.js';
export {
  arrangementStanding,
  DEFAULT_DAYS_BEFORE_DEFAULTED,
  detectArrangementDefaults,
  type ArrangementStanding,
  type DetectResult,
} from './arrangement-standing.js';
export { activeHolds, getHold, listHolds, MAX_HOLD_DAYS, placeHold, releaseHold, resumeEndedHolds, type Hold, type HoldFilter } from './holds.js';
// Liens on the tax roll, and closed accounts' balances (migration 025).
export {
  canMoveLien,
  dueToCountyOn,
  exclusionText,
  isListableApn,
  latestListableDueDate,
  lienExclusions,
  lienExclusionsOf,
  lienExpiresOn,
  lienOwnerName,
  lienStatuses,
  type LienCandidate,
  type LienExclusion,
  type LienRule,
  type LienStatus,
  type OwnerFacts,
} from './liens-rules.js';
export { getLien, getLienRoll, getLienRule, listLienRolls, listLiens, type Lien, type LienRoll, type MailingAddress } from './liens-store.js';
export {
  exportLienRoll,
  getLienPayoff,
  lienNoticeData,
  listAccountOnRoll,
  markPaidLiens,
  payOffLien,
  prepareLienRoll,
  recordLien,
  releaseLien,
  removeLien,
  sendLienNotices,
  setLienRule,
  submitLienRoll,
  type ExcludedAccount,
  type PrepareRollResult,
} from './liens.js';
export {
  listClosedAccountBalances,
  referClosedAccounts,
  referralCsv,
  requestClosedAccountWriteOff,
  sendClosedAccountNotices,
  transferClosedBalance,
  type ClosedAccountBalance,
  type Referral,
} from './closed-accounts.js';
// The daily job and its schedule (lead)
export { runDailyCollections, type DailyRunResult, type DailyStage } from './daily-job.js';
export { startDailyCollections, type DailySchedule } from './scheduler.js';
export { collectionChecks } from './verify.js';
