import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { postPayment } from '../receivables/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { accounts as ledgerAccounts, testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import {
  arrangementStanding,
  cancelArrangement,
  createArrangement,
  detectArrangementDefaults,
  getArrangement,
  listArrangements,
  proposeArrangement,
  type Arrangement,
} from './index.js';

let database: Database;
const names = ['Ana Arranged', 'Ben Behind', 'Cora Current', 'Dev Default', 'Eve Early', 'Fay Filer', 'Gus Good', 'Hal Reduced'] as const;
type Name = (typeof names)[number];
const account = {} as Record<Name, { id: number; accountNumber: string }>;
const d = (text: string) => text as IsoDate;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  for (const name of names) {
    const created = await utilityCustomer(database, { name });
    account[name] = { id: created.id, accountNumber: created.accountNumber };
    await acceptedRead(database, created.meterSerial, '2026-08-31', 1008);
    await acceptedRead(database, created.meterSerial, '2026-09-30', 1016);
    await acceptedRead(database, created.meterSerial, '2026-10-31', 1024);
  }
  // Bills due 2026-09-23, 2026-10-23 and 2026-11-23, $66.00 each (fixed $20, 8 HCF at $2, sewer $30).
  await billCycle(database, '2026-08-31', '2026-09-02');
  await billCycle(database, '2026-09-30', '2026-10-02');
  await billCycle(database, '2026-10-31', '2026-11-02');
}, 120_000);
afterAll(async () => database?.close());

async function pay(name: Name, amountCents: number, paymentDate: string): Promise<void> {
  await postPayment(database, { input: { account: account[name].accountNumber, paymentDate, amountCents, cashAccount: ledgerAccounts.waterCash }, actor: testActor });
}

