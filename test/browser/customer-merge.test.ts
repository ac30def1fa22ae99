/**
 * Duplicate customers, maker-checker: the billing clerk opens a customer the counter created twice,
 * sees the other one under Possible duplicates (same phone, same name), compares the two side by
 * side and asks to merge this one into the older one; asking again is refused while the first
 * waits. The finance manager (second factor) approves it in My approvals; the merged customer's
 * page says where it went, and the survivor has both accounts. A cashier never sees the panel.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/customers/index.js';
import { createAccount } from '../../src/ledger/index.js';
import { listReceivableControls, openReceivableAccount, setReceivableControl } from '../../src/receivables/index.js';
import { systemPrincipal } from '../../src/shared/actor.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'd-merge';
const NAME = 'Ottoline Brackenridge';
let server: WebServer;
let browser: Browser;
const survivor = { id: 0, number: '', account: '' };
const duplicate = { id: 0, number: '', account: '' };

/** The same person entered twice (same name and phone, the address typed differently), each with an account. */
async function seedDuplicates(): Promise<void> {
  const actor = systemPrincipal('system');
  const database = server.database;
  const controls = await listReceivableControls(database.kysely);
  if (!controls.some((control) => control.kind === 'misc_billing' && control.fundCode === '100')) {
    await createAccount(database, { input: { code: '100-0000-12100', name: 'Miscellaneous billing receivable', accountType: 'asset' }, actor });
    await setReceivableControl(database, { kind: 'misc_billing', fundCode: '100', controlAccountCode: '100-0000-12100', actor });
  }
  const entries = [
    { into: survivor, line1: '903 Juniper Hollow Rd', description: 'Facility rental, Grange Hall' },
    { into: duplicate, line1: '903 Juniper Hollow Road', description: 'Picnic shelter deposit' },
  ];
  for (const entry of entries) {
    const customer = await createCustomer(database, {
      input: {
        customerType: 'person',
        legalName: NAME,
        phones: [{ value: '(530) 555-0193', label: 'mobile' }],
        mailingAddress: { line1: entry.line1, city: 'Alder Creek', state: 'CA', zip: '95694' },
      },
      actor,
    });
    const account = await openReceivableAccount(database, {
      input: { customerId: customer.id, kind: 'misc_billing', fundCode: '100', openedOn: '2025-07-01', description: entry.description },
      actor,
    });
    Object.assign(entry.into, { id: customer.id, number: customer.customerNumber, account: account.accountNumber });
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  await seedDuplicates();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('merging a duplicate customer', () => {
  it('is asked for by the billing clerk, approved by the finance manager, and shows on both customers', async () => {
    // A cashier does not merge customers: no panel, no button.
    const cashier = await openPage(browser, server.url);
    await cashier.page.goto(`/customers/${duplicate.id}`);
    await signIn(cashier.page, 'rosa.martinez');
    await cashier.page.getByTestId('customer-number').filter({ hasText: duplicate.number }).waitFor();
    await cashier.page.getByRole('table', { name: 'Accounts' }).waitFor();
    expect(await cashier.page.getByRole('heading', { name: /Possible duplicates/ }).count()).toBe(0);
    expect(await cashier.page.getByRole('button', { name: /Ask to merge/ }).count()).toBe(0);
    await cashier.context.close();

    // The clerk, on the newer record: the older one is a possible duplicate, and why.
    const clerk = await openPage(browser, server.url);
    const page = clerk.page;
    await page.goto(`/customers/${duplicate.id}`);
    await signIn(page, 'linh.nguyen');
    const panel = page.getByRole('region', { name: /Possible duplicates/ });
    const row = panel.getByTestId('duplicate-candidate').filter({ hasText: survivor.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('Same phone');
    expect(await row.textContent()).toContain('Same name');
    expect(await row.getByRole('link', { name: NAME }).getAttribute('href')).toBe(`/customers/${survivor.id}`);
    await screenshot(page, flow, 'possible-duplicates');

    // Ask to merge: both side by side; the older one stays; a reason is required.
    await row.getByRole('button', { name: /Ask to merge/ }).click();
    const form = page.getByRole('form', { name: 'Ask to merge' });
    const reason = form.getByLabel('Reason');
    await reason.waitFor();
    const otherCard = form.getByTestId(`merge-card-${survivor.number}`);
    await otherCard.getByText('903 Juniper Hollow Rd, Alder Creek').waitFor();
    expect(await form.getByTestId(`merge-card-${duplicate.number}`).getByTestId('merge-card-accounts').textContent()).toContain(duplicate.account);
    expect(await otherCard.getByTestId('merge-card-accounts').textContent()).toContain(survivor.account);
    expect(await page.locator(':focus').getAttribute('id')).toBe(await reason.getAttribute('id'));
    await page.keyboard.press('Control+Enter');
    await form.getByText('Say why these are the same customer').waitFor();
    await form.getByLabel(`Keep ${survivor.number} (the possible duplicate)`).check();
    expect(await form.getByTestId('merge-summary').textContent()).toBe(
      `${NAME} (${duplicate.number}) will be merged into ${NAME} (${survivor.number}).`,
    );
    await reason.fill('Same person, entered twice at the counter; same phone and address');
    await screenshot(page, flow, 'ask-to-merge');
    await page.keyboard.press('Control+Enter');
    const outcome = page.getByTestId('action-outcome');
    await outcome.getByText('Merge filed for approval', { exact: true }).waitFor();
    const filed = (await outcome.textContent()) ?? '';
    expect(filed).toContain('it is carried out when someone holding receivables.approve approves it');
    const requestId = Number(/Filed for approval as request #(\d+)/.exec(filed)?.[1]);
    expect(requestId).toBeGreaterThan(0);
    // Nothing moved yet.
    expect(await page.getByTestId('merged-banner').count()).toBe(0);
    await page.getByRole('table', { name: 'Accounts' }).getByText(duplicate.account).waitFor();
    await screenshot(page, flow, 'merge-filed');

    // Asking again while the first waits: refused, the reason shown at the choice.
    await row.getByRole('button', { name: /Ask to merge/ }).click();
    await form.getByLabel('Reason').waitFor();
    await form.getByLabel('Reason').fill('Again');
    await page.keyboard.press('Control+Enter');
    await form.getByRole('alert').getByText(new RegExp(`already waiting for approval \\(request ${requestId}\\)`)).waitFor();
    await screenshot(page, flow, 'merge-already-waiting');
    await form.getByRole('button', { name: 'Back' }).click();
    expect(problemsOf(page).filter((problem) => !/status of 409/.test(problem))).toEqual([]);

    // The finance manager approves it in My approvals.
    const manager = await openPage(browser, server.url);
    const managerPage = manager.page;
    await managerPage.goto('/');
    await signIn(managerPage, 'maria.lopez');
    await managerPage.getByRole('link', { name: /wait for you in My approvals/ }).click();
    const request = managerPage.getByRole('article', { name: `Request ${requestId}` });
    await request.waitFor();
    expect(await request.textContent()).toContain('Customer merge');
    expect(await request.textContent()).toContain(`Merge customer ${duplicate.number} ${NAME} into ${survivor.number} ${NAME}`);
    await screenshot(managerPage, flow, 'to-decide');
    await request.getByRole('button', { name: 'Approve' }).click();
    const comment = managerPage.getByLabel('Comment (optional)');
    await comment.waitFor();
    await comment.fill('Same phone and address; checked with the clerk');
    await comment.press('Enter');
    await managerPage.getByText(`Request #${requestId} approved.`).waitFor();
    expect(problemsOf(managerPage)).toEqual([]);
    await manager.context.close();

    // The merged customer: a banner that links to the survivor, and no actions.
    await page.goto(`/customers/${duplicate.id}`);
    const banner = page.getByTestId('merged-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`Merged into ${survivor.number}`);
    expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Possible duplicates/ }).count()).toBe(0);
    await page.getByText('No receivable accounts.').waitFor();
    await screenshot(page, flow, 'merged-banner');

    // The survivor has both accounts and says who was merged into it.
    await banner.getByRole('link', { name: survivor.number, exact: true }).click();
    await page.getByTestId('customer-number').filter({ hasText: survivor.number }).waitFor();
    const accounts = page.getByRole('table', { name: 'Accounts' });
    await accounts.getByText(survivor.account).waitFor();
    await accounts.getByText(duplicate.account).waitFor();
    expect(await page.getByTestId('merged-from').textContent()).toContain(duplicate.number);
    expect(await page.getByRole('heading', { name: /Possible duplicates/ }).count()).toBe(0);
    await screenshot(page, flow, 'survivor-has-accounts');
    expect(problemsOf(page).filter((problem) => !/status of 409/.test(problem))).toEqual([]);
    await clerk.context.close();
  });
});
