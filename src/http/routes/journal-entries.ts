/** Reading journal entries: a filtered, keyset-paged list (newest first), and one entry. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getJournalEntry, listJournalEntries, periodFromKey } from '../../ledger/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import type { RouteContext } from '../context.js';
import { getJournalEntrySchema, listJournalEntriesSchema } from './journal-entries.schema.js';

const DEFAULT_PAGE_SIZE = 50;

export const journalEntryRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { database },
) => {
  app.get(
    '/api/journal-entries',
    { schema: listJournalEntriesSchema, config: { permission: 'ledger.read' } },
    async (request) => {
      const { from, to, period, source, q, beforeId } = request.query;
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const entries = await listJournalEntries(database.kysely, {
        fromDate: from === undefined ? undefined : parseIsoDate(from, 'from'),
        toDate: to === undefined ? undefined : parseIsoDate(to, 'to'),
        periodKey: period === undefined ? undefined : periodFromKey(period, 'period').key,
        sourceModule: source?.trim() || undefined,
        search: q?.trim() || undefined,
        beforeId,
        limit,
      });
      const last = entries.at(-1);
      return { entries, nextBeforeId: entries.length === limit && last ? last.id : null };
    },
  );

  app.get(
    '/api/journal-entries/:id',
    { schema: getJournalEntrySchema, config: { permission: 'ledger.read' } },
    async (request) => getJournalEntry(database.kysely, request.params.id),
  );
};
