/**
 * Flow: SB 998 shutoff eligibility. The utility supervisor opens a delinquent account's
 * eligibility: every rule with its verdict and reason. For an account with a pending appeal the
 * Release of its shutoff order is refused and the refusal names sb998.no_pending_appeal; she
 * records a medical certification and resolves the appeal. For an eligible account Release sends
 * the order to the field (a shutoff service order), then she cancels it with a reason. The
 * account's collection page shows the same rules. At 1280x800, mostly by keyboard.
 */
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotices, insertShutoffOrders, isBusinessDay, officeCalendar, recordProtection } from '../../src/collections/index.js';
import { addDays, cityDateOf, systemClock, type IsoDate } from '../../src/shared/dates.js';
import type { Database } from '../../src/shared/db.js';
import { cents } from '../../src/shared/money.js';
import { finalizeBillRun, runBills } from '../../src/utility/index.js';
import { testActor } from '../support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../support/utility-fixtures.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';
import { seedDemoUtility } from './support/utility.js';

const flow = 'collections-eligibility';
let server: WebServer;
let browser: Browser;
let accounts: { protected: string; eligible: string };

function daysBefore(days: number): IsoDate {
  return cityDateOf(new Date(Date.now() - days * 86_400_000));
}

/**
 * Two residential accounts billed at least 70 days ago (due the day after) that nobody paid, each
 * with an SB 998 notice mailed 14 days ago and a pending shutoff order; one has an appeal pending.
 */
