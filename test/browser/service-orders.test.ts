/**
 * Flow: service orders. The billing clerk creates a re-read order from the keyboard on the board
 * and assigns it to the field worker; the field worker, on a phone (390×844), opens their list,
 * sees the address, meter and last read, completes it with a reading and notes; the board shows
 * it completed today, and the reading is the meter's live read (the old one superseded).
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMeter, installMeter, startService } from '../../src/utility/index.js';
import type { Database } from '../../src/shared/db.js';
import { DEMO_PASSWORD, launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'service-orders';
const actor = { userId: null, username: 'tester', via: 'test' } as const;
let server: WebServer;
let browser: Browser;
let site: { accountNumber: string; meterSerial: string; address: string };

/** A water account with a meter at a service location of the demo city (which has no utility accounts yet). */
async function seedSite(database: Database): Promise<typeof site> {
  const db = database.kysely;
  await sql`insert into utility_class (code, name, is_residential) values ('single_family', 'Single-family residential', true) on conflict do nothing`.execute(db);
  await sql`insert into billing_cycle (code, name) values ('C1', 'Cycle 1') on conflict do nothing`.execute(db);
  await sql`insert into rate_schedule (code, name, service_type) values ('WATER-SO', 'Water (service order test)', 'water') on conflict do nothing`.execute(db);
  const customer = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values ('C-990001', 'person', 'Dana Fieldtest', 'tester') returning id`.execute(db);
  const parcel = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
    values ('099-001-001', '742 Evergreen Ter', 'Alder Creek', '95603', 'tester') returning id`.execute(db);
  const location = await sql<{ id: number }>`insert into service_location (parcel_id, location_number, address_line1, created_by)
    values (${parcel.rows[0]?.id}, 'L-990001', '742 Evergreen Ter', 'tester') returning id`.execute(db);
  const serviceLocationId = location.rows[0]?.id as number;
  await addMeter(database, { input: { serial: 'SO-TEST-1', size: '5/8', dials: 6 }, actor });
  await installMeter(database, { input: { serial: 'SO-TEST-1', serviceLocationId, installedOn: '2026-07-01', reading: 1000 }, actor });
  const account = await startService(database, {
    input: { customerId: customer.rows[0]?.id, serviceLocationId, classCode: 'single_family', cycleCode: 'C1', startedOn: '2026-07-01',
      agreements: [{ serviceType: 'water', rateCode: 'WATER-SO', meterSerial: 'SO-TEST-1' }] },
    actor,
  });
  return { accountNumber: account.accountNumber, meterSerial: 'SO-TEST-1', address: '742 Evergreen Ter' };
}

