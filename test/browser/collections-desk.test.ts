/**
 * The Collections desk's own screens on the demo city: Grace Wong (utility billing supervisor)
 * reads today's work, runs the day's job twice (the second run adds nothing), opens an account
 * waiting for its shutoff release and reads its timeline, then tries a residential chain that
 * would shut off before SB 998 allows and is told which step is wrong. Linh Nguyen (billing
 * clerk) reads the chains but cannot change them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'collections-desk';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the Collections desk', () => {
  it('shows today\'s work, runs the day once, opens an account\'s timeline and refuses a chain SB 998 forbids', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/collections');
    await signIn(page, 'grace.wong');
    const run = page.getByTestId('daily-run');
    await run.waitFor();
    await page.getByTestId('shutoffs-pending').waitFor();
    await screenshot(page, flow, 'today');

    await page.getByRole('button', { name: 'Run today\'s job' }).click();
    await expect.poll(() => run.textContent()).toMatch(/Ran /);
    const afterFirst = await run.textContent();
    await page.getByRole('button', { name: 'Run today\'s job' }).click();
    await expect.poll(() => run.textContent()).toMatch(/0 opened · 0 cured · 0 notices/);
    expect(afterFirst).toMatch(/Ran /);
    await screenshot(page, flow, 'ran-twice');

    const pending = page.getByTestId('shutoffs-pending');
    const account = (await pending.locator('tbody tr').first().locator('a').first().textContent()) ?? '';
    await pending.locator('tbody tr').first().locator('a').first().click();
    await page.getByTestId('collection-header').waitFor();
    expect(await page.getByTestId('collection-case').textContent()).toContain('Shutoff order');
    const timeline = page.getByRole('table', { name: 'Collection timeline' });
    await expect.poll(() => timeline.textContent()).toContain('SB 998 notice of disconnection');
    expect(await page.getByRole('heading', { name: `Collection · ${account}` }).count()).toBe(1);
    await screenshot(page, flow, 'account', true);

    await page.goto('/collections/chains');
    const chain = page.getByTestId('chain-single_family');
    await chain.waitFor();
    await chain.getByLabel('Days past due').last().fill('30');
    await chain.getByRole('button', { name: 'Save chain' }).click();
    await expect.poll(() => chain.textContent()).toContain('60 days past due');
    await screenshot(page, flow, 'chain-refused');
    expect(problemsOf(page).filter((problem) => !/status of 400/.test(problem))).toEqual([]);

    const clerk = await openPage(browser, server.url);
    await clerk.page.goto('/collections/chains');
    await signIn(clerk.page, 'linh.nguyen');
    await clerk.page.getByTestId('chain-single_family').waitFor();
    expect(await clerk.page.getByRole('button', { name: 'Save chain' }).count()).toBe(0);
  });
});
