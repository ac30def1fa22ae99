/**
 * Storage: one SQL dialect on two engines.
 *
 * - PostgreSQL (production) when DATABASE_URL is set, through `pg`.
 * - PGlite (embedded PostgreSQL in WebAssembly) otherwise, in CIVIC_DATA_DIR (default ./data).
 *
 * Both go through Kysely's PostgresDialect; PGlite sits behind a small pg.Pool-shaped adapter
 * with a mutex, because it has a single session. Type parsers are set identically on both
 * drivers: int8 -> checked safe-integer number (amounts beyond 2^53 - 1 cents are refused at the
 * boundary, so this never loses precision; it throws if it ever would), numeric -> string,
 * date -> 'YYYY-MM-DD' string, timestamptz -> Date.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  Kysely,
  PostgresDialect,
  sql,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { assert } from './errors.js';

export type Engine = 'pglite' | 'postgres';

/** Kysely over our schema. Modules describe their own tables with `withTables`. */
export type Db = Kysely<object>;
export type Tx = Transaction<object>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  readonly engine: Engine;
  readonly kysely: Db;
  /** A human description for logs and /api/health (no secrets). */
  readonly description: string;
  /** Runs a multi-statement SQL script (migrations). */
  exec(script: string): Promise<void>;
  /**
   * VACUUM ANALYZE where nothing else does it: PGlite runs no autovacuum, so its planner
   * statistics go stale and dead row versions stay (BENCHMARKS.md). `tables` names the tables, or
   * 'all'; without, every table that grew by a fifth since it was last analyzed (or never was).
   * A no-op on PostgreSQL, whose autovacuum does this.
   */
  maintain(tables?: readonly string[] | 'all'): Promise<void>;
  /** Flushes and closes. Safe to call twice. */
  close(): Promise<void>;
}

const OID_INT8 = 20;
const OID_NUMERIC = 1700;
const OID_DATE = 1082;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`int8 value ${text} is beyond 2^53 - 1 and cannot be read exactly`);
  }
  return value;
}

const identity = (text: string): string => text;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PGlite only: start from a snapshot (tests) instead of a data directory. */
  snapshot?: Blob | undefined;
  /** Postgres only: pool size (default 20). */
  poolSize?: number | undefined;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 20);
  }
  return openPglite(options);
}

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.CIVIC_DATA_DIR || './data',
  };
}

function openPostgres(connectionString: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // Named (prepared) statements keep their generic plan: they are marked only when their plan
    // does not depend on their values (see `prepared`), and PostgreSQL's default would plan the
    // large posting statements afresh on every call whenever their generic estimate looks worse
    // (BENCHMARKS.md, counter payments: planning was a quarter of the database's time).
    // No JIT: our statements are short or set-based over arrays the planner overestimates, and
    // compiling them took longer than running them (half a second per bill-run chunk).
    options: '-c plan_cache_mode=force_generic_plan -c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID_INT8) return parseInt8;
        if (oid === OID_NUMERIC || oid === OID_DATE) return identity;
        return format === 'binary'
          ? pg.types.getTypeParser(oid, 'binary')
          : pg.types.getTypeParser(oid, 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  const kysely = new Kysely<object>({ dialect: new PostgresDialect({ pool: new PreparingPool(pool) }) });
  let isClosed = false;
  return {
    engine: 'postgres',
    kysely,
    description: `PostgreSQL ${redactUrl(connectionString)}`,
    async exec(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    async maintain() {
      // Autovacuum runs on PostgreSQL.
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await kysely.destroy();
    },
  };
}

/**
 * Put first in a hot query: on PostgreSQL it runs as a named prepared statement, parsed and
 * planned once per connection instead of on every call (BENCHMARKS.md: parsing and planning were
 * a fifth of the database's time when posting one by one). On PGlite it is only a comment.
 * Use it for queries whose SQL text is fixed (parameters vary, the text does not) and whose plan
 * does not depend on the values: after five calls PostgreSQL may switch to a generic plan.
 */
export const PREPARED_MARK = '/* prepared */';
export const prepared = sql.raw(`${PREPARED_MARK} `);

/** pg.Pool for Kysely, running queries that start with PREPARED_MARK as named statements. */
class PreparingPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#pool.connect();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      wrapped = preparingClient(client);
      this.#clients.set(client, wrapped);
    }
    return wrapped;
  }

  async end(): Promise<void> {
    await this.#pool.end();
  }
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  const session = {
    query(textOrCursor: unknown, parameters?: readonly unknown[]) {
      if (typeof textOrCursor === 'string' && textOrCursor.startsWith(PREPARED_MARK)) {
        const name = statementName(textOrCursor);
        return client.query({ name, text: textOrCursor, values: [...(parameters ?? [])] });
      }
      return client.query(textOrCursor as string, parameters as unknown[]);
    },
    release() {
      client.release();
    },
  };
  return session as unknown as PostgresPoolClient;
}

