import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../shared/db.js';
import type { IsoDate } from '../shared/dates.js';
import { AppError } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { billingAccounts, insertCustomer, seedBilling } from '../../test/support/billing-fixtures.js';
import { getJournalEntry, verifyLedger } from '../ledger/index.js';
import { getReceivableAccount, listAccountActivity, postPayment, receivableChecks } from '../receivables/index.js';
import { extractPdfText, renderDunningBatch, renderInvoice, renderStatement } from '../documents/index.js';
import {
  accrueLateCharges,
  createBillingItem,
  createInvoice,
  createRecurringInvoice,
  deactivateBillingItem,
  getCustomerStatement,
  getInvoice,
  getInvoiceDocument,
  listInvoices,
  reverseInvoice,
  runDunning,
  runRecurringInvoices,
  updateBillingItem,
  updateRecurringInvoice,
} from './index.js';

let database: Database;
const d = (text: string) => text as IsoDate;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedBilling(database);
});
afterAll(async () => database?.close());

async function expectError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(() => new Error(`expected ${code}`), (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code, (error as Error).message).toBe(code);
  return error as AppError;
}

const fields = (error: AppError): string[] =>
  ((error.details.problems as Array<{ field: string }> | undefined) ?? [{ field: String(error.details.field) }]).map((problem) => problem.field);

async function violations(): Promise<string[]> {
  const found = [...(await verifyLedger(database.kysely))];
  for (const check of receivableChecks) found.push(...(await check.run(database.kysely)));
  return found.map((violation) => violation.message);
}

async function count(table: 'invoice' | 'journal_entry' | 'dunning_notice' | 'late_charge'): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.kysely);
  return result.rows[0]?.n ?? 0;
}

function invoiceInput(customer: string, lines: unknown[], extra: Record<string, unknown> = {}) {
  return { customer, invoiceDate: '2026-08-01', lines, ...extra };
}

function payment(account: string, amountCents: number, paymentDate = '2026-10-15') {
  return { account, paymentDate, amountCents, cashAccount: billingAccounts.cash, reference: 'CHK 2001' };
}

describe('catalog', () => {
  it('refuses a non-revenue or control account, naming the field, and a code twice', async () => {
    const asset = await expectError(createBillingItem(database, { input: { code: 'BAD_ONE', name: 'Bad', revenueAccount: billingAccounts.cash }, actor: testActor }), 'invalid_input');
    expect(fields(asset)).toEqual(['revenueAccount']);
    const missing = await expectError(createBillingItem(database, { input: { code: 'x', revenueAccount: '100-9999-99999' }, actor: testActor }), 'invalid_input');
    expect(fields(missing)).toEqual(['code', 'name']);
    await expectError(createBillingItem(database, { input: { code: 'FALSE_ALARM', name: 'Again', revenueAccount: billingAccounts.alarmFees }, actor: testActor }), 'conflict');
  });

  it('changes a price and deactivates an item, audited; an inactive item cannot be invoiced', async () => {
    await createBillingItem(database, { input: { code: 'BANNER_PERMIT', name: 'Banner', unitPrice: '40.00', revenueAccount: billingAccounts.alarmFees }, actor: testActor });
    const changed = await updateBillingItem(database, { code: 'banner_permit', changes: { unitPriceCents: 4_500, unit: 'day' }, actor: testActor });
    expect([changed.unitPriceCents, changed.unit, changed.fundCode]).toEqual([4_500, 'day', '100']);
    const inactive = await deactivateBillingItem(database, { code: 'BANNER_PERMIT', actor: testActor });
    expect(inactive.isActive).toBe(false);
    const audit = await sql<{ action: string }>`select action from audit_log where entity_type = 'billing_item' and entity_id = 'BANNER_PERMIT' order by id`.execute(database.kysely);
    expect(audit.rows.map((row) => row.action)).toEqual(['billing.create_item', 'billing.update_item', 'billing.deactivate_item']);
    const customer = await insertCustomer(database);
    const error = await expectError(createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'BANNER_PERMIT' }]), actor: testActor }), 'invalid_input');
    expect(fields(error)).toEqual(['lines[0].item']);
  });
});

