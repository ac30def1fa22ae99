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
