/**
 * Roles are editable sets of permissions. The built-in ones are seeded from permissions.ts on
 * migrate (existing permissions are left as the administrator set them).
 * Errors: invalid_input, not_found, forbidden.
 */
import { sql } from 'kysely';
import { hasPermission, type Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Database, Executor } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { inAccessTransaction } from './session-cache.js';
import { builtinRoles, permissionCatalog, type Permission } from './permissions.js';

export interface Role {
  code: string;
  name: string;
  description: string;
  requiresTotp: boolean;
  isBuiltin: boolean;
  permissions: string[];
}

export async function listRoles(db: Executor): Promise<Role[]> {
  const result = await sql<Role>`select r.code, r.name, r.description, r.requires_totp as "requiresTotp",
      r.is_builtin as "isBuiltin",
      coalesce((select array_agg(p.permission order by p.permission) from role_permission p
        where p.role_code = r.code), '{}') as permissions
    from role r order by r.name`.execute(db);
  return result.rows;
}

export function listPermissions(): Array<{ code: Permission; description: string }> {
  return Object.entries(permissionCatalog).map(([code, description]) => ({ code: code as Permission, description }));
}

/** Creates missing built-in roles with their default permissions. Idempotent. */
export async function ensureBuiltinRoles(db: Executor): Promise<void> {
  for (const role of builtinRoles) {
    const inserted = await sql<{ code: string }>`insert into role (code, name, description, requires_totp, is_builtin)
      values (${role.code}, ${role.name}, ${role.description}, ${role.requiresTotp}, true)
      on conflict (code) do nothing returning code`.execute(db);
    if (inserted.rows.length > 0 && role.permissions.length > 0) {
      await sql`insert into role_permission (role_code, permission)
        select ${role.code}, p from unnest(${role.permissions}::text[]) as t(p)`.execute(db);
    }
  }
}

export async function setRolePermissions(
  database: Database,
  options: { roleCode: string; permissions: string[]; principal: Principal },
): Promise<Role> {
  if (!hasPermission(options.principal, 'roles.manage')) {
    throw new AppError('forbidden', 'Changing roles needs the permission roles.manage', { permission: 'roles.manage' });
  }
  const unknown = options.permissions.filter((permission) => !Object.hasOwn(permissionCatalog, permission));
  if (unknown.length > 0) throw invalidInput('permissions', `unknown permission(s): ${unknown.join(', ')}`);
  const permissions = [...new Set(options.permissions)].sort();
  if (options.roleCode === 'administrator' && !(permissions.includes('users.manage') && permissions.includes('roles.manage'))) {
    throw invalidInput('permissions', 'the administrator role keeps users.manage and roles.manage, or nobody could fix roles again');
  }
  return inAccessTransaction(database, async (tx) => {
    const before = (await listRoles(tx)).find((role) => role.code === options.roleCode);
    if (!before) throw notFound('role', options.roleCode);
    await sql`delete from role_permission where role_code = ${options.roleCode}`.execute(tx);
    if (permissions.length > 0) {
      await sql`insert into role_permission (role_code, permission)
        select ${options.roleCode}, p from unnest(${permissions}::text[]) as t(p)`.execute(tx);
    }
    const after = (await listRoles(tx)).find((role) => role.code === options.roleCode) as Role;
    await recordAudit(tx, { actor: options.principal, action: 'access.set_role_permissions', entityType: 'role', entityId: options.roleCode, before, after });
    return after;
  });
}
