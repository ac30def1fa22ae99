/**
 * The penalty rules screen at the Collections desk. Grace Wong (utility supervisor) adds the
 * city's default rule: a first try with a wrong rate and a revenue account that does not exist is
 * refused with each problem at its field; fixed, the rule is listed. Linh Nguyen (billing clerk,
 * collections.read) sees the rules but not the form.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'penalty-rules';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the penalty rules screen', () => {
  it('adds a rule, each wrong field named at the field, and shows it to the clerk', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/collections/penalty-rules');
    await signIn(page, 'grace.wong');
    const form = page.getByRole('form', { name: 'Add a penalty rule' });
    await form.waitFor();
    await form.getByLabel('Effective from').fill('2027-01-01'); // the demo's rule runs from 2026-07-01
    await form.getByLabel('Share of current bill').fill('1.5');
    await form.getByLabel('Penalty revenue account').fill('510-7100-99999');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(async () => (await form.textContent()) ?? '').toContain('must be a rate from 0 to 1');
    await screenshot(page, flow, 'wrong-rate');
    await form.getByLabel('Share of current bill').fill('0.10');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(async () => (await form.textContent()) ?? '').toContain('account 510-7100-99999 does not exist');
    await form.getByLabel('Penalty revenue account').fill('510-7100-44500');
    await form.getByLabel('Minimum ($)').fill('2.50');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const table = page.getByRole('table', { name: 'Penalty rules' });
    const added = table.locator('tbody tr', { hasText: '2.50' });
    await expect.poll(() => added.count()).toBeGreaterThan(0);
    const row = (await added.first().textContent()) ?? '';
    expect(row).toContain('Default (all accounts)');
    expect(row).toContain('10%');
    expect(row).toContain('1%');
    expect(row).toContain('2.50');
    await screenshot(page, flow, 'rule-added', true);
    // The two refused attempts answered 400; nothing else went wrong on the page.
    expect(problemsOf(page).filter((problem) => !problem.includes('status of 400'))).toEqual([]);

    const clerk = await openPage(browser, server.url);
    await clerk.page.goto('/collections/penalty-rules');
    await signIn(clerk.page, 'linh.nguyen');
    const clerkTable = clerk.page.getByRole('table', { name: 'Penalty rules' });
    await expect.poll(() => clerkTable.locator('tbody tr').count()).toBe(2); // the demo's rule and the one just added
    expect(await clerk.page.getByRole('form', { name: 'Add a penalty rule' }).count()).toBe(0);
    await screenshot(clerk.page, flow, 'clerk-sees-rules');
  });
});
