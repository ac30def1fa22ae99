/** Posting one journal entry, idempotently. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { postJournalEntry } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { idempotencyKeyOf, replyPosted } from '../idempotency.js';
import { postEntrySchema } from './post-entry.schema.js';

export const postEntryRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { database },
) => {
  app.post(
    '/api/journal-entries',
    { schema: postEntrySchema, config: { permission: 'ledger.post_direct' } },
    async (request, reply) => {
      const idempotencyKey = idempotencyKeyOf(
        request.headers['idempotency-key'],
        request.body.idempotencyKey,
        { isRequired: true },
      );
      const { entry, isReplay } = await postJournalEntry(database, {
        input: { ...request.body, idempotencyKey },
        actor: actorOf(request),
      });
      return replyPosted(reply, entry.id, isReplay).send(entry);
    },
  );
};
