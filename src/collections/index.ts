/**
 * Collections of utility accounts: penalties, the delinquency chain and its notices, the Water
 * Shutoff Protection Act (SB 998) rules, payment arrangements, holds, shutoff and reconnection,
 * liens, and closed accounts' balances. The only door to the module.
 */
export { insertNotices, recordEvents, type InsertedNotice, type NewEvent, type NewNotice } from './notices.js';
export * from './types.js';
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
