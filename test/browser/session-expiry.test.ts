/**
 * Flow (c): a session that ends while the accountant is typing an entry (idle past the limit)
 * does not cost her the entry. Submitting opens a sign-in dialog over the screen; after she signs
 * in again the form still holds everything, and submitting again files the request.
 */
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetResolvedSessions } from '../../src/access/index.js';
import { DEMO_PASSWORD, launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'c-expiry';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Makes the user's open sessions look idle for 31 minutes (the default limit is 30). */
async function idleSessionsOf(username: string): Promise<void> {
  await sql`update user_session set last_seen_at = now() - interval '31 minutes'
    where ended_at is null and user_id = (select id from app_user where username = ${username})`.execute(
    server.database.kysely,
  );
  // The server remembers a resolved session for a few seconds; this stands for more time passing.
  forgetResolvedSessions(server.database);
}

describe('an ended session', () => {
  it('asks for the password over the screen and keeps what the form held', async () => {
    const { context, page } = await openPage(browser, server.url);
    await page.goto('/accounting/journal/new');
    await signIn(page, 'priya.shah');
    await page.getByLabel('Entry date').fill('2026-11-21');
    await page.getByLabel('Description').fill('Reclassify postage to the Finance department');
    await page.getByLabel('Line 1 account').fill('100-1510-53100');
    await page.getByLabel('Line 1 debit').fill('75.25');
    await page.getByLabel('Line 2 account').fill('100-1100-53100');
    await page.getByLabel('Line 2 credit').fill('75.25');
    await page.getByLabel('Line 2 memo').fill('Postage charged to City Council in error');
    await page.getByText('Balanced. Ready to submit for approval.').waitFor();

    await idleSessionsOf('priya.shah');
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('User name').inputValue()).toBe('priya.shah');
    await screenshot(page, flow, 'sign-in-dialog');

    await dialog.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await dialog.getByLabel(/^Password/).press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Description').inputValue()).toBe('Reclassify postage to the Finance department');
    expect(await page.getByLabel('Line 2 memo').inputValue()).toBe('Postage charged to City Council in error');
    expect(await page.getByLabel('Line 1 debit').inputValue()).toBe('75.25');
    await screenshot(page, flow, 'form-kept');

    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await page.waitForURL(/\/approvals\?tab=mine&request=\d+/);
    const requestId = Number(new URL(page.url()).searchParams.get('request'));
    await page.getByRole('article', { name: `Request ${requestId}` }).getByLabel('Amount').filter({ hasText: '$75.25' }).waitFor();
    await screenshot(page, flow, 'filed-after-sign-in');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
