/**
 * Flow: collection letters. The utility supervisor opens the day's notices by type, opens a
 * notice's PDF and a type's print file (read back with pdftotext), then edits the SB 998 notice's
 * Spanish template beside the English one: an unknown merge field is flagged in the preview and
 * refused, a merge field clicked goes in at the cursor, and saving makes version 2.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotices } from '../../src/collections/index.js';
import type { IsoDate } from '../../src/shared/dates.js';
import { cents } from '../../src/shared/money.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';
import { seedDemoUtility, type SeededCustomer } from './support/utility.js';

const flow = 'collections-letters';
const day = '2026-11-23' as IsoDate;
let server: WebServer;
let browser: Browser;
let customers: SeededCustomer[];
const pdfDir = path.resolve('test-artifacts', 'letters');

function pdfText(name: string, pdf: Buffer): string {
  mkdirSync(pdfDir, { recursive: true });
  const file = path.join(pdfDir, name);
  writeFileSync(file, pdf);
  return existsSync('/usr/bin/pdftotext') ? execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) : '';
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  customers = await seedDemoUtility(server.database);
  const db = server.database.kysely;
  const ids = await sql<{ id: number; accountNumber: string }>`select r.id, r.account_number as "accountNumber" from receivable_account r
    where r.account_number = any(${customers.map((customer) => customer.accountNumber)}::text[])`.execute(db);
  const idOf = (index: number) => ids.rows.find((row) => row.accountNumber === customers[index]?.accountNumber)?.id as number;
  await sql`update customer set preferred_language = 'es' where id = (select customer_id from receivable_account where id = ${idOf(0)})`.execute(db);
  const sb998 = { noticeType: 'sb998_notice' as const, noticeDate: day, delivery: 'mail' as const, disconnectOnOrAfter: '2026-12-07' as IsoDate };
  await insertNotices(db, [
    { ...sb998, caseId: null, utilityAccountId: idOf(0), amountDueCents: cents(12_450), data: { pastDueCents: 12_450, oldestDueDate: '2026-09-23' } },
    { ...sb998, caseId: null, utilityAccountId: idOf(1), amountDueCents: cents(8_800), data: { pastDueCents: 8_800, oldestDueDate: '2026-09-23' } },
    { caseId: null, utilityAccountId: idOf(2), noticeType: 'late_notice', noticeDate: day, delivery: 'mail', amountDueCents: cents(6_600),
      data: { pastDueCents: 6_600, oldestDueDate: '2026-11-15', payByDate: '2026-12-04' } },
  ], 'tester');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('collection letters', () => {
  it('lists the day\'s notices by type, opens a notice and a type\'s print file as PDFs', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto(`/collections/notices?date=${day}`);
    await signIn(page, 'grace.wong');
    const sb998 = page.getByTestId('notices-sb998_notice');
    await sb998.getByText(customers[0]?.name as string).waitFor();
    await expect.poll(() => sb998.getByRole('row').count()).toBe(3);
    await page.getByTestId('notices-late_notice').getByText(customers[2]?.name as string).waitFor();
    await screenshot(page, flow, 'notices-of-the-day', true);

    const link = sb998.getByRole('row', { name: new RegExp(customers[0]?.name as string) }).getByRole('link', { name: /as PDF/ });
    const answer = await page.request.get(await link.getAttribute('href') as string);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    const letter = pdfText('sb998-notice.pdf', await answer.body());
    if (letter) {
      expect(letter).toContain(customers[0]?.name as string);
      expect(letter).toContain('7 de diciembre de 2026');
      expect(letter).toContain('116908');
    }
    const print = sb998.getByRole('link', { name: 'Print all 2' });
    const printed = await page.request.get(await print.getAttribute('href') as string);
    const all = pdfText('sb998-print-file.pdf', await printed.body());
    if (all) {
      expect(all).toContain(customers[0]?.name as string);
      expect(all).toContain(customers[1]?.name as string);
    }
    expect(problemsOf(page)).toEqual([]);
  });

  it('edits the Spanish SB 998 template beside the English one, with merge fields, preview and a refused unknown field', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/collections/letter-templates');
    await signIn(page, 'grace.wong');
    await page.getByLabel('Notice type').selectOption('sb998_notice');
    const spanish = page.getByTestId('template-es');
    const english = page.getByTestId('template-en');
    await english.getByText('Version 1').waitFor();
    await spanish.getByLabel('Preview with sample data').getByText(/Le pueden cortar el agua el 7 de diciembre de 2026/).waitFor();
    await screenshot(page, flow, 'templates-side-by-side', true);

    const body = spanish.getByLabel('Body');
    const original = await body.inputValue();
    await body.fill(`${original}\n\nVisite {{sitioWeb}}.`);
    await spanish.getByText('body: unknown merge field {{sitioWeb}}').waitFor();
    await spanish.getByRole('button', { name: 'Save new version' }).click();
    await spanish.getByRole('alert').filter({ hasText: 'Not saved' }).getByText(/unknown merge field \{\{sitioWeb\}\}/).first().waitFor();
    await screenshot(page, flow, 'unknown-field-refused', true);

    await body.fill(`${original}\n\nVisite `);
    await body.focus();
    await page.keyboard.press('Control+End');
    await page.getByRole('button', { name: 'Insert website' }).click();
    await expect.poll(() => body.inputValue()).toMatch(/Visite \{\{website\}\}$/);
    await spanish.getByLabel('What changed').fill('Add the website at the end');
    await spanish.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText(/version 2/).first().waitFor();
    await spanish.getByText('Version 2').waitFor();
    await screenshot(page, flow, 'saved-version-2', true);
    expect(problemsOf(page).filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  });
});
