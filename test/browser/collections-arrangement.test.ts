/**
 * Flow: a payment arrangement and a collection hold at the Collections desk. Linh Nguyen (billing
 * clerk) opens an account that owes $240.00 past due, types the months and the type, Enter from
 * field to field previews the installment table, Enter again makes the arrangement; then places a
 * hold on another account from the keyboard and releases it early with a reason.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCharges } from '../../src/receivables/index.js';
import { testActor } from '../support/ledger-fixtures.js';
import { utilityCustomer } from '../support/utility-fixtures.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';
import { seedDemoUtility } from './support/utility.js';

const flow = 'collections-arrangement';
let server: WebServer;
let browser: Browser;
let owing: string;
let other: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  await seedDemoUtility(server.database);
  const account = await utilityCustomer(server.database, { name: 'Paloma Arreglo', startedOn: '2026-10-01', cycleCode: 'A0' });
  owing = account.accountNumber;
  await postCharges(server.database, {
    input: { account: owing, chargeDate: '2026-11-02', dueDate: '2026-11-23', description: 'Water and sewer, October',
      lines: [{ revenueAccount: '510-7100-44200', amountCents: 24_000, description: 'Water service' }] },
    actor: testActor,
  });
  other = (await utilityCustomer(server.database, { name: 'Horacio Pausa', startedOn: '2026-10-01', cycleCode: 'A0' })).accountNumber;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('payment arrangements and holds at the Collections desk', () => {
  it('previews the installments and makes the arrangement from the keyboard', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto(`/collections/arrangement?account=${owing}`);
    await signIn(page, 'linh.nguyen');
    await page.getByRole('heading', { name: 'Payment arrangement' }).waitFor();
    const form = page.getByRole('form', { name: 'New payment arrangement' });
    const months = form.getByLabel('Months');
    await months.fill('6');
    await months.press('Enter');
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.tagName')).toBe('SELECT');
    await page.keyboard.press('Enter'); // the type stays amortization
    await page.keyboard.press('Enter'); // with the bills
    await page.keyboard.press('Enter'); // on "Preview installments": previews
    const preview = page.getByLabel('Installments preview');
    await preview.waitFor();
    const rows = preview.getByTestId('installments').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    await expect.poll(() => preview.textContent()).toContain('$240.00');
    await expect.poll(() => rows.first().textContent()).toContain('40.00');
    await screenshot(page, flow, 'preview', true);
    // The focus is on "Make the arrangement": Enter saves it.
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined')).toBe('Make the arrangement');
    await page.keyboard.press('Enter');
    const card = page.getByTestId('arrangement-card');
    await card.first().waitFor();
    await expect.poll(() => card.first().textContent()).toMatch(/PA-\d{6}.*\$240\.00 in 6 installments/);
    await expect.poll(() => card.first().textContent()).toContain('active');
    await screenshot(page, flow, 'made', true);

    // Months beyond the setting: the field says so.
    await months.fill('13');
    await form.getByRole('button', { name: 'Preview installments' }).click();
    await form.getByText(/at most 12 months/).waitFor();
    await screenshot(page, flow, 'too-long');

    // The account's collection page shows it in the arrangements-and-holds panel.
    await page.goto(`/collections/accounts/${owing}`);
    const panel = page.getByLabel('Arrangement and holds');
    await expect.poll(() => panel.textContent()).toMatch(/PA-\d{6}: \$240\.00, amortization/);
    await screenshot(page, flow, 'account-page', true);
    expect(problemsOf(page).filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  });

  it('places a hold with a reason and an end date, and releases it early', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/collections/holds');
    await signIn(page, 'linh.nguyen');
    await page.getByRole('heading', { name: 'Collection holds' }).waitFor();
    const form = page.getByRole('form', { name: 'Place a hold' });
    await form.getByLabel('Account').fill(other);
    await form.getByLabel('Account').press('Enter');
    await page.keyboard.type('Bill investigation requested by the customer');
    await page.keyboard.press('Enter');
    await form.getByLabel('Through').fill('2027-01-15');
    await form.getByLabel('Through').press('Enter');
    await page.keyboard.press('Enter');
    const card = page.getByTestId('hold-card').filter({ hasText: other });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('on hold');
    await screenshot(page, flow, 'hold-placed', true);
    await card.getByRole('button', { name: 'Release early…' }).click();
    await card.getByLabel('Why is it released').fill('Investigation closed: the read was right');
    await card.getByLabel('Why is it released').press('Enter');
    // Released today: no longer in force, so it leaves the list of holds in force.
    await expect.poll(() => page.getByTestId('hold-card').filter({ hasText: other }).count()).toBe(0);
    await screenshot(page, flow, 'hold-released', true);
    expect(problemsOf(page)).toEqual([]);
  });
});
