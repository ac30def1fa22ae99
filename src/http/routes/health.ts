/**
 * Health for load balancers and people: 200 when the database answers, 503 when it does not.
 * The database's description (a path or a host) is left out: this route is public.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { RouteContext } from '../context.js';
import { appVersion } from '../version.js';
import { healthSchema } from './health.schema.js';

export const healthRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get(
    '/api/health',
    { schema: healthSchema, config: { permission: 'public' } },
    async (request, reply) => {
      const startedAt = performance.now();
      let isDatabaseOk = true;
      try {
        await sql`select 1`.execute(database.kysely);
      } catch (error) {
        isDatabaseOk = false;
        request.log.warn({ err: error }, 'health check: the database did not answer');
      }
      const latencyMs = isDatabaseOk
        ? Math.round((performance.now() - startedAt) * 100) / 100
        : null;
      return reply.status(isDatabaseOk ? 200 : 503).send({
        status: isDatabaseOk ? 'ok' : 'unavailable',
        version: appVersion(),
        engine: database.engine,
        database: { ok: isDatabaseOk, latencyMs },
      });
    },
  );
};
