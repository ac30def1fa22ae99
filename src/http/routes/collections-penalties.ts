/**
 * Penalties over HTTP: the rules (collections.setup; anyone with collections.read may see them)
 * and the penalty job on demand (collections.work). Thin: each route calls one use case of
 * src/collections.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addPenaltyRule, applyPenalties, deactivatePenaltyRule, listPenaltyRules } from '../../collections/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './collections-penalties.schema.js';

export const collectionsPenaltyRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get('/api/collections/penalty-rules', { schema: schemas.listRulesSchema, config: { permission: ['collections.setup', 'collections.read'] } }, async (request) => ({
    rules: await listPenaltyRules(database.kysely, { activeOnly: request.query.activeOnly ?? false }),
  }));

  app.post('/api/collections/penalty-rules', { schema: schemas.addRuleSchema, config: { permission: 'collections.setup' } }, async (request, reply) => {
    const rule = await addPenaltyRule(database, { input: request.body, actor: actorOf(request) });
    return reply.status(201).header('location', `/api/collections/penalty-rules/${rule.id}`).send(rule);
  });

  app.post('/api/collections/penalty-rules/:id/deactivate', { schema: schemas.deactivateRuleSchema, config: { permission: 'collections.setup' } }, async (request) =>
    deactivatePenaltyRule(database, { ruleId: request.params.id, actor: actorOf(request) }),
  );

  app.post('/api/collections/penalties/apply', { schema: schemas.applySchema, config: { permission: 'collections.work' } }, async (request) =>
    applyPenalties(database, { asOf: request.body.date, actor: actorOf(request) }),
  );
};
