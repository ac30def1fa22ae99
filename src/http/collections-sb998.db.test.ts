/**
 * SB 998 over HTTP: the eligibility explanation, protections, a refused release (409 naming each
 * rule in details.rules), a release, the field completing the shutoff through the service-order
 * route (re-checked by collections), the annual report as CSV; who may do what.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotices, insertShutoffOrders } from '../collections/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let supervisor: TestSession;
let clerk: TestSession;
let auditor: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};
const accounts: Array<{ id: number; accountNumber: string; shutoffId: number }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await sql`insert into setting (key, value, updated_by) values ('collections.water_system_connections', '5000'::jsonb, 'tester')`.execute(database.kysely);
  for (const name of ['Hana Http', 'Ivo Http']) {
    const account = await utilityCustomer(database, { name });
    await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    accounts.push({ id: account.id, accountNumber: account.accountNumber, shutoffId: 0 });
  }
  await billCycle(database, '2026-08-31', '2026-09-02');
  for (const account of accounts) {
    const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
      values (${account.id}, '2026-09-28', '2026-09-23', 'tester') returning id`.execute(database.kysely);
    const caseId = opened.rows[0]?.id as number;
    await insertNotices(database.kysely, [{ caseId, utilityAccountId: account.id, noticeType: 'sb998_notice', noticeDate: '2026-11-06' as IsoDate,
      delivery: 'phone', amountDueCents: cents(6600) }], 'tester');
    account.shutoffId = (await insertShutoffOrders(database.kysely, [{ caseId, utilityAccountId: account.id, eligibleOn: null }], 'tester'))[0] as number;
  }
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  supervisor = await testSession(app, database, { roles: ['utility_supervisor'] });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  auditor = await testSession(app, database, { roles: ['auditor'] });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

interface Eligibility { eligible: boolean; earliestDate: string | null; rules: Array<{ code: string; passed: boolean; applies: boolean; reason: string }> }

describe('SB 998 over HTTP', () => {
  it('explains eligibility; a protected account\'s release answers 409 naming the rule; an eligible one is released and shut off', async () => {
    const [protectedAccount, eligible] = accounts as [typeof accounts[0], typeof accounts[0]];
    const before = await as(auditor)<Eligibility>({ method: 'GET', url: `/api/collections/accounts/${protectedAccount.accountNumber}/eligibility` });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ eligible: true, earliestDate: '2026-11-23' });
    expect(before.body.rules.map((rule) => rule.code)).toContain('sb998.notice_seven_business_days');

    const denied = await as(auditor)({ method: 'POST', url: `/api/collections/accounts/${protectedAccount.id}/protections`, payload: { protectionType: 'appeal', documentRef: 'x' } });
    expect(denied.status).toBe(403);
    const recorded = await as(clerk)<{ protection: { id: number } }>({ method: 'POST', url: `/api/collections/accounts/${protectedAccount.id}/protections`,
      payload: { protectionType: 'bill_investigation', documentRef: 'Customer says the meter is misread' } });
    expect(recorded.status).toBe(201);
    const bad = await as(clerk)<{ error: { details: { problems: Array<{ field: string }> } } }>({ method: 'POST', url: `/api/collections/accounts/${protectedAccount.id}/protections`,
      payload: { protectionType: 'medical_certification' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems.map((p) => p.field)).toEqual(['providerName', 'licenseNumber', 'validUntil']);

    // The billing clerk cannot release; the supervisor's release is refused with the rule.
    expect((await as(clerk)({ method: 'POST', url: `/api/collections/shutoff-orders/${protectedAccount.shutoffId}/release`, payload: {} })).status).toBe(403);
    const refused = await as(supervisor)<{ error: { code: string; details: { rules: Array<{ code: string; reason: string }> } } }>({
      method: 'POST', url: `/api/collections/shutoff-orders/${protectedAccount.shutoffId}/release`, payload: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.rules).toEqual([{ code: 'sb998.no_pending_appeal', reason: expect.stringMatching(/a bill investigation received 2026-11-23/) }]);

    const released = await as(supervisor)<{ status: string; serviceOrderNumber: string }>({ method: 'POST', url: `/api/collections/shutoff-orders/${eligible.shutoffId}/release`, payload: {} });
    expect(released.body).toMatchObject({ status: 'released', serviceOrderNumber: expect.stringMatching(/^SO-/) });
    // The generic route cannot create shutoff orders; completing through it goes by collections' rules.
    const generic = await as(supervisor)({ method: 'POST', url: '/api/utility/service-orders', payload: { orderType: 'shutoff', account: eligible.accountNumber, description: 'x' } });
    expect(generic.status).toBe(400);
    const done = await as(supervisor)<{ status: string }>({ method: 'POST', url: `/api/utility/service-orders/${released.body.serviceOrderNumber}/complete`, payload: { notes: 'Locked' } });
    expect(done.body.status).toBe('completed');
    const list = await as(auditor)<{ shutoffOrders: Array<{ id: number; status: string; disconnectedOn: string | null }> }>({ method: 'GET', url: '/api/collections/shutoff-orders', query: { account: eligible.accountNumber } });
    expect(list.body.shutoffOrders).toEqual([expect.objectContaining({ id: eligible.shutoffId, status: 'completed', disconnectedOn: '2026-11-23' })]);

    const csv = await app.inject({ method: 'GET', url: '/api/collections/disconnection-report?year=2026&format=csv', headers: { cookie: auditor.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('disconnections-2026.csv');
    expect(csv.body).toContain('2026-11 November,1,1,0,0,0');
  });

  it('office closures are set-up (collections.setup)', async () => {
    expect((await as(clerk)({ method: 'POST', url: '/api/collections/office-closures', payload: { closedOn: '2026-12-24', reason: 'Furlough' } })).status).toBe(403);
    const closed = await as(supervisor)<{ closedOn: string; isClosed: boolean }>({ method: 'POST', url: '/api/collections/office-closures', payload: { closedOn: '2026-12-24', reason: 'Furlough' } });
    expect(closed.status).toBe(201);
    const calendar = await as(supervisor)<{ holidays: unknown[]; closures: Array<{ closedOn: string }> }>({ method: 'GET', url: '/api/collections/office-calendar', query: { year: '2026' } });
    expect(calendar.body.holidays).toHaveLength(11);
    expect(calendar.body.closures.map((c) => c.closedOn)).toEqual(['2026-12-24']);
    const reopened = await as(supervisor)<{ isClosed: boolean }>({ method: 'POST', url: '/api/collections/office-closures/2026-12-24/reopen', payload: { reason: 'Council cancelled the furlough' } });
    expect(reopened.body.isClosed).toBe(false);
  });
});
