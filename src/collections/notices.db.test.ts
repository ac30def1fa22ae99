import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';

const day = (text: string): IsoDate => text as IsoDate;
import { cents } from '../shared/money.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { insertNotices, recordEvents } from './index.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
});
afterAll(async () => database?.close());

describe('notices and the timeline', () => {
  it('numbers notices in the customer\'s language, skips a repeat of the same case, type and day, and records a step once', async () => {
    const account = await utilityCustomer(database, { name: 'Nora Notice' });
    await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    expect((await billCycle(database, '2026-08-31', '2026-09-02')).billsFinalized).toBe(1);
    await sql`update customer set preferred_language = 'es' where id = ${account.customerId}`.execute(database.kysely);
    const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
      values (${account.id}, '2026-09-28', '2026-09-23', 'tester') returning id`.execute(database.kysely);
    const caseId = opened.rows[0]?.id as number;
    const notice = { caseId, utilityAccountId: account.id, noticeType: 'late_notice' as const, noticeDate: day('2026-09-28'), delivery: 'mail' as const, amountDueCents: cents(6600) };
    const first = await insertNotices(database.kysely, [notice], 'tester');
    expect(first).toHaveLength(1);
    expect(first[0]?.noticeNumber).toMatch(/^N-2026-\d{6}$/);
    expect(await insertNotices(database.kysely, [notice], 'tester')).toHaveLength(0);
    const language = await sql<{ language: string }>`select language from collection_notice where id = ${first[0]?.id}`.execute(database.kysely);
    expect(language.rows[0]?.language).toBe('es');
    const event = { utilityAccountId: account.id, caseId, eventType: 'step_done', eventDate: day('2026-09-28'), summary: 'Late notice mailed', stepOrder: 1 };
    expect(await recordEvents(database.kysely, [event], 'tester')).toBe(1);
    expect(await recordEvents(database.kysely, [event], 'tester')).toBe(0);
  });
});
