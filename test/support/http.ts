/**
 * Signed-in HTTP calls for API tests: creates a staff user (with built-in roles, or a test role
 * holding exactly the permissions asked for), signs in through POST /api/session, and returns the
 * cookie and CSRF token to send with each request.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { hashPassword } from '../../src/access/index.js';
import type { Database } from '../../src/shared/db.js';

export const TEST_PASSWORD = 'correct horse battery staple 2026';
let passwordHash: Promise<string> | undefined;

export interface TestSession {
  username: string;
  userId: number;
  cookie: string;
  csrfToken: string;
}

/** A user with the given roles, or (with `permissions`) a fresh role holding exactly those. */
export async function createTestUser(
  database: Database,
  options: { roles?: string[]; permissions?: string[]; username?: string },
): Promise<{ userId: number; username: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = options.username ?? `user_${randomBytes(4).toString('hex')}`;
  const roles = [...(options.roles ?? [])];
  const hash = await passwordHash;
  return database.kysely.transaction().execute(async (tx) => {
    if (options.permissions) {
      const role = `test_${randomBytes(5).toString('hex').replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)] ?? 'g')}`;
      await sql`insert into role (code, name) values (${role}, ${role})`.execute(tx);
      if (options.permissions.length > 0) {
        await sql`insert into role_permission (role_code, permission)
          select ${role}, p from unnest(${options.permissions}::text[]) as t(p)`.execute(tx);
      }
      roles.push(role);
    }
    const inserted = await sql<{ id: number }>`insert into app_user (username, display_name, password_hash)
      values (${username}, ${username}, ${hash}) returning id`.execute(tx);
    const userId = inserted.rows[0]?.id as number;
    if (roles.length > 0) {
      await sql`insert into user_role (user_id, role_code) select ${userId}, r
        from unnest(${roles}::text[]) as t(r)`.execute(tx);
    }
    return { userId, username };
  });
}

export async function signInAs(app: FastifyInstance, username: string, password = TEST_PASSWORD, totpCode?: string): Promise<TestSession & { status: number }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password, ...(totpCode ? { totpCode } : {}) },
  });
  const setCookie = response.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const cookie = raw ? raw.split(';')[0] ?? '' : '';
  const body = response.statusCode === 200 ? response.json<{ csrfToken: string; user: { id: number } }>() : null;
  return { status: response.statusCode, username, userId: body?.user.id ?? 0, cookie, csrfToken: body?.csrfToken ?? '' };
}

/** Creates a user with exactly these permissions (or roles) and signs them in. */
export async function testSession(
  app: FastifyInstance,
  database: Database,
  options: { roles?: string[]; permissions?: string[] },
): Promise<TestSession> {
  const { username } = await createTestUser(database, options);
  const session = await signInAs(app, username);
  if (session.status !== 200) throw new Error(`test sign-in failed with ${session.status}`);
  return session;
}

/** Adds the session's cookie and CSRF token to an inject call. */
export function asUser(session: TestSession | null, options: InjectOptions): InjectOptions {
  if (!session) return options;
  return {
    ...options,
    headers: { ...(options.headers ?? {}), cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  };
}

/** A response read the way API tests read it. */
export interface Answer<Body> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  /** The JSON body (throws for a non-JSON response, failing the test). */
  readonly body: Body;
  readonly error: { code: string; message: string; details: Record<string, unknown> };
}

/** Calls the app as the signed-in session (both looked up at call time, after beforeAll). */
export function callerFor(current: () => { app: FastifyInstance; session: TestSession | null }) {
  return async function call<Body = unknown>(options: InjectOptions): Promise<Answer<Body>> {
    const { app, session } = current();
    const response = await app.inject(asUser(session, options));
    return {
      status: response.statusCode,
      headers: response.headers,
      text: response.body,
      get body() {
        return response.json<Body>();
      },
      get error() {
        return response.json<{ error: Answer<Body>['error'] }>().error;
      },
    };
  };
}
