/**
 * The counter's back office. David Kim (senior cashier) keys a mail batch against its control
 * total by keyboard (a scanned stub, then a typed account number; Enter posts and returns to the
 * scan line), closes it, asks for a void of one of today's receipts (pending approval), and
 * prepares the deposit; Priya Shah (accountant) verifies it as the second person, records a
 * returned check (fee, notice) and reads the daily cash receipts report.
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScanLine } from '../../src/cashiering/index.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { boxOf, centsOf, countPrints, dollarsOf, focusedLabel, printCalls } from './support/counter.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'counter-backoffice';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface OwingAccount {
  accountNumber: string;
  customerName: string;
  balanceCents: number;
}

/** Water accounts that owe something, of customers who may pay by check (demo data). */
async function owingUtilityAccounts(count: number): Promise<OwingAccount[]> {
  const result = await sql<OwingAccount>`select r.account_number as "accountNumber", c.legal_name as "customerName",
      sum(l.amount_cents)::bigint as "balanceCents"
    from receivable_account r join customer c on c.id = r.customer_id join journal_line l on l.subledger_account_id = r.id
    where r.kind = 'utility' and r.status = 'active' and c.status = 'active' and not c.is_cash_only
    group by r.id, r.account_number, c.legal_name
    having sum(l.amount_cents) between 2000 and 40000
    order by r.id desc limit ${count}`.execute(server.database.kysely);
  expect(result.rows).toHaveLength(count);
  return result.rows;
}

async function keyMailPayment(page: Page, scanText: string, checkNumber: string, expectedCents: number): Promise<void> {
  expect(await focusedLabel(page)).toBe('Scan line or account');
  await page.keyboard.type(scanText);
  await page.keyboard.press('Enter');
  const amount = page.getByLabel('Check amount');
  await expect.poll(async () => (await amount.inputValue()) !== '').toBe(true);
  expect(centsOf(await amount.inputValue())).toBe(expectedCents);
  await expect.poll(() => focusedLabel(page)).toBe('Check amount');
  await page.keyboard.press('Enter');
  expect(await focusedLabel(page)).toBe('Check number');
  await page.keyboard.type(checkNumber);
  await page.keyboard.press('Enter');
  // Posted: the fields are clear and the scan line has the focus again.
  await expect.poll(() => amount.inputValue()).toBe('');
  await expect.poll(() => focusedLabel(page)).toBe('Scan line or account');
}

