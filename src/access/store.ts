/** The access module's I/O: users, roles, sessions, sign-in failures. */
import { sql } from 'kysely';
import { prepared, type Executor } from '../shared/db.js';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  isDisabled: boolean;
  totpSecret: string | null;
  isTotpEnabled: boolean;
  roles: string[];
  createdAt: Date;
  passwordChangedAt: Date;
}

const userColumns = sql`u.id, u.username, u.display_name as "displayName", u.email,
  u.password_hash as "passwordHash", u.is_disabled as "isDisabled", u.totp_secret as "totpSecret",
  u.is_totp_enabled as "isTotpEnabled", u.created_at as "createdAt",
  u.password_changed_at as "passwordChangedAt",
  coalesce((select array_agg(r.role_code order by r.role_code) from user_role r where r.user_id = u.id),
    '{}') as roles`;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const result = await sql<UserRow>`select ${userColumns} from app_user u where u.username = ${username.toLowerCase()}`.execute(db);
  return result.rows[0];
}

export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  const result = await sql<UserRow>`select ${userColumns} from app_user u where u.id = ${id}`.execute(db);
  return result.rows[0];
}

export async function listUserRows(db: Executor): Promise<UserRow[]> {
  const result = await sql<UserRow>`select ${userColumns} from app_user u order by u.username`.execute(db);
  return result.rows;
}

export async function permissionsOfRoles(db: Executor, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const result = await sql<{ permission: string }>`select distinct permission from role_permission
    where role_code = any(${[...roles]}::text[]) order by permission`.execute(db);
  return result.rows.map((row) => row.permission);
}

export async function rolesRequireTotp(db: Executor, roles: readonly string[]): Promise<boolean> {
  if (roles.length === 0) return false;
  const result = await sql<{ required: boolean }>`select coalesce(bool_or(requires_totp), false) as required
    from role where code = any(${[...roles]}::text[])`.execute(db);
  return result.rows[0]?.required ?? false;
}

export async function setUserRoles(db: Executor, userId: number, roles: readonly string[]): Promise<void> {
  await sql`delete from user_role where user_id = ${userId}`.execute(db);
  if (roles.length > 0) {
    await sql`insert into user_role (user_id, role_code) select ${userId}, code
      from unnest(${[...roles]}::text[]) as t(code)`.execute(db);
  }
}

export async function existingRoleCodes(db: Executor): Promise<Set<string>> {
  const result = await sql<{ code: string }>`select code from role`.execute(db);
  return new Set(result.rows.map((row) => row.code));
}

export async function countRecentFailures(db: Executor, options: { username: string; ip: string; sinceMinutes: number }): Promise<{ byUser: number; byIp: number }> {
  const result = await sql<{ byUser: number; byIp: number }>`select
      (select count(*) from sign_in_failure where username = ${options.username}
        and occurred_at > now() - make_interval(mins => ${options.sinceMinutes}))::bigint as "byUser",
      (select count(*) from sign_in_failure where ip = ${options.ip}
        and occurred_at > now() - make_interval(mins => ${options.sinceMinutes}))::bigint as "byIp"`.execute(db);
  return result.rows[0] ?? { byUser: 0, byIp: 0 };
}

export async function recordFailure(db: Executor, username: string, ip: string): Promise<void> {
  await sql`insert into sign_in_failure (username, ip) values (${username}, ${ip})`.execute(db);
}

export async function clearFailures(db: Executor, username: string): Promise<void> {
  await sql`delete from sign_in_failure where username = ${username}`.execute(db);
}

export async function insertSession(db: Executor, session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null; isTotpVerified: boolean }): Promise<void> {
  await sql`insert into user_session (token_hash, user_id, csrf_token, expires_at, ip, user_agent, is_totp_verified)
    values (${session.tokenHash}, ${session.userId}, ${session.csrfToken}, ${session.expiresAt}, ${session.ip},
      ${session.userAgent}, ${session.isTotpVerified})`.execute(db);
}

export async function touchSession(db: Executor, tokenHash: string): Promise<void> {
  await sql`update user_session set last_seen_at = now() where token_hash = ${tokenHash}`.execute(db);
}

export async function endSession(db: Executor, tokenHash: string, reason: string): Promise<void> {
  await sql`update user_session set ended_at = now(), end_reason = ${reason}
    where token_hash = ${tokenHash} and ended_at is null`.execute(db);
}

export async function endUserSessions(db: Executor, userId: number, reason: string): Promise<void> {
  await sql`update user_session set ended_at = now(), end_reason = ${reason}
    where user_id = ${userId} and ended_at is null`.execute(db);
}

export async function markSessionTotpVerified(db: Executor, tokenHash: string): Promise<void> {
  await sql`update user_session set is_totp_verified = true where token_hash = ${tokenHash}`.execute(db);
}

export interface SessionResolutionRow {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  /** Null when the user row is missing. */
  username: string | null;
  displayName: string | null;
  isDisabled: boolean | null;
  isTotpEnabled: boolean | null;
  roles: string[];
  rolesRequireTotp: boolean;
  permissions: string[];
  /** The idle-minutes setting as stored (jsonb), or null when left at its default. */
  idleMinutesSetting: unknown;
}

/**
 * Everything a request's session check needs, in one round trip: the session, its user, the
 * user's roles, whether any of them requires a second factor, their permissions, and the idle
 * limit setting.
 */
export async function findSessionForRequest(db: Executor, tokenHash: string): Promise<SessionResolutionRow | undefined> {
  const result = await sql<SessionResolutionRow>`${prepared}select s.token_hash as "tokenHash", s.user_id as "userId",
      s.csrf_token as "csrfToken", s.last_seen_at as "lastSeenAt", s.expires_at as "expiresAt",
      s.ended_at as "endedAt", u.username, u.display_name as "displayName",
      u.is_disabled as "isDisabled", u.is_totp_enabled as "isTotpEnabled",
      coalesce((select array_agg(ur.role_code order by ur.role_code) from user_role ur
        where ur.user_id = s.user_id), '{}') as roles,
      coalesce((select bool_or(r.requires_totp) from user_role ur join role r on r.code = ur.role_code
        where ur.user_id = s.user_id), false) as "rolesRequireTotp",
      coalesce((select array_agg(distinct p.permission order by p.permission) from user_role ur
        join role_permission p on p.role_code = ur.role_code where ur.user_id = s.user_id), '{}') as permissions,
      (select st.value from setting st where st.key = 'access.session_idle_minutes') as "idleMinutesSetting"
    from user_session s left join app_user u on u.id = s.user_id
    where s.token_hash = ${tokenHash}`.execute(db);
  return result.rows[0];
}