const statementNames = new Map<string, string>();

/** A name per distinct SQL text (the marked texts are few and fixed). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `civic_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function openPglite(options: OpenOptions): Promise<Database> {
  let lock: DataDirLock | null = null;
  let pgDataDir: string | undefined;
  if (!options.snapshot) {
    const dataDir = path.resolve(options.dataDir ?? './data');
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
    pgDataDir = path.join(dataDir, 'pglite');
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(pgDataDir ? { dataDir: pgDataDir } : {}),
      ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
      extensions: { pg_trgm },
      parsers: { [OID_INT8]: parseInt8, [OID_NUMERIC]: identity, [OID_DATE]: identity },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const pool = new PgliteSessionPool(client);
  const kysely = new Kysely<object>({ dialect: new PostgresDialect({ pool }) });
  pgliteOf.set(kysely, client);
  const maintain = async (tables?: readonly string[] | 'all') => {
    await pool.runExclusive(async () => {
      if (tables === 'all') {
        await client.exec('vacuum analyze');
        return;
      }
      const names = tables ?? (await tablesDueForMaintenance(client));
      if (names.length === 0) return;
      for (const name of names) assert(/^[a-z_][a-z0-9_]*$/.test(name), `a table name: ${name}`);
      await client.exec(`vacuum analyze ${names.join(', ')}`);
    });
  };
  // A data directory opened again may have grown since its last maintenance (an import, a day at
  // the counter): catch up before serving. Only tables due are touched, so this is cheap when
  // nothing changed. (Test snapshots are fresh copies of a maintained template.)
  if (pgDataDir) {
    try {
      await maintain();
    } catch (error) {
      await client.close();
      lock?.release();
      throw error;
    }
  }
  let isClosed = false;
  return {
    engine: 'pglite',
    kysely,
    description: pgDataDir ? `PGlite ${pgDataDir}` : 'PGlite (in memory)',
    async exec(script) {
      await pool.runExclusive(() => client.exec(script));
    },
    maintain,
    async close() {
      if (isClosed) return;
      isClosed = true;
      try {
        await pool.runExclusive(async () => {
          if (pgDataDir) await client.exec('CHECKPOINT');
        });
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * Tables whose size outgrew what the planner last learned about them by a fifth (autovacuum's
 * default analyze threshold), or that were never analyzed. relpages and reltuples live in the
 * catalog, so this survives restarts; the check reads only the catalog.
 */
async function tablesDueForMaintenance(client: PGlite): Promise<string[]> {
  const result = await client.query<{ name: string }>(`select c.relname as name from pg_class c
    where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace
      and (c.reltuples < 0 or pg_relation_size(c.oid) / current_setting('block_size')::int
        > c.relpages * 1.2 + 8)
    order by c.relname`);
  return result.rows.map((row) => row.name);
}

/** Exposes PGlite's snapshot, for building test databases from a migrated template. */
export async function dumpPgliteSnapshot(database: Database): Promise<Blob> {
  const client = pgliteOf.get(database.kysely);
  if (!client) throw new Error('dumpPgliteSnapshot needs a PGlite database');
  return (await client.dumpDataDir('none')) as Blob;
}

