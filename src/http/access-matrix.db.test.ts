/**
 * Deny by default, proven: every API route, called by every built-in role (and by nobody),
 * is allowed exactly when the role holds the permission the route declares. A route without a
 * declared permission fails here (and cannot even start the server).
 * Path parameters point at things that do not exist and bodies are empty, so allowed calls answer
 * 400/404 and change nothing; what matters is that allowed never means 401/403 and denied always does.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRoles, currentTotpCode, PUBLIC, SIGNED_IN } from '../access/index.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser, signInAs, type TestSession } from '../../test/support/http.js';
import { seedLedger, testClock } from '../../test/support/ledger-fixtures.js';
import { buildServer } from './index.js';
import { acceptedPermissions, routesOf, type DeclaredRoute } from './permissions.js';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let database: Database;
let app: FastifyInstance;
const sessions = new Map<string, TestSession>();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  for (const role of builtinRoles) {
    const { username, userId } = await createTestUser(database, { roles: [role.code], username: `matrix_${role.code}` });
    if (role.requiresTotp) {
      await sql`update app_user set totp_secret = ${TOTP_SECRET}, is_totp_enabled = true where id = ${userId}`.execute(database.kysely);
    }
    const session = await signInAs(app, username, undefined, role.requiresTotp ? currentTotpCode(TOTP_SECRET, username) : undefined);
    expect(session.status, `sign-in as ${role.code}`).toBe(200);
    sessions.set(role.code, session);
  }
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function concreteUrl(url: string): string {
  return url
    .replace(':code', '999-9999-99999')
    .replace(':key', 'not-a-period')
    .replace(':fy', '1800')
    .replace(/:[a-zA-Z]+/g, '999999');
}

async function call(route: DeclaredRoute, session: TestSession | undefined): Promise<number> {
  const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
  const response = await app.inject({
    method: route.method as 'GET',
    url: concreteUrl(route.url),
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      ...(isWrite ? { 'content-type': 'application/json' } : {}),
    },
    ...(isWrite ? { payload: '{}' } : {}),
  });
  return response.statusCode;
}

describe('every route against every role', () => {
  it('has a permission declared on every route', () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((route) => route.permission === undefined)).toEqual([]);
  });

  it('allows a role exactly the routes its permissions cover, and nobody the private ones', async () => {
    // Signing out ends the session, so it goes last.
    const routes = routesOf(app)
      .filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'))
      .sort((a, b) => Number(a.method === 'DELETE' && a.url === '/api/session') - Number(b.method === 'DELETE' && b.url === '/api/session'));
    const wrong: string[] = [];
    for (const route of routes) {
      const anonymous = await call(route, undefined);
      if (route.permission !== PUBLIC && anonymous !== 401) wrong.push(`anonymous ${route.method} ${route.url}: ${anonymous}`);
      for (const role of builtinRoles) {
        const status = await call(route, sessions.get(role.code));
        const isAllowed =
          route.permission === PUBLIC ||
          route.permission === SIGNED_IN ||
          acceptedPermissions(route.permission ?? []).some((name) => (role.permissions as readonly string[]).includes(name));
        const isDenied = status === 401 || status === 403;
        if (isAllowed === isDenied) wrong.push(`${role.code} ${route.method} ${route.url}: ${status} (${isAllowed ? 'should be allowed' : 'should be denied'})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
