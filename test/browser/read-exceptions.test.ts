/**
 * The meter-read exception queue at the Utility Billing desk. The demo holds three high reads of
 * cycle C4 for review. Linh Nguyen (billing clerk) sees the queue but may not decide; Maria Lopez
 * (finance manager) accepts one from the keyboard with a reason and rejects another.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'read-exceptions';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the meter-read exception queue', () => {
  it('lets the clerk see it and the reviewer accept and reject reads with a reason', async () => {
    const clerk = await openPage(browser, server.url);
    await clerk.page.goto('/utility/read-exceptions');
    await signIn(clerk.page, 'linh.nguyen');
    const clerkTable = clerk.page.getByRole('table', { name: 'Reads to review' });
    await expect.poll(() => clerkTable.locator('tbody tr').count()).toBe(3);
    expect(await clerkTable.textContent()).toContain('A reviewer decides');
    await screenshot(clerk.page, flow, 'clerk-sees-queue');

    const { page } = await openPage(browser, server.url);
    await page.goto('/utility/read-exceptions');
    await signIn(page, 'maria.lopez');
    const table = page.getByRole('table', { name: 'Reads to review' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await page.getByRole('group', { name: 'Show reads' }).getByText('High · 3').waitFor();
    await screenshot(page, flow, 'queue');

    // Accept the first by keyboard: A, a reason too short is refused, then a real one.
    await table.locator('tbody tr').first().focus();
    await page.keyboard.press('a');
    const reason = page.getByLabel('Why accept it?');
    await reason.waitFor();
    await reason.fill('ok');
    await reason.press('Enter');
    await expect.poll(async () => (await table.textContent()) ?? '').toMatch(/10 characters|reason/i);
    await screenshot(page, flow, 'reason-refused');
    await reason.fill('Customer confirmed a filled pool; the read is right');
    await reason.press('Enter');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);

    // Reject the next with the button.
    await table.locator('tbody tr').first().getByRole('button', { name: 'Reject' }).click();
    const rejectReason = page.getByLabel('Why reject it?');
    await rejectReason.fill('Reader keyed an extra digit; re-read ordered');
    await rejectReason.press('Enter');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await screenshot(page, flow, 'one-left');
    // The refused reason was a 400 answer (shown on the field); nothing else went wrong.
    expect(problemsOf(page).filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  });
});
