/**
 * What every command needs from the outside world, in one object: where to write, the
 * environment, the clock, and where the database comes from. `main` builds the real one; tests
 * build one with captured output and a test database, so commands run in-process on both engines.
 */
import { loadPrincipal } from '../access/index.js';
import { prepareDatabase } from '../app/index.js';
import { hasPermission, systemPrincipal, type Principal } from '../shared/actor.js';
import { recordRefusal } from '../shared/audit.js';
import { systemClock, type Clock } from '../shared/dates.js';
import { databaseOptionsFromEnv, openDatabase, type Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';

/** A place text goes: process.stdout/stderr, a file, or a test's buffer. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

export interface DatabaseSource {
  /** Opens the configured database (PostgreSQL or PGlite). */
  open(): Promise<Database>;
  /** Closes what `open` returned (PGlite checkpoints here); a borrowed database stays open. */
  release(database: Database): Promise<void>;
}

export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  databases: DatabaseSource;
  readStdin(): Promise<string>;
  /**
   * The code the run ends with when no error is thrown; a command sets it when it finishes its
   * output but must still report failure (verify found violations, the books do not balance).
   */
  exitCode: number;
  /** Ends the process; only `serve` uses it, after its orderly shutdown. */
  exit(code: number): void;
  /** The global --as option (set by main before each command runs); 'system' by default. */
  asUsername?: string;
  /** The command's name, for the audit trail ('ledger post'). */
  commandName?: string;
}

export function databaseSourceFromEnv(env: NodeJS.ProcessEnv): DatabaseSource {
  return {
    open: () => openDatabase(databaseOptionsFromEnv(env)),
    release: (database) => database.close(),
  };
}

export function processContext(): CliContext {
  // A reader that stops early (`| head`) closes stdout; without a listener the next write's
  // EPIPE would crash the process before the database is closed. Writes report it themselves.
  process.stdout.on('error', () => undefined);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    clock: systemClock,
    databases: databaseSourceFromEnv(process.env),
    readStdin: () => readAll(process.stdin),
    exitCode: 0,
    exit: (code) => process.exit(code),
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Opens the database, brings its schema up to date, checks that the acting user (--as) may do
 * what the command does, runs `work`, and always closes the database again, so a PGlite data
 * directory is checkpointed and unlocked even when the command fails. Every command declares its
 * permission (deny by default), or a list of which any one is enough; `system` (the machine's
 * operator) holds every permission, and `system.operate` is held by nobody else.
 */
export async function withDatabase<T>(
  context: CliContext,
  permission: string | readonly string[],
  work: (database: Database, actor: Principal) => Promise<T>,
): Promise<T> {
  const database = await context.databases.open();
  try {
    const report = await prepareDatabase(database);
    for (const name of report.applied) context.stderr.write(`Applied migration ${name}\n`);
    const actor = await authorizeCli(context, database, permission);
    return await work(database, actor);
  } finally {
    await context.databases.release(database);
  }
}

async function authorizeCli(context: CliContext, database: Database, permission: string | readonly string[]): Promise<Principal> {
  const accepted = typeof permission === 'string' ? [permission] : permission;
  const username = context.asUsername?.trim().toLowerCase() || 'system';
  if (username === 'system') return systemPrincipal('cli');
  const principal = await loadPrincipal(database, username, 'cli');
  if (!principal) {
    throw new AppError('forbidden', `--as ${username}: there is no active user by that name`, { field: '--as' });
  }
  if (!accepted.some((name) => hasPermission(principal, name))) {
    await recordRefusal(database, {
      actor: principal,
      action: `cli.${(context.commandName ?? 'command').replace(/\s+/g, '_')}`,
      details: { permission },
    });
    const needed = accepted.length === 1 ? `the permission ${accepted[0]}` : `one of the permissions ${accepted.join(', ')}`;
    throw new AppError('forbidden', `${username} may not do this: it needs ${needed}`, { permission });
  }
  return principal;
}

export function writeLine(stream: OutputStream, text = ''): void {
  stream.write(`${text}\n`);
}
