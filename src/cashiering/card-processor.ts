/**
 * Card payments go through a payment processor. The card number never reaches Civic Ledger: the
 * card reader (or the processor's hosted fields on the portal) gives the processor the card and us a
 * token; we ask the processor to charge the token and keep only the token, the last four digits,
 * the brand and the authorization code.
 *
 * The built-in test processor, for the demo and the tests, reads tokens shaped
 * `tok_test_<brand>_<last4>` (e.g. `tok_test_visa_4242`). Last four `0002` is declined, `0069`
 * is an expired card; any other last four is approved. It charges no one.
 *
 * An authorization whose payment then fails to post (the database refused it, the process lost
 * its connection) is voided at once, so no customer is charged for a payment the city has no
 * record of; a void that fails too is logged with the processor reference for the supervisor.
 */
import { createHash } from 'node:crypto';
import type { Cents } from '../shared/money.js';

export interface CardCharge {
  token: string;
  amountCents: Cents;
  /** The processor charges a key once: a retried request returns the first authorization. */
  idempotencyKey: string;
}

export type CardAuthorization =
  | { approved: true; authorizationCode: string; last4: string; brand: string; processorReference: string }
  | { approved: false; message: string };

export interface CardVoid {
  processorReference: string;
  /** The charge's key: the processor voids an authorization once. */
  idempotencyKey: string;
}

export interface CardProcessor {
  readonly name: string;
  authorize(charge: CardCharge): Promise<CardAuthorization>;
  /** Cancels an authorization before settlement (the payment did not post). */
  voidAuthorization(authorization: CardVoid): Promise<void>;
}

/** The test processor, and the references it was asked to void (for tests). */
export interface TestCardProcessor extends CardProcessor {
  readonly voided: readonly string[];
}

const testToken = /^tok_test_(visa|mastercard|amex|discover)_([0-9]{4})$/;

export function createTestCardProcessor(): TestCardProcessor {
  const voided: string[] = [];
  return {
    name: 'test',
    voided,
    authorize: authorizeTestCard,
    async voidAuthorization(authorization) {
      if (!authorization.processorReference.startsWith('test_')) throw new Error(`the test processor issued no authorization ${authorization.processorReference}`);
      if (!voided.includes(authorization.processorReference)) voided.push(authorization.processorReference);
    },
  };
}

export const testCardProcessor: TestCardProcessor = createTestCardProcessor();

async function authorizeTestCard(charge: CardCharge): Promise<CardAuthorization> {
  const match = testToken.exec(charge.token);
  if (!match) return { approved: false, message: 'the test processor does not know this card token' };
  const [, brand, last4] = match as unknown as [string, string, string];
  if (last4 === '0002') return { approved: false, message: 'card declined (insufficient funds)' };
  if (last4 === '0069') return { approved: false, message: 'card declined (expired card)' };
  const digest = createHash('sha256').update(`${charge.idempotencyKey}|${charge.token}|${charge.amountCents}`).digest('hex');
  return {
    approved: true,
    authorizationCode: String(parseInt(digest.slice(0, 8), 16) % 1_000_000).padStart(6, '0'),
    last4,
    brand: brand.toUpperCase(),
    processorReference: `test_${digest.slice(0, 20)}`,
  };
}
