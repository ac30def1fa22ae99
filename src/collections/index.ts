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