describe('invoices', () => {
  it('posts one charge entry to the customer\'s misc billing account (opened for them) with each line\'s revenue account', async () => {
    const customer = await insertCustomer(database, { name: 'Rosa Alvarez' });
    const { invoice, isReplay } = await createInvoice(database, {
      input: invoiceInput(customer.customerNumber, [
        { item: 'FALSE_ALARM', quantity: 1 },
        { item: 'FACILITY_RENTAL', quantity: '2.5' },
        { item: 'FACILITY_RENTAL', quantity: '0.333', description: 'Extra 20 minutes' },
        { item: 'PROPERTY_DAMAGE', unitPrice: '1,234.56', description: 'Knocked-down stop sign' },
      ]),
      actor: testActor,
    });
    expect(isReplay).toBe(false);
    expect(invoice.invoiceNumber).toMatch(/^INV-2026-\d{6}$/);
    expect(invoice.lines.map((line) => line.amountCents)).toEqual([15_000, 18_750, 2_498, 123_456]);
    expect(invoice.totalCents).toBe(15_000 + 18_750 + 2_498 + 123_456);
    expect([invoice.status, invoice.dueDate, invoice.amountDueCents, invoice.fundCode]).toEqual(['open', '2026-08-31', invoice.totalCents, '100']);
    expect(invoice.accountNumber).toMatch(/^MB-/);
    const entry = await getJournalEntry(database.kysely, invoice.journalEntryId);
    const credits = entry.lines.filter((line) => line.creditCents > 0).map((line) => [line.accountCode, line.creditCents]);
    expect(credits).toEqual([[billingAccounts.alarmFees, 15_000 + 123_456], [billingAccounts.facilityRental, 18_750 + 2_498]]);
    expect(entry.lines.filter((line) => line.debitCents > 0).every((line) => line.accountCode === billingAccounts.control)).toBe(true);
    const activity = await listAccountActivity(database.kysely, invoice.receivableAccountId);
    expect(activity.items.every((item) => item.documentRef === invoice.invoiceNumber && item.chargeClass === 'charge')).toBe(true);
    expect(activity.items.filter((item) => item.penaltyEligible)).toHaveLength(4);

    const second = await createInvoice(database, { input: { ...invoiceInput(customer.customerNumber, [{ item: 'COPIES', quantity: 37 }]), dueDate: '2026-08-15' }, actor: testActor });
    expect(second.invoice.receivableAccountId).toBe(invoice.receivableAccountId);
    expect([second.invoice.totalCents, second.invoice.dueDate]).toEqual([370, '2026-08-15']);
    expect(await violations()).toEqual([]);
  });

  it('refuses lines in two funds naming the line, a missing price, and writes nothing', async () => {
    const customer = await insertCustomer(database);
    const before = [await count('invoice'), await count('journal_entry')];
    const funds = await expectError(createInvoice(database, {
      input: invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM' }, { item: 'HYDRANT_METER', quantity: 3 }]), actor: testActor,
    }), 'invalid_input');
    expect(fields(funds)).toEqual(['lines[1].item']);
    expect(funds.message).toContain('fund 510');
    const price = await expectError(createInvoice(database, {
      input: invoiceInput(customer.customerNumber, [{ item: 'PROPERTY_DAMAGE' }], { invoiceDate: '2026-02-30' }), actor: testActor,
    }), 'invalid_input');
    expect(fields(price)).toEqual(['invoiceDate']);
    const noPrice = await expectError(createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'PROPERTY_DAMAGE' }, { item: 'COPIES', quantity: '0.01' }]), actor: testActor }), 'invalid_input');
    expect(fields(noPrice)).toEqual(['lines[0].unitPriceCents', 'lines[1].quantity']);
    expect([await count('invoice'), await count('journal_entry')]).toEqual(before);
  });

  it('returns the same invoice for a repeated key and refuses the key with other content', async () => {
    const customer = await insertCustomer(database);
    const input = invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM' }]);
    const first = await createInvoice(database, { input, actor: testActor, idempotencyKey: `k-${customer.id}` });
    const again = await createInvoice(database, { input, actor: testActor, idempotencyKey: `k-${customer.id}` });
    expect([again.isReplay, again.invoice.id]).toEqual([true, first.invoice.id]);
    await expectError(createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM', quantity: 2 }]), actor: testActor, idempotencyKey: `k-${customer.id}` }), 'idempotency_conflict');
  });

  it('reverses a paid invoice: the payment becomes a credit on the account', async () => {
    const customer = await insertCustomer(database);
    const { invoice } = await createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM' }]), actor: testActor });
    await postPayment(database, { input: payment(invoice.accountNumber, 15_000, '2026-08-20'), actor: testActor });
    expect((await getInvoice(database.kysely, invoice.invoiceNumber)).status).toBe('paid');
    expect((await listInvoices(database.kysely, { customerId: customer.id, status: 'paid' })).map((row) => row.id)).toEqual([invoice.id]);
    const reversal = await reverseInvoice(database, { invoice: invoice.id, reason: 'Alarm company error', reversalDate: '2026-08-25', actor: testActor, clock: testClock });
    expect(reversal.invoice.status).toBe('reversed');
    expect([reversal.releasedPaymentCents, reversal.accountCreditCents]).toEqual([15_000, 15_000]);
    expect(reversal.message).toContain('$150.00');
    const account = await getReceivableAccount(database.kysely, invoice.receivableAccountId, d('2026-08-31'));
    expect([account.balanceCents, account.unappliedCreditCents]).toEqual([-15_000, 15_000]);
    await expectError(reverseInvoice(database, { invoice: invoice.id, reason: 'again', actor: testActor, clock: testClock }), 'already_reversed');
    await expectError(reverseInvoice(database, { invoice: invoice.id, reason: ' ', actor: testActor, clock: testClock }), 'invalid_input');
    expect(await violations()).toEqual([]);
  });
});

