/** `civic receivables ...` in-process on a real database: charge, pay, show, aging, reverse, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser } from '../../test/support/http.js';
import { customerWithAccount, receivableAccounts, seedReceivables } from '../../test/support/receivables-fixtures.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedReceivables(database);
});
afterAll(async () => database?.close());

const civicArgs = civicRunner(() => database);
const civic = (args: string[]) => civicArgs(...args);

describe('civic receivables', () => {
  it('charges, pays, shows the account and the aging, and reverses a payment', async () => {
    const { account } = await customerWithAccount(database, 'Cli Customer');
    const charged = await civic(['receivables', 'charge', account.accountNumber, '--revenue', receivableAccounts.alarmFees,
      '--amount', '200.00', '--description', 'False alarm', '--date', '2026-08-01', '--due', '2026-08-31', '--key', `cli-${account.id}`]);
    expect(charged.code).toBe(0);
    expect(charged.stdout).toContain('Posted: journal entry');
    const again = await civic(['receivables', 'charge', account.accountNumber, '--revenue', receivableAccounts.alarmFees,
      '--amount', '200.00', '--description', 'False alarm', '--date', '2026-08-01', '--due', '2026-08-31', '--key', `cli-${account.id}`]);
    expect(again.stdout).toContain('Already posted');
    const paid = await civic(['receivables', 'pay', account.accountNumber, '--amount', '50', '--cash', receivableAccounts.cash, '--date', '2026-09-01']);
    expect(paid.stdout).toContain('applied 50.00');
    const shown = await civic(['receivables', 'show', account.accountNumber, '--as-of', '2026-11-01']);
    expect(shown.stdout).toContain('Balance as of 2026-11-01: 150.00');
    expect(shown.stdout).toMatch(/60 150\.00/);
    const aging = await civic(['receivables', 'aging', '--as-of', '2026-11-01']);
    expect(aging.stdout).toContain(account.accountNumber);
    const entryId = /journal entry (\d+)/.exec(paid.stdout)?.[1] as string;
    const reversed = await civic(['receivables', 'reverse', entryId, '--reason', 'Returned check', '--date', '2026-09-10']);
    expect(reversed.code).toBe(0);
    const after = await civic(['receivables', 'show', account.accountNumber, '--as-of', '2026-11-01', '--json']);
    expect(JSON.parse(after.stdout).account.balanceCents).toBe(20_000);
  });

  it('refuses a user without the permission, and bad amounts, naming the field', async () => {
    const { account } = await customerWithAccount(database);
    const { username } = await createTestUser(database, { roles: ['cashier'] });
    const refused = await civic(['--as', username, 'receivables', 'charge', account.accountNumber, '--revenue', receivableAccounts.alarmFees, '--amount', '1', '--description', 'x']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('receivables.charge');
    const bad = await civic(['receivables', 'pay', account.accountNumber, '--amount', '1e3', '--cash', receivableAccounts.cash]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('amount');
  });
});