const pgliteOf = new WeakMap<object, PGlite>();

/**
 * PGlite has one session, so a "pool" of one: `connect()` waits until the previous holder
 * releases. This also keeps transactions from interleaving on the single session.
 */
class PgliteSessionPool implements PostgresPool {
  readonly #client: PGlite;
  #tail: Promise<void> = Promise.resolve();

  constructor(client: PGlite) {
    this.#client = client;
  }

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => released);
    await previous;
    const client = this.#client;
    let isReleased = false;
    const session = {
      async query<R>(sqlText: string, parameters: readonly unknown[]) {
        // Without parameters, use the simple protocol so multi-statement scripts work, as on pg.
        const result =
          parameters.length === 0
            ? lastOf(await client.exec(sqlText))
            : await client.query<R>(sqlText, [...parameters]);
        return {
          command: commandOf(sqlText),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows as R[],
        } satisfies PostgresQueryResult<R>;
      },
      release() {
        if (isReleased) return;
        isReleased = true;
        release();
      },
    };
    return session as unknown as PostgresPoolClient;
  }

  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const session = await this.connect();
    try {
      return await work();
    } finally {
      session.release();
    }
  }

  async end(): Promise<void> {
    await this.#tail;
  }
}

function lastOf<T extends { rows: unknown[]; affectedRows?: number }>(results: T[]): T {
  const last = results.at(-1);
  return last ?? ({ rows: [], affectedRows: 0 } as unknown as T);
}

/** Kysely reads the command tag only to report affected rows of INSERT/UPDATE/DELETE/MERGE. */
function commandOf(sqlText: string): 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE' | 'SELECT' {
  const leading = /^\s*(?:\/\*[\s\S]*?\*\/\s*)?(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge)\b/i.exec(
    sqlText,
  );
  const keyword = leading?.[1]?.toUpperCase();
  if (keyword === 'INSERT' || keyword === 'UPDATE' || keyword === 'DELETE' || keyword === 'MERGE') {
    return keyword;
  }
  return 'SELECT';
}

/** SQLSTATEs a transaction may be retried on: serialization failure and deadlock. */
const retryableStates = new Set(['40001', '40P01']);

export function isRetryableError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    retryableStates.has(error.code)
  );
}

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  maxAttempts?: number;
}

/**
 * Runs `work` in a transaction and retries it on serialization failures and deadlocks (needed on
 * PostgreSQL under contention and on distributed Postgres-compatible engines). `work` must have no
 * effects outside the transaction.
 */
export async function inTransaction<T>(
  database: Database,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const builder = database.kysely.transaction();
      const configured = options.isolation ? builder.setIsolationLevel(options.isolation) : builder;
      return await configured.execute(work);
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryableError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/**
 * How many chunk transactions of a batch run at once: two on PostgreSQL, where the server works
 * on one chunk while this process prepares the next (measured: the daily penalty job over 1M
 * bills 49.8 -> 32.3 s on two cores), one on PGlite (a single session).
 */
export function batchStreams(database: Database): number {
  return database.engine === 'postgres' ? 2 : 1;
}

/**
 * Runs `work` for every task, `streams` at a time, in order of the tasks. The first failure stops
 * the streams from taking more tasks, and is thrown once every running task has ended, so nothing
 * of the batch is still writing when the caller sees it.
 */
export async function inStreams<T>(tasks: readonly T[], streams: number, work: (task: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const stream = async (): Promise<void> => {
    while (!failed && next < tasks.length) {
      const task = tasks[next] as T;
      next += 1;
      try {
        await work(task);
      } catch (error) {
        failed = true;
        throw error;
      }
      await yieldToEventLoop();
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(streams, tasks.length)) }, stream));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Lets a long batch give the event loop a turn between chunks (PGlite runs on the main thread). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
