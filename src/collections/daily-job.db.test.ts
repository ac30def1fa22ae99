import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, collectionAccounts, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { collectionChecks } from './verify.js';
import { addPenaltyRule, recordProtection, runDailyCollections } from './index.js';

const day = (text: string): IsoDate => text as IsoDate;
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await addPenaltyRule(database, { input: { effectiveFrom: '2026-07-01', graceDays: 5, currentRate: '0.10', pastDueRate: '0.01', minimumCents: 500,
    revenueAccount: collectionAccounts.penalties }, actor: testActor });
  // A city's water system, not the test's two accounts: SB 998 covers systems of more than 200 connections.
  await sql`insert into setting (key, value, updated_by) values ('collections.water_system_connections', '5000'::jsonb, 'tester')`.execute(database.kysely);
});
afterAll(async () => database?.close());

const run = (asOf: string) => runDailyCollections(database, { asOf: day(asOf), actor: testActor });

describe('the daily collection job', () => {
  it('penalizes once, opens cases, sends the notices, and creates a shutoff order only where SB 998 allows it; twice a day adds nothing', async () => {
    const late = await utilityCustomer(database, { name: 'Lana Late' });
    const appealed = await utilityCustomer(database, { name: 'Abe Appeal' });
    for (const account of [late, appealed]) await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    await billCycle(database, '2026-08-31', '2026-09-02'); // $66.00 each, due 2026-09-23

    const first = await run('2026-09-29');
    expect(first.penalties.penaltiesPosted).toBe(2);
    expect(first.chain).toMatchObject({ casesOpened: 2, stepsTaken: 2, noticesWritten: 2 });
    const again = await run('2026-09-29');
    expect(again.penalties.penaltiesPosted).toBe(0);
    expect(again.chain).toMatchObject({ casesOpened: 0, stepsTaken: 0, noticesWritten: 0 });

    await recordProtection(database, { account: appealed.id, input: { protectionType: 'appeal', receivedOn: '2026-10-20', documentRef: 'Letter of appeal of bill of 2026-09-02' },
      actor: testActor, clock: fixedClock(new Date('2026-10-20T18:00:00Z')) });
    for (const asOf of ['2026-11-09', '2026-11-18', '2026-11-23']) await run(asOf);
    const orders = await sql<{ accountId: number; status: string }>`select utility_account_id as "accountId", status from shutoff_order order by id`.execute(database.kysely);
    expect(orders.rows).toEqual([{ accountId: late.id, status: 'pending' }]);
    const blocked = await sql<{ summary: string }>`select summary from collection_event where utility_account_id = ${appealed.id} and event_type = 'shutoff_blocked'`.execute(database.kysely);
    expect(blocked.rows[0]?.summary).toContain('sb998.no_pending_appeal');
    const runs = await sql<{ runDate: string; status: string }>`select run_date::text as "runDate", status from collection_run order by run_date`.execute(database.kysely);
    expect(runs.rows.map((row) => row.status)).toEqual(['done', 'done', 'done', 'done']);
    for (const check of collectionChecks) expect(await check.run(database.kysely), check.invariant).toEqual([]);
  });
});
