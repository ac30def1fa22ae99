/**
 * Utility billing set-up beside the demo city's own: the deposits account and the Water→Sewer
 * due-to/due-from (as the demo has them), a residential class, a test cycle A0 with route R1, the test rate schedules on the demo's revenue
 * accounts, and customers in service from November 1 with their reads on November 30.
 */
import { sql } from 'kysely';
import type { Database } from '../../../src/shared/db.js';
import { saveBillingCycle, saveUtilityClass, setUtilityFundAccount, setUtilityInterfund } from '../../../src/utility/index.js';
import { testActor } from '../../support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../support/utility-fixtures.js';

const demoAccounts = {
  waterUse: '510-7100-44100',
  waterFixed: '510-7100-44200',
  sewer: '520-7200-44600',
  deposits: '510-0000-22100',
  dueToSewer: '510-0000-21520',
  dueFromWater: '520-0000-13510',
};

export interface SeededCustomer {
  name: string;
  accountNumber: string;
  meterSerial: string;
}

export async function seedDemoUtility(database: Database): Promise<SeededCustomer[]> {
  await setUtilityFundAccount(database, { fundCode: '510', depositsAccountCode: demoAccounts.deposits, actor: testActor });
  await setUtilityInterfund(database, { receivableFundCode: '510', revenueFundCode: '520', dueToAccountCode: demoAccounts.dueToSewer,
    dueFromAccountCode: demoAccounts.dueFromWater, actor: testActor });
  await saveUtilityClass(database, { input: { code: 'single_family', name: 'Single-family residential', isResidential: true }, actor: testActor });
  // A cycle of its own (listed first), beside the demo's C1-C4 and their runs.
  await saveBillingCycle(database, { input: { code: 'A0', name: 'Test cycle', dueDays: 21, routes: [{ code: 'R1', name: 'Route 1' }] }, actor: testActor });
  const water = {
    billingUnit: 'HCF',
    fixed: { revenueAccount: demoAccounts.waterFixed, amountCentsPerMonthBySize: { '5/8': 2000, '3/4': 2500, '1': 4000 } },
    tiers: { revenueAccount: demoAccounts.waterUse, blocks: [{ from: '0', to: '10', rate: '2.00' }, { from: '10', to: null, rate: '3.00' }] },
  };
  const sewer = { billingUnit: 'HCF', flat: { revenueAccount: demoAccounts.sewer, amountCentsPerMonth: 3000 } };
  await sql`insert into rate_schedule (code, name, service_type) values ('WATER-T', 'Water, tiered', 'water'), ('SEWER-F', 'Sewer, flat', 'sewer')`.execute(database.kysely);
  await sql`insert into rate_version (rate_code, effective_from, definition, created_by) values
    ('WATER-T', '2026-07-01', ${JSON.stringify(water)}::jsonb, 'tester'),
    ('SEWER-F', '2026-07-01', ${JSON.stringify(sewer)}::jsonb, 'tester')`.execute(database.kysely);
  const people: Array<{ name: string; reading: number | null; readType?: string }> = [
    { name: 'Amelia Ortiz', reading: 1008 },
    { name: 'Benjamin Cho', reading: 1014 },
    { name: 'Carmen Delgado', reading: 1006 },
    { name: 'Dmitri Volkov', reading: null },
    { name: 'Esther Nakamura', reading: 1011, readType: 'estimated' },
    { name: 'Farid Haddad', reading: 1009 },
  ];
  const seeded: SeededCustomer[] = [];
  for (const person of people) {
    const account = await utilityCustomer(database, { name: person.name, startedOn: '2026-11-01', cycleCode: 'A0' });
    if (person.reading !== null) await acceptedRead(database, account.meterSerial, '2026-11-30', person.reading, person.readType);
    seeded.push({ name: person.name, accountNumber: account.accountNumber, meterSerial: account.meterSerial });
  }
  return seeded;
}

/** A misread corrected: the read of November 30 superseded by the right one. */
export async function correctRead(database: Database, meterSerial: string, reading: number): Promise<void> {
  await sql`update meter_read set status = 'superseded' where read_date = '2026-11-30'
    and meter_id = (select id from meter where serial = ${meterSerial})`.execute(database.kysely);
  await acceptedRead(database, meterSerial, '2026-11-30', reading);
}
