/**
 * Collections of utility accounts: penalties, the delinquency chain and its notices, the Water
 * Shutoff Protection Act (SB 998) rules, payment arrangements, holds, shutoff and reconnection,
 * liens, and closed accounts' balances. The only door to the module.
 */
export { insertNotices, recordEvents, type InsertedNotice, type NewEvent, type NewNotice } from './notices.js';
export * from './types.js';
// Delinquency (lead)
export { daysPastDue, loadDelinquency, type Delinquency } from './delinquency.js';
