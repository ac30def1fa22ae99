import { Type } from 'typebox';
import { dateText, withErrors } from '../schemas/common.js';
import { JournalEntry } from '../schemas/journal.js';

export const listJournalEntriesSchema = {
  operationId: 'listJournalEntries',
  tags: ['journal'],
  summary: 'Journal entries, newest first; page with beforeId',
  querystring: Type.Object(
    {
      from: Type.Optional(dateText('Entries dated on or after')),
      to: Type.Optional(dateText('Entries dated on or before')),
      period: Type.Optional(
        Type.String({ description: 'Fiscal period key', examples: ['2026-08'] }),
      ),
      source: Type.Optional(Type.String({ description: 'Source module', examples: ['gl'] })),
      q: Type.Optional(
        Type.String({ maxLength: 200, description: 'Text in the description or reference' }),
      ),
      beforeId: Type.Optional(
        Type.Integer({ minimum: 1, description: 'Entries with a smaller id' }),
      ),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    },
    { additionalProperties: false },
  ),
  response: withErrors({
    200: Type.Object({
      entries: Type.Array(JournalEntry),
      nextBeforeId: Type.Union([Type.Integer(), Type.Null()], {
        description: 'Pass as beforeId for the next page; null on the last page',
      }),
    }),
  }),
};

export const getJournalEntrySchema = {
  operationId: 'getJournalEntry',
  tags: ['journal'],
  summary: 'One journal entry with its lines',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  response: withErrors({ 200: JournalEntry }),
};
