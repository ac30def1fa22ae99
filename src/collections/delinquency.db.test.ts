import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postPayment } from '../receivables/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';

const day = (text: string): IsoDate => text as IsoDate;
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { daysPastDue, loadDelinquency } from './delinquency.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
});
afterAll(async () => database?.close());

describe('what an account owes and since when', () => {
  it('is past due the day after the due date, less what was paid, and keeps the oldest unpaid due date', async () => {
    const late = await utilityCustomer(database, { name: 'Lana Late' });
    const paid = await utilityCustomer(database, { name: 'Paul Paid' });
    await acceptedRead(database, late.meterSerial, '2026-08-31', 1008);
    await acceptedRead(database, paid.meterSerial, '2026-08-31', 1008);
    await billCycle(database, '2026-08-31', '2026-09-02'); // $66.00 each, due 2026-09-23
    const onDueDate = await loadDelinquency(database.kysely, { asOf: day('2026-09-23'), accountIds: [late.id] });
    expect(onDueDate).toEqual([{ utilityAccountId: late.id, balanceCents: 6600, pastDueCents: 0, oldestUnpaidDueDate: null }]);

    await postPayment(database, { input: { account: late.id, paymentDate: '2026-09-25', amountCents: 2000, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    await postPayment(database, { input: { account: paid.id, paymentDate: '2026-09-20', amountCents: 6600, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    const dayAfter = await loadDelinquency(database.kysely, { asOf: day('2026-09-24'), accountIds: [late.id, paid.id] });
    // The payment of the 25th does not count yet on the 24th; the paid account owes nothing.
    expect(dayAfter).toEqual([{ utilityAccountId: late.id, balanceCents: 6600, pastDueCents: 6600, oldestUnpaidDueDate: '2026-09-23' }]);

    await acceptedRead(database, late.meterSerial, '2026-09-30', 1016);
    await acceptedRead(database, paid.meterSerial, '2026-09-30', 1016);
    await billCycle(database, '2026-09-30', '2026-10-02'); // due 2026-10-23
    const all = await loadDelinquency(database.kysely, { asOf: day('2026-10-24') });
    const lateRow = all.find((row) => row.utilityAccountId === late.id);
    const paidRow = all.find((row) => row.utilityAccountId === paid.id);
    expect(lateRow?.pastDueCents).toBe(4600 + 6600);
    expect(lateRow?.oldestUnpaidDueDate).toBe('2026-09-23');
    expect(paidRow?.pastDueCents).toBe(6600);
    expect(paidRow?.oldestUnpaidDueDate).toBe('2026-10-23');
    expect(daysPastDue(day('2026-09-23'), day('2026-11-22'))).toBe(60);
  });
});
