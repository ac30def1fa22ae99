/**
 * The OpenAPI document (GET /api/openapi.json) and the interactive documentation (/api/docs).
 * @fastify/swagger builds the document from the routes' own schemas, so it cannot drift from
 * what the server validates; it must be registered before the routes it describes.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { httpStatusByErrorCode } from '../errors.js';
import { appVersion } from '../version.js';

const description = [
  'Civic Ledger: staff sign-in, maker-checker approvals, the audit trail, and the general',
  'ledger (chart of accounts, journal entries, reversals, fiscal periods, reports).',
  'Sign in with POST /api/session; the session cookie then authenticates every call, and every',
  'POST/PUT/PATCH/DELETE carries the returned csrfToken as the X-CSRF-Token header. Each route',
  'needs the permission its description names (Access: ...); a missing one is 403 naming it.',
  'Amounts are integer cents. Every error is',
  '`{ "error": { "code", "message", "details" } }`; codes and their statuses:',
  Object.entries(httpStatusByErrorCode)
    .map(([code, status]) => `\`${code}\` ${status}`)
    .join(', ') + ', `internal` 500.',
].join(' ');

/** Registers the document builder; call before any route is added. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Civic Ledger API', version: appVersion(), description },
      tags: [
        { name: 'system' },
        { name: 'chart', description: 'Funds, departments, accounts' },
        { name: 'journal', description: 'Journal entries: post, reverse, read, export' },
        { name: 'periods', description: 'Fiscal periods (July-June, plus year-end period 13)' },
        { name: 'reports', description: 'Trial balance, fund balances, account activity' },
      ],
    },
  });
}

/** Serves the document and the docs UI; call after every route is added. */
export async function registerDocsRoutes(app: FastifyInstance): Promise<void> {
  let documentText: string | undefined;
  app.get(
    '/api/openapi.json',
    {
      schema: { hide: true, response: { 200: Type.Unknown() } },
      config: { permission: 'public' },
    },
    async (_request, reply) => {
      documentText ??= JSON.stringify(app.swagger());
      return reply.type('application/json; charset=utf-8').send(documentText);
    },
  );
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
