/**
 * Flow: the lien roll. The utility supervisor opens Collections → Liens, prepares the roll as of
 * today: the owners' delinquent accounts are listed by APN, the tenant's is left out with the
 * reason named; records a lien with the recorder's document number and sees it recorded, with the
 * ten years it lasts. Then the closed accounts' desk shows the final-billed account owing.
 */
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLienRule } from '../../src/collections/index.js';
import { postCharges } from '../../src/receivables/index.js';
import { cityDateOf } from '../../src/shared/dates.js';
import { testActor } from '../support/ledger-fixtures.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';
import { seedDemoUtility, type SeededCustomer } from './support/utility.js';

const flow = 'collections-liens';
let server: WebServer;
let browser: Browser;
let customers: SeededCustomer[];

/** Two owners and a tenant owe a past-due bill; a fourth account is final-billed owing. */
async function seedDelinquency(): Promise<void> {
  const db = server.database.kysely;
  const [owner1, owner2, tenant, closed] = customers as [SeededCustomer, SeededCustomer, SeededCustomer, SeededCustomer];
  // The demo city closes its past months: the bill is dated in the first open one, and the rule's
  // days delinquent are shortened when that is less than 60 days ago (the rule is configurable).
  const today = cityDateOf(new Date());
  const open = await sql<{ startDate: string }>`select min(start_date)::text as "startDate" from fiscal_period
    where status = 'open' and period_number <= 12`.execute(db);
  const billDate = open.rows[0]?.startDate as string;
  const daysAgo = Math.round((Date.parse(today) - Date.parse(billDate)) / 86_400_000);
  if (daysAgo < 60) {
    await setLienRule(server.database, { input: { effectiveFrom: '2020-01-01', minimumDaysDelinquent: Math.max(0, daysAgo - 1),
      authority: 'Browser test: the demo city\'s open months are recent' }, actor: testActor });
  }
  for (const customer of [owner1, owner2, tenant, closed]) {
    await postCharges(server.database, {
      input: { account: customer.accountNumber, chargeDate: billDate, dueDate: billDate, documentRef: `B-${customer.accountNumber}`,
        lines: [{ revenueAccount: '510-7100-44100', amountCents: 8_425, description: 'Water service, July' }] },
      actor: testActor,
    });
  }
  for (const owner of [owner1, owner2]) {
    await sql`insert into customer_property (customer_id, parcel_id, role, start_date, created_by)
      select r.customer_id, l.parcel_id, 'owner', '2015-01-01', 'tester'
      from receivable_account r join utility_account u on u.id = r.id join service_location l on l.id = u.service_location_id
      where r.account_number = ${owner.accountNumber}`.execute(db);
  }
  await sql`update utility_account set status = 'final_billed', stopped_on = '2026-11-30'
    where id = (select id from receivable_account where account_number = ${closed.accountNumber})`.execute(db);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  customers = await seedDemoUtility(server.database);
  await seedDelinquency();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('liens on the tax roll', () => {
  it('the supervisor prepares the roll as of today and records a lien', async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.goto('/collections/liens');
    await signIn(page, 'grace.wong');
    await page.getByRole('heading', { name: 'Liens on the tax roll' }).waitFor();
    await screenshot(page, flow, 'empty');

    const today = cityDateOf(new Date());
    const prepare = page.getByRole('form', { name: 'Prepare the roll' });
    await prepare.getByLabel('As of').fill(today);
    await prepare.getByRole('button', { name: /Prepare FY\d{4} roll/ }).click();
    const summary = page.getByTestId('prepare-summary');
    // The demo city's own delinquent accounts are on the roll too, beside this test's two owners.
    await summary.getByText(/^Listed \d+ accounts for \$[\d,]+\.\d\d$/).waitFor();
    const [owner1, owner2, tenant] = customers as [SeededCustomer, SeededCustomer, SeededCustomer];
    expect(await summary.textContent()).toMatch(/Left out \(\d+\):.*\d+ tenant \(owners only\)/);
    await summary.getByRole('button', { name: 'Show every account left out' }).click();
    await summary.getByText(`${tenant.accountNumber} (${tenant.name}) cannot be listed: the customer is a tenant`).waitFor();
    const rows = page.getByTestId('lien-row');
    await rows.filter({ hasText: owner1.accountNumber }).waitFor();
    expect(await rows.filter({ hasText: owner1.accountNumber }).textContent()).toMatch(/055-\d{3}-\d{3}.*84\.25/);
    expect(await rows.filter({ hasText: tenant.accountNumber }).count()).toBe(0);
    const listed = Number(/Listed (\d+) accounts/.exec((await summary.textContent()) ?? '')?.[1]);
    expect(await rows.count()).toBe(listed);
    expect(await page.getByTestId('roll-summary').textContent()).toContain(`${listed} accounts`);
    await screenshot(page, flow, 'prepared');

    const row = rows.filter({ hasText: owner2.accountNumber });
    await row.getByRole('button', { name: 'Record' }).click();
    const record = page.getByRole('form', { name: 'Record the lien' });
    await record.getByLabel('Recording number').fill('2026-0045512');
    await record.getByLabel('Recorded on').fill(today);
    await record.scrollIntoViewIfNeeded();
    await screenshot(page, flow, 'record-form');
    await record.getByRole('button', { name: 'Save' }).click();
    await row.getByText('recorded').waitFor();
    expect(await row.textContent()).toContain('2026-0045512');
    expect(await row.textContent()).toContain(String(Number(today.slice(0, 4)) + 10));
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, flow, 'recorded');

    await page.goto('/collections/closed-accounts');
    await page.getByRole('heading', { name: 'Closed accounts with balances' }).waitFor();
    await page.getByTestId('closed-row').filter({ hasText: (customers[3] as SeededCustomer).accountNumber }).waitFor();
    await screenshot(page, flow, 'closed-accounts');

    const recorded = await sql<{ status: string; recordingNumber: string }>`select l.status, l.recording_number as "recordingNumber"
      from lien l join receivable_account r on r.id = l.utility_account_id where r.account_number = ${owner2.accountNumber}`.execute(server.database.kysely);
    expect(recorded.rows).toEqual([{ status: 'recorded', recordingNumber: '2026-0045512' }]);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
