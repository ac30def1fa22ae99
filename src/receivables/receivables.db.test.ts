import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { customerWithAccount, principal, receivableAccounts, seedReceivables } from '../../test/support/receivables-fixtures.js';
import { approvalRegistry, approveRequest } from '../approvals/index.js';
import { postJournalEntry, reverseJournalEntry, verifyLedger } from '../ledger/index.js';
import {
  enterMemo,
  getAgingReport,
  getCustomerReceivables,
  getReceivableAccount,
  listAccountActivity,
  listRefundRequests,
  postCharges,
  postPayment,
  receivableApprovalHandlers,
  receivableChecks,
  requestRefund,
  requestWriteOff,
  reverseReceivableEntry,
  transferPayment,
} from './index.js';

let database: Database;
const handlers = approvalRegistry(receivableApprovalHandlers());
const clerk = principal('clerk.one', ['receivables.adjust', 'receivables.charge']);
const manager = principal('manager.one', ['receivables.approve', 'receivables.adjust']);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReceivables(database);
});
afterAll(async () => database?.close());

async function expectError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

async function violations(): Promise<string[]> {
  const found = [...(await verifyLedger(database.kysely))];
  for (const check of receivableChecks) found.push(...(await check.run(database.kysely)));
  return found.map((violation) => violation.message);
}

function charge(account: string, amountCents: number, extra: Record<string, unknown> = {}) {
  return {
    account,
    chargeDate: '2026-08-01',
    dueDate: '2026-08-31',
    lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents, description: 'False alarm response', ...extra }],
  };
}

function payment(account: string, amountCents: number, paymentDate = '2026-09-15') {
  return { account, paymentDate, amountCents, cashAccount: receivableAccounts.cash, reference: 'CHK 1001' };
}

