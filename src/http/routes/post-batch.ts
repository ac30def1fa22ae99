/** Posting a batch of journal entries in one transaction (imports, other modules' batch work). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { postJournalEntries } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { postBatchSchema } from './post-batch.schema.js';

/** 100,000 entries of three lines is about 40 MB of JSON. */
const BATCH_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

export const postBatchRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { database },
) => {
  app.post(
    '/api/journal-entries/batch',
    {
      schema: postBatchSchema,
      config: { permission: 'ledger.post_direct' },
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
    },
    async (request, reply) => {
      const result = await postJournalEntries(database, {
        inputs: request.body,
        actor: actorOf(request),
      });
      return reply.status(result.postedCount > 0 ? 201 : 200).send(result);
    },
  );
};
