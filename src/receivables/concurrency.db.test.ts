/**
 * Concurrent payments on one account (PostgreSQL: many sessions; PGlite runs them one after
 * another): every payment posts once, the charges are paid exactly, the rest is credit, and no
 * item is ever over-applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { customerWithAccount, receivableAccounts, seedReceivables } from '../../test/support/receivables-fixtures.js';
import { verifyLedger } from '../ledger/index.js';
import { getReceivableAccount, postCharges, postPayment, receivableChecks } from './index.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 16 });
  await seedReceivables(database);
});
afterAll(async () => database?.close());

describe('concurrent payments on one account', () => {
  it('apply exactly: charges paid to the cent, the rest a credit, nothing over-applied', async () => {
    const { account } = await customerWithAccount(database, 'Busy Account');
    for (const [index, amount] of [3_000, 2_500, 1_234].entries()) {
      await postCharges(database, {
        input: { account: account.id, chargeDate: '2026-08-01', dueDate: `2026-08-${String(10 + index).padStart(2, '0')}`,
          lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents: amount, description: `Charge ${index}` }] },
        actor: testActor,
      });
    }
    const count = testEngine === 'postgres' ? 120 : 40;
    const results = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        postPayment(database, {
          input: { account: account.id, paymentDate: '2026-09-01', amountCents: 100 + (index % 7), cashAccount: receivableAccounts.cash, idempotencyKey: `c-${account.id}-${index}` },
          actor: testActor,
        }),
      ),
    );
    const paid = results.reduce((sum, result) => sum + result.items[0]!.amountCents, 0) * -1;
    const summary = await getReceivableAccount(database.kysely, account.id, '2026-12-31' as never);
    expect(summary.balanceCents).toBe(6_734 - paid);
    const open = Object.values(summary.aging).reduce((sum, value) => sum + value, 0);
    expect(open).toBe(Math.max(0, 6_734 - paid));
    expect(summary.unappliedCreditCents).toBe(Math.max(0, paid - 6_734));
    const violations = [...(await verifyLedger(database.kysely))];
    for (const check of receivableChecks) violations.push(...(await check.run(database.kysely)));
    expect(violations).toEqual([]);
  });
});
