/** The penalty rules and job from the command line and over HTTP, with their permissions. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { buildServer } from '../http/index.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, collectionAccounts, seedCollections } from '../../test/support/collections-fixtures.js';
import { createTestUser, signInAs, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';

let database: Database;
let app: FastifyInstance;
let accountant: TestSession;
let clerk: TestSession;
const civic = civicRunner(() => database, { clock: testClock });

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await createTestUser(database, { roles: ['accountant'], username: 'ada.accountant' });
  await createTestUser(database, { roles: ['billing_clerk'], username: 'bo.clerk' });
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  accountant = await signInAs(app, 'ada.accountant');
  clerk = await signInAs(app, 'bo.clerk');
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const headers = (session: TestSession) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });

describe('penalties from the command line and over HTTP', () => {
  it('civic collections penalties rules|add-rule|apply', async () => {
    const added = await civic('--as', 'ada.accountant', 'collections', 'penalties', 'add-rule', '--from', '2026-01-01', '--grace', '5',
      '--current', '0.10', '--past-due', '0.01', '--minimum', '2.50', '--revenue', collectionAccounts.penalties);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/Added penalty rule \d+/);
    const refused = await civic('collections', 'penalties', 'add-rule', '--from', '2026-02-01', '--to', '2026-01-01', '--grace', 'x',
      '--current', '2', '--past-due', '0.01', '--revenue', collectionAccounts.penalties);
    expect(refused.code).not.toBe(0);
    for (const field of ['effectiveTo', 'graceDays', 'currentRate']) expect(refused.stderr).toContain(field);
    const rules = await civic('collections', 'penalties', 'rules');
    expect(rules.stdout).toContain('10%');
    expect(rules.stdout).toContain('2.50');
    expect((await civic('--as', 'bo.clerk', 'collections', 'penalties', 'add-rule', '--from', '2027-01-01', '--grace', '5', '--current', '0.1',
      '--past-due', '0', '--revenue', collectionAccounts.penalties)).code).not.toBe(0);

    const account = await utilityCustomer(database, { name: 'Cli Penalty' });
    await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    await billCycle(database, '2026-08-31', '2026-09-02');
    const applied = await civic('--as', 'bo.clerk', 'collections', 'penalties', 'apply', '--date', '2026-09-29');
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('1 bills decided: 1 penalties posted ($6.60), 0 waived');
    expect((await civic('collections', 'penalties', 'apply', '--date', '2026-09-29', '--json')).stdout).toContain('"penaltiesPosted": 0');
  });

  it('GET/POST /api/collections/penalty-rules (collections.setup) and POST /api/collections/penalties/apply (collections.work)', async () => {
    const body = { classCode: 'commercial', effectiveFrom: '2026-01-01', graceDays: 10, currentRate: '0.05', pastDueRate: '0', maximumCents: 10_000,
      revenueAccount: collectionAccounts.penalties };
    const denied = await app.inject({ method: 'POST', url: '/api/collections/penalty-rules', headers: headers(clerk), payload: body });
    expect(denied.statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/collections/penalty-rules', headers: headers(accountant), payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ classCode: 'commercial', currentRate: '0.050000', maximumCents: 10_000, isActive: true });
    const invalid = await app.inject({ method: 'POST', url: '/api/collections/penalty-rules', headers: headers(accountant),
      payload: { ...body, effectiveFrom: '2027-01-01', currentRate: '7', revenueAccount: 'nope' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.problems.map((problem: { field: string }) => problem.field)).toEqual(['currentRate']);
    const list = await app.inject({ method: 'GET', url: '/api/collections/penalty-rules', headers: headers(clerk) });
    expect(list.statusCode).toBe(200);
    expect(list.json().rules.some((rule: { classCode: string | null }) => rule.classCode === 'commercial')).toBe(true);
    const off = await app.inject({ method: 'POST', url: `/api/collections/penalty-rules/${created.json().id}/deactivate`, headers: headers(accountant) });
    expect(off.json()).toMatchObject({ isActive: false, deactivatedBy: 'ada.accountant' });
    const notAllowed = await app.inject({ method: 'POST', url: '/api/collections/penalties/apply', headers: headers(accountant), payload: { date: '2026-10-01' } });
    expect(notAllowed.statusCode).toBe(403);
    const applied = await app.inject({ method: 'POST', url: '/api/collections/penalties/apply', headers: headers(clerk), payload: { date: '2026-10-01' } });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toEqual({ billsAssessed: 0, penaltiesPosted: 0, waived: 0, totalCents: 0 });
  });
});
