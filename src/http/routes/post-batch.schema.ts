import { Type } from 'typebox';
import { withErrors } from '../schemas/common.js';
import { BatchPostResult, JournalEntryInput } from '../schemas/journal.js';

export const MAX_BATCH_ENTRIES = 100_000;

export const postBatchSchema = {
  operationId: 'postJournalEntries',
  tags: ['journal'],
  summary: 'Post many journal entries at once, all or nothing',
  description:
    'Problems are reported by row (1 = the first entry) and field, and nothing is posted. ' +
    'Entries whose idempotencyKey already posted the same content are counted as replays. ' +
    'An entry without a key is keyed by its content.',
  body: Type.Array(JournalEntryInput, { maxItems: MAX_BATCH_ENTRIES }),
  response: withErrors({ 200: BatchPostResult, 201: BatchPostResult }),
};
