/**
 * The counter end to end on a real database: a drawer opens with a float, payments across funds
 * and kinds with several tenders, receipts, a void by approval, a blind close with over/short,
 * a deposit verified by a second person, the daily report, and a returned check with its
 * Civil Code 1719 fee and the cash-only flag. Every invariant of `civic verify` holds throughout.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRequest } from '../approvals/index.js';
import { buildApprovalHandlers } from '../app/index.js';
import { runInvariantChecks } from '../cli/verify.js';
import { getReceivableAccount } from '../receivables/index.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { cents } from '../shared/money.js';
import { createTestDatabase } from '../../test/support/database.js';
import { customerOwing, seedCashiering } from '../../test/support/cashiering-fixtures.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';
import {
  closeDrawerSession,
  closeMailBatch,
  createTestCardProcessor,
  findOpenSession,
  formatScanLine,
  getDailyCashReport,
  getReceipt,
  lookupPayable,
  openDrawerSession,
  openMailBatch,
  prepareDeposit,
  recordReceiptPrint,
  recordReturnedPayment,
  requestVoid,
  signOffDrawerSession,
  takePayment,
  testCardProcessor,
  verifyDeposit,
} from './index.js';
import type { CardProcessor } from './index.js';

let database: Database;
const rosa = principal('rosa', ['cashiering.counter']);
const david = principal('david', ['cashiering.counter', 'cashiering.supervise', 'cashiering.deposit']);
const priya = principal('priya', ['cashiering.deposit', 'cashiering.returns']);
const handlers = buildApprovalHandlers(testClock);
const clock = testClock;
const processor = testCardProcessor;
let key = 0;
const nextKey = () => `test-${++key}`;

async function expectError(promise: Promise<unknown>, code: string, text?: RegExp): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error, 'expected an error').toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (text) expect(JSON.stringify({ message: (error as AppError).message, details: (error as AppError).details })).toMatch(text);
  return error as AppError;
}

async function violations(): Promise<string[]> {
  const outcomes = await runInvariantChecks(database.kysely);
  return outcomes.flatMap((outcome) => outcome.violations.map((violation) => `${outcome.invariant}: ${violation.message}`));
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCashiering(database);
});

afterAll(async () => {
  await database?.close();
});

describe('the counter', () => {
  it('takes a payment only into an open drawer, and one session per drawer and per cashier', async () => {
    const { water } = await customerOwing(database, { water: 5000 });
    await expectError(takePayment(database, { input: { lines: [{ account: water.accountNumber, amountCents: 5000 }], tenders: [{ type: 'cash', amountCents: 5000 }], idempotencyKey: nextKey() }, actor: rosa, clock, processor }),
      'conflict', /Open your drawer/);
    const session = await openDrawerSession(database, { input: { drawer: 'D1', openingCount: { bill_20: 5, bill_5: 10, coin_25: 40 } }, actor: rosa, clock });
    expect(session.openingFloatCents).toBe(10_000 + 5_000 + 1_000);
    await expectError(openDrawerSession(database, { input: { drawer: 'D1', openingCount: {} }, actor: david, clock }), 'conflict', /open for rosa/);
    await expectError(openDrawerSession(database, { input: { drawer: 'D2', openingCount: {} }, actor: rosa, clock }), 'conflict', /already have drawer D1/);
    await expectError(openDrawerSession(database, { input: { drawer: 'D2', openingCount: { bill_3: 1 } }, actor: david, clock }), 'invalid_input', /openingCount.bill_3/);
  });

  it('pays a water bill, a misc bill and copies in one transaction with cash and a check, change from cash', async () => {
    const { customerId, water, misc } = await customerOwing(database, { water: 8_250, misc: 12_000 }, 'Ana Flores');
    const { receipt, isReplay } = await takePayment(database, {
      input: {
        customerId,
        lines: [{ account: water.accountNumber, amountCents: 8_250 }, { account: misc.accountNumber, amountCents: 12_000 }, { item: 'COPIES', quantity: 4 }],
        tenders: [{ type: 'check', amountCents: 15_000, checkNumber: '1043', bankName: 'Sierra Bank' }, { type: 'cash', amountCents: 6_000 }],
        idempotencyKey: 'ana-1',
      },
      actor: rosa, clock, processor,
    });
    expect(isReplay).toBe(false);
    expect(receipt.receiptNumber).toMatch(/^R-2026-\d{6}$/);
    expect(receipt.totalCents).toBe(8_250 + 12_000 + 100);
    expect(receipt.changeCents).toBe(21_000 - 20_350);
    expect(receipt.lines.map((line) => line.balanceAfterCents)).toEqual([0, 0, null]);
    expect((await getReceivableAccount(database.kysely, water.accountNumber, clock.today())).balanceCents).toBe(0);
    expect((await getReceivableAccount(database.kysely, misc.accountNumber, clock.today())).balanceCents).toBe(0);
    // The same key again is the same receipt; a different payment under it is refused.
    const again = await takePayment(database, {
      input: {
        customerId,
        lines: [{ account: water.accountNumber, amountCents: 8_250 }, { account: misc.accountNumber, amountCents: 12_000 }, { item: 'COPIES', quantity: 4 }],
        tenders: [{ type: 'check', amountCents: 15_000, checkNumber: '1043', bankName: 'Sierra Bank' }, { type: 'cash', amountCents: 6_000 }],
        idempotencyKey: 'ana-1',
      },
      actor: rosa, clock, processor,
    });
    expect(again.isReplay).toBe(true);
    expect(again.receipt.receiptNumber).toBe(receipt.receiptNumber);
    await expectError(takePayment(database, { input: { lines: [{ item: 'COPIES' }], tenders: [{ type: 'cash', amountCents: 25 }], idempotencyKey: 'ana-1' }, actor: rosa, clock, processor }),
      'idempotency_conflict');
    const entry = await sql<{ code: string; amount: number }>`select a.code, l.amount_cents as amount from journal_line l join account a on a.id = l.account_id
      where l.entry_id = ${receipt.journalEntryId} order by l.line_number`.execute(database.kysely);
    expect(entry.rows).toEqual(expect.arrayContaining([
      { code: '510-0000-10500', amount: 8_250 },
      { code: '100-0000-10500', amount: 12_100 },
      { code: '100-1510-43100', amount: -100 },
    ]));
    expect(await violations()).toEqual([]);
  });

  it('refuses what the counter must refuse, naming the field', async () => {
    const { water, customerId } = await customerOwing(database, { water: 10_000 });
    const pay = (input: Record<string, unknown>) => takePayment(database, { input: { idempotencyKey: nextKey(), ...input }, actor: rosa, clock, processor });
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 10_000 }], tenders: [{ type: 'cash', amountCents: 9_000 }] }), 'invalid_input', /less than the \$100.00 due/);
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 4_000 }], tenders: [{ type: 'cash', amountCents: 4_000 }] }), 'invalid_input', /lines\[0\].amountCents.*confirm a partial/);
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 4_000 }], tenders: [{ type: 'check', amountCents: 5_000, checkNumber: '7' }], confirmPartial: true }), 'invalid_input', /change is given only from cash/);
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 4_000 }], tenders: [{ type: 'check', amountCents: 4_000 }], confirmPartial: true }), 'invalid_input', /tenders\[0\].checkNumber/);
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 4_000 }], tenders: [{ type: 'card', amountCents: 4_000, cardNumber: '4242424242424242', cardToken: 'tok_test_visa_4242' }], confirmPartial: true }), 'invalid_input', /card numbers are never accepted/);
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 4_000 }], tenders: [{ type: 'card', amountCents: 4_000, cardToken: 'tok_test_visa_0002' }], confirmPartial: true }), 'invalid_input', /declined/);
    await expectError(pay({ lines: [{ account: 'UB-999999', amountCents: 1 }], tenders: [{ type: 'cash', amountCents: 1 }] }), 'invalid_input', /UB-999999 was not found/);
    await expectError(pay({ lines: [{ item: 'MISC_FEE' }], tenders: [{ type: 'cash', amountCents: 1 }] }), 'invalid_input', /no set price/);
    await sql`update customer set is_cash_only = true where id = ${customerId}`.execute(database.kysely);
    await expectError(pay({ lines: [{ account: water.accountNumber, amountCents: 10_000 }], tenders: [{ type: 'check', amountCents: 10_000, checkNumber: '55' }] }), 'invalid_input', /cash-only/);
    const card = await pay({ lines: [{ account: water.accountNumber, amountCents: 10_000 }], tenders: [{ type: 'card', amountCents: 10_000, cardToken: 'tok_test_visa_4242' }] });
    expect(card.receipt.tenders[0]).toMatchObject({ type: 'card', cardLast4: '4242', cardBrand: 'VISA' });
    const stored = await sql<{ token: string }>`select card_token as token from cash_tender where transaction_id = ${card.receipt.transactionId}`.execute(database.kysely);
    expect(stored.rows[0]?.token).toBe('tok_test_visa_4242');
  });

  it('voids a card authorization when the payment does not post, or when another card of it is declined', async () => {
    const { water } = await customerOwing(database, { water: 9_000 });
    const batch = await openMailBatch(database, { input: { controlTotalCents: 9_000, controlCount: 1 }, actor: david, clock });
    const test = createTestCardProcessor();
    // The batch closes while the card is being authorized (another clerk closed it): nothing posts.
    const racing: CardProcessor = {
      name: 'racing',
      async authorize(charge) {
        await sql`update payment_batch set status = 'closed', closed_at = now(), closed_by = 'someone' where batch_number = ${batch.batchNumber}`.execute(database.kysely);
        return test.authorize(charge);
      },
      voidAuthorization: (authorization) => test.voidAuthorization(authorization),
    };
    const key = nextKey();
    await expectError(takePayment(database, { input: { batch: batch.batchNumber, lines: [{ account: water.accountNumber, amountCents: 9_000 }],
      tenders: [{ type: 'card', amountCents: 9_000, cardToken: 'tok_test_visa_4242' }], idempotencyKey: key }, actor: david, clock, processor: racing }), 'conflict', /closed/);
    expect(test.voided).toHaveLength(1);
    const audited = await sql<{ outcome: string; last4: string }>`select outcome, details->>'last4' as last4 from audit_log
      where action = 'cashiering.void_card_authorization' and details->>'idempotencyKey' = ${key}`.execute(database.kysely);
    expect(audited.rows).toEqual([{ outcome: 'success', last4: '4242' }]);
    expect((await getReceivableAccount(database.kysely, water.accountNumber, clock.today())).balanceCents).toBe(9_000);

    // Two cards, the second declined: the first one's authorization goes back.
    const split = createTestCardProcessor();
    const open = await openMailBatch(database, { input: { controlTotalCents: 9_000, controlCount: 1 }, actor: david, clock });
    await expectError(takePayment(database, { input: { batch: open.batchNumber, lines: [{ account: water.accountNumber, amountCents: 9_000 }],
      tenders: [{ type: 'card', amountCents: 5_000, cardToken: 'tok_test_visa_4242' }, { type: 'card', amountCents: 4_000, cardToken: 'tok_test_mastercard_0002' }],
      idempotencyKey: nextKey() }, actor: david, clock, processor: split }), 'invalid_input', /tenders\[1\].cardToken/);
    expect(split.voided).toHaveLength(1);
  });

  it('finds what to pay from a stub scan line', async () => {
    const { water } = await customerOwing(database, { water: 4_321 }, 'Scan Line Person');
    const scan = formatScanLine({ accountNumber: water.accountNumber, amountDueCents: 4_321 });
    const found = await lookupPayable(database, scan, clock.today());
    expect(found.scanned).toBe(true);
    expect(found.matches[0]).toMatchObject({ accountNumber: water.accountNumber, amountDueCents: 4_321 });
    const byNumber = await lookupPayable(database, water.accountNumber.replace('-', '').toLowerCase(), clock.today());
    expect(byNumber.matches[0]?.accountNumber).toBe(water.accountNumber);
  });

  it('marks every print after the first as a copy', async () => {
    const { receipt } = await takePayment(database, { input: { lines: [{ item: 'TRANSIT_PASS' }], tenders: [{ type: 'cash', amountCents: 5_000 }], idempotencyKey: nextKey() }, actor: rosa, clock, processor });
    expect((await recordReceiptPrint(database, { receiptNumber: receipt.receiptNumber, actor: rosa })).isCopy).toBe(false);
    const copy = await recordReceiptPrint(database, { receiptNumber: receipt.receiptNumber, actor: rosa });
    expect(copy).toMatchObject({ isCopy: true, copyNumber: 1 });
  });

  it('voids a receipt only with another person\'s approval, reopening what it paid', async () => {
    const { water } = await customerOwing(database, { water: 3_000 });
    const { receipt } = await takePayment(database, { input: { lines: [{ account: water.accountNumber, amountCents: 3_000 }], tenders: [{ type: 'cash', amountCents: 3_000 }], idempotencyKey: nextKey() }, actor: rosa, clock, processor });
    const request = await requestVoid(database, { receiptNumber: receipt.receiptNumber, reason: 'Keyed the wrong account', principal: rosa, handlers });
    expect((await getReceipt(database.kysely, receipt.receiptNumber)).status).toBe('posted');
    await expectError(approveRequest(database, { requestId: request.id, principal: { ...rosa, permissions: new Set(['cashiering.supervise']) }, handlers }), 'forbidden');
    await expectError(requestVoid(database, { receiptNumber: receipt.receiptNumber, reason: 'again', principal: rosa, handlers }), 'conflict', /already awaits/);
    await approveRequest(database, { requestId: request.id, principal: david, handlers });
    const voided = await getReceipt(database.kysely, receipt.receiptNumber);
    expect(voided).toMatchObject({ status: 'voided', voidedBy: 'david', voidReason: 'Keyed the wrong account' });
    expect((await getReceivableAccount(database.kysely, water.accountNumber, clock.today())).balanceCents).toBe(3_000);
    expect(await violations()).toEqual([]);
  });

  it('closes the drawer with a blind count, posts the over/short, needs a supervisor over the threshold', async () => {
    const session = await findOpenSession(database.kysely, 'rosa');
    expect(session).not.toBeNull();
    const open = session as NonNullable<typeof session>;
    expect(open.tenders.checkCents).toBe(15_000);
    // Count $10 short in cash; the check is there.
    const expectedCash = open.expectedCashCents;
    const bills20 = Math.floor((expectedCash - 1_000) / 2_000);
    const rest = expectedCash - 1_000 - bills20 * 2_000;
    const closed = await closeDrawerSession(database, {
      sessionId: open.id, input: { cash: { bill_20: bills20, coin_1: rest }, checkCount: 1, checksCents: 15_000 }, actor: rosa, clock, signOffThresholdCents: cents(500),
    });
    expect(closed.closing?.overShortCents).toBe(-1_000);
    expect(closed.signOffStatus).toBe('required');
    expect(closed.batchStatus).toBe('closed');
    await expectError(takePayment(database, { input: { batch: closed.batchNumber, lines: [{ item: 'COPIES' }], tenders: [{ type: 'cash', amountCents: 25 }], idempotencyKey: nextKey() }, actor: rosa, clock, processor }),
      'conflict', /is closed/);
    await expectError(signOffDrawerSession(database, { sessionId: open.id, note: 'mine', actor: rosa }), 'forbidden');
    const signed = await signOffDrawerSession(database, { sessionId: open.id, note: 'Recounted: a $10 bill missing; cashier counselled', actor: david });
    expect(signed.signOffStatus).toBe('signed_off');
    const entry = await sql<{ code: string; amount: number }>`select a.code, l.amount_cents as amount from journal_line l join account a on a.id = l.account_id
      where l.entry_id = ${closed.closing?.overShortEntryId} order by a.code`.execute(database.kysely);
    expect(entry.rows).toEqual([{ code: '100-0000-10500', amount: -1_000 }, { code: '100-1510-58100', amount: 1_000 }]);
    expect(await violations()).toEqual([]);
  });

  it('deposits the closed batch: prepared by one, verified by another, posted to the bank by fund', async () => {
    const session = (await sql<{ batchNumber: string }>`select b.batch_number as "batchNumber" from drawer_session s join payment_batch b on b.id = s.batch_id
      where s.cashier = 'rosa'`.execute(database.kysely)).rows[0]?.batchNumber as string;
    const deposit = await prepareDeposit(database, { input: { batches: [session], bagNumber: 'A-1001' }, actor: david, clock });
    expect(deposit.checks).toHaveLength(1);
    expect(deposit.checksCents).toBe(15_000);
    expect(deposit.totalCents).toBe(deposit.byFund.reduce((total, row) => total + row.amountCents, 0));
    await expectError(prepareDeposit(database, { input: { batches: [session] }, actor: david, clock }), 'invalid_input', /already in a deposit/);
    await expectError(verifyDeposit(database, { depositNumber: deposit.depositNumber, actor: david, clock }), 'forbidden');
    const verified = await verifyDeposit(database, { depositNumber: deposit.depositNumber, actor: priya, clock });
    expect(verified.status).toBe('verified');
    const undeposited = await sql<{ code: string; balance: number }>`select a.code, sum(l.amount_cents)::bigint as balance from journal_line l
      join account a on a.id = l.account_id where a.code in ('100-0000-10500', '510-0000-10500') group by a.code`.execute(database.kysely);
    expect(undeposited.rows.every((row) => row.balance === 0)).toBe(true);
    const report = await getDailyCashReport(database.kysely, clock.today());
    expect(report.totals.voidCount).toBe(1);
    expect(report.byTender.find((row) => row.tenderType === 'check')?.amountCents).toBe(15_000);
    expect(report.byAccount.find((row) => row.accountCode === '100-1510-43100')?.amountCents).toBe(100);
    expect(await violations()).toEqual([]);
  });

  it('keys a mail batch against its control total and closes it only when it balances', async () => {
    const a = await customerOwing(database, { water: 2_500 });
    const b = await customerOwing(database, { water: 7_500 });
    const batch = await openMailBatch(database, { input: { controlTotalCents: 10_000, controlCount: 2 }, actor: david, clock });
    await takePayment(database, { input: { batch: batch.batchNumber, lines: [{ account: a.water.accountNumber, amountCents: 2_500 }], tenders: [{ type: 'check', amountCents: 2_500, checkNumber: '301' }], idempotencyKey: nextKey() }, actor: david, clock, processor });
    await expectError(closeMailBatch(database, { batch: batch.batchNumber, actor: david }), 'conflict', /\$75.00 still to key/);
    await takePayment(database, { input: { batch: batch.batchNumber, lines: [{ account: b.water.accountNumber, amountCents: 7_500 }], tenders: [{ type: 'check', amountCents: 7_500, checkNumber: '302' }], idempotencyKey: nextKey() }, actor: david, clock, processor });
    const closed = await closeMailBatch(database, { batch: batch.batchNumber, actor: david });
    expect(closed).toMatchObject({ status: 'closed', paymentCount: 2, totalCents: 10_000 });
  });

  it('returns a check: reversal to the bank, Civil Code 1719 fee ($25, then $35), cash-only after two returns', async () => {
    await openDrawerSession(database, { input: { drawer: 'D2', openingCount: { bill_20: 5 } }, actor: david, clock });
    const { water, customerId } = await customerOwing(database, { water: 6_000 }, 'Returned Check Person');
    const first = await takePayment(database, { input: { lines: [{ account: water.accountNumber, amountCents: 6_000 }], tenders: [{ type: 'check', amountCents: 6_000, checkNumber: '880' }], idempotencyKey: nextKey() }, actor: david, clock, processor });
    const returned = await recordReturnedPayment(database, { input: { receiptNumber: first.receipt.receiptNumber, reason: 'nsf' }, actor: priya, clock, returnsBeforeCashOnly: 2 });
    expect(returned).toMatchObject({ feeCents: 2_500, returnNumber: 1, flaggedCashOnly: false, reason: 'nsf' });
    expect((await getReceivableAccount(database.kysely, water.accountNumber, clock.today())).balanceCents).toBe(6_000 + 2_500);
    await expectError(recordReturnedPayment(database, { input: { receiptNumber: first.receipt.receiptNumber, reason: 'nsf' }, actor: priya, clock, returnsBeforeCashOnly: 2 }), 'conflict', /returned/);
    const second = await takePayment(database, { input: { lines: [{ account: water.accountNumber, amountCents: 8_500 }], tenders: [{ type: 'check', amountCents: 8_500, checkNumber: '881' }], idempotencyKey: nextKey() }, actor: david, clock, processor });
    const again = await recordReturnedPayment(database, { input: { receiptNumber: second.receipt.receiptNumber, reason: 'account_closed' }, actor: priya, clock, returnsBeforeCashOnly: 2 });
    expect(again).toMatchObject({ feeCents: 3_500, returnNumber: 2, flaggedCashOnly: true });
    const flags = await sql<{ cashOnly: boolean }>`select is_cash_only as "cashOnly" from customer where id = ${customerId}`.execute(database.kysely);
    expect(flags.rows[0]?.cashOnly).toBe(true);
    expect((await getReceivableAccount(database.kysely, water.accountNumber, clock.today())).balanceCents).toBe(8_500 + 3_500);
    expect(await violations()).toEqual([]);
  });

  it('returns the check of a receipt paid by cash and a check: only the check comes back, the cash stays applied', async () => {
    await openDrawerSession(database, { input: { drawer: 'D1', openingCount: { bill_20: 5 } }, actor: rosa, clock }).catch(() => undefined);
    const copiesRevenue = async () => Number((await sql<{ cents: number }>`select coalesce(sum(l.amount_cents), 0)::bigint as cents from journal_line l
      join account a on a.id = l.account_id where a.code = '100-1510-43100'`.execute(database.kysely)).rows[0]?.cents ?? 0);
    const { water } = await customerOwing(database, { water: 10_000 }, 'Split Tender Person');
    const paid = await takePayment(database, { input: {
      lines: [{ account: water.accountNumber, amountCents: 10_000 }, { item: 'COPIES', quantity: 2 }],
      tenders: [{ type: 'cash', amountCents: 3_050 }, { type: 'check', amountCents: 7_000, checkNumber: '990', bankName: 'Golden State Bank' }],
      idempotencyKey: nextKey() }, actor: rosa, clock, processor });
    const revenueBefore = await copiesRevenue();
    const returned = await recordReturnedPayment(database, { input: { receiptNumber: paid.receipt.receiptNumber, reason: 'nsf', waiveFee: true }, actor: priya, clock, returnsBeforeCashOnly: 9 });
    expect(returned).toMatchObject({ amountCents: 7_000, keptCents: 3_050, checkNumber: '990', tenderType: 'check' });
    expect(returned.keptEntryId).not.toBeNull();
    // The water account owes exactly the check again; the copies stay sold (paid by the cash).
    expect((await getReceivableAccount(database.kysely, water.accountNumber, clock.today())).balanceCents).toBe(7_000);
    expect(await copiesRevenue()).toBe(revenueBefore);
    expect((await getReceipt(database.kysely, paid.receipt.receiptNumber)).tenders.map((tender) => tender.status)).toEqual(['accepted', 'returned']);

    // Two checks on one receipt: the clerk says which came back.
    const { water: other } = await customerOwing(database, { water: 5_000 });
    const twoChecks = await takePayment(database, { input: {
      lines: [{ account: other.accountNumber, amountCents: 5_000 }],
      tenders: [{ type: 'check', amountCents: 2_000, checkNumber: '11' }, { type: 'check', amountCents: 3_000, checkNumber: '12' }],
      idempotencyKey: nextKey() }, actor: rosa, clock, processor });
    const ask = { receiptNumber: twoChecks.receipt.receiptNumber, reason: 'stop_payment', waiveFee: true };
    await expectError(recordReturnedPayment(database, { input: ask, actor: priya, clock, returnsBeforeCashOnly: 9 }), 'invalid_input', /tenderLine.*say which came back/);
    await expectError(recordReturnedPayment(database, { input: { ...ask, tenderLine: 7 }, actor: priya, clock, returnsBeforeCashOnly: 9 }), 'invalid_input', /tenderLine/);
    const second = await recordReturnedPayment(database, { input: { ...ask, tenderLine: 2 }, actor: priya, clock, returnsBeforeCashOnly: 9 });
    expect(second).toMatchObject({ amountCents: 3_000, keptCents: 2_000, checkNumber: '12' });
    expect((await getReceivableAccount(database.kysely, other.accountNumber, clock.today())).balanceCents).toBe(3_000);
    expect(await violations()).toEqual([]);
  });
});
