/**
 * A bill run at the Utility Billing desk. Linh Nguyen (billing clerk) starts test cycle A0 through
 * November 30 with the wizard, lands on the pre-bill register (a bill without a read held, an
 * estimated one flagged), filters by an exception chip, holds a bill from the keyboard with a
 * reason and releases it, finalizes the run after the confirm (count and total), opens a bill,
 * cancels and rebills it after its read was corrected, and reads the account with both bills.
 */
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/dates.js';
import { runBills, saveBillingCycle } from '../../src/utility/index.js';
import { testActor } from '../support/ledger-fixtures.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';
import { correctRead, seedDemoUtility, type SeededCustomer } from './support/utility.js';

const flow = 'utility-bill-run';
let server: WebServer;
let browser: Browser;
let customers: SeededCustomer[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  customers = await seedDemoUtility(server.database);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const customer = (name: string) => customers.find((candidate) => candidate.name === name) as SeededCustomer;
const rowOf = (page: Page, accountNumber: string) => page.getByRole('table', { name: 'Bills of the run' }).locator('tr', { hasText: accountNumber });

describe('a bill run at the Utility Billing desk', () => {
  it('runs a cycle with the wizard, reviews the register, holds and releases, finalizes, cancels and rebills', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/');
    await signIn(page, 'linh.nguyen');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    await navigation.getByRole('link', { name: 'Utility Billing' }).click();
    await navigation.getByRole('link', { name: 'Bill runs' }).click();
    await page.getByRole('heading', { name: 'Bill runs' }).waitFor();

    // The wizard: the cycle with its account count, the dates, Enter from field to field.
    const wizard = page.getByRole('form', { name: 'Start a bill run' });
    await expect.poll(() => wizard.getByLabel('Billing cycle').locator('option').first().textContent()).toContain('6 accounts');
    await wizard.getByLabel('Bill through').fill('2026-11-30');
    await screenshot(page, flow, 'wizard');
    await wizard.getByLabel('Bill through').press('Enter');
    await wizard.getByLabel('Bill date').press('Enter');
    await page.keyboard.press('Enter');

    // Calculated: the register of the run, with its exceptions.
    await page.waitForURL(/\/utility\/bill-runs\/BR-\d{4}-\d+$/);
    await page.getByTestId('run-header').getByText('tentative').waitFor();
    const chips = page.getByRole('group', { name: 'Show bills' });
    await chips.getByText('No read · 1').waitFor();
    await chips.getByText('Estimated · 1').waitFor();
    const dmitri = customer('Dmitri Volkov');
    await expect.poll(() => rowOf(page, dmitri.accountNumber).textContent()).toContain('held');
    await screenshot(page, flow, 'register');

    await chips.getByText('Estimated · 1').click();
    await expect.poll(() => page.getByRole('table', { name: 'Bills of the run' }).locator('tbody tr').count()).toBe(1);
    await rowOf(page, customer('Esther Nakamura').accountNumber).waitFor();

    // Hold a bill from the keyboard, with a reason; then release it.
    await chips.getByText(/^All bills/).click();
    const benjamin = customer('Benjamin Cho');
    const row = rowOf(page, benjamin.accountNumber);
    await expect.poll(() => row.textContent()).toContain('tentative');
    await row.focus();
    await page.keyboard.press('h');
    const reason = page.getByLabel('Reason for the hold');
    await reason.waitFor();
    await page.keyboard.type('Customer reports a leak; check before billing');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.textContent()).toContain('Customer reports a leak');
    await expect.poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('data-bill') ?? null`)).not.toBeNull();
    await screenshot(page, flow, 'held');
    await row.focus();
    await page.keyboard.press('r');
    await expect.poll(() => row.textContent()).not.toContain('Customer reports a leak');
    expect(await row.textContent()).toContain('tentative');

    // Finalize, after a confirm that shows what posts.
    await page.getByRole('button', { name: 'Finalize…' }).click();
    const summary = page.getByTestId('finalize-summary');
    await summary.waitFor();
    await page.waitForTimeout(400); // the modal's opening transition, for the screenshot
    expect(await summary.textContent()).toMatch(/Post 5 bills totalling \$\d/);
    await screenshot(page, flow, 'finalize-confirm');
    await page.getByRole('button', { name: 'Finalize 5 bills' }).click();
    await page.getByTestId('run-header').getByText('finalized', { exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(() => rowOf(page, benjamin.accountNumber).textContent()).toContain('final');
    await screenshot(page, flow, 'finalized');

    // Open a bill from the register (Enter on its row).
    await rowOf(page, benjamin.accountNumber).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Bill B-\d+$/ }).waitFor();
    const header = page.getByTestId('bill-header');
    expect(await header.textContent()).toContain('Benjamin Cho');
    expect(await page.getByRole('table', { name: 'Reads' }).textContent()).toContain('1,014');
    // $20.00 meter + 10 × $2.00 + 4 × $3.00 + $30.00 sewer = $82.00
    expect(await page.getByRole('table', { name: 'Charges' }).textContent()).toContain('82.00');
    await screenshot(page, flow, 'bill');

    // The read was 1004, not 1014: corrected, then cancel and rebill with a reason.
    await correctRead(server.database, benjamin.meterSerial, 1004);
    const cancel = page.getByRole('form', { name: 'Cancel and rebill' });
    expect(await cancel.getByRole('button', { name: 'Cancel & rebill' }).isDisabled()).toBe(true);
    await cancel.getByLabel(/^Reason/).fill('Misread: the meter shows 1004');
    await cancel.getByRole('button', { name: 'Cancel & rebill' }).click();
    await page.getByTestId('rebill-notice').waitFor();
    // 4 × $2.00 + $20.00 + $30.00 = $58.00, $24.00 less.
    expect(await page.getByTestId('rebill-notice').textContent()).toContain('comes to $58.00, $24.00 less');
    expect(await page.getByTestId('bill-links').textContent()).toMatch(/Replaces B-\d+/);
    expect(await page.getByTestId('bill-header').textContent()).toContain('Corrected bill');
    await screenshot(page, flow, 'rebilled');

    // The account: services and meters, its balance, both bills linked.
    await page.getByTestId('bill-header').getByRole('link', { name: benjamin.accountNumber }).click();
    await page.getByRole('heading', { name: `Utility account ${benjamin.accountNumber}` }).waitFor();
    expect(await page.getByTestId('account-balance').textContent()).toBe('$58.00');
    expect(await page.getByRole('table', { name: 'Services and meters' }).textContent()).toContain(benjamin.meterSerial);
    const bills = page.getByRole('table', { name: 'Recent bills' });
    await expect.poll(() => bills.locator('tbody tr').count()).toBe(2);
    expect(await bills.textContent()).toContain('cancelled');
    await screenshot(page, flow, 'account');

    expect(problemsOf(page)).toEqual([]);
  });

  it('says so when a run is stuck in calculating after a restart, and continues it', async () => {
    // A run the server was calculating when it stopped: in 'calculating', with nobody on it.
    await saveBillingCycle(server.database, { input: { code: 'A1', name: 'Stuck test cycle', dueDays: 21, routes: [] }, actor: testActor });
    const { run } = await runBills(server.database, {
      input: { cycleCode: 'A1', throughDate: '2026-11-30', billDate: '2026-12-07' }, actor: testActor, clock: systemClock,
    });
    await sql`update bill_run set status = 'calculating' where id = ${run.id}`.execute(server.database.kysely);

    const { page } = await openPage(browser, server.url);
    await page.goto('/utility/bill-runs');
    await signIn(page, 'linh.nguyen');
    const row = page.getByRole('table', { name: 'Bill runs' }).locator('tr', { hasText: run.runNumber });
    await expect.poll(() => row.textContent()).toContain('stuck');
    await screenshot(page, flow, 'runs-list');
    await row.getByRole('link', { name: run.runNumber }).click();
    const stalled = page.getByTestId('run-stalled');
    await stalled.waitFor();
    expect(await stalled.textContent()).toContain('Start it again to continue');
    await screenshot(page, flow, 'stalled');
    await stalled.getByRole('button', { name: 'Continue calculating' }).click();
    await page.getByTestId('run-header').getByText('tentative').waitFor();
    expect(await stalled.count()).toBe(0);
    expect(problemsOf(page)).toEqual([]);
  });
});
