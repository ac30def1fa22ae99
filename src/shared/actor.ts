/**
 * Who is acting, and from where. Every write records it. Staff sign-in (a later module) fills in
 * a user; the CLI acts as a named user or as `system`.
 */
export interface Actor {
  /** The user's id once staff accounts exist; null for the system and for anonymous callers. */
  userId: number | null;
  username: string;
  via: 'api' | 'cli' | 'system' | 'test';
  ip?: string;
  userAgent?: string;
}

export const systemActor: Actor = { userId: null, username: 'system', via: 'system' };

export function cliActor(username = 'system'): Actor {
  return { userId: null, username, via: 'cli' };
}

/**
 * A signed-in person (or the CLI's named user) with the permissions of their roles. Use cases that
 * take a Principal check what they need themselves too: the server never trusts the screen.
 */
export interface Principal extends Actor {
  roles: readonly string[];
  permissions: ReadonlySet<string>;
}

/** The command line's `system` user: the machine's operator, with every permission. */
export function systemPrincipal(via: Actor['via'] = 'cli'): Principal {
  return { userId: null, username: 'system', via, roles: ['system'], permissions: new Set(['*']) };
}

export function hasPermission(principal: Principal, permission: string): boolean {
  return principal.permissions.has('*') || principal.permissions.has(permission);
}
