/**
 * The HTTP API: a Fastify server over the ledger's public API (src/ledger/index.ts). Routes are
 * thin: validate the request with a TypeBox schema, call the ledger, shape the response. Business
 * rules live in the ledger; errors become responses in one place (errors.ts).
 *
 * `buildServer` returns a server that is not listening (tests use `inject`); `startServer`
 * listens and hands back the URL and a `close` that stops accepting requests and waits for those
 * in flight. Neither opens nor closes the database: whoever opened it (the CLI) closes it after
 * the server.
 */
import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { buildApprovalHandlers } from '../app/index.js';
import type { Clock } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { assert } from '../shared/errors.js';
import type { RouteContext } from './context.js';
import { installErrorHandlers } from './errors.js';
import { createLogger } from './logger.js';
import { requirePermissionDeclarations } from './permissions.js';
import { accountActivityRoutes } from './routes/account-activity.js';
import { accountRoutes } from './routes/accounts.js';
import { billingRoutes } from './routes/billing.js';
import { cashieringRoutes } from './routes/cashiering.js';
import { chartCsvRoutes } from './routes/chart-csv.js';
import { customerRoutes } from './routes/customers.js';
import { conversionRoutes } from './routes/conversion.js';
import { departmentRoutes } from './routes/departments.js';
import { registerDocsRoutes, registerOpenApi } from './routes/docs.js';
import { fundRoutes } from './routes/funds.js';
import { healthRoutes } from './routes/health.js';
import { interactionRoutes } from './routes/interactions.js';
import { journalEntryRoutes } from './routes/journal-entries.js';
import { journalExportRoutes } from './routes/journal-export.js';
import { parcelRoutes } from './routes/parcels.js';
import { periodRoutes } from './routes/periods.js';
import { postBatchRoutes } from './routes/post-batch.js';
import { postEntryRoutes } from './routes/post-entry.js';
import { reportRoutes } from './routes/reports.js';
import { receivableRoutes } from './routes/receivables.js';
import { reverseEntryRoutes } from './routes/reverse-entry.js';
import { adminRoutes } from './routes/admin.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { searchRoutes } from './routes/search.js';
import { utilityBillRoutes } from './routes/utility-bills.js';
import { utilityReadRoutes } from './routes/utility-reads.js';
import { collectionsSb998Routes } from './routes/collections-sb998.js';
import { serviceOrderRoutes } from './routes/service-orders.js';
import { collectionRoutes } from './routes/collections.js';
import { collectionsPenaltyRoutes } from './routes/collections-penalties.js';
import { collectionLetterRoutes } from './routes/collections-letters.js';
import { collectionsArrangementRoutes } from './routes/collections-arrangements.js';
import { collectionsLienRoutes } from './routes/collections-liens.js';
import { utilityMeterRoutes } from './routes/utility-meters.js';
import { utilityRateRoutes } from './routes/utility-rates.js';
import { utilityServiceRoutes } from './routes/utility-service.js';
import { sessionRoutes } from './routes/session.js';
import { installAuth } from './auth.js';
import { registerWebApp } from './web-app.js';
import { validatorCompiler } from './validation.js';

export interface ServerOptions {
  database: Database;
  clock: Clock;
  /** pino level: 'fatal' ... 'trace', or 'silent'. Default: LOG_LEVEL, else 'info'. */
  logLevel?: string;
}

