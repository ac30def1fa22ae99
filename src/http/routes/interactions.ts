/** The interaction log on a customer, and each clerk's follow-ups. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { completeFollowUp, listFollowUps, listInteractions, recordInteraction } from '../../customers/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import {
  completeFollowUpSchema,
  listFollowUpsSchema,
  listInteractionsSchema,
  recordInteractionSchema,
} from './interactions.schema.js';

export const interactionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  app.post(
    '/api/customers/:id/interactions',
    { schema: recordInteractionSchema, config: { permission: 'customers.edit' } },
    async (request, reply) => {
      const interaction = await recordInteraction(database, { customerId: request.params.id, input: request.body, actor: actorOf(request), clock });
      return reply.status(201).send(interaction);
    },
  );

  app.get('/api/customers/:id/interactions', { schema: listInteractionsSchema, config: { permission: 'customers.read' } }, async (request) => ({
    interactions: await listInteractions(database.kysely, {
      customerId: request.params.id, limit: request.query.limit ?? 50, beforeId: request.query.beforeId ?? null,
    }),
  }));

  app.get('/api/follow-ups', { schema: listFollowUpsSchema, config: { permission: 'customers.read' } }, async (request) => ({
    followUps: await listFollowUps(database.kysely, { username: actorOf(request).username, through: request.query.through ?? null }),
  }));

  app.post('/api/interactions/:id/complete', { schema: completeFollowUpSchema, config: { permission: 'customers.edit' } }, async (request) =>
    completeFollowUp(database, { interactionId: request.params.id, actor: actorOf(request) }),
  );
};
