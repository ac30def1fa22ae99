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

  it('names a missing parent of a case, notice or event, keeps notices and events append-only and parents in place (migration 032)', async () => {
    const refused = (query: Promise<unknown>) => query.then(() => 'written', (error: Error & { code?: string }) => `${error.code}: ${error.message}`);
    const account = await utilityCustomer(database, { name: 'Rex Reference' });
    const caseRow = (await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
      values (${account.id}, '2026-09-28', '2026-09-23', 'tester') returning id`.execute(database.kysely)).rows[0] as { id: number };
    expect(await refused(sql`insert into collection_case (utility_account_id, opened_on, delinquent_since, status, closed_on, created_by)
      values (-5, '2026-09-28', '2026-09-23', 'closed', '2026-09-29', 'tester')`.execute(database.kysely))).toMatch(/^23503: collection case \d+ names no utility account -5$/);
    const event = (accountId: number, caseId: number | null) => sql`insert into collection_event (utility_account_id, case_id, event_type, event_date, summary, created_by)
      values (${accountId}, ${caseId}, 'note', '2026-09-28', 'A note', 'tester')`.execute(database.kysely);
    expect(await refused(event(-6, null))).toBe('23503: collection event note names no utility account -6');
    expect(await refused(event(account.id, -7))).toBe(`23503: collection event note names no collection case -7 of utility account ${account.id}`);
    const notice = (accountId: number, customerId: number, caseId: number | null) => sql`insert into collection_notice (notice_number, case_id,
        utility_account_id, customer_id, notice_type, notice_date, delivery, created_by)
      values ('N-2026-9000001', ${caseId}, ${accountId}, ${customerId}, 'late_notice', '2026-09-28', 'mail', 'tester')`.execute(database.kysely);
    expect(await refused(notice(-1, account.customerId, null))).toBe('23503: notice N-2026-9000001 names no utility account -1');
    expect(await refused(notice(-1, account.customerId, caseRow.id))).toBe(`23503: notice N-2026-9000001 names no collection case ${caseRow.id} of utility account -1`);
    expect(await refused(notice(account.id, -2, null))).toBe('23503: notice N-2026-9000001 names no customer -2');
    expect(await refused(notice(account.id, account.customerId, -3))).toBe(`23503: notice N-2026-9000001 names no collection case -3 of utility account ${account.id}`);
    expect(await refused(notice(account.id, account.customerId, caseRow.id))).toBe('written');
    expect(await refused(event(account.id, caseRow.id))).toBe('written');
    // Notices and events are append-only; the case, the account and the customer they name stay.
    expect(await refused(sql`update collection_notice set amount_due_cents = 1 where notice_number = 'N-2026-9000001'`.execute(database.kysely)))
      .toBe('P0001: collection_notice rows are append-only: UPDATE is not allowed');
    expect(await refused(sql`delete from collection_event where case_id = ${caseRow.id}`.execute(database.kysely)))
      .toBe('P0001: collection_event rows are append-only: DELETE is not allowed');
    expect(await refused(sql`truncate collection_event`.execute(database.kysely))).toMatch(/^23503: TRUNCATE of collection_event is not allowed/);
    expect(await refused(sql`delete from collection_case where id = ${caseRow.id}`.execute(database.kysely)))
      .toBe(`23503: collection case ${caseRow.id} has a timeline and cannot be deleted`);
    expect(await refused(sql`update collection_case set utility_account_id = utility_account_id + 1 where id = ${caseRow.id}`.execute(database.kysely)))
      .toBe('23503: the references of a row of collection_case cannot be changed');
    expect(await refused(sql`delete from utility_account where id = ${account.id}`.execute(database.kysely)))
      .toMatch(/^23503: utility account \d+ has penalty assessments or a collection history/);
    expect(await refused(sql`delete from customer where id = ${account.customerId}`.execute(database.kysely))).toMatch(/^23503: /);
    const settings = await sql<{ config: string[] | null }>`select proconfig as config from pg_proc where proname like 'collection_%references_check'`.execute(database.kysely);
    expect(settings.rows.map((row) => row.config?.join(','))).toEqual(Array(3).fill('enable_hashjoin=off,enable_mergejoin=off,enable_seqscan=off,enable_bitmapscan=off'));
  });
});