describe('recurring invoices', () => {
  it('makes one invoice per period, however often it runs', async () => {
    const customer = await insertCustomer(database, { name: 'Alder Creek Little League' });
    const template = await createRecurringInvoice(database, {
      input: { customer: customer.customerNumber, frequency: 'monthly', dayOfMonth: 15, startDate: '2026-07-01', endDate: '2026-12-31',
        description: 'Field lights', lines: [{ item: 'FACILITY_RENTAL', quantity: 4 }] },
      actor: testActor,
    });
    expect(template.nextRunDate).toBe('2026-07-15');
    const first = await runRecurringInvoices(database, { asOf: d('2026-09-20'), actor: testActor });
    const mine = first.invoices.filter((invoice) => invoice.customerId === customer.id);
    expect(mine.map((invoice) => [invoice.invoiceDate, invoice.dueDate, invoice.totalCents])).toEqual([
      ['2026-07-15', '2026-08-14', 30_000], ['2026-08-15', '2026-09-14', 30_000], ['2026-09-15', '2026-10-15', 30_000],
    ]);
    const again = await runRecurringInvoices(database, { asOf: d('2026-09-20'), actor: testActor });
    expect(again.invoices.filter((invoice) => invoice.customerId === customer.id)).toEqual([]);
    await sql`update recurring_invoice set next_run_date = '2026-08-15' where id = ${template.id}`.execute(database.kysely);
    const rerun = await runRecurringInvoices(database, { asOf: d('2026-09-20'), actor: testActor });
    expect(rerun.invoices.filter((invoice) => invoice.customerId === customer.id)).toEqual([]);
    expect(await listInvoices(database.kysely, { customerId: customer.id })).toHaveLength(3);
    const stopped = await updateRecurringInvoice(database, { id: template.id, changes: { isActive: false }, actor: testActor });
    expect(stopped.isActive).toBe(false);
    const later = await runRecurringInvoices(database, { asOf: d('2026-12-31'), actor: testActor });
    expect(later.invoices.filter((invoice) => invoice.customerId === customer.id)).toEqual([]);
  });

  it('refuses a template with lines in two funds, naming the line', async () => {
    const customer = await insertCustomer(database);
    const error = await expectError(createRecurringInvoice(database, {
      input: { customer: customer.id, frequency: 'weekly', dayOfMonth: 31, startDate: '2026-07-01', lines: [{ item: 'FALSE_ALARM' }] }, actor: testActor,
    }), 'invalid_input');
    expect(fields(error)).toEqual(['frequency', 'dayOfMonth']);
    const funds = await expectError(createRecurringInvoice(database, {
      input: { customer: customer.id, frequency: 'monthly', dayOfMonth: 1, startDate: '2026-07-01', lines: [{ item: 'FALSE_ALARM' }, { item: 'HYDRANT_METER' }] }, actor: testActor,
    }), 'invalid_input');
    expect(fields(funds)).toEqual(['lines[1].item']);
  });
});

