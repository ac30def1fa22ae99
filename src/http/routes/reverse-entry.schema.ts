import { Type } from 'typebox';
import { NullableString, OptionalBody, withErrors } from '../schemas/common.js';
import { JournalEntry } from '../schemas/journal.js';
import { IdempotencyHeaders } from '../idempotency.js';

export const reverseEntrySchema = {
  operationId: 'reverseJournalEntry',
  tags: ['journal'],
  summary: 'Reverse a posted entry: a new entry, every line negated, linked to the original',
  description:
    'The original is never changed. The reversal is dated today unless entryDate is given and ' +
    'must fall in an open period. 201 for a new reversal; 200 with Idempotent-Replayed: true ' +
    'when the same idempotency key already reversed this entry; 409 already_reversed otherwise.',
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  headers: IdempotencyHeaders,
  body: OptionalBody(
    Type.Object(
      {
        entryDate: Type.Optional(NullableString),
        periodKey: Type.Optional(NullableString),
        description: Type.Optional(NullableString),
        idempotencyKey: Type.Optional(NullableString),
      },
      { additionalProperties: false },
    ),
  ),
  response: withErrors({ 200: JournalEntry, 201: JournalEntry }),
};
