/**
 * Flow: utility service at the Utility Billing desk. Linh Nguyen (billing clerk) starts water and
 * sewer service for a new commercial customer from the keyboard (the customer and the vacant
 * service location found as she types, the meter and its reading filled in from the location) and
 * sees the $200.00 deposit before she submits; the account opens with the deposit billed. She
 * exchanges the meter on the Meters screen (final and first reads), the account reads the new
 * meter, and she stops service with its final read. The Customer 360 lists the account; the rates
 * screen shows a schedule as a rate sheet. Screenshots in test-artifacts/screenshots/.
 */
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCustomerSearch } from '../../src/customers/index.js';
import { addDays, systemClock } from '../../src/shared/dates.js';
import type { Database } from '../../src/shared/db.js';
import { addMeter, installMeter } from '../../src/utility/index.js';
import { testActor } from '../support/ledger-fixtures.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { focusedLabel } from './support/counter.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'utility-service';
let server: WebServer;
let browser: Browser;
let site: { customerId: number; locationNumber: string; address: string };

/** A new business customer and a vacant service location with a meter reading 4,210, and a meter in stock. */
async function seedSite(database: Database): Promise<typeof site> {
  const db = database.kysely;
  const customer = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values ('C-995001', 'business', 'Quillfeather Bakery', 'tester') returning id`.execute(db);
  const customerId = customer.rows[0]?.id as number;
  await refreshCustomerSearch(db, [customerId]);
  const parcel = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
    values ('099-501-001', '88 Juniper Ave', 'Alder Creek', '95603', 'tester') returning id`.execute(db);
  const location = await sql<{ id: number }>`insert into service_location (parcel_id, location_number, address_line1, created_by)
    values (${parcel.rows[0]?.id}, 'L-995001', '88 Juniper Ave', 'tester') returning id`.execute(db);
  await addMeter(database, { input: { serial: 'QB-OLD-1', size: '1', dials: 6 }, actor: testActor });
  await installMeter(database, { input: { serial: 'QB-OLD-1', serviceLocationId: location.rows[0]?.id as number, installedOn: '2026-10-01', reading: 4210 }, actor: testActor });
  await addMeter(database, { input: { serial: 'QB-NEW-2', size: '1', dials: 6 }, actor: testActor });
  return { customerId, locationNumber: 'L-995001', address: '88 Juniper Ave' };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  site = await seedSite(server.database);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('utility service at the Utility Billing desk', () => {
  it('starts service with a deposit, exchanges the meter, stops service with a final read', async () => {
    const today = systemClock.today();
    const { page } = await openPage(browser, server.url);
    await page.goto('/');
    await signIn(page, 'linh.nguyen');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    await navigation.getByRole('link', { name: 'Utility Billing' }).click();
    await navigation.getByRole('link', { name: 'Start service' }).click();
    await page.getByRole('heading', { name: 'Start service' }).waitFor();

    // The customer field has the focus; the first match is taken with Enter.
    const form = page.getByRole('form', { name: 'Start service' });
    await expect.poll(() => page.evaluate<string | null>('document.activeElement?.closest("form")?.getAttribute("aria-label") ?? null')).toBe('Start service');
    await page.keyboard.type('Quillfeather');
    await page.getByRole('option', { name: /Quillfeather Bakery/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe('Service location');
    await page.keyboard.type(site.locationNumber);
    await page.getByRole('option', { name: /88 Juniper Ave/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe('Class');
    await form.getByText('meter QB-OLD-1').waitFor();
    await form.getByLabel('Class').selectOption('commercial');
    await form.getByLabel('Cycle').selectOption('C1');
    await form.getByLabel('Water rate').selectOption('WATER-COM');
    expect(await form.getByLabel('Meter').inputValue()).toBe('QB-OLD-1');
    expect(await form.getByLabel('Move-in reading').inputValue()).toBe('4210');
    await form.getByLabel('Sewer rate').selectOption('SEWER-COM');
    const deposit = page.getByTestId('deposit-quote');
    await expect.poll(() => deposit.textContent()).toContain('$200.00');
    expect(await deposit.textContent()).toContain('Deposit for commercial service');
    await screenshot(page, flow, 'start-form-deposit');
    await form.getByRole('button', { name: 'Start service' }).click();

    // The new account, with the deposit billed.
    await page.waitForURL(/\/utility\/accounts\/[A-Z]+-\d+$/);
    const accountNumber = decodeURIComponent(page.url().split('/').at(-1) as string);
    const header = page.getByTestId('utility-account-header');
    await header.getByText('Quillfeather Bakery').waitFor();
    await page.getByRole('table', { name: 'Deposits' }).getByText('200.00').waitFor();
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toBe('$200.00');
    await screenshot(page, flow, 'account-started');

    // Exchange the meter on the Meters screen: find by serial, Enter, the exchange form.
    await navigation.getByRole('link', { name: 'Meters' }).click();
    await page.getByLabel('Meter serial', { exact: true }).fill('qb-old');
    await page.getByRole('table', { name: 'Meters found' }).getByText(accountNumber).waitFor();
    await page.getByLabel('Meter serial', { exact: true }).press('Enter');
    const exchange = page.getByRole('form', { name: 'Exchange meter QB-OLD-1' });
    await exchange.getByLabel('New meter serial').waitFor();
    await expect.poll(() => page.evaluate<string | null>('document.activeElement?.closest("form")?.getAttribute("aria-label") ?? null')).toBe('Exchange meter QB-OLD-1');
    await page.keyboard.type('qb-new-2');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // the date stays today
    await page.keyboard.type('4231');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // the new meter starts at 0
    await screenshot(page, flow, 'meter-exchange-form');
    await page.keyboard.press('Enter');
    await page.getByText('Meter QB-OLD-1 replaced by QB-NEW-2').waitFor();
    await page.getByLabel('Meter serial', { exact: true }).fill('QB-');
    const found = page.getByRole('table', { name: 'Meters found' });
    await expect.poll(() => found.locator('tr', { hasText: 'QB-NEW-2' }).textContent()).toContain(accountNumber);
    await expect.poll(() => found.locator('tr', { hasText: 'QB-OLD-1' }).textContent()).toContain('removed');
    await screenshot(page, flow, 'meters-after-exchange');

    // Back on the account: it reads the new meter; stop service with its final read.
    await found.getByRole('link', { name: accountNumber }).click();
    const services = page.getByRole('table', { name: 'Services and meters' });
    await services.getByText('QB-NEW-2').waitFor();
    await header.getByRole('button', { name: 'Stop service' }).click();
    const stop = page.getByRole('form', { name: 'Stop service' });
    const stopDate = addDays(today, 14);
    await stop.getByLabel('Stop date (last day of service)').fill(stopDate);
    await stop.getByLabel('Final reading, meter QB-NEW-2').fill('twelve');
    await stop.getByRole('button', { name: 'Stop service' }).click();
    await stop.getByText('a whole number as the dials show it').waitFor();
    await stop.getByLabel('Final reading, meter QB-NEW-2').fill('12');
    await screenshot(page, flow, 'stop-dialog');
    await stop.getByLabel('Final reading, meter QB-NEW-2').press('Enter');
    await stop.getByRole('button', { name: 'Stop service' }).press('Enter');
    await header.getByText(/final bill next run/).waitFor();
    await screenshot(page, flow, 'account-stopping');

    const reads = await sql<{ serial: string; reading: number; readType: string; readDate: string }>`select m.serial, r.reading, r.read_type as "readType",
        r.read_date::text as "readDate" from meter_read r join meter m on m.id = r.meter_id
      where m.serial in ('QB-OLD-1', 'QB-NEW-2') and r.status = 'accepted' order by r.id`.execute(server.database.kysely);
    expect(reads.rows.map((read) => [read.serial, Number(read.reading), read.readType, read.readDate])).toEqual([
      // The move-in read gave way to the exchange's final read of the same day.
      ['QB-OLD-1', 4210, 'first', '2026-10-01'], ['QB-OLD-1', 4231, 'final', today],
      ['QB-NEW-2', 0, 'first', today], ['QB-NEW-2', 12, 'final', stopDate],
    ]);

    // The Customer 360 lists the account and opens it.
    await header.getByRole('link', { name: 'Quillfeather Bakery' }).click();
    const utility = page.getByRole('table', { name: 'Utility accounts' });
    await utility.getByText('88 Juniper Ave').waitFor();
    expect(await utility.locator('tr', { hasText: accountNumber }).textContent()).toContain('200.00');
    await screenshot(page, flow, 'customer-360-utility');

    // The rates, read as a rate sheet.
    await navigation.getByRole('link', { name: 'Utility Billing' }).click();
    await navigation.getByRole('link', { name: 'Rates' }).click();
    await page.getByRole('list', { name: 'Rate schedules' }).getByText('WATER-COM').click();
    await page.getByTestId('rate-definition').getByRole('table', { name: 'Fixed charge by meter size' }).waitFor();
    await screenshot(page, flow, 'rates', true);
    // The clerk reads the rates but keeps none.
    expect(await page.getByRole('form', { name: 'Add a rate version' }).count()).toBe(0);
    expect(problemsOf(page)).toEqual([]);
  });

  it('transfers a demo account to the new customer from the account screen', async () => {
    const picked = await sql<{ accountNumber: string; serial: string; reading: number }>`select r.account_number as "accountNumber", m.serial,
        s.live_reading as reading
      from utility_account u join receivable_account r on r.id = u.id join service_agreement a on a.utility_account_id = u.id and a.ended_on is null
      join meter m on m.id = a.meter_id join meter_read_state s on s.meter_id = m.id
      where u.status = 'active' and u.stopped_on is null and u.class_code = 'single_family' and s.live_status = 'accepted'
      order by u.id limit 1`.execute(server.database.kysely);
    const from = picked.rows[0] as NonNullable<(typeof picked.rows)[number]>;
    const { page, context } = await openPage(browser, server.url);
    await page.goto(`/utility/accounts/${from.accountNumber}`);
    await signIn(page, 'linh.nguyen');
    await page.getByTestId('utility-account-header').getByRole('button', { name: 'Transfer service' }).click();
    const transfer = page.getByRole('form', { name: 'Transfer service' });
    await expect.poll(() => focusedLabel(page)).toBe('New customer');
    await page.keyboard.type('Quillfeather');
    await page.getByRole('option', { name: /Quillfeather Bakery/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe('Last day of the current customer');
    await page.keyboard.press('Enter');
    await page.keyboard.type(String(Number(from.reading) + 7));
    await screenshot(page, flow, 'transfer-dialog');
    await page.keyboard.press('Enter');
    await transfer.getByRole('button', { name: 'Transfer service' }).press('Enter');
    await page.waitForURL((url) => !url.pathname.endsWith(from.accountNumber));
    const header = page.getByTestId('utility-account-header');
    await header.getByText('Quillfeather Bakery').waitFor();
    await page.getByRole('table', { name: 'Services and meters' }).getByText(from.serial).waitFor();
    // The number box follows the account shown.
    expect(await page.getByLabel('Account number').inputValue()).toBe(decodeURIComponent(page.url().split('/').at(-1) as string));
    await screenshot(page, flow, 'transferred');
    const accounts = await sql<{ accountNumber: string; startedOn: string; stoppedOn: string | null }>`select r.account_number as "accountNumber",
        u.started_on::text as "startedOn", u.stopped_on::text as "stoppedOn" from utility_account u join receivable_account r on r.id = u.id
      where u.service_location_id = (select u2.service_location_id from utility_account u2 join receivable_account r2 on r2.id = u2.id
        where r2.account_number = ${from.accountNumber}) order by u.id`.execute(server.database.kysely);
    expect(accounts.rows.at(-2)).toMatchObject({ accountNumber: from.accountNumber, stoppedOn: systemClock.today() });
    expect(accounts.rows.at(-1)).toMatchObject({ startedOn: addDays(systemClock.today(), 1), stoppedOn: null });
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('the accountant adds a rate version; a wrong field and an overlap are named', async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.goto('/utility/rates');
    await signIn(page, 'priya.shah');
    await page.getByRole('list', { name: 'Rate schedules' }).getByText('WATER-RES').click();
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByText('Jul 1, 2026').waitFor();
    const before = await versions.locator('tbody tr').count();
    const form = page.getByRole('form', { name: 'Add a rate version' });
    const definition = JSON.parse(await form.getByLabel('Definition (JSON)').inputValue()) as Record<string, unknown>;

    // A billing unit that does not exist: named by its path in the definition.
    await form.getByLabel('Effective from').fill('2027-01-01');
    await form.getByLabel('Definition (JSON)').fill(JSON.stringify({ ...definition, billingUnit: 'LITRE' }, null, 2));
    await form.getByRole('button', { name: 'Add version' }).click();
    await form.getByRole('alert').getByText('definition.billingUnit').waitFor();

    // Back to the right definition, but dated inside the version of 2025-26: the overlap is named.
    await form.getByLabel('Definition (JSON)').fill(JSON.stringify(definition, null, 2));
    await form.getByLabel('Effective from').fill('2026-03-01');
    await form.getByLabel('Through (optional)').fill('2026-03-31');
    await form.getByRole('button', { name: 'Add version' }).click();
    await form.getByRole('alert').getByText(/both are in effect/).first().waitFor();
    await screenshot(page, flow, 'rates-overlap-refused');

    await form.getByLabel('Effective from').fill('2027-01-01');
    await form.getByLabel('Through (optional)').fill('');
    await form.getByRole('button', { name: 'Add version' }).click();
    await page.getByText(/now ends Dec 31, 2026/).waitFor();
    await expect.poll(() => versions.locator('tbody tr').count()).toBe(before + 1);
    await versions.getByText('Jan 1, 2027').waitFor();
    await screenshot(page, flow, 'rates-version-added');
    // The two refusals answered 400, as they should; nothing else went wrong.
    expect(problemsOf(page).filter((problem) => !/status of 400/.test(problem))).toEqual([]);
    await context.close();
  });
});