async function seedDelinquent(database: Database): Promise<typeof accounts> {
  await seedDemoUtility(database);
  await sql`insert into setting (key, value, updated_by) values ('collections.water_system_connections', '5000'::jsonb, 'tester')
    on conflict (key) do update set value = excluded.value`.execute(database.kysely);
  // The demo city closed July to September 2026: bill in an open month, due the next day.
  await sql`update billing_cycle set due_days = 1 where code = 'A0'`.execute(database.kysely);
  const billDate = daysBefore(70) < '2026-10-01' ? ('2026-10-01' as IsoDate) : daysBefore(70);
  const through = addDays(billDate, -1);
  const seeded = [];
  for (const name of ['Paula Protected', 'Eli Eligible']) {
    const account = await utilityCustomer(database, { name, startedOn: addDays(through, -30), cycleCode: 'A0' });
    await acceptedRead(database, account.meterSerial, through, 1012);
    seeded.push(account);
  }
  const run = await runBills(database, { input: { cycleCode: 'A0', throughDate: through, billDate }, actor: testActor, clock: systemClock });
  await finalizeBillRun(database, { runKey: run.run.id, actor: testActor });
  for (const account of seeded) {
    const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
      values (${account.id}, ${addDays(billDate, 10)}, ${addDays(billDate, 1)}, 'tester') returning id`.execute(database.kysely);
    const caseId = opened.rows[0]?.id as number;
    await insertNotices(database.kysely, [{ caseId, utilityAccountId: account.id, noticeType: 'sb998_notice', noticeDate: daysBefore(14),
      delivery: 'mail', amountDueCents: cents(6800) }], 'tester');
    await insertShutoffOrders(database.kysely, [{ caseId, utilityAccountId: account.id, eligibleOn: null }], 'tester');
  }
  await recordProtection(database, { account: seeded[0]?.id as number, actor: testActor, clock: systemClock,
    input: { protectionType: 'appeal', documentRef: 'Letter disputing the bill, received at the counter' } });
  return { protected: seeded[0]?.accountNumber as string, eligible: seeded[1]?.accountNumber as string };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  accounts = await seedDelinquent(server.database);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('shutoff eligibility', () => {
  it('release is refused for a protected account, naming the rule, and allowed for an eligible one', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/collections/eligibility');
    await signIn(page, 'grace.wong');
    await page.getByRole('heading', { name: 'Shutoff eligibility' }).waitFor();

    // The account box has the focus: type the number, Enter.
    await page.keyboard.type(accounts.protected);
    await page.keyboard.press('Enter');
    const rules = page.getByRole('table', { name: 'Shutoff rules' });
    await rules.waitFor();
    await expect.poll(() => page.getByTestId('eligibility-verdict').textContent()).toBe('Not eligible for shutoff');
    const appealRow = rules.locator('tr[data-rule="sb998.no_pending_appeal"]');
    expect(await appealRow.textContent()).toMatch(/Failed.*Protected: an appeal received/);
    expect(await rules.locator('tr[data-rule="sb998.sixty_days_delinquent"]').textContent()).toMatch(/Passed.*days past due/);
    await page.getByTestId('protections').getByText('Letter disputing the bill').waitFor();
    await screenshot(page, flow, 'protected-rules');

    const release = page.getByRole('button', { name: /^Release shutoff order/ });
    await release.focus();
    await page.keyboard.press('Enter');
    const refusal = page.getByTestId('release-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/sb998\.no_pending_appeal: Protected: an appeal/);
    await expect.poll(() => page.getByRole('table', { name: 'Shutoff orders' }).textContent()).toMatch(/pending.*sb998\.no_pending_appeal/);
    await screenshot(page, flow, 'release-refused');

    // The clerk records a medical certification (the form follows the type) and resolves the appeal.
    const protections = page.getByTestId('protections');
    await protections.getByRole('textbox', { name: 'Type' }).or(protections.getByRole('combobox', { name: 'Type' })).first().click();
    await page.getByRole('option', { name: 'Medical certification' }).click();
    await protections.getByRole('textbox', { name: 'Primary care provider' }).fill('Dr. Ana Ruiz');
    await protections.getByRole('textbox', { name: 'License number' }).fill('A123456');
    await protections.getByRole('textbox', { name: 'Valid until' }).fill('2027-06-30');
    await protections.getByRole('textbox', { name: 'Valid until' }).press('Enter');
    await protections.getByText('Dr. Ana Ruiz, license A123456').waitFor();
    await protections.locator('[data-protection]', { hasText: 'Letter disputing the bill' }).getByRole('button', { name: 'Resolve…' }).click();
    await protections.getByRole('textbox', { name: 'Reason' }).fill('Bill reviewed with the customer: correct');
    await protections.getByRole('textbox', { name: 'Reason' }).press('Enter');
    await expect.poll(() => rules.locator('tr[data-rule="sb998.no_pending_appeal"]').textContent()).toMatch(/Passed/);
    expect(await rules.locator('tr[data-rule="sb998.medical_certification"]').textContent()).toMatch(/missing inability to pay/);
    await screenshot(page, flow, 'protections-recorded');

    // The eligible account: every rule passes; Release sends it to the field. (On a weekend or a
    // state holiday the office is closed, and that is the one rule that refuses.)
    const box = page.getByRole('textbox', { name: 'Utility account' });
    await box.fill(accounts.eligible);
    await box.press('Enter');
    if (!isBusinessDay(officeCalendar(), systemClock.today())) {
      await page.getByRole('button', { name: /^Release shutoff order/ }).click();
      expect(await page.getByTestId('release-refusal').textContent()).toMatch(/^.*sb998\.office_open/);
      return;
    }
    await expect.poll(() => page.getByTestId('eligibility-verdict').textContent()).toBe('May be shut off');
    await screenshot(page, flow, 'eligible-rules');
    await page.getByRole('button', { name: /^Release shutoff order/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('table', { name: 'Shutoff orders' }).textContent()).toMatch(/released.*SO-\d+/);
    await screenshot(page, flow, 'released');
    const order = await sql<{ orderType: string }>`select so.order_type as "orderType" from shutoff_order s join service_order so on so.id = s.service_order_id
      join receivable_account ra on ra.id = s.utility_account_id where ra.account_number = ${accounts.eligible}`.execute(server.database.kysely);
    expect(order.rows).toEqual([{ orderType: 'shutoff' }]);
    // The customer paid after all: cancel the released order with a reason (Enter submits).
    await page.getByRole('button', { name: 'Cancel…' }).click();
    await page.getByRole('textbox', { name: 'Reason' }).fill('Paid in full at the counter');
    await page.getByRole('textbox', { name: 'Reason' }).press('Enter');
    await expect.poll(() => page.getByRole('table', { name: 'Shutoff orders' }).textContent()).toMatch(/cancelled/);
    await screenshot(page, flow, 'cancelled');
    // The account's collection page shows the same explanation.
    await page.goto(`/collections/accounts/${accounts.protected}`);
    const onAccountPage = page.getByRole('table', { name: 'Shutoff rules' });
    await onAccountPage.waitFor();
    expect(await onAccountPage.locator('tr[data-rule="sb998.medical_certification"]').textContent()).toMatch(/missing inability to pay/);
    await screenshot(page, flow, 'account-page');
    // The refused release answered 409, as it should; nothing else went wrong on the page.
    expect(problemsOf(page).filter((problem) => !/status of 409/.test(problem))).toEqual([]);
  });
});
