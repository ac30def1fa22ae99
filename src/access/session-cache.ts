/**
 * A short per-process memory of resolved sessions, so a busy clerk's requests do not each read the
 * session, user, roles, permissions and settings again (BENCHMARKS.md, proposal 4).
 *
 * Bounds (ARCHITECTURE.md, "Sessions"):
 * - An entry is used for at most SESSION_CACHE_TTL_MS after it was read from the database, so
 *   permissions, roles and settings changed elsewhere (another process, the CLI, raw SQL) apply
 *   within that time.
 * - Every access write made through this process (sign-out, password change or reset, a user's
 *   roles or disabled flag, second-factor changes, a role's permissions) forgets every entry of
 *   that database after it commits, so within this process a disabled user is cut off at once.
 * - A read that started before such a write is not stored (the generation counter), so it cannot
 *   bring the old state back for the entry's lifetime.
 * Expiry (idle and absolute) is still checked on every request against the clock.
 */
import { inTransaction, type Database, type Tx } from '../shared/db.js';

export const SESSION_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

/** What a session resolves to, independent of the request (no address, no user agent). */
export interface ResolvedSession {
  tokenHash: string;
  userId: number;
  username: string;
  displayName: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  idleMinutes: number;
  roles: readonly string[];
  permissions: readonly string[];
  mustEnrollTotp: boolean;
  /** False when the user is disabled or gone (such sessions are never remembered). */
  isUserActive: boolean;
}

interface Entry {
  session: ResolvedSession;
  readAtMs: number;
}

class SessionCache {
  readonly #entries = new Map<string, Entry>();
  #generation = 0;

  get generation(): number {
    return this.#generation;
  }

  get(tokenHash: string, nowMs: number): ResolvedSession | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (nowMs - entry.readAtMs >= SESSION_CACHE_TTL_MS || nowMs < entry.readAtMs) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  }

  /** Stores a session read while the generation was `generation`, unless a write came since. */
  set(session: ResolvedSession, generation: number, readAtMs: number): void {
    if (generation !== this.#generation) return;
    this.#entries.delete(session.tokenHash);
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(session.tokenHash, { session, readAtMs });
  }

  forget(tokenHash: string): void {
    this.#entries.delete(tokenHash);
  }

  forgetAll(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}

const caches = new WeakMap<Database, SessionCache>();

export function sessionCacheOf(database: Database): SessionCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new SessionCache();
    caches.set(database, cache);
  }
  return cache;
}

/**
 * Forgets every resolved session of this database in this process. Called after each access write
 * commits; tests that move a session's timestamps with SQL call it to stand for time passing.
 */
export function forgetResolvedSessions(database: Database): void {
  caches.get(database)?.forgetAll();
}

/** `inTransaction` for writes that change who may do what: forgets resolved sessions after it. */
export async function inAccessTransaction<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(database, work);
  } finally {
    forgetResolvedSessions(database);
  }
}
