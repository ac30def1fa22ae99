/**
 * Signing in and out, and resolving a session cookie to a Principal on every request.
 *
 * - The cookie holds a random 256-bit token; the database keeps only its SHA-256.
 * - Sessions end after idle time (default 30 min) and absolutely (default 12 h); a disabled user's
 *   sessions end at once (and a disabled user is refused even with a live session).
 * - Throttling: too many failures for one user name or one address in 15 minutes pauses sign-in
 *   for that name or address, whatever the password. The message never says which part was wrong.
 * - A user whose role requires a second factor gives a TOTP code at sign-in; one who has not
 *   enrolled yet gets a session that can only enroll (and sign out).
 * Errors: unauthenticated (generic), totp_required, rate_limited, invalid_input.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { getSettings, settingDefinitions } from '../settings/index.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import {
  clearFailures,
  countRecentFailures,
  endSession,
  findSessionForRequest,
  findUserById,
  findUserByUsername,
  insertSession,
  markSessionTotpVerified,
  permissionsOfRoles,
  recordFailure,
  rolesRequireTotp,
  touchSession,
} from './store.js';
import { inAccessTransaction, sessionCacheOf, type ResolvedSession } from './session-cache.js';
import { isValidTotpCode, newTotpSecret, totpUri } from './totp.js';
import { sql } from 'kysely';

const THROTTLE_WINDOW_MINUTES = 15;

export interface SignInRequest {
  username: string;
  password: string;
  totpCode?: string | null;
  ip: string;
  userAgent: string | null;
}

export interface SessionContext {
  principal: Principal;
  displayName: string;
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
  /** True when the user must enroll a second factor before doing anything else. */
  mustEnrollTotp: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const genericFailure = () =>
  new AppError('unauthenticated', 'The user name or password is not right, or the account is not active', {});

export async function signIn(database: Database, request: SignInRequest): Promise<{ token: string; session: SessionContext }> {
  const username = String(request.username ?? '').trim().toLowerCase();
  const settings = await getSettings(database.kysely);
  const failures = await countRecentFailures(database.kysely, { username, ip: request.ip, sinceMinutes: THROTTLE_WINDOW_MINUTES });
  const actor = { userId: null, username: username || '(blank)', via: 'api' as const, ip: request.ip, ...(request.userAgent ? { userAgent: request.userAgent } : {}) };
  if (failures.byUser >= settings['access.sign_in_failures_per_user'] || failures.byIp >= settings['access.sign_in_failures_per_ip']) {
    await inTransaction(database, (tx) => recordAudit(tx, { actor, action: 'access.sign_in', outcome: 'refused', details: { reason: 'throttled' } }));
    throw new AppError('rate_limited', `Too many failed sign-ins. Wait ${THROTTLE_WINDOW_MINUTES} minutes and try again, or ask an administrator.`, { retryAfterSeconds: THROTTLE_WINDOW_MINUTES * 60 });
  }
  const user = username ? await findUserByUsername(database.kysely, username) : undefined;
  const isPasswordRight = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), String(request.password ?? ''));
  if (!user || !isPasswordRight || user.isDisabled) {
    await inTransaction(database, async (tx) => {
      await recordFailure(tx, username, request.ip);
      await recordAudit(tx, { actor: { ...actor, userId: user?.id ?? null }, action: 'access.sign_in', outcome: 'refused',
        details: { reason: !user ? 'unknown user' : user.isDisabled ? 'disabled' : 'wrong password' } });
    });
    throw genericFailure();
  }
  const needsTotp = await rolesRequireTotp(database.kysely, user.roles);
  let isTotpVerified = false;
  if (user.isTotpEnabled && user.totpSecret) {
    if (!request.totpCode) {
      throw new AppError('totp_required', 'Enter the 6-digit code from your authenticator app', {});
    }
    if (!isValidTotpCode(user.totpSecret, user.username, request.totpCode)) {
      await inTransaction(database, async (tx) => {
        await recordFailure(tx, username, request.ip);
        await recordAudit(tx, { actor: { ...actor, userId: user.id }, action: 'access.sign_in', outcome: 'refused', details: { reason: 'wrong second-factor code' } });
      });
      throw new AppError('totp_required', 'That code is not right; enter the current 6-digit code', { field: 'totpCode' });
    }
    isTotpVerified = true;
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const tokenHash = hashToken(token);
  const expiresAt = new Date(Date.now() + settings['access.session_absolute_hours'] * 3_600_000);
  await inTransaction(database, async (tx) => {
    await clearFailures(tx, username);
    await insertSession(tx, { tokenHash, userId: user.id, csrfToken, expiresAt, ip: request.ip, userAgent: request.userAgent, isTotpVerified });
    await recordAudit(tx, { actor: { ...actor, userId: user.id, username: user.username }, action: 'access.sign_in', entityType: 'user', entityId: user.id,
      details: { secondFactor: isTotpVerified, mustEnrollTotp: needsTotp && !user.isTotpEnabled } });
  });
  const session = await resolveSession(database, token, { ip: request.ip, userAgent: request.userAgent });
  if (!session) throw genericFailure();
  return { token, session };
}

/**
 * Reads the session behind a cookie; null when missing, ended, expired, idle or disabled. What the
 * database says is remembered for a few seconds (session-cache.ts); expiry is checked every time.
 */