describe('charges and payments', () => {
  it('posts charges to the ledger with the account as subledger, and the balance comes from it', async () => {
    const { account } = await customerWithAccount(database, 'Rosa Alvarez');
    const { entry, items } = await postCharges(database, {
      input: {
        ...charge(account.accountNumber, 15_000),
        lines: [
          { revenueAccount: receivableAccounts.alarmFees, amountCents: 15_000, description: 'Third false alarm' },
          { revenueAccount: receivableAccounts.penalties, amount: '15.00', description: 'Late penalty', chargeClass: 'penalty' },
        ],
      },
      actor: testActor,
    });
    expect(items.map((item) => [item.itemType, item.chargeClass, item.amountCents])).toEqual([
      ['charge', 'charge', 15_000],
      ['charge', 'penalty', 1_500],
    ]);
    expect(entry.lines.filter((line) => line.subledgerAccountId === account.id).map((line) => line.debitCents)).toEqual([15_000, 1_500]);
    const summary = await getReceivableAccount(database.kysely, account.id, '2026-08-15' as never);
    expect(summary.balanceCents).toBe(16_500);
    expect(summary.aging.current).toBe(16_500);
    expect(await violations()).toEqual([]);
  });

  it('pays penalties first, then the oldest charges; an overpayment is a visible credit that pays the next charge', async () => {
    const { account, customerId } = await customerWithAccount(database, 'Dale Whitaker');
    await postCharges(database, { input: charge(account.accountNumber, 10_000), actor: testActor });
    await postCharges(database, {
      input: { ...charge(account.accountNumber, 1_000, { chargeClass: 'penalty', revenueAccount: receivableAccounts.penalties }), chargeDate: '2026-09-05', dueDate: '2026-09-05' },
      actor: testActor,
    });
    const paid = await postPayment(database, { input: payment(account.accountNumber, 5_000), actor: testActor });
    expect(paid.appliedCents).toBe(5_000);
    const activity = await listAccountActivity(database.kysely, account.id);
    const penalty = activity.items.find((item) => item.chargeClass === 'penalty');
    const principalCharge = activity.items.find((item) => item.chargeClass === 'charge');
    expect(penalty?.appliedCents).toBe(1_000);
    expect(principalCharge?.appliedCents).toBe(4_000);

    const over = await postPayment(database, { input: { ...payment(account.accountNumber, 8_000), paymentDate: '2026-09-20' }, actor: testActor });
    expect(over.appliedCents).toBe(6_000);
    expect(over.creditLeftCents).toBe(2_000);
    const summary = await getReceivableAccount(database.kysely, account.id, '2026-09-30' as never);
    expect(summary.balanceCents).toBe(-2_000);
    expect(summary.unappliedCreditCents).toBe(2_000);

    await postCharges(database, { input: { ...charge(account.accountNumber, 3_000), chargeDate: '2026-10-01', dueDate: '2026-10-31' }, actor: testActor });
    const after = await getCustomerReceivables(database.kysely, customerId, '2026-10-02' as never);
    expect(after.totals.balanceCents).toBe(1_000);
    expect(after.totals.aging.current).toBe(1_000);
    expect(after.totals.unappliedCreditCents).toBe(0);
    expect(await violations()).toEqual([]);
  });

  it('replays the same idempotency key without posting twice, and refuses different content', async () => {
    const { account } = await customerWithAccount(database);
    const input = { ...payment(account.accountNumber, 2_500), idempotencyKey: `pay-${account.id}` };
    const first = await postPayment(database, { input, actor: testActor });
    const again = await postPayment(database, { input, actor: testActor });
    expect(again.isReplay).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    await expectError(postPayment(database, { input: { ...input, amountCents: 2_600 }, actor: testActor }), 'idempotency_conflict');
    expect((await getReceivableAccount(database.kysely, account.id, '2026-12-31' as never)).balanceCents).toBe(-2_500);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const { account } = await customerWithAccount(database);
    const before = await sql<{ n: number }>`select count(*)::int as n from receivable_item`.execute(database.kysely);
    const bad = await expectError(postPayment(database, { input: { ...payment(account.accountNumber, 0), amountCents: undefined, amount: '12.345' }, actor: testActor }), 'invalid_input');
    expect(JSON.stringify(bad.details)).toContain('amount');
    await expectError(postPayment(database, { input: { account: account.accountNumber, paymentDate: '2026-02-30', amountCents: 100, cashAccount: receivableAccounts.cash }, actor: testActor }), 'invalid_input');
    const wrongFund = await expectError(postPayment(database, { input: { ...payment(account.accountNumber, 100), cashAccount: '510-0000-10100' }, actor: testActor }), 'invalid_input');
    expect(wrongFund.message).toContain('cashAccount');
    const noRevenue = await expectError(postCharges(database, { input: { ...charge(account.accountNumber, 100), lines: [{ amountCents: 100, description: 'x' }] }, actor: testActor }), 'invalid_input');
    expect(JSON.stringify(noRevenue.details)).toContain('lines[0].revenueAccount');
    await expectError(postCharges(database, { input: charge('MB-999999', 100), actor: testActor }), 'not_found');
    const after = await sql<{ n: number }>`select count(*)::int as n from receivable_item`.execute(database.kysely);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('keeps journal entries off the control account and ledger reversals off receivable entries', async () => {
    const { account } = await customerWithAccount(database);
    const hand = await expectError(postJournalEntry(database, {
      input: { entryDate: '2026-08-15', description: 'Hand entry', lines: [
        { account: receivableAccounts.control, debitCents: 100 }, { account: receivableAccounts.alarmFees, creditCents: 100 }] },
      actor: testActor,
    }), 'invalid_input');
    expect(hand.message).toContain('receivables');
    const named = await expectError(postJournalEntry(database, {
      input: { entryDate: '2026-08-15', description: 'Hand entry', lines: [
        { account: receivableAccounts.control, debitCents: 100, subledgerAccountId: account.id }, { account: receivableAccounts.alarmFees, creditCents: 100 }] },
      actor: testActor,
    }), 'invalid_input');
    expect(named.message).toContain('subledgerAccountId');
    const { entry } = await postCharges(database, { input: charge(account.accountNumber, 700), actor: testActor });
    await expectError(reverseJournalEntry(database, { entryId: entry.id, actor: testActor, clock: testClock }), 'invalid_input');
    // The database refuses a subledger line on the wrong control account even past the code.
    await expect(sql`insert into journal_line (entry_id, line_number, account_id, fund_code, amount_cents, entry_date, period_key, subledger_account_id)
      select ${entry.id}, 99, id, fund_code, 1, '2026-08-01', '2026-08', ${account.id} from account where code = ${receivableAccounts.cash}`.execute(database.kysely)).rejects.toThrow();
  });
});

describe('reversals', () => {
  it('a returned payment opens what it paid again, due as before', async () => {
    const { account } = await customerWithAccount(database);
    await postCharges(database, { input: charge(account.accountNumber, 4_000), actor: testActor });
    const paid = await postPayment(database, { input: payment(account.accountNumber, 4_000), actor: testActor });
    expect((await getReceivableAccount(database.kysely, account.id, '2026-09-30' as never)).balanceCents).toBe(0);
    const { items } = await reverseReceivableEntry(database, { journalEntryId: paid.entry.id, reason: 'NSF check', reversalDate: '2026-09-25', actor: testActor, clock: testClock });
    expect(items[0]?.amountCents).toBe(4_000);
    const summary = await getReceivableAccount(database.kysely, account.id, '2026-10-15' as never);
    expect(summary.balanceCents).toBe(4_000);
    expect(summary.aging.days30).toBe(4_000);
    await expectError(reverseReceivableEntry(database, { journalEntryId: paid.entry.id, reason: 'again', actor: testActor, clock: testClock }), 'already_reversed');
    expect(await violations()).toEqual([]);
  });

  it('reversing a paid charge turns the payment into a credit', async () => {
    const { account } = await customerWithAccount(database);
    const charged = await postCharges(database, { input: charge(account.accountNumber, 2_000), actor: testActor });
    await postPayment(database, { input: payment(account.accountNumber, 2_000), actor: testActor });
    await reverseReceivableEntry(database, { journalEntryId: charged.entry.id, reason: 'Alarm permit holder, no fee', reversalDate: '2026-09-20', actor: testActor, clock: testClock });
    const summary = await getReceivableAccount(database.kysely, account.id, '2026-09-30' as never);
    expect(summary.balanceCents).toBe(-2_000);
    expect(summary.unappliedCreditCents).toBe(2_000);
    expect(await violations()).toEqual([]);
  });
});

describe('adjustments, write-offs, refunds and transfers', () => {
  it('posts a small credit memo at once and files a large one for approval by someone else', async () => {
    const { account } = await customerWithAccount(database);
    await postCharges(database, { input: charge(account.accountNumber, 50_000), actor: testActor });
    const memo = { account: account.accountNumber, memoType: 'credit', memoDate: '2026-09-01', amountCents: 5_000,
      offsetAccount: receivableAccounts.alarmFees, reasonCode: 'customer_service', description: 'Alarm company fault' };
    const small = await enterMemo(database, { input: memo, principal: clerk, handlers });
    expect(small.status).toBe('posted');
    const noReason = await expectError(enterMemo(database, { input: { ...memo, reasonCode: '' }, principal: clerk, handlers }), 'invalid_input');
    expect(noReason.message).toContain('reasonCode');
    const large = await enterMemo(database, { input: { ...memo, amountCents: 20_000 }, principal: clerk, handlers });
    expect(large.status).toBe('pending_approval');
    if (large.status !== 'pending_approval') throw new Error('expected a request');
    await expectError(approveRequest(database, { requestId: large.request.id, principal: { ...manager, username: 'clerk.one' }, handlers }), 'forbidden');
    expect((await getReceivableAccount(database.kysely, account.id, '2026-09-30' as never)).balanceCents).toBe(45_000);
    await approveRequest(database, { requestId: large.request.id, principal: manager, handlers });
    expect((await getReceivableAccount(database.kysely, account.id, '2026-09-30' as never)).balanceCents).toBe(25_000);
    await expectError(enterMemo(database, { input: { ...memo, amountCents: 30_000 }, principal: clerk, handlers }), 'invalid_input');
    await expectError(enterMemo(database, { input: memo, principal: principal('cashier', ['receivables.payment']), handlers }), 'forbidden');
    expect(await violations()).toEqual([]);
  });

  it('writes off only with approval, to the write-off account', async () => {
    const { account } = await customerWithAccount(database, 'Gone Away LLC');
    await postCharges(database, { input: charge(account.accountNumber, 12_345), actor: testActor });
    const request = await requestWriteOff(database, {
      input: { account: account.accountNumber, writeOffDate: '2026-11-01', reasonCode: 'UNCOLLECTIBLE', description: 'Business closed, no assets' },
      principal: clerk, handlers,
    });
    expect(request.amountCents).toBe(12_345);
    await approveRequest(database, { requestId: request.id, principal: manager, handlers });
    const summary = await getReceivableAccount(database.kysely, account.id, '2026-11-30' as never);
    expect(summary.balanceCents).toBe(0);
    expect(await violations()).toEqual([]);
  });

  it('refunds a credit balance through approval and lists the request for payables', async () => {
    const { account } = await customerWithAccount(database, 'Overpaid Person');
    await postPayment(database, { input: payment(account.accountNumber, 7_500), actor: testActor });
    await expectError(requestRefund(database, {
      input: { account: account.accountNumber, amountCents: 9_000, payeeName: 'Overpaid Person', payeeAddress: '1 Main St, Alder Creek CA 95999', reason: 'Overpayment', refundDate: '2026-10-01' },
      principal: clerk, handlers,
    }), 'invalid_input');
    const request = await requestRefund(database, {
      input: { account: account.accountNumber, amountCents: 7_500, payeeName: 'Overpaid Person', payeeAddress: '1 Main St, Alder Creek CA 95999', reason: 'Overpayment', refundDate: '2026-10-01' },
      principal: clerk, handlers,
    });
    expect((await listRefundRequests(database.kysely)).find((row) => row.approvalRequestId === request.id)?.status).toBe('requested');
    await approveRequest(database, { requestId: request.id, principal: manager, handlers });
    expect((await listRefundRequests(database.kysely)).find((row) => row.approvalRequestId === request.id)?.status).toBe('approved');
    expect((await listRefundRequests(database.kysely, { status: 'approved' })).some((row) => row.approvalRequestId === request.id)).toBe(true);
    expect((await listRefundRequests(database.kysely, { status: 'requested' })).some((row) => row.approvalRequestId === request.id)).toBe(false);
    expect((await getReceivableAccount(database.kysely, account.id, '2026-10-31' as never)).balanceCents).toBe(0);
    expect(await violations()).toEqual([]);
  });

  it('moves a misapplied payment to the right account', async () => {
    const wrong = await customerWithAccount(database, 'Wrong Account');
    const right = await customerWithAccount(database, 'Right Account');
    await postCharges(database, { input: charge(wrong.account.accountNumber, 3_000), actor: testActor });
    await postCharges(database, { input: charge(right.account.accountNumber, 3_000), actor: testActor });
    const paid = await postPayment(database, { input: payment(wrong.account.accountNumber, 3_000), actor: testActor });
    const paymentItem = paid.items[0]?.id as number;
    await transferPayment(database, {
      input: { paymentItemId: paymentItem, toAccount: right.account.accountNumber, transferDate: '2026-09-20', description: 'Clerk keyed the wrong account' },
      actor: testActor,
    });
    expect((await getReceivableAccount(database.kysely, wrong.account.id, '2026-09-30' as never)).balanceCents).toBe(3_000);
    expect((await getReceivableAccount(database.kysely, right.account.id, '2026-09-30' as never)).balanceCents).toBe(0);
    await expectError(transferPayment(database, {
      input: { paymentItemId: paymentItem, toAccount: right.account.accountNumber, transferDate: '2026-09-21', description: 'again' },
      actor: testActor,
    }), 'invalid_input');
    expect(await violations()).toEqual([]);
  });

  it('ages open items as of a date', async () => {
    const { account } = await customerWithAccount(database, 'Aging Example');
    await postCharges(database, { input: { ...charge(account.accountNumber, 1_000), chargeDate: '2026-07-01', dueDate: '2026-07-01' }, actor: testActor });
    await postCharges(database, { input: { ...charge(account.accountNumber, 2_000), chargeDate: '2026-09-15', dueDate: '2026-10-15' }, actor: testActor });
    const report = await getAgingReport(database.kysely, { asOf: '2026-11-10' as never });
    const row = report.rows.find((r) => r.accountNumber === account.accountNumber);
    expect(row?.aging).toEqual({ current: 2_000, days30: 0, days60: 0, days90: 0, days120: 1_000 });
    const earlier = await getAgingReport(database.kysely, { asOf: '2026-08-15' as never });
    expect(earlier.rows.find((r) => r.accountNumber === account.accountNumber)?.aging).toEqual({ current: 0, days30: 1_000, days60: 0, days90: 0, days120: 0 });
  });
});

describe('receivables invariants (property)', () => {
  it('random charges, payments and reversals keep items equal to the ledger and never over-apply', async () => {
    const { account } = await customerWithAccount(database, 'Property Test');
    const step = fc.oneof(
      fc.record({ kind: fc.constant('charge' as const), cents: fc.integer({ min: 1, max: 50_000 }), penalty: fc.boolean() }),
      fc.record({ kind: fc.constant('payment' as const), cents: fc.integer({ min: 1, max: 60_000 }) }),
      fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const posted: number[] = [];
        for (const s of steps) {
          if (s.kind === 'charge') {
            const { entry } = await postCharges(database, {
              input: charge(account.accountNumber, s.cents, s.penalty ? { chargeClass: 'penalty', revenueAccount: receivableAccounts.penalties } : {}),
              actor: testActor,
            });
            posted.push(entry.id);
          } else if (s.kind === 'payment') {
            posted.push((await postPayment(database, { input: payment(account.accountNumber, s.cents), actor: testActor })).entry.id);
          } else if (posted.length > 0) {
            const entryId = posted.splice(s.pick % posted.length, 1)[0] as number;
            await reverseReceivableEntry(database, { journalEntryId: entryId, reason: 'test', reversalDate: '2026-10-01', actor: testActor, clock: testClock });
          }
        }
        expect(await violations()).toEqual([]);
        const summary = await getReceivableAccount(database.kysely, account.id, '2026-12-31' as never);
        const aged = Object.values(summary.aging).reduce((sum, value) => sum + value, 0);
        expect(aged - summary.unappliedCreditCents).toBe(summary.balanceCents);
        // Credits and open debits never coexist after settling: one of them is zero.
        expect(aged === 0 || summary.unappliedCreditCents === 0).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