describe('penalties and interest', () => {
  it('accrue once, and a payment pays them before the principal so none is lost', async () => {
    const customer = await insertCustomer(database);
    const { invoice } = await createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM' }, { item: 'COPIES', quantity: 10 }]), actor: testActor });
    const mine = (result: Awaited<ReturnType<typeof accrueLateCharges>>) =>
      result.charges.filter((charge) => charge.accountNumber === invoice.accountNumber).map((charge) => [charge.chargeClass, charge.monthNumber, charge.amountCents]);
    const early = await accrueLateCharges(database, { asOf: d('2026-09-29'), actor: testActor });
    expect(mine(early)).toEqual([]);
    const first = await accrueLateCharges(database, { asOf: d('2026-10-01'), actor: testActor });
    // The copies are not penalty-eligible; the false alarm earns 10% once and 1% for its first month.
    expect(mine(first)).toEqual([['penalty', 0, 1_500], ['interest', 1, 150]]);
    const again = await accrueLateCharges(database, { asOf: d('2026-10-01'), actor: testActor });
    expect(mine(again)).toEqual([]);

    // Paying the principal ($151.00) pays the penalty and interest first: $16.50 of principal stays owed.
    await postPayment(database, { input: payment(invoice.accountNumber, 15_100, '2026-10-15'), actor: testActor });
    const activity = await listAccountActivity(database.kysely, invoice.accountNumber);
    const open = (chargeClass: string) => activity.items.filter((item) => item.chargeClass === chargeClass && item.amountCents > 0)
      .map((item) => item.amountCents - item.appliedCents);
    expect([open('penalty'), open('interest')]).toEqual([[0], [0]]);
    expect(open('charge').reduce((sum, value) => sum + value, 0)).toBe(1_650);
    const account = await getReceivableAccount(database.kysely, invoice.accountNumber, d('2026-10-15'));
    expect(account.balanceCents).toBe(1_650);

    // The next month's interest is on the unpaid eligible principal only: of the false alarm $15.50
    // is unpaid (the copies are not eligible), 1% = $0.155 -> $0.16; never on penalties or interest.
    const second = await accrueLateCharges(database, { asOf: d('2026-10-31'), actor: testActor });
    expect(mine(second)).toEqual([['interest', 2, 16]]);
    expect(await violations()).toEqual([]);
  });
});

