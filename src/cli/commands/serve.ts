/**
 * `civic serve`: the HTTP API. Opens and migrates the database, loads the demo city on first
 * start (an empty database), and serves until SIGINT/SIGTERM, then closes the server and the
 * database in that order (PGlite checkpoints on close) and exits 0.
 */
import type { Command } from 'commander';
import { startDailyCollections } from '../../collections/index.js';
import { startServer } from '../../http/index.js';
import { listAccounts } from '../../ledger/index.js';
import { describeSmtpUrl, mailRelayConfigFromEnv, smtpTransport, startMailRelay } from '../../mail/index.js';
import { invalidInput } from '../../shared/errors.js';
import type { Database } from '../../shared/db.js';
import { prepareDatabase as prepareSchema } from '../../app/index.js';
import { systemPrincipal } from '../../shared/actor.js';
import { writeLine, type CliContext } from '../context.js';
import { parsePort } from '../parsers.js';
import { loadDemo } from './demo.js';

interface ServeOptions {
  port?: number;
  host?: string;
  logLevel?: string;
  demo: boolean;
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('start the HTTP API (loads the demo city into an empty database on first start)')
    .option('-p, --port <port>', 'TCP port (default: $PORT or 3000)', parsePort)
    .option('--host <host>', 'interface to listen on (default: $HOST, else the server default)')
    .option(
      '--log-level <level>',
      'log level: fatal, error, warn, info, debug, trace (default: $LOG_LEVEL)',
    )
    .option('--no-demo', 'do not load the demo city into an empty database')
    .action(async (options: ServeOptions, command: Command) => {
      const port = options.port ?? portFromEnv(context.env);
      const host = options.host ?? (context.env.HOST || undefined);
      const logLevel = options.logLevel ?? (context.env.LOG_LEVEL || undefined);
      const mailConfig = mailRelayConfigFromEnv(context.env);
      const database = await context.databases.open();
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        await prepareDatabase(context, database, options.demo);
        server = await startServer({
          database,
          clock: context.clock,
          port,
          ...(host ? { host } : {}),
          ...(logLevel ? { logLevel } : {}),
        });
      } catch (error) {
        await context.databases.release(database);
        throw error;
      }
      writeLine(context.stdout, `Civic Ledger is listening on ${server.url}`);
      writeLine(context.stdout, `Database: ${database.description}`);
      if (database.engine === 'pglite') {
        writeLine(
          context.stdout,
          'Note: the embedded database (PGlite) is for trying Civic Ledger and for development; it does not ' +
            'fsync, so a power loss can lose recent work. Production runs on PostgreSQL (set DATABASE_URL).',
        );
      }
      const relay = mailConfig
        ? startMailRelay(database, {
            transport: smtpTransport(mailConfig),
            from: mailConfig.from,
            onPass: (pass) => writeLine(context.stdout, `Mail: ${pass.sent} sent, ${pass.retrying} to retry, ${pass.failed} failed`),
            onError: (error) => writeLine(context.stderr, `Mail relay: ${error instanceof Error ? error.message : String(error)} (trying again shortly)`),
          })
        : null;
      writeLine(context.stdout, mailConfig
        ? `Mail: sending through ${describeSmtpUrl(mailConfig.smtpUrl)} as ${mailConfig.from}`
        : 'Mail: SMTP_URL is not set, so emailed receipts wait in the outbox (civic mail outbox).');
      const collections = context.env.CIVIC_COLLECTIONS_DAILY === 'off' ? null : startDailyCollections(database, {
        clock: context.clock,
        hour: collectionsHourFromEnv(context.env),
        onRun: (run) => writeLine(context.stdout, `Collections for ${run.asOf}: ${run.chain.casesOpened} cases opened, ${run.chain.noticesWritten} notices, ${run.penalties.penaltiesPosted} penalties, ${run.chain.shutoffOrdersPending} shutoff orders waiting for release (${run.seconds.toFixed(1)} s)`),
        onError: (error) => writeLine(context.stderr, `Collections: ${error instanceof Error ? error.message : String(error)} (trying again in ten minutes)`),
      });
      writeLine(context.stdout, collections
        ? `Collections: the daily job runs each morning after ${collectionsHourFromEnv(context.env)}:00 city time (CIVIC_COLLECTIONS_DAILY=off to stop it)`
        : 'Collections: the daily job is off (CIVIC_COLLECTIONS_DAILY=off); run it with civic collections run.');
      await waitForShutdown(context, async () => {
        writeLine(context.stdout, 'Stopping the HTTP server...');
        await server.close();
        await relay?.stop();
        await collections?.stop();
        writeLine(context.stdout, 'Closing the database...');
        await context.databases.release(database);
        writeLine(context.stdout, 'Stopped.');
      });
    });
}

function collectionsHourFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.CIVIC_COLLECTIONS_HOUR ?? '6';
  const hour = Number(text);
  if (!/^\d{1,2}$/.test(text) || hour > 23) throw invalidInput('CIVIC_COLLECTIONS_HOUR', `"${text}" is not an hour of the day (0-23)`);
  return hour;
}

function portFromEnv(env: NodeJS.ProcessEnv): number {
  if (!env.PORT) return 3000;
  try {
    return parsePort(env.PORT);
  } catch {
    throw invalidInput('PORT', `"${env.PORT}" is not a TCP port number (0-65535)`);
  }
}

async function prepareDatabase(
  context: CliContext,
  database: Database,
  isDemoWanted: boolean,
): Promise<void> {
  const report = await prepareSchema(database);
  for (const name of report.applied) writeLine(context.stdout, `Applied migration ${name}`);
  if (!isDemoWanted) return;
  const accounts = await listAccounts(database.kysely, {});
  if (accounts.length > 0) return;
  writeLine(
    context.stdout,
    'First start: the database has no chart of accounts yet, loading the demo city...',
  );
  await loadDemo(context, database, systemPrincipal('cli'));
}

/**
 * Resolves after `shutdown` has run for the first SIGINT or SIGTERM. A second signal while
 * shutting down exits at once (exit 1): someone wants it gone, and PGlite survives a kill.
 */
function waitForShutdown(context: CliContext, shutdown: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let isStopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (isStopping) {
        writeLine(context.stderr, `Received ${signal} again: exiting without waiting.`);
        context.exit(1);
        return;
      }
      isStopping = true;
      writeLine(context.stdout, `Received ${signal}: shutting down.`);
      shutdown().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
        context.exit(0);
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
