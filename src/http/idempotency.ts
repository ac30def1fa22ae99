/**
 * Idempotency keys over HTTP. A client retrying after a timeout must not post twice, so posting
 * requires a key, sent as the `Idempotency-Key` header (the IETF draft's name) or as
 * `idempotencyKey` in the body. The ledger binds the key to the entry's content: a replay answers
 * 200 with the original entry and `Idempotent-Replayed: true`; different content is refused.
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { invalidInput } from '../shared/errors.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ maxLength: 500, description: 'Required unless idempotencyKey is in the body' }),
  ),
});

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The one key for this request, from the header or the body (they must agree if both are sent). */
export function idempotencyKeyOf(
  headerValue: string | undefined,
  bodyValue: unknown,
  options: { isRequired: boolean },
): string | null {
  const fromHeader = nonEmpty(headerValue);
  const fromBody = nonEmpty(bodyValue);
  if (fromHeader !== null && fromBody !== null && fromHeader !== fromBody) {
    throw invalidInput(
      IDEMPOTENCY_HEADER,
      'differs from idempotencyKey in the body; send one key',
      {
        header: fromHeader,
        body: fromBody,
      },
    );
  }
  const key = fromHeader ?? fromBody;
  if (key === null && options.isRequired) {
    throw invalidInput(
      'idempotencyKey',
      `an idempotency key is required: send an ${IDEMPOTENCY_HEADER} header or idempotencyKey in ` +
        'the body, and reuse it when retrying',
      { header: IDEMPOTENCY_HEADER },
    );
  }
  return key;
}

/** 201 with a Location for a new entry; 200 and the replay header when the key had posted it. */
export function replyPosted(reply: FastifyReply, entryId: number, isReplay: boolean): FastifyReply {
  if (isReplay) return reply.status(200).header(REPLAYED_HEADER, 'true');
  return reply.status(201).header('location', `/api/journal-entries/${entryId}`);
}