describe('dunning', () => {
  it('notices each invoice once per stage, skips held, deceased and bankrupt customers and holds returned mail', async () => {
    const make = async (options: Parameters<typeof insertCustomer>[1]) => {
      const customer = await insertCustomer(database, options);
      const { invoice } = await createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM' }], { invoiceDate: '2026-09-01', dueDate: '2026-09-10' }), actor: testActor });
      return { ...customer, invoice };
    };
    const plain = await make({ name: 'Plain Payer' });
    const spanish = await make({ name: 'Lucía Fernández', language: 'es' });
    const hold = await make({ flags: { collections_hold: true } });
    const deceased = await make({ flags: { is_deceased: true } });
    const returned = await make({ flags: { has_returned_mail: true } });
    const noAddress = await make({ hasAddress: false });
    const paid = await make({});
    await postPayment(database, { input: payment(paid.invoice.accountNumber, 15_000, '2026-09-20'), actor: testActor });

    const run = await runDunning(database, { asOf: d('2026-10-12'), actor: testActor });
    const mine = new Set([plain, spanish, hold, deceased, returned, noAddress, paid].map((customer) => customer.id));
    const letters = run.letters.filter((letter) => mine.has(letter.customerId));
    expect(letters.map((letter) => [letter.customerNumber, letter.stageCode, letter.totalDueCents])).toEqual([
      [plain.customerNumber, 'reminder', 15_000], [spanish.customerNumber, 'reminder', 15_000],
    ]);
    expect(run.held.filter((letter) => mine.has(letter.customerId)).map((letter) => [letter.customerNumber, letter.heldReason])).toEqual([
      [returned.customerNumber, 'returned_mail'], [noAddress.customerNumber, 'no_mailing_address'],
    ]);
    expect(run.skipped.filter((skip) => mine.has(skip.customerId)).map((skip) => [skip.customerNumber, skip.reason])).toEqual([
      [hold.customerNumber, 'collections_hold'], [deceased.customerNumber, 'deceased'],
    ]);
    const repeat = await runDunning(database, { asOf: d('2026-10-12'), actor: testActor });
    expect([...repeat.letters, ...repeat.held].filter((letter) => mine.has(letter.customerId))).toEqual([]);
    const later = await runDunning(database, { asOf: d('2026-11-10'), actor: testActor });
    expect(later.letters.filter((letter) => mine.has(letter.customerId)).map((letter) => letter.stageCode)).toEqual(['second_notice', 'second_notice']);

    const pdf = await renderDunningBatch(letters, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractPdfText(pdf);
    expect(text).toContain('Plain Payer');
    expect(text).toContain('RECORDATORIO');
    expect(text).toContain(plain.invoice.invoiceNumber);
    expect(text).toContain('$150.00');
  });
});

describe('documents', () => {
  it('makes a customer statement and an invoice PDF with the amounts', async () => {
    const customer = await insertCustomer(database, { name: 'Statement Customer' });
    const { invoice } = await createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'FACILITY_RENTAL', quantity: '3' }], { invoiceDate: '2026-08-05' }), actor: testActor });
    await createInvoice(database, { input: invoiceInput(customer.customerNumber, [{ item: 'FALSE_ALARM' }], { invoiceDate: '2026-09-02' }), actor: testActor });
    await postPayment(database, { input: payment(invoice.accountNumber, 10_000, '2026-09-10'), actor: testActor });
    const statement = await getCustomerStatement(database.kysely, { customerId: customer.id, from: '2026-09-01', to: '2026-09-30', statementDate: d('2026-10-01') });
    const account = statement.accounts[0];
    expect([account?.openingBalanceCents, account?.closingBalanceCents, account?.items.length]).toEqual([22_500, 27_500, 2]);
    expect(statement.amountDueCents).toBe(27_500);
    const text = extractPdfText(await renderStatement(statement, { compress: false }));
    for (const amount of ['$225.00', '$150.00', '$100.00', '$275.00']) expect(text).toContain(amount);
    await expectError(getCustomerStatement(database.kysely, { customerId: customer.id, from: '2026-09-30', to: '2026-09-01', statementDate: d('2026-10-01') }), 'invalid_input');

    const document = await getInvoiceDocument(database.kysely, invoice.invoiceNumber);
    expect(document.lines[0]?.quantity).toBe('3');
    const invoiceText = extractPdfText(await renderInvoice(document, { compress: false }));
    expect(invoiceText).toContain(invoice.invoiceNumber);
    expect(invoiceText).toContain('$225.00');
  });
});
