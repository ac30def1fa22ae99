import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { postPayment, receivableChecks } from '../receivables/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, collectionAccounts, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { addPenaltyRule, applyPenalties, deactivatePenaltyRule, listPenaltyRules, penaltyChecks, type PenaltyRuleInput } from './index.js';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

/** A database with the collections fixtures and one account billed $66.00 on 2026-09-02, due 2026-09-23. */
async function billedAccount(options: { rules?: Array<Partial<PenaltyRuleInput>> } = {}) {
  database = await createTestDatabase();
  await seedCollections(database);
  for (const rule of options.rules ?? [{}]) await addPenaltyRule(database, { input: ruleInput(rule), actor: testActor });
  const account = await utilityCustomer(database, { name: 'Pat Penalty' });
  await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
  expect((await billCycle(database, '2026-08-31', '2026-09-02')).billsFinalized).toBe(1);
  return { db: database, account };
}

function ruleInput(overrides: Partial<PenaltyRuleInput> = {}): PenaltyRuleInput {
  return { effectiveFrom: '2026-01-01', graceDays: 5, currentRate: '0.10', pastDueRate: '0.01', revenueAccount: collectionAccounts.penalties, ...overrides };
}

async function penaltyItems(db: Database, accountId: number) {
  const result = await sql<{ amount: number; documentRef: string; dueDate: string; itemDate: string }>`select amount_cents as amount,
      document_ref as "documentRef", due_date::text as "dueDate", item_date::text as "itemDate"
    from receivable_item where receivable_account_id = ${accountId} and charge_class = 'penalty' order by id`.execute(db.kysely);
  return result.rows;
}

async function assessments(db: Database, accountId: number) {
  const result = await sql<{ outcome: string; amount: number; computed: number; reason: string | null; currentBase: number; pastDueBase: number; ruleId: number | null }>`
    select outcome, amount_cents as amount, computed_cents as computed, waiver_reason as reason, current_base_cents as "currentBase",
      past_due_base_cents as "pastDueBase", rule_id as "ruleId"
    from penalty_assessment where utility_account_id = ${accountId} order by bill_id`.execute(db.kysely);
  return result.rows;
}

async function expectNoViolations(db: Database) {
  for (const check of [...penaltyChecks, ...receivableChecks]) expect(await check.run(db.kysely), check.invariant).toEqual([]);
}

