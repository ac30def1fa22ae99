import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { utilityCustomer } from '../../test/support/utility-fixtures.js';
import { activeHolds, listHolds, MAX_HOLD_DAYS, placeHold, releaseHold, resumeEndedHolds } from './index.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
});
afterAll(async () => database?.close());

const d = (text: string) => text as IsoDate;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    const { code, details } = error as { code: string; details: { field?: string; problems?: Array<{ field: string }> } };
    return { code, fields: details.problems?.map((problem) => problem.field) ?? (details.field ? [details.field] : []) };
  }
  throw new Error('expected a refusal');
}

describe('collection holds', () => {
  it('needs a reason and an end date that is not past and at most 180 days ahead', async () => {
    const account = await utilityCustomer(database, { name: 'Rita Reason' });
    const asOf = d('2026-11-23');
    expect(await refusal(placeHold(database, { accountId: account.id, reason: '', endsOn: '2026-12-01', actor: testActor, asOf }))).toEqual({ code: 'invalid_input', fields: ['reason'] });
    expect((await refusal(placeHold(database, { accountId: account.id, reason: 'Bill investigation', endsOn: undefined, actor: testActor, asOf }))).fields).toEqual(['endsOn']);
    expect((await refusal(placeHold(database, { accountId: account.id, reason: 'Bill investigation', endsOn: '2026-11-22', actor: testActor, asOf }))).fields).toEqual(['endsOn']);
    expect(MAX_HOLD_DAYS).toBe(180);
    expect((await refusal(placeHold(database, { accountId: account.id, reason: 'Bill investigation', endsOn: '2027-05-23', actor: testActor, asOf }))).fields).toEqual(['endsOn']);
    const hold = await placeHold(database, { accountId: account.accountNumber, reason: 'Bill investigation', endsOn: '2027-05-22', actor: testActor, asOf });
    expect(hold).toMatchObject({ startsOn: '2026-11-23', endsOn: '2027-05-22', releasedOn: null });
  });

  it('one hold in force per account; listed as active; released early with a reason, then placed again', async () => {
    const account = await utilityCustomer(database, { name: 'Hugo Hold' });
    const asOf = d('2026-11-23');
    const hold = await placeHold(database, { accountId: account.id, reason: 'Customer in hospital', endsOn: '2026-12-31', actor: testActor, asOf });
    expect(await refusal(placeHold(database, { accountId: account.id, reason: 'Again', endsOn: '2026-12-15', actor: testActor, asOf }))).toEqual({ code: 'conflict', fields: ['accountId'] });
    const active = await activeHolds(database.kysely, { accountIds: [account.id], asOf: d('2026-12-31') });
    expect(active.get(account.id)?.id).toBe(hold.id);
    expect((await activeHolds(database.kysely, { accountIds: [account.id], asOf: d('2027-01-01') })).size).toBe(0);
    expect((await refusal(releaseHold(database, { holdId: hold.id, reason: null, actor: testActor, asOf }))).fields).toEqual(['reason']);
    const released = await releaseHold(database, { holdId: hold.id, reason: 'Customer home; paid in person', actor: testActor, asOf: d('2026-12-01') });
    expect(released).toMatchObject({ releasedOn: '2026-12-01', releaseReason: 'Customer home; paid in person', releasedBy: 'tester' });
    expect((await activeHolds(database.kysely, { accountIds: [account.id], asOf: d('2026-12-01') })).size).toBe(0);
    expect((await activeHolds(database.kysely, { accountIds: [account.id], asOf: d('2026-11-30') })).size).toBe(1);
    expect(await refusal(releaseHold(database, { holdId: hold.id, reason: 'again', actor: testActor, asOf: d('2026-12-02') }))).toMatchObject({ code: 'conflict' });
    await placeHold(database, { accountId: account.id, reason: 'Payment promised', endsOn: '2026-12-20', actor: testActor, asOf: d('2026-12-02') });
    expect(await listHolds(database.kysely, { account: account.accountNumber })).toHaveLength(2);
    expect(await listHolds(database.kysely, { account: account.accountNumber, inForceOn: d('2026-12-05') })).toHaveLength(1);
  });

  it('resumes by itself: a hold_ended event the day after the end date, once each; a released hold gets none', async () => {
    const account = await utilityCustomer(database, { name: 'Rosa Resume' });
    const other = await utilityCustomer(database, { name: 'Rex Released' });
    await placeHold(database, { accountId: account.id, reason: 'Awaiting a medical certificate', endsOn: '2026-12-10', actor: testActor, asOf: d('2026-11-23') });
    const released = await placeHold(database, { accountId: other.id, reason: 'Dispute', endsOn: '2026-12-10', actor: testActor, asOf: d('2026-11-23') });
    await releaseHold(database, { holdId: released.id, reason: 'Dispute resolved', actor: testActor, asOf: d('2026-11-25') });
    const before = await resumeEndedHolds(database, { asOf: d('2026-12-10'), actor: testActor });
    const events = () => sql<{ accountId: number; eventDate: string }>`select utility_account_id as "accountId", event_date::text as "eventDate"
      from collection_event where event_type = 'hold_ended' and utility_account_id in (${account.id}, ${other.id})`.execute(database.kysely);
    expect((await events()).rows).toHaveLength(0);
    const first = await resumeEndedHolds(database, { asOf: d('2026-12-12'), actor: testActor });
    expect(first.resumed).toBeGreaterThanOrEqual(1);
    expect(before.resumed).toBeLessThanOrEqual(first.resumed);
    expect((await events()).rows).toEqual([{ accountId: account.id, eventDate: '2026-12-11' }]);
    expect((await resumeEndedHolds(database, { asOf: d('2026-12-12'), actor: testActor })).resumed).toBe(0);
    expect((await events()).rows).toHaveLength(1);
    const timeline = await sql<{ eventType: string }>`select event_type as "eventType" from collection_event
      where utility_account_id = ${other.id} order by id`.execute(database.kysely);
    expect(timeline.rows.map((row) => row.eventType)).toEqual(['hold_placed', 'hold_released']);
  });
});
