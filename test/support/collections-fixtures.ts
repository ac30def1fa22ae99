/**
 * Test data for collections: the utility fixtures (utility-fixtures.ts) plus penalty and
 * reconnection revenue accounts and a delinquency chain for each class, written straight into the
 * tables (the set-up use cases have their own tests), and a helper that bills cycle C1 and posts it.
 *
 * Residential chain (single_family): late notice 5 days past due, SB 998 notice at 45, door hanger
 * at 55, shutoff order at 60 and 2 business days after the door hanger (SB 998's 7 business days
 * after the notice are the rules' to check).
 * Commercial chain: late notice at 5, final notice at 30, shutoff order at 45 (2 business days after).
 */
import { sql } from 'kysely';
import type { Database } from '../../src/shared/db.js';
import { importChartCsv } from '../../src/ledger/index.js';
import { finalizeBillRun, runBills } from '../../src/utility/index.js';
import { testActor, testClock } from './ledger-fixtures.js';
import { seedUtility } from './utility-fixtures.js';

export const collectionAccounts = {
  penalties: '510-7100-46100',
  reconnectionFees: '510-7100-46200',
} as const;

const chart = `account,name,type,active,fund_name,fund_type,department_name
510-7100-46100,Utility penalties,revenue,yes,Water Fund,enterprise,Water Operations
510-7100-46200,Reconnection fees,revenue,yes,Water Fund,enterprise,Water Operations
`;

export async function seedCollections(database: Database): Promise<void> {
  await seedUtility(database);
  await importChartCsv(database, { csvText: chart, actor: testActor });
  await sql`insert into collection_step (class_code, step_order, step_type, name, days_past_due, wait_business_days, updated_by) values
    ('single_family', 1, 'late_notice', 'Late notice', 5, 0, 'tester'),
    ('single_family', 2, 'sb998_notice', 'SB 998 notice of disconnection', 45, 0, 'tester'),
    ('single_family', 3, 'door_hanger', '48-hour door hanger', 55, 0, 'tester'),
    ('single_family', 4, 'shutoff_order', 'Shutoff order', 60, 2, 'tester'),
    ('commercial', 1, 'late_notice', 'Late notice', 5, 0, 'tester'),
    ('commercial', 2, 'final_notice', 'Final notice', 30, 0, 'tester'),
    ('commercial', 3, 'shutoff_order', 'Shutoff order', 45, 2, 'tester')`.execute(database.kysely);
}

/** Bills cycle C1 through a date (bills due 21 days after the bill date) and posts the run. */
export async function billCycle(database: Database, throughDate: string, billDate: string): Promise<{ runId: number; billsFinalized: number }> {
  const calculated = await runBills(database, { input: { cycleCode: 'C1', throughDate, billDate }, actor: testActor, clock: testClock });
  const finalized = await finalizeBillRun(database, { runKey: calculated.run.id, actor: testActor });
  return { runId: calculated.run.id, billsFinalized: finalized.billsFinalized };
}
