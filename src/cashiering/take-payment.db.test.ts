/**
 * takePayment writes the receipt, its receivable items and applications and the journal entry
 * in one statement and answers with the receipt built from what it wrote: that answer is exactly
 * what reading the receipt back gives; the allocation is the receivables' rule; duplicates of one
 * key racing each other post once; a closed period writes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInvariantChecks } from '../cli/verify.js';
import { closePeriod, openPeriod } from '../ledger/index.js';
import { getReceivableAccount } from '../receivables/index.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { customerOwing, seedCashiering } from '../../test/support/cashiering-fixtures.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';
import { getReceipt, openDrawerSession, takePayment, testCardProcessor } from './index.js';

let database: Database;
const cashier = principal('tp-cashier', ['cashiering.counter']);
const clock = testClock;
const processor = testCardProcessor;
let key = 0;
const nextKey = () => `take-payment-${++key}`;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCashiering(database);
  await openDrawerSession(database, { input: { drawer: 'D2', openingCount: { bill_20: 5 } }, actor: cashier, clock });
});

afterAll(async () => {
  await database?.close();
});

async function violations(): Promise<string[]> {
  const outcomes = await runInvariantChecks(database.kysely);
  return outcomes.flatMap((outcome) => outcome.violations.map((violation) => `${outcome.invariant}: ${violation.message}`));
}

describe('takePayment', () => {
  it('answers with exactly the receipt that reading it back gives, for accounts, items and several tenders', async () => {
    const { customerId, water, misc } = await customerOwing(database, { water: 5_000, misc: 2_500 }, 'Answer Check');
    const result = await takePayment(database, {
      input: {
        customerId, payerName: 'A. Check', emailTo: 'a.check@example.org',
        lines: [{ account: water.accountNumber, amountCents: 5_000 }, { account: String(misc.id), amountCents: 1_000 }, { item: 'COPIES', quantity: 4 }],
        tenders: [{ type: 'check', amountCents: 3_000, checkNumber: '1201', routingNumber: '121000358', accountLast4: '4321' },
          { type: 'card', amountCents: 2_000, cardToken: 'tok_test_visa_4242' }, { type: 'cash', amountCents: 2_000 }],
        confirmPartial: true, idempotencyKey: nextKey(),
      },
      actor: cashier, clock, processor,
    });
    expect(result.isReplay).toBe(false);
    expect(result.receipt).toEqual(await getReceipt(database.kysely, result.receipt.receiptNumber));
    expect(result.receipt.totalCents).toBe(6_100);
    expect(result.receipt.changeCents).toBe(900);
    expect(result.receipt.lines.map((line) => line.balanceAfterCents)).toEqual([0, 1_500, null]);
    // The payments were applied to the charges by the allocation rule, at once.
    expect((await getReceivableAccount(database.kysely, water.id, clock.today())).aging.current).toBe(0);
    expect((await getReceivableAccount(database.kysely, misc.id, clock.today())).aging.current).toBe(1_500);
    const audit = await sql<{ journalEntryId: number }>`select (after_data->>'journalEntryId')::bigint as "journalEntryId" from audit_log
      where action = 'cashiering.take_payment' and entity_id = ${result.receipt.receiptNumber}`.execute(database.kysely);
    expect(audit.rows).toEqual([{ journalEntryId: result.receipt.journalEntryId }]);
    expect(await violations()).toEqual([]);
  });

  it('posts once when duplicates of one key race each other; the others answer with the same receipt', async () => {
    const { water } = await customerOwing(database, { water: 3_000 }, 'Race Check');
    const input = { lines: [{ account: water.accountNumber, amountCents: 3_000 }], tenders: [{ type: 'cash', amountCents: 3_000 }], idempotencyKey: nextKey() };
    const results = await Promise.all([1, 2, 3].map(() => takePayment(database, { input, actor: cashier, clock, processor })));
    expect(results.filter((result) => !result.isReplay)).toHaveLength(1);
    expect(new Set(results.map((result) => result.receipt.receiptNumber)).size).toBe(1);
    const items = await sql<{ n: number }>`select count(*)::int as n from receivable_item where receivable_account_id = ${water.id} and amount_cents < 0`.execute(database.kysely);
    expect(items.rows[0]?.n).toBe(1);
    expect(await violations()).toEqual([]);
  });

  it('writes nothing into a closed period, and says so', async () => {
    const { water } = await customerOwing(database, { water: 1_000 }, 'Closed Check');
    const period = clock.today().slice(0, 7);
    const before = await sql<{ n: number }>`select count(*)::int as n from cash_transaction`.execute(database.kysely);
    await closePeriod(database, { periodKey: period, actor: testActor });
    try {
      const error = await takePayment(database, {
        input: { lines: [{ account: water.accountNumber, amountCents: 1_000 }], tenders: [{ type: 'cash', amountCents: 1_000 }], idempotencyKey: nextKey() },
        actor: cashier, clock, processor,
      }).then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('period_closed');
    } finally {
      await openPeriod(database, { periodKey: period, actor: testActor });
    }
    const after = await sql<{ n: number }>`select count(*)::int as n from cash_transaction`.execute(database.kysely);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect(await violations()).toEqual([]);
  });
});
