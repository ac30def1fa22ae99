/** Maker-checker: filing requests (journal entries, reversals), and deciding them. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  approveRequest,
  cancelRequest,
  getApprovalRequest,
  listApprovalRequests,
  rejectRequest,
  requestApproval,
} from '../../approvals/index.js';
import { hasPermission } from '../../shared/actor.js';
import { AppError } from '../../shared/errors.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import {
  approveSchema,
  cancelSchema,
  getApprovalSchema,
  listApprovalsSchema,
  rejectSchema,
  requestEntrySchema,
  requestReversalSchema,
} from './approvals.schema.js';

export const approvalRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, approvalHandlers }) => {
  app.get('/api/approvals', { schema: listApprovalsSchema, config: { permission: 'signed_in' } }, async (request) => ({
    requests: await listApprovalRequests(database.kysely, {
      principal: actorOf(request),
      view: request.query.view ?? 'to_decide',
      status: request.query.status ?? null,
      limit: request.query.limit ?? 100,
      beforeId: request.query.beforeId ?? null,
    }),
  }));

  app.get('/api/approvals/:id', { schema: getApprovalSchema, config: { permission: 'signed_in' } }, async (request) => {
    const approval = await getApprovalRequest(database.kysely, request.params.id);
    const principal = actorOf(request);
    const maySee =
      approval.requestedBy === principal.username ||
      hasPermission(principal, approval.requiredPermission) ||
      hasPermission(principal, 'approvals.read_all');
    if (!maySee) throw new AppError('forbidden', 'This request is not yours to see', { permission: approval.requiredPermission });
    return approval;
  });

  app.post('/api/approvals/:id/approve', { schema: approveSchema, config: { permission: 'signed_in' } }, async (request) =>
    approveRequest(database, {
      requestId: request.params.id,
      principal: actorOf(request),
      comment: request.body?.comment ?? null,
      handlers: approvalHandlers,
    }),
  );

  app.post('/api/approvals/:id/reject', { schema: rejectSchema, config: { permission: 'signed_in' } }, async (request) =>
    rejectRequest(database, {
      requestId: request.params.id,
      principal: actorOf(request),
      comment: request.body.comment,
      handlers: approvalHandlers,
    }),
  );

  app.post('/api/approvals/:id/cancel', { schema: cancelSchema, config: { permission: 'signed_in' } }, async (request) =>
    cancelRequest(database, { requestId: request.params.id, principal: actorOf(request), comment: request.body?.comment ?? null }),
  );

  app.post('/api/journal-entries/requests', { schema: requestEntrySchema, config: { permission: 'ledger.request' } }, async (request, reply) => {
    const { idempotencyKey: _ignored, ...entry } = request.body as Record<string, unknown>;
    const filed = await requestApproval(database, {
      kind: 'ledger.journal_entry',
      payload: entry,
      principal: actorOf(request),
      handlers: approvalHandlers,
      requestPermission: 'ledger.request',
    });
    return reply.status(201).send(filed);
  });

  app.post(
    '/api/journal-entries/:id/reversal-requests',
    { schema: requestReversalSchema, config: { permission: 'ledger.request' } },
    async (request, reply) => {
      const filed = await requestApproval(database, {
        kind: 'ledger.reversal',
        payload: { entryId: request.params.id, entryDate: request.body?.entryDate ?? null, description: request.body?.description ?? null },
        principal: actorOf(request),
        handlers: approvalHandlers,
        requestPermission: 'ledger.request',
      });
      return reply.status(201).send(filed);
    },
  );
};
