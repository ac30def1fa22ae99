/**
 * The lockbox desk and cashiering set-up. Linh Nguyen (billing clerk, cashiering.batch) imports
 * a First California Bank file built from demo accounts with one payment that names no account,
 * sees it in the list and the unmatched payment in the exceptions queue, applies it to an account
 * by keyboard (account, Enter, note, Enter) and sees it applied; the same file again is refused
 * (409) and a malformed one is refused with its problems by row and field. Priya Shah
 * (accountant, cashiering.setup) reads the set-up, adds a drawer and a counter item.
 */
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLockboxFile, listLockboxLayouts, type LockboxLayoutSpec } from '../../src/cashiering/index.js';
import { systemClock } from '../../src/shared/dates.js';
import { cents } from '../../src/shared/money.js';
import { launchBrowser, openPage, problemsOf, screenshot, signIn } from './support/browser.js';
import { focusedLabel } from './support/counter.js';
import { startWebServer, type WebServer } from './support/server.js';

const flow = 'counter-lockbox';
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface OwingAccount {
  accountNumber: string;
  customerName: string;
  balanceCents: number;
}

/** Utility accounts that owe something, of customers who may pay by check (demo data). */
async function owingAccounts(count: number): Promise<OwingAccount[]> {
  const result = await sql<OwingAccount>`select r.account_number as "accountNumber", c.legal_name as "customerName",
      sum(l.amount_cents)::bigint as "balanceCents"
    from receivable_account r join customer c on c.id = r.customer_id join journal_line l on l.subledger_account_id = r.id
    where r.kind = 'utility' and r.status = 'active' and c.status = 'active' and not c.is_cash_only
    group by r.id, r.account_number, c.legal_name
    having sum(l.amount_cents) between 2000 and 40000
    order by r.id limit ${count}`.execute(server.database.kysely);
  expect(result.rows).toHaveLength(count);
  return result.rows;
}

