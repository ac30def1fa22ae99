import { withErrors } from '../schemas/common.js';
import { JournalEntry, JournalEntryInput } from '../schemas/journal.js';
import { IdempotencyHeaders } from '../idempotency.js';

export const postEntrySchema = {
  operationId: 'postJournalEntry',
  tags: ['journal'],
  summary: 'Post a journal entry (requires an idempotency key)',
  description:
    'Send the key as the Idempotency-Key header or idempotencyKey in the body. 201 on the first ' +
    'post; 200 with the same body and Idempotent-Replayed: true when the key already posted this ' +
    'entry; 409 idempotency_conflict when it posted different content.',
  headers: IdempotencyHeaders,
  body: JournalEntryInput,
  response: withErrors({ 200: JournalEntry, 201: JournalEntry }),
};
