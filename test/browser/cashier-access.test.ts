/**
 * Flow (a): a cashier signs in and cannot open Admin. It is not in the navigation; going to
 * /admin directly shows "not allowed"; the API itself answers 403 naming the permission.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'a-cashier';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a cashier', () => {
  it('signs in, sees no Admin desk, and is refused Admin by the screen and by the API', async () => {
    const { context, page } = await openPage(browser, server.url);
    await page.goto('/');
    await page.getByLabel('User name').waitFor();
    await screenshot(page, flow, 'sign-in');

    // A wrong password gets the generic message, and the form keeps the user name.
    await page.getByLabel('User name').fill('rosa.martinez');
    await page.getByLabel(/^Password/).fill('not-her-password');
    await page.getByLabel(/^Password/).press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sign-in failed');
    expect(await page.getByLabel('User name').inputValue()).toBe('rosa.martinez');
    await screenshot(page, flow, 'wrong-password');

    await signIn(page, 'rosa.martinez');
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('Rosa Martinez');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    await navigation.getByRole('link', { name: 'Counter' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await navigation.getByRole('link', { name: 'Accounting' }).count()).toBe(0);
    await screenshot(page, flow, 'home-without-admin');

    // Her desk is the Counter; a desk that arrives later says so.
    await navigation.getByRole('link', { name: 'Counter' }).click();
    await page.getByRole('heading', { name: 'Take a payment' }).waitFor();
    await navigation.getByRole('link', { name: 'Licensing & Permits' }).click();
    await page.getByText('This desk arrives with a later release').waitFor();
    await screenshot(page, flow, 'licensing-later');
    // A built desk she has no screen of is not shown (Utility Billing: service orders, field work;
    // Collections).
    expect(await navigation.getByRole('link', { name: 'Utility Billing' }).count()).toBe(0);
    expect(await navigation.getByRole('link', { name: 'Collections' }).count()).toBe(0);

    // Typing the address does not help: the screen says "not allowed"...
    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('users.manage');
    await screenshot(page, flow, 'admin-not-allowed');

    // ...and the API refuses on its own, naming the permission.
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/users', { credentials: 'same-origin' });
      return { status: response.status, body: (await response.json()) as { error: { code: string; details: Record<string, unknown> } } };
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    expect(answer.body.error.details.permission).toBe('users.manage');

    // The search box lists only screens she may open.
    await page.goto('/');
    await page.getByTestId('signed-in-user').waitFor();
    await page.keyboard.press('/');
    const search = page.getByPlaceholder(/Search screens/);
    await search.waitFor();
    await search.fill('users');
    await page.getByText('Nothing found').waitFor();
    await screenshot(page, flow, 'search-no-admin');
    await page.keyboard.press('Escape');

    // Signing out returns to the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