describe('the lockbox desk and cashiering set-up', () => {
  it('imports a bank file, applies its exception by keyboard, refuses it twice and a malformed one', async () => {
    const [first, second, third, owner] = (await owingAccounts(4)) as [OwingAccount, OwingAccount, OwingAccount, OwingAccount];
    const layout = (await listLockboxLayouts(server.database.kysely)).find((row) => row.code === 'first_california_bank');
    expect(layout).toBeDefined();
    const spec = layout?.spec as LockboxLayoutSpec;
    const today = systemClock.today();
    const content = formatLockboxFile(spec, { depositDate: today, payments: [
      { accountReference: first.accountNumber, amountCents: cents(first.balanceCents), checkNumber: '4101', routingNumber: '121000358', payerName: first.customerName.toUpperCase() },
      { accountReference: second.accountNumber.replace('-', ''), amountCents: cents(second.balanceCents), checkNumber: '4102', payerName: second.customerName.toUpperCase() },
      { accountReference: third.accountNumber, amountCents: cents(1_500), checkNumber: '4103', payerName: third.customerName.toUpperCase() },
      { accountReference: 'UB-1999999', amountCents: cents(7_777), checkNumber: '4104', routingNumber: '322271627', payerName: 'BROWSER TEST PAYER' },
    ] });
    const fileName = `FCB-BROWSER-${today.replaceAll('-', '')}.txt`;

    const linh = await openPage(browser, server.url);
    const page = linh.page;
    await page.goto('/');
    await signIn(page, 'linh.nguyen');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    // The Counter desk lists Lockbox for the mail desk, not the set-up.
    await navigation.getByRole('link', { name: 'Counter', exact: true }).click();
    await navigation.getByRole('link', { name: 'Mail batch' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Cashiering set-up' }).count()).toBe(0);
    await navigation.getByRole('link', { name: 'Lockbox' }).click();
    await page.getByRole('form', { name: 'Import a lockbox file' }).waitFor();
    // The demo's own file of yesterday is listed, its two exceptions wait.
    const filesTable = page.getByRole('table', { name: 'Imported lockbox files' });
    await filesTable.getByText('First California Bank').first().waitFor();
    const queue = page.getByRole('list', { name: 'Lockbox exceptions' });
    await queue.getByRole('listitem').first().waitFor();
    const openBefore = await queue.getByRole('listitem').count();
    await screenshot(page, flow, 'lockbox-before-import');

    // Import: the file (a .txt: the fixed-width layout is offered, not the CSV one), Import.
    expect(await page.getByLabel('Bank layout').inputValue()).toBe('credit_union_csv');
    await page.getByLabel('Bank file').setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(content) });
    expect(await page.getByLabel('Bank layout').inputValue()).toBe('first_california_bank');
    await page.getByRole('button', { name: 'Import' }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/3 payments posted .*; 1 held for a clerk \(\$77\.77\)/);
    await filesTable.getByText(fileName).waitFor();
    const fileRow = filesTable.getByRole('row').filter({ hasText: fileName });
    expect(await fileRow.textContent()).toContain('linh.nguyen');
    expect(await fileRow.textContent()).toContain('1 open');

    // The exception: amount, check, payer, the account as read, the reason. Its account field has the focus.
    const held = queue.getByRole('listitem').filter({ hasText: 'BROWSER TEST PAYER' });
    await held.waitFor();
    const heldText = (await held.textContent()) ?? '';
    for (const part of ['$77.77', 'check 4104', 'UB-1999999', 'No such account', fileName]) expect(heldText).toContain(part);
    await expect.poll(() => focusedLabel(page)).toBe('Apply to account');
    await screenshot(page, flow, 'imported-exception-waits');

    // Apply it by keyboard: the account, Enter (found: the customer's name), a note, Enter.
    await page.keyboard.press('Control+A');
    await page.keyboard.type(owner.accountNumber);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe('Note');
    expect(await held.getByTestId('apply-match').textContent()).toContain(owner.customerName);
    await page.keyboard.type('Payer called: the check is for this account');
    await screenshot(page, flow, 'applying-exception');
    await page.keyboard.press('Enter');
    const applied = page.getByTestId('exception-applied');
    await applied.waitFor();
    expect(await applied.textContent()).toMatch(new RegExp(`Applied \\$77\\.77 from BROWSER TEST PAYER to ${owner.accountNumber} .*receipt R-`));
    // It drops off the open queue; the demo's two stay, and the focus is on the next one.
    await expect.poll(() => queue.getByRole('listitem').filter({ hasText: 'BROWSER TEST PAYER' }).count()).toBe(0);
    expect(await queue.getByRole('listitem').count()).toBe(openBefore);
    await expect.poll(() => focusedLabel(page)).toBe('Apply to account');
    await expect.poll(() => fileRow.textContent()).toContain('all applied');
    await page.getByLabel('Show applied ones too').check();
    const resolved = queue.getByRole('listitem').filter({ hasText: 'BROWSER TEST PAYER' });
    await resolved.waitFor();
    expect(await resolved.getByTestId('resolution').textContent()).toMatch(/Applied by linh\.nguyen on .*receipt R-.*: Payer called/);
    await screenshot(page, flow, 'exception-applied');

    // The file's detail.
    await fileRow.getByRole('button', { name: `Open ${fileName}` }).click();
    const detail = page.getByTestId('lockbox-file');
    await detail.waitFor();
    const detailText = (await detail.textContent()) ?? '';
    expect(detailText).toContain('4 · $');
    expect(detailText).toContain('applied by linh.nguyen');
    await screenshot(page, flow, 'file-detail');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // The same file again: refused, nothing posted again.
    await page.getByLabel('Bank file').setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(content) });
    await page.getByRole('button', { name: 'Import' }).click();
    const duplicate = page.getByTestId('import-duplicate');
    await duplicate.waitFor();
    expect(await duplicate.textContent()).toMatch(new RegExp(`Already imported.*This file was imported already: ${fileName}.*linh\\.nguyen.*Nothing was posted again`));
    await screenshot(page, flow, 'same-file-refused');
    await duplicate.getByRole('button', { name: 'Open that file' }).click();
    await detail.waitFor();
    expect(await detail.textContent()).toContain('linh.nguyen');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // A malformed file: each problem by row and field, nothing posted.
    const lines = content.split('\n');
    lines[1] = `${(lines[1] as string).slice(0, 31)}00000X5000${(lines[1] as string).slice(41)}`;
    lines[3] = `6${' '.repeat(30)}${(lines[3] as string).slice(31)}`;
    const bad = lines.join('\n');
    await page.getByLabel('Bank file').setInputFiles({ name: 'FCB-BROKEN.txt', mimeType: 'text/plain', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import' }).click();
    const refused = page.getByTestId('import-problems');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The file was refused: nothing was posted');
    const texts = await refused.getByRole('list', { name: 'Problems in the file' }).getByRole('listitem').allTextContents();
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/^Row 2 · amount: .*not an amount/),
      expect.stringMatching(/^Row 4 · account number \(accountReference\): /)]));
    expect(await filesTable.getByText('FCB-BROKEN.txt').count()).toBe(0);
    await screenshot(page, flow, 'malformed-file-refused');
    // The two refusals were asked for: the browser logs their 409 and 400, nothing else.
    expect(problemsOf(page).filter((problem) => !/status of (409|400) /.test(problem))).toEqual([]);
  });

  it('shows the accountant the cashiering set-up; she adds a drawer and a counter item by keyboard', async () => {
    const priya = await openPage(browser, server.url);
    const page = priya.page;
    await page.goto('/');
    await signIn(page, 'priya.shah');
    const navigation = page.getByRole('navigation', { name: 'Main' });
    await navigation.getByRole('link', { name: 'Counter', exact: true }).click();
    await navigation.getByRole('link', { name: 'Deposits' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Lockbox' }).count()).toBe(0);
    await navigation.getByRole('link', { name: 'Cashiering set-up' }).click();
    const funds = page.getByRole('table', { name: 'Fund bank accounts' });
    await funds.getByRole('row').nth(1).waitFor();
    expect(await funds.textContent()).toContain('100-0000-10');
    expect(await page.getByTestId('cashiering-accounts-now').textContent()).toMatch(/over.short 100-1510-58100, lockbox suspense 100-0000-22900/);
    const layouts = page.getByRole('table', { name: 'Lockbox layouts' });
    await layouts.getByText('first_california_bank').waitFor();
    expect(await layouts.textContent()).toContain('Golden State Credit Union');
    const items = page.getByRole('table', { name: 'Counter items' });
    await items.getByRole('row').nth(1).waitFor();
    await screenshot(page, flow, 'setup');

    // A drawer: code, Enter, name, Enter, location, Enter, Enter.
    await page.getByLabel('Drawer code').focus();
    await page.keyboard.type('D9');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Drawer 9 (browser test)');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Annex window');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByText('Drawer D9 added.').waitFor();
    await page.getByRole('table', { name: 'Drawers' }).getByText('Drawer 9 (browser test)').waitFor();

    // A counter item, priced, on the revenue account of an existing one.
    const revenue = ((await items.getByRole('row').nth(1).getByRole('cell').nth(3).textContent()) ?? '').trim();
    expect(revenue).toMatch(/^\d{3}-\d{4}-\d{5}$/);
    await page.getByLabel('Item code').focus();
    await page.keyboard.type('BT_MAP');
    await page.keyboard.press('Enter');
    await page.keyboard.type('City map (browser test)');
    await page.keyboard.press('Enter');
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await page.keyboard.type(revenue);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByText('BT_MAP saved.').waitFor();
    const row = items.getByRole('row').filter({ hasText: 'BT_MAP' });
    await row.waitFor();
    expect(await row.textContent()).toContain('5.00');
    expect(await row.textContent()).toContain(revenue);
    await screenshot(page, flow, 'setup-drawer-and-item-added', true);
    expect(problemsOf(page)).toEqual([]);
  });
});
