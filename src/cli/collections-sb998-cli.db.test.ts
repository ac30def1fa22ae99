/**
 * `civic collections …` for SB 998: the eligibility explanation, a protection recorded and
 * resolved, a release refused then allowed, the annual report; an unknown account is named.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotices, insertShutoffOrders } from '../collections/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { civicRunner } from '../../test/support/cli.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { createTestDatabase } from '../../test/support/database.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';

let database: Database;
const civic = civicRunner(() => database);
let account: { id: number; accountNumber: string; shutoffId: number };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await sql`insert into setting (key, value, updated_by) values ('collections.water_system_connections', '5000'::jsonb, 'tester')`.execute(database.kysely);
  const customer = await utilityCustomer(database, { name: 'Cleo Cli' });
  await acceptedRead(database, customer.meterSerial, '2026-08-31', 1008);
  await billCycle(database, '2026-08-31', '2026-09-02');
  const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
    values (${customer.id}, '2026-09-28', '2026-09-23', 'tester') returning id`.execute(database.kysely);
  const caseId = opened.rows[0]?.id as number;
  await insertNotices(database.kysely, [{ caseId, utilityAccountId: customer.id, noticeType: 'sb998_notice', noticeDate: '2026-11-06' as IsoDate,
    delivery: 'mail', amountDueCents: cents(6600) }], 'tester');
  const [shutoffId] = await insertShutoffOrders(database.kysely, [{ caseId, utilityAccountId: customer.id, eligibleOn: null }], 'tester');
  account = { id: customer.id, accountNumber: customer.accountNumber, shutoffId: shutoffId as number };
});
afterAll(async () => database?.close());

describe('civic collections (SB 998)', () => {
  it('explains eligibility, records and resolves a protection, refuses then releases, reports the year', async () => {
    const eligible = await civic('collections', 'eligibility', account.accountNumber);
    expect(eligible.code).toBe(0);
    expect(eligible.stdout).toContain(`${account.accountNumber} on 2026-11-23: ELIGIBLE for shutoff`);
    expect(eligible.stdout).toMatch(/pass {2}sb998\.sixty_days_delinquent +The oldest unpaid bill/);

    const added = await civic('collections', 'protections', 'add', account.accountNumber, 'appeal', '--document', 'Letter of 11/20');
    expect(added.stdout).toMatch(/^Protection (\d+) recorded: appeal/);
    const protectionId = /^Protection (\d+)/.exec(added.stdout)?.[1] as string;
    const refused = await civic('collections', 'shutoffs', 'release', String(account.shutoffId));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('sb998.no_pending_appeal');
    expect((await civic('collections', 'shutoffs', 'list')).stdout).toMatch(/pending .* sb998\.no_pending_appeal/);

    expect((await civic('collections', 'protections', 'resolve', protectionId, '--reason', 'Bill is correct')).stdout).toContain('resolved: Bill is correct');
    const released = await civic('collections', 'shutoffs', 'release', String(account.shutoffId));
    expect(released.stdout).toMatch(/^Shutoff order \d+ released as SO-\d+/);

    const report = await civic('collections', 'shutoffs', 'report', '--year', '2026', '--format', 'csv');
    expect(report.stdout.split('\r\n')[0]).toBe('period,disconnections_for_nonpayment,residential,non_residential,low_income,reconnected');

    const unknown = await civic('collections', 'eligibility', 'UB-999999');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('UB-999999');
  });
});