export async function resolveSession(
  database: Database,
  token: string | undefined,
  where: { ip: string; userAgent: string | null },
): Promise<SessionContext | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const cache = sessionCacheOf(database);
  const now = Date.now();
  const session = cache.get(tokenHash, now) ?? (await readSession(database, tokenHash));
  if (!session) return null;
  const idleMs = session.idleMinutes * 60_000;
  const reason =
    session.expiresAt.getTime() <= now ? 'expired'
    : session.lastSeenAt.getTime() + idleMs <= now ? 'idle'
    : session.isUserActive ? null
    : 'disabled';
  if (reason) {
    cache.forget(tokenHash);
    await endSession(database.kysely, tokenHash, reason);
    return null;
  }
  // Writing last_seen_at on every request would make every read a write; once a minute is enough.
  if (now - session.lastSeenAt.getTime() > 60_000) {
    await touchSession(database.kysely, tokenHash);
    session.lastSeenAt = new Date(now);
  }
  return {
    principal: {
      userId: session.userId,
      username: session.username,
      via: 'api',
      ip: where.ip,
      ...(where.userAgent ? { userAgent: where.userAgent } : {}),
      roles: session.roles,
      permissions: new Set(session.permissions),
    },
    displayName: session.displayName,
    tokenHash,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    idleExpiresAt: new Date(Math.min(session.expiresAt.getTime(), now + idleMs)),
    mustEnrollTotp: session.mustEnrollTotp,
  };
}

/** One round trip; the result is remembered unless an access write happened meanwhile. */
async function readSession(database: Database, tokenHash: string): Promise<ResolvedSession | null> {
  const cache = sessionCacheOf(database);
  const generation = cache.generation;
  const readAtMs = Date.now();
  const row = await findSessionForRequest(database.kysely, tokenHash);
  if (!row || row.endedAt) return null;
  const isUserActive = row.username !== null && row.isDisabled === false;
  const mustEnrollTotp = row.rolesRequireTotp && row.isTotpEnabled !== true;
  const idleDefinition = settingDefinitions['access.session_idle_minutes'];
  const session: ResolvedSession = {
    tokenHash,
    userId: row.userId,
    username: row.username ?? '',
    displayName: row.displayName ?? '',
    csrfToken: row.csrfToken,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    idleMinutes: typeof row.idleMinutesSetting === 'number' ? row.idleMinutesSetting : idleDefinition.default,
    roles: row.roles,
    permissions: mustEnrollTotp ? [] : row.permissions,
    mustEnrollTotp,
    isUserActive,
  };
  if (isUserActive) cache.set(session, generation, readAtMs);
  return session;
}

export async function signOut(database: Database, session: SessionContext): Promise<void> {
  await inAccessTransaction(database, async (tx) => {
    await endSession(tx, session.tokenHash, 'signed out');
    await recordAudit(tx, { actor: session.principal, action: 'access.sign_out', entityType: 'user', entityId: session.principal.userId });
  });
}

/** Starts enrolling a second factor: stores a new secret (not yet active) and returns it. */
export async function beginTotpEnrollment(database: Database, session: SessionContext): Promise<{ secret: string; uri: string }> {
  const userId = session.principal.userId as number;
  const user = await findUserById(database.kysely, userId);
  if (!user) throw genericFailure();
  if (user.isTotpEnabled) throw new AppError('conflict', 'A second factor is already set up; ask an administrator to reset it', {});
  const secret = newTotpSecret();
  await inAccessTransaction(database, async (tx) => {
    await sql`update app_user set totp_secret = ${secret}, updated_at = now() where id = ${userId}`.execute(tx);
    await recordAudit(tx, { actor: session.principal, action: 'access.begin_totp_enrollment', entityType: 'user', entityId: userId });
  });
  return { secret, uri: totpUri(secret, user.username) };
}

export async function confirmTotpEnrollment(database: Database, options: { session: SessionContext; code: string }): Promise<void> {
  const userId = options.session.principal.userId as number;
  const user = await findUserById(database.kysely, userId);
  if (!user?.totpSecret || user.isTotpEnabled) throw new AppError('conflict', 'Start the second-factor set-up first', {});
  if (!isValidTotpCode(user.totpSecret, user.username, options.code)) {
    throw new AppError('invalid_input', 'code: that code is not right; enter the current 6-digit code', { field: 'code' });
  }
  await inAccessTransaction(database, async (tx) => {
    await sql`update app_user set is_totp_enabled = true, updated_at = now() where id = ${userId}`.execute(tx);
    await markSessionTotpVerified(tx, options.session.tokenHash);
    await recordAudit(tx, { actor: options.session.principal, action: 'access.enable_totp', entityType: 'user', entityId: userId });
  });
}

/** The principal a user name stands for (the CLI's --as); null when unknown or disabled. */
export async function loadPrincipal(
  database: Database,
  username: string,
  via: Principal['via'],
): Promise<Principal | null> {
  const user = await findUserByUsername(database.kysely, username);
  if (!user || user.isDisabled) return null;
  return {
    userId: user.id,
    username: user.username,
    via,
    roles: user.roles,
    permissions: new Set(await permissionsOfRoles(database.kysely, user.roles)),
  };
}
