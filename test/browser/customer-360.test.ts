/**
 * Flow (c), the Customer 360 at the counter: a billing clerk finds a customer by a misspelled
 * name, opens the Customer 360 (balances, aging, flags), opens an account's activity, notes a call
 * with a follow-up, posts a small credit memo (and sees it in the activity with the new balance),
 * files a larger one for approval, finds her follow-up in My follow-ups and marks it done, prints
 * the summary, and finds the customer again with Ctrl+K. A new customer with a wrong ZIP code
 * shows the server's error next to the field; once saved, she opens its first account.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBillingCatalog } from '../../src/billing/index.js';
import { createCustomer } from '../../src/customers/index.js';
import { createAccount } from '../../src/ledger/index.js';
import {
  listReceivableControls,
  openReceivableAccount,
  postCharges,
  setReceivableControl,
} from '../../src/receivables/index.js';
import { systemPrincipal } from '../../src/shared/actor.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'c-customer';
const NAME = 'Evangeline Thornbury';
const TYPO = 'evangline thornbery';
const REVENUE = '100-5100-43200';
let server: WebServer;
let browser: Browser;
let customerNumber = '';
let accountNumber = '';

/** Days before today in the city, YYYY-MM-DD (the server ages balances as of today). */
function daysAgo(days: number): string {
  const date = new Date(Date.now() - days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(date);
}

/** A customer of our own with two charges: one 45 days past due, one current. */
async function seedCustomer(): Promise<void> {
  const actor = systemPrincipal('system');
  const database = server.database;
  const controls = await listReceivableControls(database.kysely);
  if (!controls.some((control) => control.kind === 'misc_billing' && control.fundCode === '100')) {
    // A control account must be new (no postings of its own); the demo city's may set one up itself.
    await createAccount(database, { input: { code: '100-0000-12100', name: 'Miscellaneous billing receivable', accountType: 'asset' }, actor });
    await setReceivableControl(database, { kind: 'misc_billing', fundCode: '100', controlAccountCode: '100-0000-12100', actor });
  }
  // The catalog (community center rental...) for the New invoice dialog; it keeps the control set above.
  await seedBillingCatalog(database, actor);
  const customer = await createCustomer(database, {
    input: {
      customerType: 'person',
      legalName: NAME,
      phones: [{ value: '(530) 555-0147', label: 'mobile' }],
      emails: [{ value: 'e.thornbury@example.com' }],
      mailingAddress: { line1: '418 Sycamore Ln', city: 'Alder Creek', state: 'CA', zip: '95694' },
      flags: { hasReturnedMail: true },
    },
    actor,
  });
  customerNumber = customer.customerNumber;
  const account = await openReceivableAccount(database, {
    input: { customerId: customer.id, kind: 'misc_billing', fundCode: '100', openedOn: daysAgo(60), description: 'Recreation programs' },
    actor,
  });
  accountNumber = account.accountNumber;
  const charge = (days: number, dueDays: number, cents: number, description: string, key: string) =>
    postCharges(database, {
      input: {
        account: account.accountNumber,
        chargeDate: daysAgo(days),
        dueDate: daysAgo(dueDays),
        idempotencyKey: `browser-test-${key}`,
        lines: [{ revenueAccount: REVENUE, amountCents: cents, description }],
      },
      actor,
    });
  await charge(50, 45, 18_000, 'Summer day camp, week 3', 'camp');
  await charge(5, -25, 6_450, 'Pool rental deposit', 'pool');
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  await seedCustomer();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** "$1,234.50" -> 123450. */
function centsOf(shown: string): number {
  const cleaned = shown.replace(/[$,\s]/g, '');
  expect(cleaned).toMatch(/^-?\d+\.\d{2}$/);
  return Number(cleaned.replace('.', ''));
}

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

describe('a billing clerk at the Customer 360', () => {
  it('finds a customer despite a typo, notes a call, credits the account and follows up', async () => {
    const { context, page } = await openPage(browser, server.url);
    await page.goto('/');
    await signIn(page, 'linh.nguyen');

    // Customers desk: the search box has the focus; a misspelled name still finds her.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    const box = page.getByRole('combobox', { name: 'Find a customer' });
    await box.waitFor();
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Find a customer');
    await page.keyboard.type(TYPO);
    const result = page.getByRole('option', { name: new RegExp(NAME) });
    await result.waitFor();
    expect(await result.textContent()).toContain(accountNumber);
    expect(await result.textContent()).toContain('Returned mail');
    await screenshot(page, flow, 'search-typo');
    await page.keyboard.press('Enter');

    // The Customer 360: who, flags, the totals and aging of every account.
    await page.getByRole('heading', { name: NAME }).waitFor();
    expect(await text(page, 'customer-number')).toBe(customerNumber);
    await page.getByTestId('flag-hasReturnedMail').waitFor();
    await expect.poll(() => text(page, 'total-balance')).toBe('$244.50');
    expect(await text(page, 'total-current')).toBe('$64.50');
    expect(await text(page, 'total-days30')).toBe('$180.00');
    await screenshot(page, flow, 'customer-360');

    // An account's activity, newest first with the running balance.
    await page.getByRole('button', { name: `Activity of ${accountNumber}` }).click();
    const activity = page.getByRole('table', { name: `Activity of ${accountNumber}` });
    await activity.getByRole('cell', { name: 'Pool rental deposit' }).waitFor();
    expect(await activity.getByRole('row').nth(1).textContent()).toContain('244.50');
    await screenshot(page, flow, 'account-activity');

    // A phone call, noted with a follow-up for herself tomorrow (keyboard: Enter moves on).
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByRole('form', { name: 'Add note' });
    await note.getByLabel('Topic').waitFor();
    await page.keyboard.type('Asked why the camp fee is past due');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Says she paid at the rec center in cash. Will look for the receipt.');
    await note.getByLabel('Follow up on (optional)').fill(daysAgo(-1));
    await screenshot(page, flow, 'note-dialog');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('action-outcome').getByText('Note saved', { exact: true }).waitFor();
    const noted = page.getByTestId('interaction').filter({ hasText: 'Asked why the camp fee is past due' });
    await noted.waitFor();
    expect(await noted.textContent()).toContain('linh.nguyen');
    await screenshot(page, flow, 'note-saved');

    // A $25 credit memo: under the approval threshold, it posts at once.
    await page.getByRole('button', { name: 'Adjustment' }).click();
    const memo = page.getByRole('form', { name: 'Adjustment' });
    await memo.getByLabel('Amount').waitFor();
    expect(await page.locator(':focus').getAttribute('placeholder')).toBe('0.00');
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    expect(await memo.getByLabel('Amount').inputValue()).toBe('25.00');
    await memo.getByLabel('Reason').selectOption('CUSTOMER_SERVICE');
    expect(await memo.getByLabel('Offset account').inputValue()).toBe(REVENUE);
    await memo.getByLabel('Description').fill('Late start of camp week 3');
    await screenshot(page, flow, 'credit-memo-dialog');
    await memo.getByRole('button', { name: 'Enter credit memo' }).click();
    await page.getByTestId('action-outcome').getByText('Adjustment posted', { exact: true }).waitFor();
    await expect.poll(() => text(page, 'total-balance')).toBe('$219.50');
    const credit = activity.getByRole('row').filter({ hasText: 'Late start of camp week 3' });
    await credit.waitFor();
    expect(await credit.textContent()).toContain('Credit memo');
    expect(await credit.textContent()).toContain('219.50');
    await screenshot(page, flow, 'credit-memo-posted');

    // A $150 credit memo is over the threshold: filed for approval, nothing posted yet.
    await page.getByRole('button', { name: 'Adjustment' }).click();
    await memo.getByLabel('Amount').waitFor();
    await page.keyboard.type('150');
    await page.keyboard.press('Enter');
    await memo.getByLabel('Reason').selectOption('BILLING_ERROR');
    await memo.getByLabel('Description').fill('Camp week 3 billed twice');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('action-outcome').getByText('Filed for approval', { exact: true }).waitFor();
    expect(await text(page, 'action-outcome')).toMatch(/request #\d+/);
    expect(await text(page, 'total-balance')).toBe('$219.50');
    await screenshot(page, flow, 'memo-filed-for-approval');

    // The $25 credit was a mistake after all: reversed with a reason, the original stays on record.
    await credit.getByRole('button', { name: /^Reverse Credit memo/ }).click();
    const reversal = page.getByRole('dialog');
    await reversal.getByLabel('Reason').waitFor();
    await page.keyboard.type('Camp started on time; credit entered in error');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('action-outcome').getByText('Reversed', { exact: true }).waitFor();
    await expect.poll(() => text(page, 'total-balance')).toBe('$244.50');
    await credit.getByText('reversed', { exact: true }).waitFor();
    await screenshot(page, flow, 'credit-memo-reversed');

    // A new invoice from the catalog: two hours of the community center at $75.00.
    await page.getByRole('button', { name: 'New invoice' }).click();
    const invoice = page.getByRole('form', { name: 'New invoice' });
    await invoice.getByLabel('Line 1 item').selectOption('FACILITY_RENTAL');
    await invoice.getByLabel('Line 1 quantity').fill('2');
    await expect.poll(() => text(page, 'invoice-total')).toBe('150.00');
    await screenshot(page, flow, 'new-invoice');
    await invoice.getByRole('button', { name: /^Post invoice of \$150\.00/ }).click();
    await page.getByTestId('action-outcome').getByText(/^Invoice INV-.* posted$/).waitFor();
    await expect.poll(() => text(page, 'total-balance')).toBe('$394.50');
    await activity.getByRole('row').filter({ hasText: 'Community center rental' }).first().waitFor();
    await screenshot(page, flow, 'invoice-posted');

    // The statement opens as a PDF in a new tab.
    await page.getByRole('button', { name: 'Statement' }).click();
    const statementRequested = context.waitForEvent('request', (request) => request.url().includes('/statement.pdf'));
    await page.getByRole('button', { name: 'Open PDF' }).click();
    const statementUrl = (await statementRequested).url();
    expect(statementUrl).toMatch(/\/api\/customers\/\d+\/statement\.pdf\?from=\d{4}-\d{2}-\d{2}&to=/);
    const statement = await context.request.get(statementUrl);
    expect(statement.status()).toBe(200);
    expect(statement.headers()['content-type']).toContain('application/pdf');
    for (const other of context.pages()) if (other !== page) await other.close();

    // The printed summary: no navigation or buttons, a header saying who printed it.
    await page.emulateMedia({ media: 'print' });
    await page.getByTestId('print-header').waitFor({ state: 'visible' });
    await screenshot(page, flow, 'print', true);
    await page.emulateMedia({ media: 'screen' });

    // The returned mail is researched: a new mailing address, and the flag comes down.
    await page.getByRole('button', { name: 'New address' }).click();
    const address = page.getByRole('form', { name: 'New mailing address' });
    await address.getByLabel('Street').waitFor();
    await page.keyboard.type('1207 Alder Creek Rd');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Apt 4');
    await address.getByLabel('ZIP').fill('95694');
    await screenshot(page, flow, 'new-address');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('action-outcome').getByText('Mailing address changed', { exact: true }).waitFor();
    await page.getByTestId('flag-hasReturnedMail').waitFor({ state: 'detached' });
    expect(await page.getByRole('region', { name: 'Customer' }).textContent()).toContain('1207 Alder Creek Rd');

    // My follow-ups lists the call; Done clears it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My follow-ups' }).click();
    const followUps = page.getByRole('table', { name: 'Follow-ups' });
    const row = followUps.getByRole('row').filter({ hasText: 'Asked why the camp fee is past due' });
    await row.waitFor();
    expect(await row.textContent()).toContain(NAME);
    await screenshot(page, flow, 'follow-ups');
    await row.getByRole('button', { name: /^Done/ }).click();
    await row.waitFor({ state: 'detached' });

    // Ctrl+K finds customers too, by number.
    await page.keyboard.press('Control+k');
    const search = page.getByPlaceholder(/Search screens/);
    await search.waitFor();
    await search.pressSequentially(customerNumber);
    await page.getByRole('button', { name: new RegExp(NAME) }).waitFor();
    await screenshot(page, flow, 'global-search');
    await page.keyboard.press('Escape');

    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('shows the server\u2019s field errors on the new customer form', async () => {
    const { context, page } = await openPage(browser, server.url);
    await page.goto('/customers?q=Zbigniewa');
    await signIn(page, 'linh.nguyen');
    await page.getByText('No customer matches').waitFor();
    await screenshot(page, flow, 'no-match');
    await page.getByRole('link', { name: /New customer “Zbigniewa/ }).click();
    const form = page.getByRole('form', { name: 'New customer' });
    await form.getByLabel('Full name').waitFor();
    expect(await form.getByLabel('Full name').inputValue()).toBe('Zbigniewa');
    await form.getByLabel('Full name').fill('Zbigniewa Kowalczyk-Ruiz');
    await form.getByLabel('Phone').fill('530-555-01');
    await form.getByLabel('Street').fill('77 Willow Ct');
    await form.getByLabel('ZIP').fill('9569');
    await page.keyboard.press('Control+Enter');
    await form.getByText(/ZIP code/).waitFor();
    await form.getByText(/10 digits|has \d+ digits/).waitFor();
    await screenshot(page, flow, 'new-customer-errors');
    await form.getByLabel('Phone').fill('530-555-0188');
    await form.getByLabel('ZIP').fill('95694');
    await form.getByRole('button', { name: 'Save customer' }).click();
    await page.getByRole('heading', { name: 'Zbigniewa Kowalczyk-Ruiz' }).waitFor();
    await page.getByText('No receivable accounts.').waitFor();
    await screenshot(page, flow, 'new-customer-360');

    // Her first account: a kind with a control account in the fund.
    await page.getByRole('button', { name: 'Open account' }).click();
    const opening = page.getByRole('form', { name: 'Open account' });
    await opening.getByLabel('Kind').selectOption('misc_billing');
    await opening.getByLabel('Fund').selectOption('100');
    await opening.getByLabel('Description (optional)').fill('Facility rental, Community Center');
    await opening.getByRole('button', { name: 'Open account' }).click();
    await page.getByTestId('action-outcome').getByText('Account opened', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Accounts' }).getByText('Facility rental, Community Center').waitFor();
    await screenshot(page, flow, 'account-opened');
    expect(problemsOf(page).filter((problem) => !/status of 400/.test(problem))).toEqual([]);
    await context.close();
  });

  it('lets a cashier record a payment by 10-key, and nothing she may not do', async () => {
    const { context, page } = await openPage(browser, server.url);
    await page.goto('/customers');
    await signIn(page, 'rosa.martinez');
    const box = page.getByRole('combobox', { name: 'Find a customer' });
    await box.waitFor();
    // The demo city's customers are there too: a misspelled business name finds the taqueria.
    await box.pressSequentially('taqeria estrela');
    const taqueria = page.getByRole('option').first();
    await expect.poll(() => taqueria.textContent()).toContain('Taqueria La Estrella');
    expect(await taqueria.textContent()).toMatch(/BL-\d{6}/);
    await screenshot(page, flow, 'cashier-search-demo-customer');
    await box.fill('');
    // The account number off the bill and Enter at once: the first result opens when it arrives.
    await box.pressSequentially(accountNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: NAME }).waitFor();
    const before = centsOf(await text(page, 'total-balance'));
    // A cashier takes payments; she does not adjust, invoice or note.
    expect(await page.getByRole('button', { name: 'Adjustment' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'New invoice' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0);

    await page.keyboard.press('Alt+p');
    const payment = page.getByRole('form', { name: 'Record payment' });
    await payment.getByLabel('Amount').waitFor();
    await page.keyboard.type('44.5');
    await page.keyboard.press('Enter');
    expect(await payment.getByLabel('Amount').inputValue()).toBe('44.50');
    await page.keyboard.type('CHK 2231');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').inputValue()).toBe('100-0000-10100');
    await screenshot(page, flow, 'cashier-payment');
    await page.keyboard.press('Enter'); // cash account
    await page.keyboard.press('Enter'); // date: on to the button
    await page.keyboard.press('Enter'); // Record payment
    await page.getByTestId('action-outcome').getByText('Payment recorded', { exact: true }).waitFor();
    await expect.poll(async () => centsOf(await text(page, 'total-balance'))).toBe(before - 4_450);
    await screenshot(page, flow, 'cashier-payment-recorded');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
