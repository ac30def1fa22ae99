/** Reversing a posted journal entry. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { reverseJournalEntry } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { idempotencyKeyOf, replyPosted } from '../idempotency.js';
import { reverseEntrySchema } from './reverse-entry.schema.js';

export const reverseEntryRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  const { database, clock } = context;
  app.post(
    '/api/journal-entries/:id/reverse',
    { schema: reverseEntrySchema, config: { permission: 'ledger.post_direct' } },
    async (request, reply) => {
      const body = request.body ?? {};
      // Optional here: without a key the ledger keys the reversal by the original entry, so a
      // repeated request is refused as already_reversed instead of posting twice.
      const idempotencyKey = idempotencyKeyOf(
        request.headers['idempotency-key'],
        body.idempotencyKey,
        { isRequired: false },
      );
      const { entry, isReplay } = await reverseJournalEntry(database, {
        entryId: request.params.id,
        actor: actorOf(request),
        clock,
        entryDate: body.entryDate ?? null,
        periodKey: body.periodKey ?? null,
        description: body.description ?? null,
        idempotencyKey,
      });
      return replyPosted(reply, entry.id, isReplay).send(entry);
    },
  );
};
