/**
 * The server as a whole on a real database: health, the OpenAPI document and interactive docs,
 * the web root, the error shape for requests no route handles, unexpected failures, permission
 * declarations, and a real listening server.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { seedLedger, testClock } from '../../test/support/ledger-fixtures.js';
import { buildServer, startServer } from './index.js';
import { allPermissions } from '../access/index.js';
import { asUser, testSession, type TestSession } from '../../test/support/http.js';
import { requirePermissionDeclarations } from './permissions.js';


let database: Database;
let app: FastifyInstance;
let session: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  session = await testSession(app, database, { permissions: [...allPermissions] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<string, { operationId?: string; responses: Record<string, unknown> }>
  >;
}

const expectedOperations = [
  'get /api/health',
  'get /api/funds',
  'post /api/funds',
  'get /api/departments',
  'post /api/departments',
  'get /api/accounts',
  'post /api/accounts',
  'get /api/accounts/{code}',
  'patch /api/accounts/{code}',
  'get /api/accounts/export.csv',
  'post /api/accounts/import',
  'get /api/accounts/{code}/activity',
  'get /api/journal-entries',
  'post /api/journal-entries',
  'get /api/journal-entries/{id}',
  'post /api/journal-entries/batch',
  'post /api/journal-entries/{id}/reverse',
  'get /api/periods',
  'post /api/periods/{key}/close',
  'post /api/periods/{key}/open',
  'post /api/fiscal-years/{fy}',
  'get /api/trial-balance',
  'get /api/fund-balances',
  'get /api/journal/export',
  'post /api/session',
  'get /api/session',
  'delete /api/session',
  'post /api/session/totp/setup',
  'post /api/session/totp/confirm',
  'post /api/me/password',
  'get /api/users',
  'post /api/users',
  'patch /api/users/{id}',
  'post /api/users/{id}/reset-password',
  'post /api/users/{id}/reset-totp',
  'get /api/roles',
  'put /api/roles/{code}/permissions',
  'get /api/permissions',
  'get /api/settings',
  'put /api/settings/{key}',
  'get /api/approvals',
  'get /api/approvals/{id}',
  'post /api/approvals/{id}/approve',
  'post /api/approvals/{id}/reject',
  'post /api/approvals/{id}/cancel',
  'post /api/journal-entries/requests',
  'post /api/journal-entries/{id}/reversal-requests',
  'get /api/audit',
  'get /api/audit/export.csv',
  'get /api/search',
  // General billing (src/http/routes/billing.ts)
  'get /api/billing/items',
  'post /api/billing/items',
  'patch /api/billing/items/{code}',
  'post /api/invoices',
  'get /api/invoices',
  'get /api/invoices/{id}',
  'get /api/invoices/{id}/pdf',
  'post /api/invoices/{id}/reverse',
  'get /api/billing/recurring',
  'post /api/billing/recurring',
  'get /api/billing/recurring/{id}',
  'patch /api/billing/recurring/{id}',
  'delete /api/billing/recurring/{id}',
  'post /api/billing/recurring/run',
  'post /api/billing/accrue',
  'get /api/billing/late-charges',
  'put /api/billing/late-charges/rules/{kind}',
  'put /api/billing/late-charges/accounts/{fundCode}',
  'get /api/billing/dunning-stages',
  'put /api/billing/dunning-stages',
  'post /api/billing/dunning/run',
  'get /api/customers/{id}/statement.pdf',
  'get /api/customers',
  'get /api/customers/{id}',
  'get /api/customers/{id}/duplicates',
  'get /api/customers/{id}/interactions',
  'get /api/customers/{id}/receivables',
  'get /api/customers/{id}/tin',
  'get /api/follow-ups',
  'get /api/parcels',
  'get /api/parcels/{id}',
  'get /api/receivable-accounts/{key}',
  'get /api/receivable-accounts/{key}/activity',
  'get /api/receivables/aging',
  'get /api/receivables/setup',
  'get /api/refund-requests',
  'patch /api/customers/{id}',
  'post /api/conversion/{kind}',
  'post /api/customer-merges',
  'post /api/customer-properties/{id}/end',
  'post /api/customers',
  'post /api/customers/{id}/contacts',
  'post /api/customers/{id}/contacts/{contactId}/deactivate',
  'post /api/customers/{id}/interactions',
  'post /api/customers/{id}/mailing-address',
  'post /api/customers/{id}/properties',
  'post /api/interactions/{id}/complete',
  'post /api/parcels',
  'post /api/parcels/{id}/service-locations',
  'post /api/receivable-accounts',
  'post /api/receivable-accounts/{key}/charges',
  'post /api/receivable-accounts/{key}/memos',
  'post /api/receivable-accounts/{key}/payments',
  'post /api/receivable-accounts/{key}/refunds',
  'post /api/receivable-accounts/{key}/status',
  'post /api/receivable-accounts/{key}/write-offs',
  'post /api/receivable-entries/{entryId}/reverse',
  'post /api/receivable-items/{id}/transfer',
  'put /api/receivables/controls',
  'put /api/receivables/kinds/{kind}/allocation-order',
  'get /api/cashiering/setup',
  'put /api/cashiering/fund-accounts',
  'put /api/cashiering/accounts',
  'post /api/cashiering/drawers',
  'put /api/cashiering/items',
  'get /api/cashiering/session',
  'post /api/cashiering/sessions',
  'get /api/cashiering/sessions',
  'get /api/cashiering/sessions/{id}',
  'post /api/cashiering/sessions/{id}/close',
  'post /api/cashiering/sessions/{id}/sign-off',
  'get /api/cashiering/lookup',
  'post /api/cashiering/payments',
  'get /api/cashiering/receipts',
  'get /api/cashiering/receipts/{number}',
  'post /api/cashiering/receipts/{number}/print',
  'get /api/cashiering/receipts/{number}/pdf',
  'post /api/cashiering/receipts/{number}/email',
  'post /api/cashiering/receipts/{number}/void',
  'post /api/cashiering/mail-batches',
  'post /api/cashiering/mail-batches/{number}/close',
  'get /api/cashiering/batches',
  'get /api/cashiering/batches/{number}',
  'post /api/cashiering/deposits',
  'post /api/cashiering/deposits/{number}/verify',
  'get /api/cashiering/deposits',
  'get /api/cashiering/deposits/{number}',
  'get /api/cashiering/reports/daily',
  'post /api/cashiering/returns',
  'get /api/cashiering/returns',
  'get /api/cashiering/returns/{id}/notice',
  'get /api/cashiering/lockbox/layouts',
  'put /api/cashiering/lockbox/layouts/{code}',
  'post /api/cashiering/lockbox/files',
  'get /api/cashiering/lockbox/files',
  'get /api/cashiering/lockbox/files/{id}',
  'get /api/cashiering/lockbox/exceptions',
  'post /api/cashiering/lockbox/exceptions/{id}/resolve',
  // Utility billing (src/http/routes/utility-bills.ts, utility-reads.ts, service-orders.ts)
  'get /api/utility/accounts/{account}',
  'get /api/utility/bill-runs',
  'get /api/utility/bill-runs/{run}',
  'get /api/utility/bill-runs/{run}/register',
  'get /api/utility/bills/{bill}',
  'get /api/utility/bills/{bill}/pdf',
  'get /api/utility/my-orders',
  'get /api/utility/reads/exceptions',
  'get /api/utility/reads/imports',
  'get /api/utility/reads/layouts',
  'get /api/utility/reads/meters/{serial}',
  'get /api/utility/service-orders',
  'get /api/utility/service-orders/board',
  'get /api/utility/service-orders/field-workers',
  'get /api/utility/service-orders/{number}',
  'get /api/utility/setup',
  'post /api/utility/bill-runs',
  'post /api/utility/bill-runs/{run}/finalize',
  'post /api/utility/bills/{bill}/cancel',
  'post /api/utility/bills/{bill}/hold',
  'post /api/utility/bills/{bill}/release',
  'post /api/utility/reads',
  'post /api/utility/reads/estimates',
  'post /api/utility/reads/imports',
  'post /api/utility/reads/{id}/accept',
  'post /api/utility/reads/{id}/reject',
  'post /api/utility/service-orders',
  'post /api/utility/service-orders/{number}/assign',
  'post /api/utility/service-orders/{number}/cancel',
  'post /api/utility/service-orders/{number}/complete',
  // Collections: SB 998 (sb998)
  'get /api/collections/accounts/{account}/eligibility',
  'get /api/collections/accounts/{account}/protections',
  'post /api/collections/accounts/{account}/protections',
  'post /api/collections/protections/{id}/resolve',
  'get /api/collections/shutoff-orders',
  'post /api/collections/shutoff-orders/{id}/release',
  'post /api/collections/shutoff-orders/{id}/cancel',
  'post /api/collections/shutoff-orders/{id}/reconnect',
  'get /api/collections/office-calendar',
  'post /api/collections/office-closures',
  'post /api/collections/office-closures/{date}/reopen',
  'get /api/collections/disconnection-report',
  // Collections: penalties (src/http/routes/collections-penalties.ts)
  'get /api/collections/penalty-rules',
  'post /api/collections/penalty-rules',
  'post /api/collections/penalty-rules/{id}/deactivate',
  'post /api/collections/penalties/apply',
  // Collections (src/http/routes/collections.ts, collections-letters.ts)
  'get /api/collections/today',
  'get /api/collections/accounts/{account}',
  'get /api/collections/chains',
  'put /api/collections/chains/{classCode}',
  'get /api/collections/notices',
  'get /api/collections/notices/print',
  'get /api/collections/notices/{notice}/pdf',
  'get /api/collections/letter-templates',
  'get /api/collections/letter-templates/{id}',
  'post /api/collections/letter-templates',
  'post /api/collections/letter-templates/preview',
  // Utility service, meters, rates (utility-service.ts, utility-meters.ts, utility-rates.ts)
  'get /api/customers/{id}/utility-accounts',
  'get /api/utility/deposit-quote',
  'get /api/utility/locations',
  'get /api/utility/meters',
  'get /api/utility/meters/{serial}',
  'get /api/utility/rate-schedules',
  'get /api/utility/rate-schedules/{code}',
  'post /api/utility/accounts',
  'post /api/utility/accounts/{account}/stop',
  'post /api/utility/accounts/{account}/transfer',
  'post /api/utility/meters',
  'post /api/utility/meters/{serial}/exchange',
  'post /api/utility/meters/{serial}/install',
  'post /api/utility/meters/{serial}/remove',
  'post /api/utility/rate-schedules',
  'post /api/utility/rate-schedules/{code}/versions',
  // Collections: arrangements, holds, liens, closed accounts, the daily job
  'get /api/collections/arrangements',
  'get /api/collections/arrangements/{number}',
  'get /api/collections/closed-accounts',
  'get /api/collections/closed-accounts/referrals/{batch}',
  'get /api/collections/holds',
  'get /api/collections/liens',
  'get /api/collections/liens/rolls',
  'get /api/collections/liens/rolls/{fy}/export.csv',
  'get /api/collections/liens/rule',
  'get /api/collections/liens/{id}',
  'post /api/collections/arrangements',
  'post /api/collections/arrangements/preview',
  'post /api/collections/arrangements/{number}/cancel',
  'post /api/collections/closed-accounts/notices',
  'post /api/collections/closed-accounts/referrals',
  'post /api/collections/closed-accounts/{account}/transfer',
  'post /api/collections/closed-accounts/{account}/write-off',
  'post /api/collections/holds',
  'post /api/collections/holds/{id}/release',
  'post /api/collections/liens/rolls/{fy}/accounts',
  'post /api/collections/liens/rolls/{fy}/notices',
  'post /api/collections/liens/rolls/{fy}/prepare',
  'post /api/collections/liens/rolls/{fy}/submit',
  'post /api/collections/liens/{id}/pay-off',
  'post /api/collections/liens/{id}/record',
  'post /api/collections/liens/{id}/release',
  'post /api/collections/liens/{id}/remove',
  'post /api/collections/run',
  'put /api/collections/liens/rule',
];

describe('system routes', () => {
  it('reports health: status, version, engine, database', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      engine: testEngine,
      database: { ok: true, latencyMs: expect.any(Number) },
    });
  });

  it('serves a valid OpenAPI 3 document listing every operation', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const document: OpenApiDocument = JSON.parse(response.body);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('Civic Ledger API');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations.sort()).toEqual([...expectedOperations].sort());
    const operationIds = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain('4XX');
        expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        operationIds.add(String(operation.operationId));
      }
    }
    expect(operationIds.size).toBe(expectedOperations.length);
  });

  it('serves the interactive docs and their assets (swagger-ui on this Node version)', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    const script = await app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-ui-bundle.js',
    });
    expect(script.statusCode).toBe(200);
    expect(script.body.length).toBeGreaterThan(100_000);
    const initializer = await app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-initializer.js',
    });
    expect(initializer.statusCode).toBe(200);
  });

  it('serves a placeholder web root linking to the docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    // The placeholder page until the web application is built; the application's page after.
    expect(response.body).toMatch(/Civic Ledger is running|<div id="root">/);
  });
});

describe('errors no route handles', () => {
  it('answers an unknown route with 404 not_found in the error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ledgers' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'No route GET /api/ledgers',
        details: { method: 'GET', url: '/api/ledgers' },
      },
    });
  });

  it('answers an unsupported content type with 415 invalid_input', async () => {
    const response = await app.inject(asUser(session, {
      method: 'POST',
      url: '/api/funds',
      payload: '<fund/>',
      headers: { 'content-type': 'application/xml' },
    }));
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('invalid_input');
  });

  it('answers an oversized body with 413 invalid_input', async () => {
    const response = await app.inject(asUser(session, {
      method: 'POST',
      url: '/api/funds',
      payload: JSON.stringify({
        code: '300',
        name: 'x'.repeat(2 * 1024 * 1024),
        fundType: 'general',
      }),
      headers: { 'content-type': 'application/json' },
    }));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'invalid_input',
      details: { field: 'body' },
    });
  });

  it('answers an empty JSON body with 400 invalid_input', async () => {
    const response = await app.inject(asUser(session, {
      method: 'POST',
      url: '/api/funds',
      payload: '',
      headers: { 'content-type': 'application/json' },
    }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
  });
});

describe('when the database is gone', () => {
  it('health says 503; other routes 500 internal without leaking the cause', async () => {
    const lost = await createTestDatabase();
    const server = await buildServer({ database: lost, clock: testClock, logLevel: 'silent' });
    try {
      const signedIn = await testSession(server, lost, { permissions: [...allPermissions] });
      await lost.close();
      const health = await server.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({
        status: 'unavailable',
        database: { ok: false, latencyMs: null },
      });
      const funds = await server.inject(asUser(signedIn, { method: 'GET', url: '/api/funds' }));
      expect(funds.statusCode).toBe(500);
      const body = funds.json();
      expect(body.error.code).toBe('internal');
      expect(body.error.details).toEqual({ requestId: expect.any(String) });
      expect(body.error.message).not.toMatch(/pglite|kysely|destroy|closed|pool/i);
      const exported = await server.inject(asUser(signedIn, { method: 'GET', url: '/api/journal/export' }));
      expect(exported.statusCode).toBe(500);
      expect(exported.json().error.code).toBe('internal');
    } finally {
      await server.close();
      await lost.close();
    }
  });
});

describe('permission declarations', () => {
  it('refuses to start with a route that declares no permission', async () => {
    const bare = Fastify();
    requirePermissionDeclarations(bare);
    expect(() => bare.get('/api/secret', async () => 'x')).toThrow(/declares no permission/);
    await bare.close();
  });
});

describe('startServer', () => {
  it('listens, answers over real HTTP, and closes', async () => {
    const server = await startServer({
      database,
      clock: testClock,
      logLevel: 'silent',
      port: 0,
      host: '127.0.0.1',
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    } finally {
      await server.close();
    }
  });
});
