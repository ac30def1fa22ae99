/**
 * The catalog a California city bills from, for the demo city (and a starting point for a real
 * one): General Fund revenue accounts, items, the misc-billing penalty and interest accounts, and
 * the dunning stages. Safe to run twice: what exists is left alone.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import type { Database } from '../shared/db.js';
import { createAccount, getAccount } from '../ledger/index.js';
import { listReceivableControls, setReceivableControl } from '../receivables/index.js';
import { createBillingItem, findBillingItems } from './catalog.js';
import { setLateChargeAccounts } from './late-charge-setup.js';
import { listDunningStages, setDunningStages } from './run-dunning.js';

/** Revenue accounts the catalog needs, in the demo chart's fund-department-object form. */
export const BILLING_DEMO_ACCOUNTS = [
  { code: '100-5100-43210', name: 'Facility rental fees', accountType: 'revenue' },
  { code: '100-2100-43310', name: 'False alarm response fees', accountType: 'revenue' },
  { code: '100-2100-43320', name: 'DUI emergency response cost recovery', accountType: 'revenue' },
  { code: '100-1300-43400', name: 'Public records copy fees', accountType: 'revenue' },
  { code: '100-2200-43130', name: 'Weed abatement charges', accountType: 'revenue' },
  { code: '100-0000-47910', name: 'Recovery of damage to city property', accountType: 'revenue' },
  { code: '100-1510-47920', name: 'Returned check fees', accountType: 'revenue' },
  { code: '100-1510-47300', name: 'Penalties on miscellaneous billing', accountType: 'revenue' },
  { code: '100-1510-47400', name: 'Interest on miscellaneous billing', accountType: 'revenue' },
] as const;

/** The General Fund's miscellaneous receivable (the demo chart's 11300), the misc-billing control. */
export const BILLING_DEMO_CONTROL_ACCOUNT = '100-0000-11300';

export const BILLING_DEMO_ITEMS = [
  { code: 'FACILITY_RENTAL', name: 'Community center rental', unit: 'hour', unitPriceCents: 7_500, revenueAccount: '100-5100-43210',
    description: 'Community center multipurpose room, per hour (2-hour minimum)' },
  { code: 'PICNIC_RESERVATION', name: 'Park picnic area reservation', unit: 'day', unitPriceCents: 12_000, revenueAccount: '100-5100-43210' },
  { code: 'FALSE_ALARM', name: 'False alarm response (3rd and later in 12 months)', unit: 'each', unitPriceCents: 15_000,
    revenueAccount: '100-2100-43310', description: 'Police response to a false burglar or robbery alarm, third and later in a year' },
  { code: 'DUI_RESPONSE', name: 'DUI emergency response cost recovery', unit: 'each', unitPriceCents: null, revenueAccount: '100-2100-43320',
    description: 'Cost of the emergency response to a DUI incident (Gov. Code 53150-53159), up to $12,000' },
  { code: 'PROPERTY_DAMAGE', name: 'Damage to city property', unit: 'each', unitPriceCents: null, revenueAccount: '100-0000-47910',
    description: 'Repair or replacement cost of city property damaged (signs, poles, trees, fences)' },
  { code: 'RECORDS_COPIES', name: 'Public records copies', unit: 'page', unitPriceCents: 10, revenueAccount: '100-1300-43400',
    description: 'Paper copies of public records, per page (Gov. Code 7922.530)', isPenaltyEligible: false },
  { code: 'RETURNED_CHECK', name: 'Returned check fee', unit: 'each', unitPriceCents: 2_500, revenueAccount: '100-1510-47920',
    description: 'Returned payment service charge (Civil Code 1719: $25 first, $35 each later)', isPenaltyEligible: false },
  { code: 'WEED_ABATEMENT', name: 'Weed abatement', unit: 'hour', unitPriceCents: 9_500, revenueAccount: '100-2200-43130',
    description: 'City crew or contractor clearing of a parcel after notice, per crew hour' },
  { code: 'WEED_ABATEMENT_ADMIN', name: 'Weed abatement administrative fee', unit: 'each', unitPriceCents: 25_000, revenueAccount: '100-2200-43130' },
] as const;

/**
 * Adds what the catalog needs that is missing: the revenue accounts, the misc-billing control
 * account of the General Fund, the items, and the penalty and interest accounts. Returns the
 * codes of the items it made.
 */
export async function seedBillingCatalog(database: Database, actor: Actor): Promise<{ itemsCreated: string[] }> {
  for (const account of BILLING_DEMO_ACCOUNTS) {
    const exists = await getAccount(database.kysely, account.code).then(() => true, () => false);
    if (!exists) await createAccount(database, { input: { ...account }, actor });
  }
  const controls = await listReceivableControls(database.kysely);
  if (!controls.some((control) => control.kind === 'misc_billing' && control.fundCode === '100')) {
    await setReceivableControl(database, { kind: 'misc_billing', fundCode: '100', controlAccountCode: BILLING_DEMO_CONTROL_ACCOUNT, actor });
  }
  const existing = await findBillingItems(database.kysely, BILLING_DEMO_ITEMS.map((item) => item.code));
  const itemsCreated: string[] = [];
  for (const item of BILLING_DEMO_ITEMS.filter((candidate) => !existing.has(candidate.code))) {
    await createBillingItem(database, { input: { ...item }, actor });
    itemsCreated.push(item.code);
  }
  const accounts = await sql<{ count: number }>`select count(*)::int as count from late_charge_account where fund_code = '100'`.execute(database.kysely);
  if ((accounts.rows[0]?.count ?? 0) === 0) {
    await setLateChargeAccounts(database, { fundCode: '100', penaltyAccountCode: '100-1510-47300', interestAccountCode: '100-1510-47400', actor });
  }
  return { itemsCreated };
}

/** The default stages (reminder 30, second notice 60, final 90 days past due) if none are set. */
export async function seedDunningStages(database: Database, actor: Actor): Promise<void> {
  if ((await listDunningStages(database.kysely)).length > 0) return;
  await setDunningStages(database, {
    actor,
    stages: [
      { code: 'reminder', name: 'Reminder', daysPastDue: 30, nextStep: 'Please pay the amount due within 30 days. If you have already paid, thank you; please disregard this reminder.' },
      { code: 'second_notice', name: 'Second notice', daysPastDue: 60, nextStep: 'Penalties and interest continue to accrue on the unpaid balance. Please pay now or call us to arrange a payment plan.' },
      { code: 'final_notice', name: 'Final notice', daysPastDue: 90, nextStep: 'If the balance is not paid or arranged within 30 days, the account may be referred to collections.' },
    ],
  });
}
