/**
 * The `civic` command line on a real database (both engines): in-process against the test
 * database for the commands' behaviour, and as child processes for what only a real process
 * shows: the binary starting, `serve` stopping cleanly on SIGTERM, and the PGlite data-directory
 * lock turning a second process away.
 */
import { createTestUser } from '../../test/support/http.js';
import { listAuditEvents } from '../audit/index.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixedClock, type Clock } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { accounts, seedLedger } from '../../test/support/ledger-fixtures.js';
import type { CliContext } from './context.js';
import { runCli } from './main.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

const cliTestClock: Clock = fixedClock(new Date('2026-11-23T18:00:00Z'));

/** Runs one command in-process on a database the test owns (the command does not close it). */
async function runCivic(
  database: Database,
  args: readonly string[],
  options: { stdin?: string } = {},
): Promise<CliRun> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const context: CliContext = {
    stdout,
    stderr,
    env: {},
    clock: cliTestClock,
    databases: { open: async () => database, release: async () => undefined },
    readStdin: async () => options.stdin ?? '',
    exitCode: 0,
    exit: (code) => {
      throw new Error(`a command tried to exit the test process with code ${code}`);
    },
  };
  const code = await runCli(['node', 'civic', ...args], context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainModule = pathToFileURL(fileURLToPath(new URL('./main.ts', import.meta.url))).href;
const bootstrap = `const { main } = await import(${JSON.stringify(mainModule)});
await main(['node', 'civic', ...process.argv.slice(1)]);`;

/** Starts `civic ARGS` as its own process with the given environment (added to ours). */
function spawnCivic(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', bootstrap, '--', ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, CIVIC_DEBUG: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

interface ChildOutput {
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Resolves with the first stdout line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function watchChild(child: ChildProcess): ChildOutput {
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    get stdout() {
      return output.stdout;
    },
    get stderr() {
      return output.stderr;
    },
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no line matching ${pattern} in ${timeoutMs} ms:\n${output.stdout}\n${output.stderr}`,
              ),
            ),
          timeoutMs,
        );
        const check = () => {
          const line = output.stdout.split('\n').find((candidate) => pattern.test(candidate));
          if (line === undefined) return;
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve(line);
        };
        child.stdout?.on('data', check);
        void exited.then(() => {
          check();
          clearTimeout(timer);
          reject(
            new Error(
              `the process ended before printing ${pattern}:\n${output.stdout}\n${output.stderr}`,
            ),
          );
        });
      }),
  };
}

/** Runs `civic ARGS` to completion as a child process. */
async function runCivicProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = watchChild(spawnCivic(args, env));
  const code = await child.exited;
  return { code: typeof code === 'number' ? code : -1, stdout: child.stdout, stderr: child.stderr };
}

// Vitest's projects do not inherit the root config's timeouts, so slow steps name their own.
const SLOW = 120_000;

let database: Database;
let workDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
  workDir = mkdtempSync(path.join(tmpdir(), 'civic-cli-test-'));
}, SLOW);
afterAll(async () => {
  await database?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

let fileNumber = 0;
function jsonFile(value: unknown): string {
  fileNumber += 1;
  const file = path.join(workDir, `entry-${fileNumber}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

let keyNumber = 0;
function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  keyNumber += 1;
  return {
    entryDate: '2026-11-16',
    description: `Business license payments, batch ${keyNumber}`,
    idempotencyKey: `cli-test-${process.pid}-${keyNumber}`,
    lines: [
      { account: accounts.generalCash, debit: '125.00' },
      { account: accounts.licenseTax, credit: '125.00' },
    ],
    ...overrides,
  };
}

describe('help', () => {
  it('lists the commands', async () => {
    const top = await runCivic(database, ['--help']);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'ledger', 'period', 'accounts', 'verify']) {
      expect(top.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const ledger = await runCivic(database, ['ledger', '--help']);
    for (const command of [
      'post',
      'reverse',
      'show',
      'list',
      'trial-balance',
      'activity',
      'fund-balances',
      'export',
    ]) {
      expect(ledger.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const period = await runCivic(database, ['period', '--help']);
    for (const command of ['close', 'open', 'list'])
      expect(period.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCivic(database, ['no-such-command'])).code).toBe(2);
    expect((await runCivic(database, ['ledger', 'reverse', 'abc'])).code).toBe(2);
    const badFormat = await runCivic(database, ['ledger', 'export', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('hledger, csv');
    expect((await runCivic(database, ['ledger', 'post'])).code).toBe(2);
  });
});

describe('ledger post', () => {
  it('posts one entry from a file, and answers a replay with the same entry', async () => {
    await createTestUser(database, { username: 'clerk1', permissions: ['ledger.post_direct'] });
    const file = jsonFile(entry());
    const first = await runCivic(database, [
      '--as',
      'clerk1',
      'ledger',
      'post',
      '--file',
      file,
      '--json',
    ]);
    expect(first.code).toBe(0);
    const posted = JSON.parse(first.stdout) as {
      entry: { id: number; postedBy: string };
      isReplay: boolean;
    };
    expect(posted.isReplay).toBe(false);
    expect(posted.entry.postedBy).toBe('clerk1');
    const again = await runCivic(database, ['ledger', 'post', '--file', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `Already posted (same idempotency key and content): journal entry ${posted.entry.id}`,
    );
  });

  it('refuses --as a user without the permission, names it, and audits the refusal', async () => {
    await createTestUser(database, { username: 'reader1', permissions: ['ledger.read'] });
    const refused = await runCivic(database, ['--as', 'reader1', 'ledger', 'post', '--file', jsonFile(entry())]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ledger.post_direct');
    const unknown = await runCivic(database, ['--as', 'nobody', 'ledger', 'trial-balance']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no active user');
    const audit = await listAuditEvents(database.kysely, { actor: 'reader1', outcome: 'refused' });
    expect(audit.events[0]).toMatchObject({ action: 'cli.ledger_post', via: 'cli' });
  });

  it('posts an array of entries as one batch', async () => {
    const file = jsonFile([entry(), entry(), entry({ entryDate: '2026-11-17' })]);
    const result = await runCivic(database, ['ledger', 'post', '--file', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Posted 3 entries \(entries \d+ to \d+\)\.$/m);
    const replay = await runCivic(database, ['ledger', 'post', '--file', file]);
    expect(replay.stdout).toContain('Posted 0 entries.');
    expect(replay.stdout).toContain('3 were already posted');
  });

  it('reads the entry from standard input with --file -', async () => {
    const result = await runCivic(database, ['ledger', 'post', '--file', '-'], {
      stdin: JSON.stringify(entry()),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Posted journal entry \d+ on 2026-11-16/);
  });

  it('refuses a batch with bad rows, listing each problem by row and field, and posts nothing', async () => {
    const before = await countEntries();
    const file = jsonFile([
      entry(),
      entry({
        entryDate: '2026-02-30',
        lines: [
          { account: accounts.generalCash, debit: '12.345' },
          { account: accounts.licenseTax, credit: '1.00' },
        ],
      }),
    ]);
    const result = await runCivic(database, ['ledger', 'post', '--file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[invalid_input\]: /);
    expect(result.stderr).toContain('  row 2, entryDate: ');
    expect(result.stderr).toContain('  row 2, lines[0].debit: ');
    expect(await countEntries()).toBe(before);
  });

  it('refuses a file that is not JSON', async () => {
    const file = path.join(workDir, 'broken.json');
    writeFileSync(file, '{"entryDate": ');
    const result = await runCivic(database, ['ledger', 'post', '--file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [invalid_input]: file:');
  });
});

describe('ledger reverse and show', () => {
  it('reverses an entry once, linked to the original', async () => {
    const id = await postOne(entry());
    const reversed = await runCivic(database, [
      'ledger',
      'reverse',
      `JE-${id}`,
      '--date',
      '2026-11-20',
      '--json',
    ]);
    expect(reversed.code).toBe(0);
    const reversal = JSON.parse(reversed.stdout) as {
      entry: { id: number; reversesEntryId: number; entryDate: string };
    };
    expect(reversal.entry.reversesEntryId).toBe(id);
    expect(reversal.entry.entryDate).toBe('2026-11-20');
    const twice = await runCivic(database, ['ledger', 'reverse', String(id)]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^error \[already_reversed\]: /);
    const shown = await runCivic(database, ['ledger', 'show', String(id)]);
    expect(shown.stdout).toContain(`Reversed by:     entry ${reversal.entry.id}`);
    expect(shown.stdout).toContain(accounts.licenseTax);
  });

  it('replays a reversal retried with the same idempotency key', async () => {
    const id = await postOne(entry());
    const key = `reverse-${id}-retry`;
    const first = await runCivic(database, [
      'ledger',
      'reverse',
      String(id),
      '--idempotency-key',
      key,
    ]);
    const second = await runCivic(database, [
      'ledger',
      'reverse',
      String(id),
      '--idempotency-key',
      key,
    ]);
    expect(first.stdout).toMatch(/^Posted reversal journal entry \d+ on 2026-11-23/);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Already reversed by journal entry \d+/);
  });

  it('answers an unknown entry with not_found', async () => {
    const result = await runCivic(database, ['ledger', 'show', '999999']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[not_found\]: /);
  });
});

describe('reports', () => {
  it('prints the trial balance as JSON and as an aligned table', async () => {
    await postOne(entry());
    const json = await runCivic(database, ['ledger', 'trial-balance', '--json']);
    expect(json.code).toBe(0);
    const trial = JSON.parse(json.stdout) as {
      isBalanced: boolean;
      totalDebitCents: number;
      totalCreditCents: number;
      asOf: string;
    };
    expect(trial.isBalanced).toBe(true);
    expect(trial.totalDebitCents).toBe(trial.totalCreditCents);
    expect(trial.totalDebitCents).toBeGreaterThan(0);
    expect(trial.asOf).toBe('2026-11-23');
    const table = await runCivic(database, [
      'ledger',
      'trial-balance',
      '--fund',
      '100',
      '--as-of',
      '2026-11-30',
    ]);
    expect(table.stdout).toContain('Trial balance, fund 100');
    expect(table.stdout).toMatch(/^Account\s+Name\s+Debit\s+Credit$/m);
    expect(table.stdout).toContain('Balanced: total debits equal total credits.');
  });

  it('lists entries, shows account activity and fund balances', async () => {
    const list = await runCivic(database, ['ledger', 'list', '--limit', '3']);
    expect(list.stdout.split('\n').filter((line) => /^\s*\d+\s+2026-/.test(line))).toHaveLength(3);
    const activity = await runCivic(database, [
      'ledger',
      'activity',
      accounts.generalCash,
      '--to',
      '2026-11-30',
      '--json',
    ]);
    const parsed = JSON.parse(activity.stdout) as {
      closingBalanceCents: number;
      lines: Array<{ runningBalanceCents: number }>;
    };
    expect(parsed.lines.at(-1)?.runningBalanceCents).toBe(parsed.closingBalanceCents);
    const funds = await runCivic(database, ['ledger', 'fund-balances', '--as-of', '2026-11-30']);
    expect(funds.stdout).toContain('General Fund');
  });

  it('exports the journal for hledger and as CSV', async () => {
    const out = path.join(workDir, 'journal.ledger');
    const hledger = await runCivic(database, [
      'ledger',
      'export',
      '--format',
      'hledger',
      '--out',
      out,
    ]);
    expect(hledger.code).toBe(0);
    expect(hledger.stderr).toMatch(/^Exported \d+ entries \(\d+ lines\) to /);
    const journal = readFileSync(out, 'utf8');
    expect(journal).toContain('; Civic Ledger journal export');
    expect(journal).toMatch(/^2026-11-16 \* \(JE-\d+\) Business license payments/m);
    const csv = await runCivic(database, ['ledger', 'export', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toMatch(/^entry_id,entry_date,period,description,/);
    expect(rows.length).toBeGreaterThan(2);
  });
});

describe('periods', () => {
  it('closes a period, refuses postings to it (exit 1, period_closed), and reopens it', async () => {
    const closed = await runCivic(database, [
      'period',
      'close',
      '2026-10',
      '--reason',
      'month end',
    ]);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toContain(
      'Period 2026-10 (2026-10-01 to 2026-10-31, FY 2026-27) is now closed.',
    );
    const refused = await runCivic(database, [
      'ledger',
      'post',
      '--file',
      jsonFile(entry({ entryDate: '2026-10-15' })),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error \[period_closed\]: Fiscal period 2026-10 is closed/);
    const list = await runCivic(database, ['period', 'list', '--fiscal-year', 'FY2027']);
    expect(list.stdout).toMatch(/^2026-10\s+FY 2026-27\s+4\s+2026-10-01\s+2026-10-31\s+closed/m);
    expect((await runCivic(database, ['period', 'open', '2026-10'])).code).toBe(0);
    expect(
      (
        await runCivic(database, [
          'ledger',
          'post',
          '--file',
          jsonFile(entry({ entryDate: '2026-10-15' })),
        ])
      ).code,
    ).toBe(0);
  });
});

describe('accounts', () => {
  it('exports the chart and checks it back in with a dry run', async () => {
    const out = path.join(workDir, 'chart.csv');
    expect((await runCivic(database, ['accounts', 'export', '--out', out])).code).toBe(0);
    const dryRun = await runCivic(database, ['accounts', 'import', out, '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('Dry run: nothing was written.');
    expect(dryRun.stdout).toContain('0 accounts created');
    const list = await runCivic(database, ['accounts', 'list', '--fund', '510', '--json']);
    const rows = JSON.parse(list.stdout) as Array<{ code: string }>;
    expect(rows.map((row) => row.code)).toContain(accounts.waterCash);
  });
});

describe('verify', () => {
  it('passes every check on consistent books (exit 0)', async () => {
    const result = await runCivic(database, ['verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok\s+ledger\.entries_balance\b/m);
    expect(result.stdout).toMatch(/^All \d+ checks passed\.$/m);
  });
});

describe('as a process', () => {
  it(
    'prints the help',
    async () => {
      const result = await runCivicProcess(['--help'], {});
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: civic');
    },
    SLOW,
  );

  it.runIf(testEngine === 'pglite')(
    'serves from a PGlite data directory, turns a second process away, and stops cleanly on SIGTERM',
    async () => {
      const dataDir = path.join(workDir, 'data');
      const env = { DATABASE_URL: '', CIVIC_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' };
      const server = watchChild(spawnCivic(['serve', '--no-demo'], env));
      try {
        const listening = await server.waitForLine(/listening on http/, 90_000);
        const url = /(http:\/\/\S+)/.exec(listening)?.[1] ?? '';
        expect((await fetch(`${url}/api/health`)).status).toBe(200);
        expect(server.stdout).toContain('Production runs on PostgreSQL (set DATABASE_URL)');
        const second = await runCivicProcess(['verify'], env);
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(
          /^error \[data_dir_locked\]: The data directory .* is in use by another Civic Ledger process/m,
        );
      } finally {
        server.kill('SIGTERM');
      }
      expect(await server.exited).toBe(0);
      expect(server.stdout).toContain('Closing the database...');
      expect(existsSync(path.join(dataDir, 'civic.lock'))).toBe(false);
      const after = await runCivicProcess(['verify'], env);
      expect(after.code).toBe(0);
    },
    SLOW,
  );

  it.runIf(testEngine === 'postgres')(
    'serves from PostgreSQL and stops cleanly on SIGTERM',
    async () => {
      const env = { DATABASE_URL: await testDatabaseUrl(), PORT: '0', LOG_LEVEL: 'silent' };
      const server = watchChild(spawnCivic(['serve', '--no-demo'], env));
      try {
        const listening = await server.waitForLine(/listening on http/, 60_000);
        const url = /(http:\/\/\S+)/.exec(listening)?.[1] ?? '';
        expect((await fetch(`${url}/api/health`)).status).toBe(200);
        expect(server.stdout).toContain('Database: PostgreSQL');
      } finally {
        server.kill('SIGTERM');
      }
      expect(await server.exited).toBe(0);
      const verify = await runCivicProcess(['verify'], env);
      expect(verify.code).toBe(0);
    },
    SLOW,
  );
});

async function postOne(input: Record<string, unknown>): Promise<number> {
  const result = await runCivic(database, ['ledger', 'post', '--file', jsonFile(input), '--json']);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { entry: { id: number } }).entry.id;
}

async function countEntries(): Promise<number> {
  const result = await sql<{
    count: number;
  }>`select count(*)::bigint as count from journal_entry`.execute(database.kysely);
  return result.rows[0]?.count ?? 0;
}

/** The test database's URL, for a child process (the harness knows the server, we ask for the name). */
async function testDatabaseUrl(): Promise<string> {
  const result = await sql<{ name: string }>`select current_database() as name`.execute(
    database.kysely,
  );
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${result.rows[0]?.name ?? ''}`;
  return url.toString();
}