describe('the counter back office', () => {
  it('keys a mail batch, asks for a void, prepares and verifies the deposit, records a return, reads the day', async () => {
    const [first, second] = (await owingUtilityAccounts(2)) as [OwingAccount, OwingAccount];
    const controlCents = first.balanceCents + second.balanceCents;
    const david = await openPage(browser, server.url);
    const page = david.page;
    await countPrints(page);
    await page.goto('/');
    await signIn(page, 'david.kim');

    // Mail batch: the control total and count, Enter from field to field.
    await page.goto('/counter/mail');
    await page.getByRole('form', { name: 'Open a mail batch' }).waitFor();
    await page.getByLabel('Control total').focus();
    await page.keyboard.type(dollarsOf(controlCents));
    await page.keyboard.press('Enter');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Mail, utility drop box (browser test)');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Key a mail payment' }).waitFor();
    const totals = page.getByTestId('batch-totals');
    expect(await totals.textContent()).toContain(`Left: $${dollarsOf(controlCents).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} in 2 payments`);

    // A scanned stub (the amount due comes from it), then a typed account number.
    await expect.poll(() => focusedLabel(page)).toBe('Scan line or account');
    await keyMailPayment(page, formatScanLine({ accountNumber: first.accountNumber, amountDueCents: first.balanceCents }), '4411', first.balanceCents);
    await keyMailPayment(page, second.accountNumber, '7302', second.balanceCents);
    await expect.poll(() => totals.textContent()).toContain('In balance with the control');
    const batchTable = page.getByRole('table', { name: 'Payments in the batch' });
    await expect.poll(() => batchTable.getByRole('row').count()).toBe(3);
    await screenshot(page, flow, 'mail-batch-balanced');
    const batchNumber = new URL(page.url()).searchParams.get('batch') ?? '';
    expect(batchNumber).toMatch(/^B-\d+$/);
    const returnedReceipt = ((await batchTable.getByRole('row').nth(1).getByRole('cell').first().textContent()) ?? '').trim();
    await page.getByRole('button', { name: 'Close batch' }).click();
    await page.getByText(/^Closed by david\.kim/).waitFor();

    // A void of one of today's receipts at David's drawer: it waits for approval.
    await page.goto('/counter/receipts');
    const receiptsTable = page.getByRole('table', { name: 'Receipts of the day' });
    const posted = receiptsTable.getByRole('row').filter({ hasText: 'posted' }).filter({ hasNotText: batchNumber });
    await posted.first().waitFor();
    const voidNumber = ((await posted.first().getByRole('button').first().textContent()) ?? '').trim();
    await posted.first().getByRole('button', { name: voidNumber }).click();
    await page.getByTestId('receipt').waitFor();
    await page.getByLabel('Reason for the void').fill('Keyed to the wrong account');
    await page.getByLabel('Reason for the void').press('Enter');
    const pending = page.getByTestId('void-pending');
    await pending.waitFor();
    expect(await pending.textContent()).toContain(voidNumber);
    await receiptsTable.getByRole('row').filter({ hasText: voidNumber }).getByText('void: pending approval').waitFor();
    // The receipt reprints as a COPY (the demo printed it once, or this is its first print).
    await page.getByRole('button', { name: /Print receipt|Reprint/ }).click();
    await expect.poll(() => printCalls(page)).toBe(1);
    await screenshot(page, flow, 'void-pending');

    // The deposit of the closed mail batch.
    await page.goto('/counter/deposits');
    await page.getByRole('checkbox', { name: new RegExp(batchNumber) }).check();
    await page.getByLabel('Bag number').fill('AC-30001');
    await page.getByRole('button', { name: 'Prepare deposit' }).click();
    const slip = page.getByTestId('deposit-slip');
    await slip.waitFor();
    const slipText = (await slip.textContent()) ?? '';
    expect(slipText).toContain('4411');
    expect(slipText).toContain('7302');
    expect(slipText).toContain('Checks and money orders (2)');
    const depositNumber = new URL(page.url()).searchParams.get('deposit') ?? '';
    expect(depositNumber).toMatch(/^DEP-\d+$/);
    // The preparer may not verify.
    expect(await page.getByRole('button', { name: 'Verify deposit' }).isDisabled()).toBe(true);
    await screenshot(page, flow, 'deposit-prepared');
    await page.emulateMedia({ media: 'print' });
    expect((await boxOf(page, '[data-testid="deposit-slip"]')).isNavigationShown).toBe(false);
    await screenshot(page, flow, 'deposit-slip-print-media', true);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/.exec(pdf.toString('latin1'));
    expect(Math.round(Number(mediaBox?.[1]))).toBe(612); // letter, 8.5 in
    await page.emulateMedia({ media: 'screen' });
    expect(problemsOf(page)).toEqual([]);

    // Priya verifies it as the second person, records a returned check, reads the day.
    const priya = await openPage(browser, server.url);
    const second_ = priya.page;
    await second_.goto('/');
    await signIn(second_, 'priya.shah');
    await second_.goto(`/counter/deposits?deposit=${depositNumber}`);
    await second_.getByRole('button', { name: 'Verify deposit' }).click();
    await second_.getByTestId('deposit-verified').waitFor();
    expect(await second_.getByTestId('deposit-verified').textContent()).toContain('priya.shah');
    await screenshot(second_, flow, 'deposit-verified');

    await second_.goto('/counter/returns');
    await second_.getByLabel(/Receipt number/).fill(returnedReceipt);
    await second_.getByLabel(/Receipt number/).press('Enter');
    await second_.getByRole('form', { name: 'Record the return' }).waitFor();
    await second_.getByRole('button', { name: 'Record return' }).click();
    const recorded = second_.getByTestId('return-recorded');
    await recorded.waitFor();
    expect(await second_.getByTestId('return-fee').textContent()).toMatch(/fee charged: \$\d+\.\d{2}/);
    const noticeLink = second_.getByRole('link', { name: /Notice letter/ });
    const noticeAnswer = await second_.request.get(await noticeLink.getAttribute('href') ?? '');
    expect(noticeAnswer.status()).toBe(200);
    expect(noticeAnswer.headers()['content-type']).toContain('application/pdf');
    await screenshot(second_, flow, 'return-recorded');

    await second_.goto('/counter/daily-report');
    const byBatch = second_.getByRole('table', { name: 'By batch' });
    await byBatch.getByRole('row').filter({ hasText: batchNumber }).waitFor();
    expect(await byBatch.getByRole('row').filter({ hasText: batchNumber }).textContent()).toContain(depositNumber);
    await second_.getByRole('table', { name: 'By tender' }).getByText('Check').waitFor();
    await second_.getByRole('table', { name: 'By GL account' }).getByRole('row').nth(1).waitFor();
    await screenshot(second_, flow, 'daily-report', true);
    await second_.emulateMedia({ media: 'print' });
    await second_.getByTestId('print-header').waitFor({ state: 'visible' });
    await screenshot(second_, flow, 'daily-report-print-media', true);
    expect(problemsOf(second_)).toEqual([]);
    await priya.context.close();
    await david.context.close();
  });
});
