import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { customerWithAccount, receivableAccounts, seedReceivables } from '../../test/support/receivables-fixtures.js';
import { verifyLedger } from '../ledger/index.js';
import { getReceivableAccount, openReceivableAccount, postCharges, receivableChecks, transferBalance } from './index.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedReceivables(database);
});
afterAll(async () => database?.close());

async function violations(): Promise<string[]> {
  const found = [...(await verifyLedger(database.kysely))];
  for (const check of receivableChecks) found.push(...(await check.run(database.kysely)));
  return found.map((violation) => violation.message);
}

describe('balance transfers', () => {
  it('moves what an account owes to the same customer\'s other account: one balanced entry, a credit on the old and debits on the new, class by class', async () => {
    const { customerId, account: old } = await customerWithAccount(database, 'Tomas Transfer');
    const fresh = await openReceivableAccount(database, { input: { customerId, kind: 'misc_billing', fundCode: '100', openedOn: '2026-09-01' }, actor: testActor });
    await postCharges(database, {
      input: { account: old.accountNumber, chargeDate: '2026-08-01', dueDate: '2026-08-31', lines: [
        { revenueAccount: receivableAccounts.alarmFees, amountCents: 12_000, description: 'False alarm' },
        { revenueAccount: receivableAccounts.penalties, amountCents: 1_200, description: 'Late penalty', chargeClass: 'penalty' },
      ] },
      actor: testActor,
    });
    const moved = await transferBalance(database, {
      input: { fromAccount: old.accountNumber, toAccount: fresh.accountNumber, transferDate: '2026-10-01', dueDate: '2026-10-31', description: 'account closed' },
      actor: testActor,
    });
    expect(moved.amountCents).toBe(13_200);
    expect(moved.items.map((item) => [item.accountNumber, item.itemType, item.chargeClass, item.amountCents, item.dueDate])).toEqual([
      [old.accountNumber, 'transfer_out', null, -13_200, null],
      [fresh.accountNumber, 'transfer_in', 'charge', 12_000, '2026-10-31'],
      [fresh.accountNumber, 'transfer_in', 'penalty', 1_200, '2026-10-31'],
    ]);
    // One entry, balanced on the control account; the items name each other's accounts.
    const lines = moved.entry.lines.map((line) => [line.debitCents, line.creditCents]);
    expect(lines.reduce((sum, [debit]) => sum + (debit ?? 0), 0)).toBe(13_200);
    expect(lines.reduce((sum, [, credit]) => sum + (credit ?? 0), 0)).toBe(13_200);
    expect(moved.items.every((item) => item.journalEntryId === moved.entry.id && item.documentRef === `BT-${old.accountNumber}`)).toBe(true);
    expect(moved.items[0]?.description).toContain(fresh.accountNumber);
    expect((await getReceivableAccount(database.kysely, old.id, '2026-10-01' as never)).balanceCents).toBe(0);
    expect((await getReceivableAccount(database.kysely, fresh.id, '2026-10-01' as never)).balanceCents).toBe(13_200);
    const audit = await sql<{ action: string }>`select action from audit_log where entity_id = ${old.accountNumber} order by id desc limit 1`.execute(database.kysely);
    expect(audit.rows[0]?.action).toBe('receivables.transfer_balance');
    // Replayed, it posts nothing twice... and an account that owes nothing has nothing to move.
    await expect(transferBalance(database, {
      input: { fromAccount: old.accountNumber, toAccount: fresh.accountNumber, transferDate: '2026-10-01', description: 'again' }, actor: testActor,
    })).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'fromAccount' } });
    expect(await violations()).toEqual([]);
  });

  it('bad input: another customer\'s account, the same account, missing fields', async () => {
    const { account: mine } = await customerWithAccount(database, 'Ines Mine');
    const { account: theirs } = await customerWithAccount(database, 'Omar Theirs');
    await postCharges(database, { input: { account: mine.accountNumber, chargeDate: '2026-08-01', dueDate: '2026-08-31',
      lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents: 5_000, description: 'Fee' }] }, actor: testActor });
    await expect(transferBalance(database, { input: { fromAccount: mine.accountNumber, toAccount: theirs.accountNumber, transferDate: '2026-10-01', description: 'x' }, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input', details: { field: 'toAccount' } });
    await expect(transferBalance(database, { input: { fromAccount: mine.accountNumber, toAccount: mine.accountNumber, transferDate: '2026-10-01', description: 'x' }, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input', details: { field: 'toAccount' } });
    await expect(transferBalance(database, { input: { fromAccount: mine.accountNumber }, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input' });
  });
});
