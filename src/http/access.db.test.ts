/**
 * Staff access over HTTP, rule by rule (issue 3): sign-in and its throttling, session cookies
 * and expiry, disabled users, the second factor, CSRF, missing permissions, maker-checker for
 * journal entries (nobody approves their own request), and the audit trail that records it all
 * and names any altered row.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode, forgetResolvedSessions } from '../access/index.js';
import { findAuditChainViolations, listAuditEvents } from '../audit/index.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { asUser, createTestUser, signInAs, TEST_PASSWORD, type TestSession } from '../../test/support/http.js';
import { accounts, seedLedger, testClock } from '../../test/support/ledger-fixtures.js';
import { buildServer } from './index.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function userWithTotp(roles: string[], username: string): Promise<number> {
  const { userId } = await createTestUser(database, { roles, username });
  await sql`update app_user set totp_secret = ${SECRET}, is_totp_enabled = true where id = ${userId}`.execute(database.kysely);
  return userId;
}

async function signedIn(roles: string[], username: string): Promise<TestSession> {
  await createTestUser(database, { roles, username });
  const session = await signInAs(app, username);
  expect(session.status).toBe(200);
  return session;
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
    await createTestUser(database, { roles: ['accountant'], username: 'cookie.check' });
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'cookie.check', password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/civic_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(response.json()).toMatchObject({ user: { username: 'cookie.check', roles: ['accountant'] }, mustEnrollTotp: false });
    expect(response.json().user.permissions).toContain('ledger.request');
  });

  it('gives one generic message for a wrong password and an unknown user, and audits both', async () => {
    await createTestUser(database, { roles: ['cashier'], username: 'wrong.password' });
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'wrong.password', password: 'not the password at all' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'no.such.user', password: 'not the password at all' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const audit = await listAuditEvents(database.kysely, { action: 'access.sign_in', outcome: 'refused' });
    expect(audit.events.map((event) => event.actorUsername)).toEqual(expect.arrayContaining(['wrong.password', 'no.such.user']));
  });

  it('pauses sign-in for a user name after five failures, even with the right password', async () => {
    await createTestUser(database, { roles: ['cashier'], username: 'throttled.user' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'throttled.user', password: 'wrong wrong wrong' } });
    }
    const right = await signInAs(app, 'throttled.user');
    expect(right.status).toBe(429);
  });

  it('issues a new session id at every sign-in and ends the old one', async () => {
    const first = await signedIn(['accountant'], 'two.sessions');
    const second = await signInAs(app, 'two.sessions');
    expect(second.cookie).not.toBe(first.cookie);
    const again = await app.inject(asUser(first, { method: 'GET', url: '/api/session' }));
    expect(again.statusCode).toBe(200);
    const replaced = await app.inject({ method: 'POST', url: '/api/session', headers: { cookie: first.cookie }, payload: { username: 'two.sessions', password: TEST_PASSWORD } });
    expect(replaced.statusCode).toBe(200);
    expect((await app.inject(asUser(first, { method: 'GET', url: '/api/session' }))).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('ends a session idle past the limit and one past the absolute limit', async () => {
    const idle = await signedIn(['accountant'], 'idle.user');
    await sql`update user_session set last_seen_at = now() - interval '31 minutes' where ended_at is null
      and user_id = (select id from app_user where username = 'idle.user')`.execute(database.kysely);
    // The server remembers a resolved session for a few seconds; moving its clock by SQL stands
    // for more time than that passing.
    forgetResolvedSessions(database);
    expect((await app.inject(asUser(idle, { method: 'GET', url: '/api/session' }))).statusCode).toBe(401);
    const old = await signedIn(['accountant'], 'old.user');
    await sql`update user_session set expires_at = now() - interval '1 second' where ended_at is null
      and user_id = (select id from app_user where username = 'old.user')`.execute(database.kysely);
    forgetResolvedSessions(database);
    const expired = await app.inject(asUser(old, { method: 'GET', url: '/api/accounts' }));
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('unauthenticated');
  });

  it('cuts a disabled user off at once', async () => {
    await userWithTotp(['administrator'], 'admin.one');
    const admin = await signInAs(app, 'admin.one', TEST_PASSWORD, currentTotpCode(SECRET, 'admin.one'));
    const clerk = await signedIn(['accountant'], 'to.disable');
    const disabled = await app.inject(asUser(admin, { method: 'PATCH', url: `/api/users/${clerk.userId}`, payload: { isDisabled: true } }));
    expect(disabled.statusCode).toBe(200);
    expect((await app.inject(asUser(clerk, { method: 'GET', url: '/api/accounts' }))).statusCode).toBe(401);
    expect((await signInAs(app, 'to.disable')).status).toBe(401);
  });

  it('applies a changed role or permission at the next request', async () => {
    await userWithTotp(['administrator'], 'admin.roles');
    const admin = await signInAs(app, 'admin.roles', TEST_PASSWORD, currentTotpCode(SECRET, 'admin.roles'));
    const { username } = await createTestUser(database, { permissions: ['ledger.read'], username: 'role.changed' });
    const clerk = await signInAs(app, username);
    const role = await sql<{ code: string }>`select role_code as code from user_role
      where user_id = ${clerk.userId}`.execute(database.kysely);
    const accounts = { method: 'GET', url: '/api/accounts' } as const;
    expect((await app.inject(asUser(clerk, accounts))).statusCode).toBe(200);
    const emptied = await app.inject(asUser(admin, { method: 'PUT', url: `/api/roles/${role.rows[0]?.code}/permissions`, payload: { permissions: [] } }));
    expect(emptied.statusCode).toBe(200);
    expect((await app.inject(asUser(clerk, accounts))).statusCode).toBe(403);
    const moved = await app.inject(asUser(admin, { method: 'PATCH', url: `/api/users/${clerk.userId}`, payload: { roles: ['auditor'] } }));
    expect(moved.statusCode).toBe(200);
    expect((await app.inject(asUser(clerk, accounts))).statusCode).toBe(200);
  });

  it('signs out', async () => {
    const session = await signedIn(['auditor'], 'leaving.user');
    expect((await app.inject(asUser(session, { method: 'DELETE', url: '/api/session' }))).statusCode).toBe(204);
    expect((await app.inject(asUser(session, { method: 'GET', url: '/api/session' }))).statusCode).toBe(401);
  });
});

describe('the second factor', () => {
  it('asks for a code when enrolled, and accepts the current one', async () => {
    await userWithTotp(['finance_manager'], 'fm.totp');
    const withoutCode = await signInAs(app, 'fm.totp');
    expect(withoutCode.status).toBe(401);
    const wrongCode = await signInAs(app, 'fm.totp', TEST_PASSWORD, '000000');
    expect(wrongCode.status).toBe(401);
    const withCode = await signInAs(app, 'fm.totp', TEST_PASSWORD, currentTotpCode(SECRET, 'fm.totp'));
    expect(withCode.status).toBe(200);
  });

  it('holds a finance manager without one at enrollment until they set it up', async () => {
    const session = await signedIn(['finance_manager'], 'fm.new');
    const blocked = await app.inject(asUser(session, { method: 'GET', url: '/api/trial-balance' }));
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.details.reason).toBe('totp_enrollment_required');
    const setup = await app.inject(asUser(session, { method: 'POST', url: '/api/session/totp/setup' }));
    const { secret, uri } = setup.json<{ secret: string; uri: string }>();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const confirm = await app.inject(asUser(session, { method: 'POST', url: '/api/session/totp/confirm', payload: { code: currentTotpCode(secret, 'fm.new') } }));
    expect(confirm.statusCode).toBe(204);
    expect((await app.inject(asUser(session, { method: 'GET', url: '/api/trial-balance' }))).statusCode).toBe(200);
  });
});

describe('requests without the right', () => {
  it('refuses a state-changing request without the CSRF token', async () => {
    const session = await signedIn(['accountant'], 'csrf.user');
    const response = await app.inject({ method: 'POST', url: '/api/journal-entries/requests', headers: { cookie: session.cookie }, payload: {} });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details.reason).toBe('csrf');
  });

  it('answers a missing permission with 403 naming it, and audits the refusal', async () => {
    const cashier = await signedIn(['cashier'], 'cashier.one');
    const response = await app.inject(asUser(cashier, { method: 'GET', url: '/api/users' }));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details.permission).toBe('users.manage');
    const audit = await listAuditEvents(database.kysely, { actor: 'cashier.one', outcome: 'refused' });
    expect(audit.events[0]).toMatchObject({ action: 'http.get /api/users', details: { status: 403, permission: 'users.manage' } });
  });

  it('refuses a weak password, naming the field', async () => {
    await userWithTotp(['administrator'], 'admin.two');
    const admin = await signInAs(app, 'admin.two', TEST_PASSWORD, currentTotpCode(SECRET, 'admin.two'));
    for (const password of ['short', 'password1234', 'new.clerk-2026-x']) {
      const response = await app.inject(asUser(admin, { method: 'POST', url: '/api/users', payload: { username: 'new.clerk', displayName: 'New Clerk', password, roles: ['cashier'] } }));
      expect(response.statusCode, password).toBe(400);
      expect(response.json().error.details.field).toBe('password');
    }
  });
});

describe('maker-checker journal entries', () => {
  const entry = {
    entryDate: '2026-11-10',
    description: 'Correct misposted license revenue',
    lines: [
      { account: accounts.generalCash, debit: '250.00' },
      { account: accounts.licenseTax, credit: '250.00' },
    ],
  };

  it('posts an accountant’s entry only when another person approves it, naming both', async () => {
    const accountant = await signedIn(['accountant'], 'maker.one');
    await userWithTotp(['finance_manager'], 'checker.one');
    const manager = await signInAs(app, 'checker.one', TEST_PASSWORD, currentTotpCode(SECRET, 'checker.one'));
    const direct = await app.inject(asUser(accountant, { method: 'POST', url: '/api/journal-entries', headers: { 'idempotency-key': 'x1' }, payload: entry }));
    expect(direct.statusCode).toBe(403);
    const filed = await app.inject(asUser(accountant, { method: 'POST', url: '/api/journal-entries/requests', payload: entry }));
    expect(filed.statusCode).toBe(201);
    const request = filed.json<{ id: number; status: string }>();
    expect(request.status).toBe('pending');
    const ownApproval = await app.inject(asUser(accountant, { method: 'POST', url: `/api/approvals/${request.id}/approve`, payload: {} }));
    expect(ownApproval.statusCode).toBe(403);
    const before = await app.inject(asUser(manager, { method: 'GET', url: '/api/trial-balance?asOf=2026-11-30' }));
    const toDecide = await app.inject(asUser(manager, { method: 'GET', url: '/api/approvals?view=to_decide' }));
    expect(toDecide.json().requests.map((r: { id: number }) => r.id)).toContain(request.id);
    const approved = await app.inject(asUser(manager, { method: 'POST', url: `/api/approvals/${request.id}/approve`, payload: { comment: 'ok' } }));
    expect(approved.statusCode).toBe(200);
    const entryId = approved.json().result.entryId as number;
    const posted = await app.inject(asUser(manager, { method: 'GET', url: `/api/journal-entries/${entryId}` }));
    expect(posted.json()).toMatchObject({ enteredBy: 'maker.one', approvedBy: 'checker.one', approvalRequestId: request.id });
    const after = await app.inject(asUser(manager, { method: 'GET', url: '/api/trial-balance?asOf=2026-11-30' }));
    expect(after.json().totalDebitCents - before.json().totalDebitCents).toBe(25_000);
    const trail = await listAuditEvents(database.kysely, {});
    const actions = trail.events.map((event) => `${event.actorUsername} ${event.action} ${event.outcome}`);
    expect(actions).toEqual(expect.arrayContaining([
      'maker.one approvals.request success',
      'maker.one http.post /api/approvals/:id/approve refused',
      'checker.one approvals.approve success',
      'checker.one ledger.post_entry success',
    ]));
  });

  it('refuses a finance manager approving their own request, and requires a reason to reject', async () => {
    await userWithTotp(['finance_manager'], 'checker.two');
    const manager = await signInAs(app, 'checker.two', TEST_PASSWORD, currentTotpCode(SECRET, 'checker.two'));
    const filed = await app.inject(asUser(manager, { method: 'POST', url: '/api/journal-entries/requests', payload: entry }));
    const id = filed.json().id as number;
    const own = await app.inject(asUser(manager, { method: 'POST', url: `/api/approvals/${id}/approve`, payload: {} }));
    expect(own.statusCode).toBe(403);
    expect(own.json().error.details.reason).toBe('own_request');
    await userWithTotp(['finance_manager'], 'checker.three');
    const other = await signInAs(app, 'checker.three', TEST_PASSWORD, currentTotpCode(SECRET, 'checker.three'));
    const noReason = await app.inject(asUser(other, { method: 'POST', url: `/api/approvals/${id}/reject`, payload: { comment: ' ' } }));
    expect(noReason.statusCode).toBe(400);
    const rejected = await app.inject(asUser(other, { method: 'POST', url: `/api/approvals/${id}/reject`, payload: { comment: 'Wrong fund' } }));
    expect(rejected.json()).toMatchObject({ status: 'rejected', decidedBy: 'checker.three', decisionComment: 'Wrong fund' });
  });

  it('refuses to file an entry that could not post (unbalanced), writing no request', async () => {
    const accountant = await signedIn(['accountant'], 'maker.two');
    const response = await app.inject(asUser(accountant, { method: 'POST', url: '/api/journal-entries/requests', payload: { ...entry, lines: [entry.lines[0], { account: accounts.licenseTax, credit: '249.99' }] } }));
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('unbalanced_entry');
  });
});

describe('the audit trail', () => {
  it('is append-only, and verify names a row altered behind its back', async () => {
    await expect(database.exec(`update audit_log set action = 'tampered' where id = (select min(id) from audit_log)`)).rejects.toThrow(/append-only/);
    expect(await findAuditChainViolations(database.kysely)).toEqual([]);
    const target = (await sql<{ id: number }>`select id from audit_log order by id limit 1 offset 3`.execute(database.kysely)).rows[0]?.id;
    await database.exec(`alter table audit_log disable trigger audit_log_append_only;
      update audit_log set actor_username = 'someone.else' where id = ${target};
      alter table audit_log enable trigger audit_log_append_only;`);
    const violations = await findAuditChainViolations(database.kysely);
    expect(violations.map((violation) => violation.id)).toContain(target);
    expect(violations.find((violation) => violation.id === target)?.problem).toMatch(/altered/);
  });
});