const routePlugins = [
  healthRoutes,
  sessionRoutes,
  adminRoutes,
  approvalRoutes,
  auditRoutes,
  searchRoutes,
  fundRoutes,
  departmentRoutes,
  chartCsvRoutes,
  conversionRoutes,
  accountRoutes,
  accountActivityRoutes,
  journalEntryRoutes,
  postEntryRoutes,
  postBatchRoutes,
  reverseEntryRoutes,
  periodRoutes,
  reportRoutes,
  journalExportRoutes,
  billingRoutes,
  receivableRoutes,
  customerRoutes,
  parcelRoutes,
  interactionRoutes,
  cashieringRoutes,
  utilityBillRoutes,
  utilityReadRoutes,
  serviceOrderRoutes,
  collectionRoutes,
  collectionsSb998Routes,
  collectionsPenaltyRoutes,
  collectionLetterRoutes,
  collectionsArrangementRoutes,
  collectionsLienRoutes,
  utilityServiceRoutes,
  utilityMeterRoutes,
  utilityRateRoutes,
];

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = createLogger(
    options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
  );
  const app = Fastify({
    loggerInstance: logger,
    // Slow clients must not hold a request open forever; exports stream, so this is per request
    // header/body read, not per response.
    requestTimeout: 120_000,
    // Behind a reverse proxy, set CIVIC_TRUST_PROXY (e.g. "127.0.0.1" or "true") so request.ip
    // and the protocol (for the __Host- cookie) come from X-Forwarded-* headers.
    trustProxy: trustProxySetting(process.env.CIVIC_TRUST_PROXY),
  });
  app.setValidatorCompiler(validatorCompiler);
  requirePermissionDeclarations(app);
  await app.register(helmet, { contentSecurityPolicy: { directives: contentSecurityPolicy } });
  await installAuth(app, options.database);
  registerCsvBodies(app);
  await registerOpenApi(app);
  // Error handlers and hooks apply to plugins registered after them: set them up first.
  const serveWebApp = await registerWebApp(app);
  installErrorHandlers(app, serveWebApp);
  const context: RouteContext = {
    database: options.database,
    clock: options.clock,
    approvalHandlers: buildApprovalHandlers(options.clock),
  };
  for (const plugin of routePlugins) {
    await app.register(plugin, context);
  }
  await registerDocsRoutes(app);
  await app.ready();
  return app;
}

/**
 * Only our own origin's scripts; no framing (clickjacking); styles may be inline because the UI
 * library sets style attributes. The API docs page relaxes nothing: swagger-ui ships its assets.
 */
const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

function trustProxySetting(value: string | undefined): boolean | string {
  if (!value) return false;
  if (value === 'true') return true;
  return value;
}

/** CSV uploads (the chart import) arrive as text; the route hands the text to the ledger. */
function registerCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
}

export async function startServer(
  options: ServerOptions & { port: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = await buildServer(options);
  const host = options.host ?? 'localhost';
  await app.listen({ port: options.port, host });
  const address = app.server.address();
  assert(typeof address === 'object' && address !== null, 'a TCP server has an address');
  const stopMaintenance = maintainWhenIdle(app, options.database);
  return {
    url: `http://${displayHost(host)}:${address.port}`,
    async close() {
      stopMaintenance();
      await app.close();
    },
  };
}

const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
const MAINTENANCE_IDLE_MS = 5 * 60_000;

/**
 * PGlite runs no autovacuum, and its one session serves every request: so about once an hour,
 * when no request has come for five minutes, the server vacuums and analyzes the database.
 */
function maintainWhenIdle(app: FastifyInstance, database: Database): () => void {
  if (database.engine !== 'pglite') return () => undefined;
  let lastRequestAtMs = Date.now();
  let lastMaintenanceAtMs = Date.now();
  app.server.on('request', () => {
    lastRequestAtMs = Date.now();
  });
  const timer = setInterval(() => {
    const nowMs = Date.now();
    if (nowMs - lastMaintenanceAtMs < MAINTENANCE_INTERVAL_MS) return;
    if (nowMs - lastRequestAtMs < MAINTENANCE_IDLE_MS) return;
    lastMaintenanceAtMs = nowMs;
    database.maintain('all').catch((error: unknown) => {
      app.log.error({ err: error }, 'database maintenance (vacuum analyze) failed');
    });
  }, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** A host a browser can open: wildcard binds are reached through localhost. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
