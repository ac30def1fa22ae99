/**
 * Flow (b), maker-checker end to end: the accountant enters a balanced journal entry with the
 * keyboard and submits it for approval; the finance manager signs in with her second factor and
 * approves it in My approvals; the trial balance shows the changed balance; the auditor sees the
 * request, the approval and the posting in the audit log.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'b-journal';
const CASH = '100-0000-10100';
const SUPPLIES = '100-1510-53100';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** "1,234.50" -> 123450 (the UI always shows two decimals). */
function centsOf(text: string | null): number {
  const cleaned = (text ?? '').replace(/[,$\s]/g, '');
  if (cleaned === '') return 0;
  expect(cleaned).toMatch(/^-?\d+\.\d{2}$/);
  return Number(cleaned.replace('.', ''));
}

/** The debit and credit of one account's row in the trial balance on screen. */
async function trialBalanceRow(page: Page, account: string): Promise<{ debit: number; credit: number }> {
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: account, exact: true }) });
  const cells = row.getByRole('cell');
  return { debit: centsOf(await cells.nth(3).textContent()), credit: centsOf(await cells.nth(4).textContent()) };
}

async function openTrialBalance(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounting' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trial balance' }).click();
  await page.getByLabel('Fund').selectOption('100');
  await page.getByRole('link', { name: CASH, exact: true }).waitFor();
  await page.getByText('In balance').waitFor();
}

