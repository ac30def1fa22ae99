import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postPayment } from '../receivables/index.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { advanceChain, type BusinessCalendar, type ShutoffEligibility } from './advance-chain.js';

const day = (text: string): IsoDate => text as IsoDate;
// Weekdays only; the real calendar (with holidays) has its own tests.
const isWeekday = (date: IsoDate): boolean => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const weekdays: BusinessCalendar = {
  businessDaysBetween(from, to) {
    let count = 0;
    for (let at = addDays(from, 1); at <= to; at = addDays(at, 1)) if (isWeekday(at)) count += 1;
    return count;
  },
  addBusinessDays(from, days) {
    let at = from;
    for (let left = days; left > 0;) { at = addDays(at, 1); if (isWeekday(at)) left -= 1; }
    return at;
  },
};
const refusedFor = new Set<number>();
const eligibility: ShutoffEligibility = async (_tx, accountIds) => new Map(accountIds.map((id) => [id, refusedFor.has(id)
  ? { eligible: false, earliestDate: null, refusals: [{ code: 'sb998.no_pending_appeal', reason: 'An appeal is pending' }] }
  : { eligible: true, earliestDate: null, refusals: [] }]));

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
});
afterAll(async () => database?.close());

const run = (asOf: string) => advanceChain(database, { asOf: day(asOf), actor: testActor, calendar: weekdays, eligibility });

async function timeline(accountId: number): Promise<string[]> {
  const result = await sql<{ line: string }>`select event_date::text || ' ' || event_type || coalesce(' ' || step_order, '') as line
    from collection_event where utility_account_id = ${accountId} order by id`.execute(database.kysely);
  return result.rows.map((row) => row.line);
}

describe('the daily chain', () => {
  it('opens a case, sends the notices in order, asks the rules before a shutoff, cures a paid account, and does nothing twice in a day', async () => {
    const late = await utilityCustomer(database, { name: 'Lana Late' });
    const appealed = await utilityCustomer(database, { name: 'Abe Appeal' });
    const payer = await utilityCustomer(database, { name: 'Pia Payer' });
    for (const account of [late, appealed, payer]) await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    await billCycle(database, '2026-08-31', '2026-09-02'); // $66.00, due 2026-09-23
    refusedFor.add(appealed.id);

    const first = await run('2026-09-28');
    expect(first).toMatchObject({ casesOpened: 3, stepsTaken: 3, noticesWritten: 3 });
    expect(await run('2026-09-28')).toMatchObject({ casesOpened: 0, stepsTaken: 0, noticesWritten: 0, casesCured: 0 });

    await postPayment(database, { input: { account: payer.id, paymentDate: '2026-10-01', amountCents: 6600, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    expect(await run('2026-10-02')).toMatchObject({ casesCured: 1, stepsTaken: 0 });

    // 45 days past due on 2026-11-07 (a Saturday; the job runs every day): the SB 998 notice.
    expect(await run('2026-11-07')).toMatchObject({ stepsTaken: 2, noticesWritten: 2 });
    const notice = await sql<{ disconnectOn: string; delivery: string }>`select disconnect_on_or_after::text as "disconnectOn", delivery
      from collection_notice where utility_account_id = ${late.id} and notice_type = 'sb998_notice'`.execute(database.kysely);
    // 60 days past due is 2026-11-22, a Sunday: the first business day on or after is Monday the 23rd.
    expect(notice.rows).toEqual([{ disconnectOn: '2026-11-23', delivery: 'mail' }]);
    // The door hanger at 55 days, then the shutoff order at 60 days and 7 business days after the notice.
    expect(await run('2026-11-17')).toMatchObject({ stepsTaken: 2 });
    expect(await run('2026-11-19')).toMatchObject({ stepsTaken: 0 });
    const shutoffDay = await run('2026-11-22');
    expect(shutoffDay).toMatchObject({ stepsTaken: 1, shutoffOrdersPending: 1, shutoffsBlocked: 1 });
    expect(await run('2026-11-22')).toMatchObject({ stepsTaken: 0, shutoffOrdersPending: 0, shutoffsBlocked: 1 });
    const orders = await sql<{ accountId: number; status: string }>`select utility_account_id as "accountId", status from shutoff_order`.execute(database.kysely);
    expect(orders.rows).toEqual([{ accountId: late.id, status: 'pending' }]);
    expect(await timeline(late.id)).toEqual([
      '2026-09-28 case_opened', '2026-09-28 step_done 1', '2026-11-07 step_done 2', '2026-11-17 step_done 3', '2026-11-22 step_done 4',
    ]);
    expect(await timeline(appealed.id)).toEqual([
      '2026-09-28 case_opened', '2026-09-28 step_done 1', '2026-11-07 step_done 2', '2026-11-17 step_done 3', '2026-11-22 shutoff_blocked',
    ]);
    expect(await timeline(payer.id)).toEqual(['2026-09-28 case_opened', '2026-09-28 step_done 1', '2026-10-02 case_cured']);
  });
});