describe('the penalty job', () => {
  it('the penalty job run twice for one day (no second penalty)', async () => {
    const { db, account } = await billedAccount();
    const first = await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    expect(first).toEqual({ billsAssessed: 1, penaltiesPosted: 1, waived: 0, totalCents: 660 });
    const second = await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    expect(second).toEqual({ billsAssessed: 0, penaltiesPosted: 0, waived: 0, totalCents: 0 });
    const items = await penaltyItems(db, account.id);
    expect(items).toEqual([{ amount: 660, documentRef: expect.stringMatching(/^PEN-B-\d+$/), dueDate: '2026-09-29', itemDate: '2026-09-29' }]);
    // The account's collection timeline shows the penalty, once.
    const events = await sql<{ eventType: string; summary: string }>`select event_type as "eventType", summary from collection_event
      where utility_account_id = ${account.id}`.execute(db.kysely);
    expect(events.rows).toEqual([{ eventType: 'penalty_posted', summary: expect.stringMatching(/^Late penalty of \$6\.60 on bill B-\d+ \(\$66\.00 unpaid of the bill\)$/) }]);
    // The penalty revenue was credited once.
    const revenue = await sql<{ credit: number }>`select coalesce(-sum(l.amount_cents), 0)::bigint as credit from journal_line l
      join account a on a.id = l.account_id where a.code = ${collectionAccounts.penalties}`.execute(db.kysely);
    expect(revenue.rows[0]?.credit).toBe(660);
    await expectNoViolations(db);
  });

  it('a rerun on a later day charges nothing new', async () => {
    const { db, account } = await billedAccount();
    await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    expect(await applyPenalties(db, { asOf: '2026-10-15', actor: testActor })).toMatchObject({ billsAssessed: 0, penaltiesPosted: 0 });
    expect(await penaltyItems(db, account.id)).toHaveLength(1);
  });

  it('waits out the grace days: due 2026-09-23 with 5 grace days is penalized from 2026-09-29', async () => {
    const { db, account } = await billedAccount();
    expect(await applyPenalties(db, { asOf: '2026-09-28', actor: testActor })).toMatchObject({ billsAssessed: 0, penaltiesPosted: 0 });
    expect(await assessments(db, account.id)).toEqual([]);
    expect(await applyPenalties(db, { asOf: '2026-09-29', actor: testActor })).toMatchObject({ billsAssessed: 1, penaltiesPosted: 1 });
  });

  it('a paid bill gets no penalty, and the decision stands', async () => {
    const { db, account } = await billedAccount();
    await postPayment(db, { input: { account: account.accountNumber, paymentDate: '2026-09-20', amountCents: 6_600, cashAccount: utilityAccounts.waterCash, reference: 'CHK 1' }, actor: testActor });
    expect(await applyPenalties(db, { asOf: '2026-09-29', actor: testActor })).toEqual({ billsAssessed: 1, penaltiesPosted: 0, waived: 0, totalCents: 0 });
    expect(await assessments(db, account.id)).toMatchObject([{ outcome: 'paid', amount: 0, currentBase: 0 }]);
    expect(await penaltyItems(db, account.id)).toEqual([]);
  });

  it('charges only what is unpaid of a partly paid bill, raised to the minimum', async () => {
    const { db, account } = await billedAccount({ rules: [{ minimumCents: 500 }] });
    await postPayment(db, { input: { account: account.accountNumber, paymentDate: '2026-09-20', amountCents: 4_600, cashAccount: utilityAccounts.waterCash, reference: 'CHK 2' }, actor: testActor });
    await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    expect(await assessments(db, account.id)).toMatchObject([{ outcome: 'posted', currentBase: 2_000, computed: 500, amount: 500 }]);
  });

  it('lowers the penalty to the maximum', async () => {
    const { db, account } = await billedAccount({ rules: [{ maximumCents: 250 }] });
    await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    expect((await penaltyItems(db, account.id)).map((item) => item.amount)).toEqual([250]);
  });

  it('the most specific rule wins: class and rate schedule over class over the default', async () => {
    const { db, account } = await billedAccount({ rules: [
      {},
      { classCode: 'single_family', currentRate: '0.07' },
      { classCode: 'single_family', rateCode: 'WATER-T', currentRate: '0.05' },
      { classCode: 'commercial', currentRate: '0.20' },
    ] });
    await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    const rules = await listPenaltyRules(db.kysely);
    const chosen = rules.find((rule) => rule.classCode === 'single_family' && rule.rateCode === 'WATER-T');
    expect(await assessments(db, account.id)).toMatchObject([{ outcome: 'posted', amount: 330, ruleId: chosen?.id }]);
  });

  it('effective dates: the bill\'s due date decides, so a bill due before a new version uses the old one', async () => {
    const { db, account } = await billedAccount();
    // A new version from 2026-09-24 (the day after the first bill's due date) closes the old one on 2026-09-23.
    await addPenaltyRule(db, { input: ruleInput({ effectiveFrom: '2026-09-24', currentRate: '0.20' }), actor: testActor });
    const versions = await listPenaltyRules(db.kysely);
    expect(versions.map((rule) => [rule.effectiveFrom, rule.effectiveTo])).toEqual([['2026-01-01', '2026-09-23'], ['2026-09-24', null]]);
    await applyPenalties(db, { asOf: '2026-10-01', actor: testActor });
    expect(await assessments(db, account.id)).toMatchObject([{ amount: 660, ruleId: versions[0]?.id }]);
    // The next bill (due 2026-10-23) uses the new version: 20% of $66.00 + 1% of the $66.00 still unpaid before it.
    await acceptedRead(db, account.meterSerial, '2026-09-30', 1016);
    await billCycle(db, '2026-09-30', '2026-10-02');
    await applyPenalties(db, { asOf: '2026-10-29', actor: testActor });
    expect(await assessments(db, account.id)).toMatchObject([
      { amount: 660, ruleId: versions[0]?.id },
      { amount: 1_386, currentBase: 6_600, pastDueBase: 6_600, ruleId: versions[1]?.id },
    ]);
    await expectNoViolations(db);
  });

  it('SB 998 low income: a penalty is waived once in 12 months (sb998_low_income_waiver)', async () => {
    const { db, account } = await billedAccount();
    await sql`insert into collection_protection (utility_account_id, protection_type, received_on, valid_until, document_ref, created_by)
      values (${account.id}, 'low_income', '2026-09-01', '2027-08-31', 'CalFresh case 12345', 'tester')`.execute(db.kysely);
    expect(await applyPenalties(db, { asOf: '2026-09-29', actor: testActor })).toEqual({ billsAssessed: 1, penaltiesPosted: 0, waived: 1, totalCents: 0 });
    expect(await assessments(db, account.id)).toMatchObject([{ outcome: 'waived', amount: 0, computed: 660, reason: 'sb998_low_income_waiver' }]);
    expect(await penaltyItems(db, account.id)).toEqual([]);
    const events = await sql<{ eventType: string; summary: string }>`select event_type as "eventType", summary from collection_event
      where utility_account_id = ${account.id}`.execute(db.kysely);
    expect(events.rows).toEqual([{ eventType: 'penalty_waived', summary: expect.stringContaining('SB 998') }]);
    // The next month's penalty is charged: the waiver was used less than 12 months ago.
    await acceptedRead(db, account.meterSerial, '2026-09-30', 1016);
    await billCycle(db, '2026-09-30', '2026-10-02');
    expect(await applyPenalties(db, { asOf: '2026-10-29', actor: testActor })).toMatchObject({ penaltiesPosted: 1, waived: 0 });
    await expectNoViolations(db);
  });

  it('SB 998 low income: two bills of one account decided by ranges at once are waived once (sb998_low_income_waiver)', async () => {
    const { db, account } = await billedAccount();
    await sql`insert into collection_protection (utility_account_id, protection_type, received_on, valid_until, document_ref, created_by)
      values (${account.id}, 'low_income', '2026-09-01', '2027-08-31', 'CalFresh case 12346', 'tester')`.execute(db.kysely);
    await acceptedRead(db, account.meterSerial, '2026-09-30', 1016);
    await billCycle(db, '2026-09-30', '2026-10-02');
    // Both bills undecided on 2026-10-29; ranges of one bill id, two streams: each bill in its own transaction.
    expect(await applyPenalties(db, { asOf: '2026-10-29', actor: testActor, chunkSize: 1, streams: 2 })).toMatchObject({ billsAssessed: 2, penaltiesPosted: 1, waived: 1 });
    expect((await assessments(db, account.id)).map((row) => row.outcome).sort()).toEqual(['posted', 'waived']);
    await expectNoViolations(db);
  });

  it('posts penalty revenue of another fund through the due-to and due-from accounts', async () => {
    const { db, account } = await billedAccount({ rules: [{ revenueAccount: utilityAccounts.sewer }] });
    expect(await applyPenalties(db, { asOf: '2026-09-29', actor: testActor })).toMatchObject({ penaltiesPosted: 1, totalCents: 660 });
    const lines = await sql<{ code: string; amount: number }>`select a.code, l.amount_cents as amount
      from journal_line l join account a on a.id = l.account_id join penalty_assessment p on p.journal_entry_id = l.entry_id
      where p.utility_account_id = ${account.id} order by a.code`.execute(db.kysely);
    expect(lines.rows.map((line) => [line.code, line.amount])).toEqual([
      [utilityAccounts.receivable, 660], [utilityAccounts.dueToSewer, -660], [utilityAccounts.dueFromWater, 660], [utilityAccounts.sewer, -660],
    ].sort(([a], [b]) => String(a).localeCompare(String(b))));
  });

  it('decides many bills in chunks, one entry per chunk, and a crash and rerun posts nothing twice', async () => {
    database = await createTestDatabase();
    const db = database;
    await seedCollections(db);
    await addPenaltyRule(db, { input: ruleInput(), actor: testActor });
    const accounts = [];
    for (let index = 0; index < 5; index += 1) {
      const account = await utilityCustomer(db, { name: `Chunk ${index}` });
      await acceptedRead(db, account.meterSerial, '2026-08-31', 1008);
      accounts.push(account);
    }
    await billCycle(db, '2026-08-31', '2026-09-02');
    await postPayment(db, { input: { account: accounts[2]?.accountNumber, paymentDate: '2026-09-20', amountCents: 6_600, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    // A crash after a range committed (the progress callback throws; the other stream stops too), then a rerun: nothing posts twice.
    const assessments = async () => (await sql<{ count: number }>`select count(*)::int as count from penalty_assessment`.execute(db.kysely)).rows[0]?.count;
    const crashed = applyPenalties(db, { asOf: '2026-09-29', actor: testActor, chunkSize: 2, onProgress: () => { throw new Error('power cut'); } });
    await expect(crashed).rejects.toThrow('power cut');
    const before = await assessments() as number;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(5);
    const rerun = await applyPenalties(db, { asOf: '2026-09-29', actor: testActor, chunkSize: 2 });
    expect(rerun.billsAssessed).toBe(5 - before);
    expect(await assessments()).toBe(5);
    const items = await sql<{ count: number; total: number }>`select count(*)::int as count, sum(amount_cents)::int as total from receivable_item where charge_class = 'penalty'`.execute(db.kysely);
    expect(items.rows[0]).toEqual({ count: 4, total: 2_640 });
    const entries = await sql<{ count: number }>`select count(distinct journal_entry_id)::int as count from penalty_assessment`.execute(db.kysely);
    expect(entries.rows[0]?.count).toBeGreaterThan(2);
    expect(await applyPenalties(db, { asOf: '2026-09-29', actor: testActor, chunkSize: 2 })).toMatchObject({ billsAssessed: 0 });
    await expectNoViolations(db);
  });
});

describe('the sweep and concurrent runs', () => {
  it('reads only bills not yet decided: the sweep passes decided bills, and waits at a bill in its grace', async () => {
    const { db, account } = await billedAccount();
    // Bills made more than a day ago can be passed (a recent one might belong to a transaction still open).
    await sql`update bill set created_at = now() - interval '2 days'`.execute(db.kysely);
    const sweep = async () => (await sql<{ from: number }>`select undecided_from_bill_id as "from" from penalty_sweep`.execute(db.kysely)).rows[0]?.from;
    const first = await sql<{ id: number }>`select id from bill where utility_account_id = ${account.id}`.execute(db.kysely);
    const billId = first.rows[0]?.id as number;
    await applyPenalties(db, { asOf: '2026-09-28', actor: testActor });
    expect(await sweep()).toBe(billId);
    await applyPenalties(db, { asOf: '2026-09-29', actor: testActor });
    expect(await sweep()).toBe(billId + 1);
    // The next bill is read (it is after the sweep) and decided once.
    await acceptedRead(db, account.meterSerial, '2026-09-30', 1016);
    await billCycle(db, '2026-09-30', '2026-10-02');
    expect(await applyPenalties(db, { asOf: '2026-10-29', actor: testActor })).toMatchObject({ billsAssessed: 1, penaltiesPosted: 1 });
    expect(await penaltyItems(db, account.id)).toHaveLength(2);
    await expectNoViolations(db);
  });

  it('two runs at once decide each bill once', async () => {
    database = await createTestDatabase({ poolSize: 4 });
    const db = database;
    await seedCollections(db);
    await addPenaltyRule(db, { input: ruleInput(), actor: testActor });
    const accounts = [];
    for (let index = 0; index < 4; index += 1) {
      const account = await utilityCustomer(db, { name: `Race ${index}` });
      await acceptedRead(db, account.meterSerial, '2026-08-31', 1008);
      accounts.push(account);
    }
    await billCycle(db, '2026-08-31', '2026-09-02');
    const runs = await Promise.all([
      applyPenalties(db, { asOf: '2026-09-29', actor: testActor, chunkSize: 1 }),
      applyPenalties(db, { asOf: '2026-09-29', actor: testActor, chunkSize: 3 }),
    ]);
    expect(runs[0].penaltiesPosted + runs[1].penaltiesPosted).toBe(4);
    const items = await sql<{ count: number }>`select count(*)::int as count from receivable_item where charge_class = 'penalty'`.execute(db.kysely);
    expect(items.rows[0]?.count).toBe(4);
    await expectNoViolations(db);
  });
});

describe('penalty rules', () => {
  it('names every wrong field, refuses an overlap naming the version, and deactivates with an audit row', async () => {
    database = await createTestDatabase();
    const db = database;
    await seedCollections(db);
    const refusal = await addPenaltyRule(db, { input: { effectiveFrom: '2026-13-01', graceDays: -1, currentRate: '1.5', pastDueRate: 'x', minimumCents: 500, maximumCents: 100, revenueAccount: '' }, actor: testActor })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    const fields = ((refusal as AppError).details.problems as Array<{ field: string }>).map((problem) => problem.field).sort();
    expect(fields).toEqual(['currentRate', 'effectiveFrom', 'graceDays', 'maximumCents', 'pastDueRate', 'revenueAccount']);
    const unknown = await addPenaltyRule(db, { input: ruleInput({ classCode: 'mansion', rateCode: 'NOPE', revenueAccount: utilityAccounts.receivable }), actor: testActor })
      .catch((error: unknown) => error as AppError);
    expect(((unknown as AppError).details.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual(['classCode', 'rateCode', 'revenueAccount']);
    const first = await addPenaltyRule(db, { input: ruleInput({ effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' }), actor: testActor });
    const overlap = await addPenaltyRule(db, { input: ruleInput({ effectiveFrom: '2026-06-01' }), actor: testActor }).catch((error: unknown) => error as AppError);
    expect((overlap as AppError).message).toContain(`rule ${first.id} (default, 2026-01-01 to 2026-12-31)`);
    expect((overlap as AppError).details.field).toBe('effectiveFrom');
    // Another scope does not overlap.
    await addPenaltyRule(db, { input: ruleInput({ classCode: 'commercial', effectiveFrom: '2026-06-01' }), actor: testActor });
    const inactive = await deactivatePenaltyRule(db, { ruleId: first.id, actor: testActor });
    expect(inactive.isActive).toBe(false);
    await expect(deactivatePenaltyRule(db, { ruleId: first.id, actor: testActor })).rejects.toMatchObject({ code: 'conflict' });
    // Once inactive, its dates are free for a new version.
    await addPenaltyRule(db, { input: ruleInput({ effectiveFrom: '2026-06-01' }), actor: testActor });
    const audit = await sql<{ action: string }>`select action from audit_log where action like 'collections.%penalty_rule' order by id`.execute(db.kysely);
    expect(audit.rows.map((row) => row.action)).toEqual(['collections.add_penalty_rule', 'collections.add_penalty_rule', 'collections.deactivate_penalty_rule', 'collections.add_penalty_rule']);
  });
});