describe('a journal entry from entry to posting', () => {
  it('is entered by the accountant, approved by the finance manager, and audited', async () => {
    // The accountant: note the cash balance, then enter the entry by keyboard.
    const accountant = await openPage(browser, server.url);
    const page = accountant.page;
    await page.goto('/');
    await signIn(page, 'priya.shah');
    await openTrialBalance(page);
    const cashBefore = await trialBalanceRow(page, CASH);
    await screenshot(page, flow, 'trial-balance-before');

    await page.keyboard.press('Control+k');
    const search = page.getByPlaceholder(/Search screens/);
    await search.waitFor();
    await search.pressSequentially('new journal');
    await page.getByRole('button', { name: /New journal entry/ }).waitFor();
    await page.keyboard.press('Enter');
    const entryDate = page.getByLabel('Entry date');
    await entryDate.waitFor();
    await entryDate.fill('2026-11-20');
    await entryDate.press('Enter');
    await page.keyboard.press('Enter'); // period: the month of the date
    await page.keyboard.type('Office supplies bought with the city card');
    await page.keyboard.press('Enter');
    await page.keyboard.type('card 1102');
    await page.keyboard.press('Enter');
    // Line 1: find the account by words of its name and department, take the suggestion.
    await page.keyboard.type('supplies finance');
    await page.getByRole('option', { name: new RegExp(SUPPLIES) }).waitFor();
    await screenshot(page, flow, 'account-suggestions');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1,234.5');
    await page.keyboard.press('Enter'); // a debit skips the credit cell
    await page.keyboard.type('Toner and paper');
    await page.keyboard.press('Enter'); // the next line
    // Line 2: the code typed in full.
    await page.keyboard.type(CASH);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // no debit
    await page.keyboard.type('1234.50');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // no memo: Enter on the last memo adds line 3
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Line 3 account');
    expect(await page.getByLabel('Line 1 account').inputValue()).toBe(SUPPLIES);
    expect(await page.getByLabel('Line 1 debit').inputValue()).toBe('1,234.50');
    expect(await page.getByTestId('total-debits').textContent()).toBe('1,234.50');
    expect(await page.getByTestId('total-credits').textContent()).toBe('1,234.50');
    expect(await page.getByTestId('balance-status').textContent()).toContain('Balanced');
    await screenshot(page, flow, 'entry-balanced');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/approvals\?tab=mine&request=\d+/);
    const requestId = Number(new URL(page.url()).searchParams.get('request'));
    const mine = page.getByRole('article', { name: `Request ${requestId}` });
    await mine.getByText('pending', { exact: true }).waitFor();
    await page.getByText(`Request #${requestId} filed`).waitFor();
    await screenshot(page, flow, 'request-filed');
    // Nobody approves their own request: the accountant is offered only Withdraw.
    expect(await mine.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(problemsOf(page)).toEqual([]);

    // The finance manager: password, then the 6-digit code; the request waits for her.
    const manager = await openPage(browser, server.url);
    const managerPage = manager.page;
    await managerPage.goto('/');
    await managerPage.getByLabel('User name').fill('maria.lopez');
    await managerPage.getByLabel(/^Password/).fill('civic-ledger-demo');
    await managerPage.getByLabel(/^Password/).press('Enter');
    await managerPage.getByLabel('6-digit code').waitFor();
    await screenshot(managerPage, flow, 'second-factor-prompt');
    await managerPage.goto('/');
    await signIn(managerPage, 'maria.lopez');
    await managerPage.getByRole('link', { name: /wait for you in My approvals/ }).click();
    const request = managerPage.getByRole('article', { name: `Request ${requestId}` });
    await request.waitFor();
    const lines = request.getByRole('table', { name: `Lines of request ${requestId}` });
    expect(await lines.textContent()).toContain(SUPPLIES);
    expect(await lines.textContent()).toContain('1,234.50');
    await screenshot(managerPage, flow, 'to-decide');
    await request.getByRole('button', { name: 'Approve' }).click();
    const comment = managerPage.getByLabel('Comment (optional)');
    await comment.waitFor();
    await comment.fill('Matches the card statement');
    await comment.press('Enter');
    await managerPage.getByText(new RegExp(`Request #${requestId} approved\\. Journal entry #\\d+ posted`)).waitFor();
    await screenshot(managerPage, flow, 'approved');

    // The trial balance: cash down by $1,234.50.
    await openTrialBalance(managerPage);
    const cashAfter = await trialBalanceRow(managerPage, CASH);
    expect(cashAfter.debit - cashAfter.credit).toBe(cashBefore.debit - cashBefore.credit - 123450);
    await screenshot(managerPage, flow, 'trial-balance-after');
    await managerPage.emulateMedia({ media: 'print' });
    await screenshot(managerPage, flow, 'trial-balance-print', true);
    await managerPage.emulateMedia({ media: 'screen' });

    // From the trial balance to the account's activity: the new line is there.
    await managerPage.getByRole('link', { name: CASH, exact: true }).click();
    await managerPage.getByRole('table', { name: 'Account activity' }).waitFor();
    await managerPage.getByRole('cell', { name: /Office supplies bought with the city card/ }).first().waitFor();
    await screenshot(managerPage, flow, 'account-activity');
    expect(problemsOf(managerPage)).toEqual([]);

    // The auditor: the request, the approval and the posting are in the audit log.
    const auditor = await openPage(browser, server.url);
    const auditorPage = auditor.page;
    await auditorPage.goto('/');
    await signIn(auditorPage, 'tom.becker');
    await auditorPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await auditorPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const events = auditorPage.getByRole('table', { name: 'Audit events' });
    await events.waitFor();
    for (const action of ['approvals.request', 'approvals.approve', 'ledger.post_entry']) {
      expect(await events.locator(`tr[data-action="${action}"]`).count(), action).toBeGreaterThan(0);
    }
    await screenshot(auditorPage, flow, 'audit-log');
    await events.locator('tr[data-action="approvals.approve"]').first().getByRole('button').click();
    const details = auditorPage.getByRole('dialog');
    await details.getByText('approvals.approve').first().waitFor();
    expect(await details.textContent()).toContain('Matches the card statement');
    await screenshot(auditorPage, flow, 'audit-event-details');
    expect(problemsOf(auditorPage)).toEqual([]);

    await Promise.all([accountant.context.close(), manager.context.close(), auditor.context.close()]);
  });
});