/** Signs in on a phone, where the header keeps only the menu, search and sign-out. */
async function signInOnPhone(page: Page, username: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await page.getByLabel(/^Password/).press('Enter');
  await page.getByRole('button', { name: 'Menu' }).waitFor();
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  site = await seedSite(server.database);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('service orders', () => {
  it('the clerk creates and assigns from the keyboard; the field worker completes it on a phone', async () => {
    const clerk = await openPage(browser, server.url);
    const board = clerk.page;
    await board.goto('/utility/service-orders');
    await signIn(board, 'linh.nguyen');
    await board.getByRole('heading', { name: 'Service orders' }).waitFor();

    // N jumps to the new order; Enter moves through the fields and submits at the end.
    await board.keyboard.press('n');
    const form = board.getByRole('form', { name: 'New service order' });
    await expect.poll(() => board.evaluate<string | undefined>('document.activeElement?.tagName')).toBe('SELECT');
    await form.getByLabel('Type').selectOption('reread');
    await form.getByLabel('Account').fill(site.accountNumber);
    await form.getByLabel('Priority').selectOption('high');
    await form.getByLabel('What to do').fill('Read looks high: check the dials');
    await form.getByLabel('What to do').press('Enter');
    await form.getByLabel('Due').fill('2026-12-31');
    await screenshot(board, flow, 'clerk-new-order');
    await form.getByLabel('Due').press('Enter');
    await form.getByLabel('Assign to').press('Enter');
    await form.getByRole('button', { name: 'Create order' }).press('Enter');
    const openColumn = board.getByTestId('column-open');
    const card = openColumn.getByTestId('order-card').filter({ hasText: site.address });
    await card.waitFor();
    const orderNumber = (await card.locator('.mono').first().textContent())?.trim() as string;
    expect(orderNumber).toMatch(/^SO-\d{6}$/);

    // Assign in place: pick the worker, Enter.
    const assignSelect = card.getByLabel(`Assign ${orderNumber} to`);
    await assignSelect.selectOption('marco.diaz');
    await assignSelect.press('Enter');
    await board.getByTestId('column-assigned').getByTestId('order-card').filter({ hasText: orderNumber }).getByText('Assigned to marco.diaz').waitFor();
    await screenshot(board, flow, 'clerk-board-assigned');

    // The field worker, on a phone.
    const phoneContext = await browser.newContext({
      baseURL: server.url, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
      locale: 'en-US', timezoneId: 'America/Los_Angeles',
    });
    phoneContext.setDefaultTimeout(15_000);
    const phone = await phoneContext.newPage();
    const phoneProblems: string[] = [];
    phone.on('pageerror', (error) => phoneProblems.push(error.message));
    await phone.goto('/utility/field');
    await phone.getByLabel('User name').waitFor();
    await screenshot(phone, flow, 'phone-sign-in');
    await signInOnPhone(phone, 'marco.diaz');
    await phone.getByRole('heading', { name: 'My field orders' }).waitFor();
    const item = phone.getByTestId('field-order').filter({ hasText: site.address });
    await item.waitFor();
    expect(await phone.getByTestId('field-order').count()).toBe(1);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, flow, 'phone-my-orders');

    // The menu folds the desks away on a phone.
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My field orders' }).waitFor();
    await phone.waitForTimeout(400); // the navigation slides in
    await screenshot(phone, flow, 'phone-menu');
    await phone.getByRole('button', { name: 'Menu' }).click();

    await item.tap();
    await phone.getByTestId('order-address').filter({ hasText: site.address }).waitFor();
    expect(await phone.getByTestId('order-meter').textContent()).toContain(`Meter ${site.meterSerial} · last read 1000`);
    await screenshot(phone, flow, 'phone-order');
    const complete = phone.getByRole('form', { name: `Complete ${orderNumber}` });
    // Notes are required: the button waits for them; a wrong reading is named by the server.
    expect(await complete.getByRole('button', { name: 'Complete order' }).isDisabled()).toBe(true);
    await complete.getByLabel('Reading').fill('12345678');
    await complete.getByLabel('Notes').fill('Dials read 1007; register turning slowly, no leak seen');
    await complete.getByRole('button', { name: 'Complete order' }).tap();
    await complete.getByText("more digits than the meter's 6 dials").waitFor();
    await screenshot(phone, flow, 'phone-reading-refused');
    await complete.getByLabel('Reading').fill('1007');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, flow, 'phone-complete-form', true);
    await complete.getByRole('button', { name: 'Complete order' }).tap();
    await phone.getByRole('heading', { name: 'My field orders' }).waitFor();
    await phone.getByTestId('completed-today').getByText(orderNumber).waitFor();
    expect(await phone.getByTestId('field-order').count()).toBe(0);
    await screenshot(phone, flow, 'phone-done');

    // Back at the office, the board shows it completed today with the reading.
    await board.reload();
    const done = board.getByTestId('column-completed').getByTestId('order-card').filter({ hasText: orderNumber });
    await done.getByTestId('completion').filter({ hasText: 'reading 1007' }).waitFor();
    expect(await done.getByTestId('completion').textContent()).toContain('Done by marco.diaz');
    await screenshot(board, flow, 'clerk-board-completed');

    const reads = await sql<{ reading: number; readType: string; status: string; createdBy: string }>`select r.reading, r.read_type as "readType",
        r.status, r.created_by as "createdBy" from meter_read r join meter m on m.id = r.meter_id
      where m.serial = ${site.meterSerial} order by r.id`.execute(server.database.kysely);
    expect(reads.rows.map((read) => [Number(read.reading), read.readType, read.status, read.createdBy])).toEqual([
      [1000, 'first', 'accepted', 'tester'], [1007, 'reread', 'accepted', 'marco.diaz'],
    ]);
    expect(problemsOf(board)).toEqual([]);
    expect(phoneProblems).toEqual([]);
    await phoneContext.close();
    await clerk.context.close();
  });
});