/** Started 2026-10-24 (two bills past due, $132.00), three installments monthly from 2026-11-10: 44.00 each. */
async function arrange(name: Name, extra: Record<string, unknown> = {}): Promise<Arrangement> {
  return createArrangement(database, {
    input: { accountId: account[name].accountNumber, months: 3, type: 'amortization', dueWithBills: false, firstDueOn: '2026-11-10', asOf: '2026-10-24', ...extra },
    actor: testActor,
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; field: unknown; message: string; problems?: Array<{ field: string }> }> {
  try {
    await promise;
  } catch (error) {
    const { code, details, message } = error as { code: string; details: { field?: unknown; problems?: Array<{ field: string }> }; message: string };
    return { code, field: details.field ?? details.problems?.[0]?.field, message, problems: details.problems };
  }
  throw new Error('expected a refusal');
}

describe('payment arrangements', () => {
  it('previews the past-due balance in installments with the bills, writing nothing', async () => {
    const proposal = await proposeArrangement(database.kysely, { accountId: account['Ana Arranged'].id, months: 2, type: 'amortization', dueWithBills: true, asOf: d('2026-11-24') });
    expect(proposal.pastDueCents).toBe(19_800);
    expect(proposal.principalCents).toBe(19_800);
    // The last bill is due 2026-11-23: the next bills are due 12-23 and 01-23.
    expect(proposal.installments).toEqual([
      { installmentNumber: 1, dueOn: '2026-12-23', amountCents: 9_900 },
      { installmentNumber: 2, dueOn: '2027-01-23', amountCents: 9_900 },
    ]);
    expect(await listArrangements(database.kysely, { account: account['Ana Arranged'].accountNumber })).toHaveLength(0);
  });

  it('names each wrong field of a request at once', async () => {
    const refused = await refusal(arrange('Ana Arranged', { months: 'x', type: 'forgiven', firstDueOn: '2026-02-30', dueDates: ['2026-12-01', ''] }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.problems?.map((problem) => problem.field)).toEqual(['months', 'type', 'firstDueOn', 'dueDates[1]']);
  });

  it('refuses an arrangement longer than allowed (setting collections.arrangement_max_months), naming months', async () => {
    const refused = await refusal(arrange('Ana Arranged', { months: 13 }));
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'months' });
    expect(refused.message).toMatch(/at most 12 months/);
    const audited = await sql<{ count: number }>`select count(*)::int as count from audit_log
      where action = 'collections.create_arrangement' and outcome = 'refused'`.execute(database.kysely);
    expect(audited.rows[0]?.count).toBeGreaterThanOrEqual(1);
    await sql`insert into setting (key, value, updated_by) values ('collections.arrangement_max_months', '6'::jsonb, 'tester')`.execute(database.kysely);
    try {
      expect(await refusal(arrange('Ana Arranged', { months: 7 }))).toMatchObject({ field: 'months' });
    } finally {
      await sql`delete from setting where key = 'collections.arrangement_max_months'`.execute(database.kysely);
    }
  });

  it('makes one active arrangement per account, attached to the open case, with an event, a letter and an audit row; cancels with a reason', async () => {
    const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
      values (${account['Ana Arranged'].id}, '2026-09-28', '2026-09-23', 'tester') returning id`.execute(database.kysely);
    const arrangement = await arrange('Ana Arranged');
    expect(arrangement).toMatchObject({ status: 'active', caseId: opened.rows[0]?.id, principalCents: 13_200, startsOn: '2026-10-24', reductionCents: 0 });
    expect(arrangement.arrangementNumber).toMatch(/^PA-\d{6}$/);
    expect(arrangement.installments.map((row) => [row.dueOn, row.amountCents])).toEqual([['2026-11-10', 4_400], ['2026-12-10', 4_400], ['2027-01-10', 4_400]]);
    expect(await refusal(arrange('Ana Arranged'))).toMatchObject({ code: 'conflict', field: 'accountId' });
    const trail = await sql<{ events: number; notices: number; audits: number }>`select
        (select count(*)::int from collection_event where utility_account_id = ${arrangement.accountId} and event_type = 'arrangement_made') as events,
        (select count(*)::int from collection_notice where utility_account_id = ${arrangement.accountId} and notice_type = 'arrangement_offer') as notices,
        (select count(*)::int from audit_log where action = 'collections.create_arrangement' and entity_id = ${arrangement.arrangementNumber}) as audits`.execute(database.kysely);
    expect(trail.rows[0]).toEqual({ events: 1, notices: 1, audits: 1 });

    expect(await refusal(cancelArrangement(database, { arrangementKey: arrangement.arrangementNumber, reason: ' ', actor: testActor }))).toMatchObject({ field: 'reason' });
    const cancelled = await cancelArrangement(database, { arrangementKey: arrangement.arrangementNumber, reason: 'Customer moved the payment to autopay', actor: testActor, asOf: d('2026-10-25') });
    expect(cancelled).toMatchObject({ status: 'cancelled', endedOn: '2026-10-25', endReason: 'Customer moved the payment to autopay' });
    expect(await refusal(cancelArrangement(database, { arrangementKey: arrangement.id, reason: 'again', actor: testActor }))).toMatchObject({ code: 'conflict' });
    expect((await listArrangements(database.kysely, { status: 'cancelled' })).map((row) => row.id)).toContain(arrangement.id);
    expect((await getArrangement(database.kysely, arrangement.id)).arrangementNumber).toBe(arrangement.arrangementNumber);
  });

  it('a reduced arrangement forgives nothing by itself: it names a write-off request for exactly the difference', async () => {
    const reduced = { type: 'reduced', reducedPrincipalCents: 10_000 };
    expect(await refusal(arrange('Hal Reduced', { type: 'reduced' }))).toMatchObject({ field: 'reducedPrincipalCents' });
    expect(await refusal(arrange('Hal Reduced', { ...reduced, reducedPrincipalCents: 13_200 }))).toMatchObject({ field: 'reducedPrincipalCents' });
    expect(await refusal(arrange('Hal Reduced', reduced))).toMatchObject({ field: 'writeOffRequestId' });
    const request = (amountCents: number) => sql<{ id: number }>`insert into approval_request (kind, summary, payload, amount_cents, required_permission, requested_by)
      values ('receivables.write_off', 'Reduction', ${JSON.stringify({ account: account['Hal Reduced'].accountNumber, amountCents })}::jsonb, ${amountCents},
        'receivables.approve', 'tester') returning id`.execute(database.kysely);
    const wrong = (await request(3_000)).rows[0]?.id;
    expect(await refusal(arrange('Hal Reduced', { ...reduced, writeOffRequestId: wrong }))).toMatchObject({ field: 'writeOffRequestId' });
    const right = (await request(3_200)).rows[0]?.id;
    const arrangement = await arrange('Hal Reduced', { ...reduced, writeOffRequestId: right });
    expect(arrangement).toMatchObject({ arrangementType: 'reduced', principalCents: 10_000, reductionCents: 3_200, writeOffRequestId: right });
    expect(arrangement.installments.map((row) => row.amountCents)).toEqual([3_334, 3_333, 3_333]);
  });
});

describe('arrangement standing and default detection', () => {
  let arrangements: Record<'Ben Behind' | 'Cora Current' | 'Dev Default' | 'Eve Early' | 'Gus Good', Arrangement>;
  beforeAll(async () => {
    arrangements = {
      'Ben Behind': await arrange('Ben Behind'),
      'Cora Current': await arrange('Cora Current'),
      'Dev Default': await arrange('Dev Default'),
      'Eve Early': await arrange('Eve Early'),
      'Gus Good': await arrange('Gus Good'),
    };
    await pay('Cora Current', 4_400, '2026-11-05');
    await pay('Gus Good', 4_400, '2026-11-05');
  });
  const defaultSinceOf = async (name: keyof typeof arrangements) => (await getArrangement(database.kysely, arrangements[name].id)).defaultSince;

  it('an installment unpaid: behind from the day after its due date; idempotent the same day; caught up when paid', async () => {
    const first = await detectArrangementDefaults(database, { asOf: d('2026-11-11'), actor: testActor });
    expect(first).toMatchObject({ wentIntoDefault: 4, curedDefault: 0, defaulted60: 0, completed: 0 });
    expect(first.checked).toBeGreaterThanOrEqual(5);
    expect(await defaultSinceOf('Ben Behind')).toBe('2026-11-11');
    expect(await defaultSinceOf('Cora Current')).toBeNull();
    expect(await detectArrangementDefaults(database, { asOf: d('2026-11-11'), actor: testActor })).toMatchObject({ wentIntoDefault: 0, curedDefault: 0, defaulted60: 0, completed: 0 });
    await pay('Ben Behind', 4_400, '2026-11-12');
    expect(await detectArrangementDefaults(database, { asOf: d('2026-11-12'), actor: testActor })).toMatchObject({ curedDefault: 1, wentIntoDefault: 0 });
    expect(await defaultSinceOf('Ben Behind')).toBeNull();
    const events = await sql<{ eventType: string }>`select event_type as "eventType" from collection_event
      where utility_account_id = ${account['Ben Behind'].id} order by id`.execute(database.kysely);
    expect(events.rows.map((row) => row.eventType)).toEqual(['arrangement_made', 'arrangement_went_into_default', 'arrangement_cured']);
  });

  it('current charges unpaid while on an arrangement (SB 998\'s second default condition): behind though the installment was paid', async () => {
    // Cora paid her November installment but not the bill due 2026-11-23.
    await detectArrangementDefaults(database, { asOf: d('2026-11-23'), actor: testActor });
    expect(await defaultSinceOf('Cora Current')).toBeNull();
    await detectArrangementDefaults(database, { asOf: d('2026-11-24'), actor: testActor });
    expect(await defaultSinceOf('Cora Current')).toBe('2026-11-24');
    const standing = (await arrangementStanding(database.kysely, { accountIds: [account['Cora Current'].id], asOf: d('2026-11-30') })).get(account['Cora Current'].id);
    expect(standing).toMatchObject({ status: 'active', isInGoodStanding: false, defaultSince: '2026-11-24', daysInDefault: 6, behindCents: 6_600,
      nextInstallment: { installmentNumber: 2, dueOn: '2026-12-10', amountCents: 4_400 } });
  });

  it('an arrangement in good standing says so, with its next installment', async () => {
    await pay('Gus Good', 6_600, '2026-11-20');
    const standing = await arrangementStanding(database.kysely, { accountIds: [account['Gus Good'].id, account['Fay Filer'].id], asOf: d('2026-11-24') });
    expect(standing.get(account['Gus Good'].id)).toMatchObject({ status: 'active', isInGoodStanding: true, defaultSince: null, daysInDefault: 0,
      nextInstallment: { dueOn: '2026-12-10' } });
    expect(standing.has(account['Fay Filer'].id)).toBe(false);
  });

  it('a payment of the first day made before the arrangement does not count twice', async () => {
    await pay('Fay Filer', 2_000, '2026-10-24');
    const arrangement = await arrange('Fay Filer');
    expect(arrangement.principalCents).toBe(11_200);
    await pay('Fay Filer', 3_734, '2026-10-24');
    const standing = (await arrangementStanding(database.kysely, { accountIds: [account['Fay Filer'].id], asOf: d('2026-11-11') })).get(account['Fay Filer'].id);
    expect(standing).toMatchObject({ paidCents: 3_734, isInGoodStanding: true });
  });

  it('paid in full (principal and the current charges due): completed', async () => {
    await pay('Eve Early', 13_200 + 6_600, '2026-11-24');
    const result = await detectArrangementDefaults(database, { asOf: d('2026-11-25'), actor: testActor });
    expect(result.completed).toBe(1);
    expect(await getArrangement(database.kysely, arrangements['Eve Early'].id)).toMatchObject({ status: 'completed', endedOn: '2026-11-25', defaultSince: null });
  });
  it('60 days in default: defaulted (SB 998 allows a shutoff after a final notice) with an arrangement_default notice, once', async () => {
    expect(await defaultSinceOf('Dev Default')).toBe('2026-11-11');
    expect((await detectArrangementDefaults(database, { asOf: d('2027-01-09'), actor: testActor })).defaulted60).toBe(0);
    const result = await detectArrangementDefaults(database, { asOf: d('2027-01-10'), actor: testActor });
    expect(result.defaulted60).toBeGreaterThanOrEqual(1);
    const dev = await getArrangement(database.kysely, arrangements['Dev Default'].id);
    expect(dev).toMatchObject({ status: 'defaulted', endedOn: '2027-01-10', defaultSince: '2026-11-11' });
    expect((await detectArrangementDefaults(database, { asOf: d('2027-01-10'), actor: testActor })).defaulted60).toBe(0);
    const notices = await sql<{ count: number }>`select count(*)::int as count from collection_notice
      where utility_account_id = ${dev.accountId} and notice_type = 'arrangement_default'`.execute(database.kysely);
    expect(notices.rows[0]?.count).toBe(1);
    const standing = (await arrangementStanding(database.kysely, { accountIds: [dev.accountId], asOf: d('2027-01-15') })).get(dev.accountId);
    expect(standing).toMatchObject({ status: 'defaulted', isInGoodStanding: false, defaultSince: '2026-11-11', daysInDefault: 65, nextInstallment: null });
    expect((await listArrangements(database.kysely, { status: 'defaulted' })).map((row) => row.id)).toContain(dev.id);
  });

});
