/**
 * What every command needs from the outside world, in one object: where to write, the
 * environment, the clock, and where the database comes from. `main` builds the real one; tests
 * build one with captured output and a test database, so commands run in-process on both engines.
 */
import { cliActor, type Actor } from '../shared/actor.js';
import { systemClock, type Clock } from '../shared/dates.js';
import { databaseOptionsFromEnv, openDatabase, type Database } from '../shared/db.js';
import { migrate } from '../shared/migrations.js';

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
 * Opens the database, brings its schema up to date, runs `work`, and always closes the database
 * again, so a PGlite data directory is checkpointed and unlocked even when the command fails.
 */
export async function withDatabase<T>(
  context: CliContext,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await context.databases.open();
  try {
    const report = await migrate(database);
    for (const name of report.applied) context.stderr.write(`Applied migration ${name}\n`);
    return await work(database);
  } finally {
    await context.databases.release(database);
  }
}

/**
 * The actor CLI writes are recorded under. Staff accounts arrive with the next issue: then
 * `--as` must name an existing, active user (and the permission checks plug in here), instead of
 * being taken on trust as it is now.
 */
export function actorFromOptions(options: { as?: string | undefined }): Actor {
  return cliActor(options.as?.trim() || 'system');
}

export function writeLine(stream: OutputStream, text = ''): void {
  stream.write(`${text}\n`);
}
