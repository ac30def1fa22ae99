/**
 * Test data for billing: the receivables fixtures plus a water-fund receivable (so a second fund
 * can be billed), a catalog of items, the penalty and interest accounts of the General Fund, and
 * customers with or without an address and flags, inserted directly.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/shared/db.js';
import { importChartCsv } from '../../src/ledger/index.js';
import { setReceivableControl } from '../../src/receivables/index.js';
import { createBillingItem, setLateChargeAccounts } from '../../src/billing/index.js';
import { testActor } from './ledger-fixtures.js';
import { receivableAccounts, seedReceivables } from './receivables-fixtures.js';

export const billingAccounts = {
  ...receivableAccounts,
  facilityRental: '100-5100-43210',
  waterReceivable: '510-0000-12100',
  waterServiceFees: '510-7100-44300',
} as const;

const extraChart = `account,name,type,active,fund_name,fund_type,department_name
100-5100-43210,Facility rental fees,revenue,yes,General Fund,general,Parks
510-0000-12100,Accounts receivable - Water,asset,yes,Water Fund,enterprise,Non-departmental
510-7100-44300,Water service fees,revenue,yes,Water Fund,enterprise,Water Operations
`;

export async function seedBilling(database: Database): Promise<void> {
  await seedReceivables(database);
  await importChartCsv(database, { csvText: extraChart, actor: testActor });
  await setReceivableControl(database, { kind: 'misc_billing', fundCode: '510', controlAccountCode: billingAccounts.waterReceivable, actor: testActor });
  await setLateChargeAccounts(database, { fundCode: '100', penaltyAccountCode: receivableAccounts.penalties, interestAccountCode: receivableAccounts.interest, actor: testActor });
  const items = [
    { code: 'FALSE_ALARM', name: 'False alarm response', unitPriceCents: 15_000, revenueAccount: receivableAccounts.alarmFees },
    { code: 'FACILITY_RENTAL', name: 'Community center rental', unit: 'hour', unitPriceCents: 7_500, revenueAccount: billingAccounts.facilityRental },
    { code: 'PROPERTY_DAMAGE', name: 'Damage to city property', unitPriceCents: null, revenueAccount: receivableAccounts.alarmFees },
    { code: 'COPIES', name: 'Public records copies', unit: 'page', unitPriceCents: 10, revenueAccount: billingAccounts.facilityRental, isPenaltyEligible: false },
    { code: 'HYDRANT_METER', name: 'Hydrant meter rental', unit: 'day', unitPriceCents: 2_000, revenueAccount: billingAccounts.waterServiceFees },
  ];
  for (const item of items) await createBillingItem(database, { input: item, actor: testActor });
}

let sequence = 0;

export interface CustomerOptions {
  name?: string;
  language?: string;
  hasAddress?: boolean;
  flags?: Partial<{ collections_hold: boolean; is_deceased: boolean; in_bankruptcy: boolean; has_returned_mail: boolean }>;
}

/** A customer straight into the tables, with a current mailing address unless told otherwise. */
export async function insertCustomer(database: Database, options: CustomerOptions = {}): Promise<{ id: number; customerNumber: string }> {
  sequence += 1;
  const customerNumber = `C-${String(700000 + (process.pid % 1000) * 100 + sequence).padStart(6, '0')}`;
  const flags = options.flags ?? {};
  const inserted = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, preferred_language,
      collections_hold, is_deceased, in_bankruptcy, has_returned_mail, created_by)
    values (${customerNumber}, 'person', ${options.name ?? `Customer ${sequence}`}, ${options.language ?? 'en'},
      ${flags.collections_hold ?? false}, ${flags.is_deceased ?? false}, ${flags.in_bankruptcy ?? false}, ${flags.has_returned_mail ?? false}, 'tester')
    returning id`.execute(database.kysely);
  const id = inserted.rows[0]?.id as number;
  if (options.hasAddress ?? true) {
    await sql`insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
      values (${id}, ${`${sequence} Oak Street`}, 'Alder Creek', 'CA', '95999', '2020-01-01', 'tester')`.execute(database.kysely);
  }
  return { id, customerNumber };
}
