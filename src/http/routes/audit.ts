/** The audit trail for auditors: browse with filters, export CSV. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { exportAuditCsv, listAuditEvents } from '../../audit/index.js';
import type { RouteContext } from '../context.js';
import { withErrors } from '../schemas/common.js';

const AuditQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day (YYYY-MM-DD, city time)' })),
  to: Type.Optional(Type.String({ description: 'Last day (YYYY-MM-DD, city time)' })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Action or its prefix, e.g. ledger.' })),
  entityType: Type.Optional(Type.String({ maxLength: 100 })),
  entityId: Type.Optional(Type.String({ maxLength: 200 })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('refused'), Type.Literal('failed')])),
  beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

const AuditEvent = Type.Object({
  id: Type.Integer(),
  occurredAt: Type.String(),
  actorUserId: Type.Union([Type.Integer(), Type.Null()]),
  actorUsername: Type.String(),
  via: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  details: Type.Unknown(),
});

export const auditRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get(
    '/api/audit',
    {
      schema: {
        operationId: 'listAuditEvents', tags: ['audit'], summary: 'The audit trail, newest first, filtered',
        querystring: AuditQuery,
        response: withErrors({ 200: Type.Object({ events: Type.Array(AuditEvent), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) }) }),
      },
      config: { permission: 'audit.read' },
    },
    async (request) => listAuditEvents(database.kysely, request.query),
  );

  app.get(
    '/api/audit/export.csv',
    {
      schema: {
        operationId: 'exportAuditEvents', tags: ['audit'], summary: 'The filtered audit trail as CSV',
        querystring: AuditQuery,
        response: withErrors({ 200: Type.String() }),
      },
      config: { permission: 'audit.export' },
    },
    async (request, reply) => {
      const csv = await exportAuditCsv(database.kysely, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-trail.csv"')
        .send(csv);
    },
  );
};
