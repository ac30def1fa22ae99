/**
 * Staff users: an administrator creates them, assigns roles, disables them (cut off at once: their
 * sessions end) and resets passwords. Every change is audited with before and after.
 * Errors: invalid_input, not_found, conflict, forbidden.
 */
import { sql } from 'kysely';
import { hasPermission, type Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { inAccessTransaction } from './session-cache.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import {
  endUserSessions,
  existingRoleCodes,
  findUserById,
  listUserRows,
  setUserRoles,
  type UserRow,
} from './store.js';

export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  isDisabled: boolean;
  isTotpEnabled: boolean;
  roles: string[];
  createdAt: string;
  passwordChangedAt: string;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    isDisabled: row.isDisabled,
    isTotpEnabled: row.isTotpEnabled,
    roles: row.roles,
    createdAt: row.createdAt.toISOString(),
    passwordChangedAt: row.passwordChangedAt.toISOString(),
  };
}

function requireUsersManage(principal: Principal): void {
  if (!hasPermission(principal, 'users.manage')) {
    throw new AppError('forbidden', 'Managing users needs the permission users.manage', { permission: 'users.manage' });
  }
}

export async function listUsers(db: Executor): Promise<User[]> {
  return (await listUserRows(db)).map(toUser);
}

export async function getUser(db: Executor, id: number): Promise<User> {
  const row = await findUserById(db, id);
  if (!row) throw notFound('user', id);
  return toUser(row);
}

export interface NewUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  roles: string[];
}

function normalizeUsername(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,62}$/i.test(value.trim())) {
    throw invalidInput('username', 'use 2 to 63 letters, digits, dots, dashes or underscores');
  }
  return value.trim().toLowerCase();
}

async function checkRoles(db: Executor, roles: unknown): Promise<string[]> {
  if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) {
    throw invalidInput('roles', 'a list of role codes is required');
  }
  const known = await existingRoleCodes(db);
  const unknown = roles.filter((role: string) => !known.has(role));
  if (unknown.length > 0) throw invalidInput('roles', `unknown role(s): ${unknown.join(', ')}`);
  return [...new Set(roles as string[])].sort();
}

export async function createUser(database: Database, options: { input: NewUserInput; principal: Principal }): Promise<User> {
  requireUsersManage(options.principal);
  const username = normalizeUsername(options.input.username);
  const displayName = options.input.displayName?.trim();
  if (!displayName) throw invalidInput('displayName', 'is required');
  const password = checkPasswordPolicy(options.input.password, username);
  const passwordHash = await hashPassword(password);
  return inTransaction(database, async (tx) => {
    const roles = await checkRoles(tx, options.input.roles);
    const inserted = await sql<{ id: number }>`insert into app_user (username, display_name, email, password_hash)
      values (${username}, ${displayName}, ${options.input.email?.trim() || null}, ${passwordHash})
      on conflict (username) do nothing returning id`.execute(tx);
    const id = inserted.rows[0]?.id;
    if (id === undefined) throw new AppError('conflict', `The user name ${username} is taken`, { field: 'username' });
    await setUserRoles(tx, id, roles);
    const user = await getUser(tx, id);
    await recordAudit(tx, { actor: options.principal, action: 'access.create_user', entityType: 'user', entityId: id, after: user });
    return user;
  });
}

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  roles?: string[];
  isDisabled?: boolean;
}

export async function updateUser(database: Database, options: { userId: number; changes: UserChanges; principal: Principal }): Promise<User> {
  requireUsersManage(options.principal);
  const { changes, principal } = options;
  if (changes.displayName !== undefined && !changes.displayName.trim()) throw invalidInput('displayName', 'must not be empty');
  if (options.userId === principal.userId && changes.isDisabled === true) {
    throw invalidInput('isDisabled', 'you cannot disable your own account');
  }
  return inAccessTransaction(database, async (tx) => {
    const before = await getUser(tx, options.userId);
    if (changes.roles !== undefined) {
      const roles = await checkRoles(tx, changes.roles);
      if (options.userId === principal.userId && before.roles.includes('administrator') && !roles.includes('administrator')) {
        throw invalidInput('roles', 'you cannot remove the administrator role from yourself');
      }
      await setUserRoles(tx, options.userId, roles);
    }
    await sql`update app_user set display_name = ${changes.displayName?.trim() ?? before.displayName},
        email = ${changes.email === undefined ? before.email : changes.email?.trim() || null},
        is_disabled = ${changes.isDisabled ?? before.isDisabled}, updated_at = now()
      where id = ${options.userId}`.execute(tx);
    if (changes.isDisabled === true) {
      // A disabled user is cut off at once. (Changed roles apply at the next request in this
      // process, which forgets resolved sessions after this commits; elsewhere within seconds.)
      await endUserSessions(tx, options.userId, 'disabled');
    }
    const after = await getUser(tx, options.userId);
    await recordAudit(tx, { actor: principal, action: 'access.update_user', entityType: 'user', entityId: options.userId, before, after });
    return after;
  });
}

export async function resetPassword(database: Database, options: { userId: number; newPassword: string; principal: Principal }): Promise<User> {
  requireUsersManage(options.principal);
  const target = await getUser(database.kysely, options.userId);
  const password = checkPasswordPolicy(options.newPassword, target.username, 'newPassword');
  const passwordHash = await hashPassword(password);
  return inAccessTransaction(database, async (tx) => {
    await sql`update app_user set password_hash = ${passwordHash}, password_changed_at = now(), updated_at = now()
      where id = ${options.userId}`.execute(tx);
    await endUserSessions(tx, options.userId, 'password reset');
    await recordAudit(tx, { actor: options.principal, action: 'access.reset_password', entityType: 'user', entityId: options.userId });
    return getUser(tx, options.userId);
  });
}

/** Turns off a user's second factor (a lost phone); they enroll again at their next sign-in. */
export async function resetTotp(database: Database, options: { userId: number; principal: Principal }): Promise<User> {
  requireUsersManage(options.principal);
  return inAccessTransaction(database, async (tx) => {
    await getUser(tx, options.userId);
    await sql`update app_user set totp_secret = null, is_totp_enabled = false, updated_at = now() where id = ${options.userId}`.execute(tx);
    await endUserSessions(tx, options.userId, 'second factor reset');
    await recordAudit(tx, { actor: options.principal, action: 'access.reset_totp', entityType: 'user', entityId: options.userId });
    return getUser(tx, options.userId);
  });
}

export async function changeOwnPassword(
  database: Database,
  options: { principal: Principal; currentPassword: string; newPassword: string },
): Promise<void> {
  const userId = options.principal.userId;
  if (userId === null) throw new AppError('forbidden', 'Only a signed-in user can change their password', {});
  const row = await findUserById(database.kysely, userId);
  if (!row) throw notFound('user', userId);
  if (!(await verifyPassword(row.passwordHash, options.currentPassword ?? ''))) {
    throw invalidInput('currentPassword', 'is not your current password');
  }
  const password = checkPasswordPolicy(options.newPassword, row.username, 'newPassword');
  const passwordHash = await hashPassword(password);
  await inAccessTransaction(database, async (tx) => {
    await sql`update app_user set password_hash = ${passwordHash}, password_changed_at = now(), updated_at = now()
      where id = ${userId}`.execute(tx);
    await recordAudit(tx, { actor: options.principal, action: 'access.change_own_password', entityType: 'user', entityId: userId });
  });
}
