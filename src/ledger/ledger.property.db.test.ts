/**
 * Property tests on a real database (PGlite and PostgreSQL): random sequences of postings,
 * inter-fund transfers, replays and reversals keep the ledger's invariants. One database serves
 * every run; the checks are global (the whole journal against the balance tables and against a
 * model of everything posted so far), so runs accumulate instead of needing isolation.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import {
  accountNetsFromLines,
  countRows,
  expectAppError,
  sortedEntries,
  trialBalanceFromLines,
  trialBalanceNets,
} from '../../test/support/ledger-assertions.js';
import {
  accounts,
  gasTaxAccounts,
  seedThreeFundLedger,
  testActor,
  testClock,
} from '../../test/support/ledger-fixtures.js';
import {
  closePeriod,
  getFundBalances,
  getTrialBalance,
  postJournalEntry,
  reverseJournalEntry,
  verifyLedger,
  type JournalEntryInput,
} from './index.js';

const fundAccounts: Record<string, readonly string[]> = {
  '100': [
    accounts.generalCash,
    accounts.generalReceivable,
    accounts.generalDueFromWater,
    accounts.generalPayable,
    accounts.generalFundBalance,
    accounts.licenseTax,
    accounts.propertyTax,
    accounts.financeSalaries,
    gasTaxAccounts.generalDueFromGasTax,
  ],
  '510': [
    accounts.waterCash,
    accounts.waterDueToGeneral,
    accounts.waterFundBalance,
    accounts.waterSales,
    accounts.waterSupplies,
  ],
  '220': [
    gasTaxAccounts.cash,
    gasTaxAccounts.dueToGeneral,
    gasTaxAccounts.fundBalance,
    gasTaxAccounts.gasTax,
    gasTaxAccounts.streetMaintenance,
  ],
};
const funds = Object.keys(fundAccounts);

/** The General Fund lends to another fund: its due-from against the other fund's due-to. */
const interFundPairs = [
  { fund: '510', dueFrom: accounts.generalDueFromWater, dueTo: accounts.waterDueToGeneral },
  { fund: '220', dueFrom: gasTaxAccounts.generalDueFromGasTax, dueTo: gasTaxAccounts.dueToGeneral },
];

const CLOSED_PERIOD = '2027-03';
const FISCAL_YEAR_START = '2026-07-01' as IsoDate;

// ---- Generators ------------------------------------------------------------------------------

/** Any day of FY2027, with June 30 (where period 13 lives) drawn more often than chance. */
const fiscalDay = fc
  .oneof(
    { arbitrary: fc.integer({ min: 0, max: 364 }), weight: 9 },
    { arbitrary: fc.constant(364), weight: 1 },
  )
  .map((offset) => addDays(FISCAL_YEAR_START, offset));

const amount = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 99 }), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 5_000_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 100_000_000_000 }), weight: 1 },
);

/** Lines of one fund that balance on their own: random debits and credits, squared up. */
const fundLines = (fund: string) =>
  fc
    .record({
      debits: fc.array(fc.record({ account: fc.constantFrom(...(fundAccounts[fund] ?? [])), cents: amount }), { minLength: 1, maxLength: 3 }),
      credits: fc.array(fc.record({ account: fc.constantFrom(...(fundAccounts[fund] ?? [])), cents: amount }), { minLength: 1, maxLength: 3 }),
      squareAccount: fc.constantFrom(...(fundAccounts[fund] ?? [])),
    })
    .map(({ debits, credits, squareAccount }) => {
      const lines: JournalEntryInput['lines'] = [
        ...debits.map((line) => ({ account: line.account, debitCents: line.cents })),
        ...credits.map((line) => ({ account: line.account, creditCents: line.cents })),
      ];
      const difference = debits.reduce((s, l) => s + l.cents, 0) - credits.reduce((s, l) => s + l.cents, 0);
      if (difference > 0) lines.push({ account: squareAccount, creditCents: difference });
      if (difference < 0) lines.push({ account: squareAccount, debitCents: -difference });
      return lines;
    });

type Command =
  | { kind: 'post'; date: IsoDate; isAdjustment: boolean; lines: JournalEntryInput['lines']; inDollars: boolean }
  | { kind: 'transfer'; date: IsoDate; pair: number; cents: number; expenseIndex: number }
  | { kind: 'replay'; pick: number }
  | { kind: 'reverse'; pick: number; date: IsoDate };

const postCommand: fc.Arbitrary<Command> = fc
  .record({
    date: fiscalDay,
    isAdjustment: fc.boolean(),
    inDollars: fc.boolean(),
    lines: fc
      .subarray(funds, { minLength: 1, maxLength: 3 })
      .chain((chosen) => fc.tuple(...chosen.map(fundLines)))
      .map((perFund) => perFund.flat()),
  })
  .map((command) => ({ kind: 'post' as const, ...command }));

const transferCommand: fc.Arbitrary<Command> = fc
  .record({ date: fiscalDay, pair: fc.nat(interFundPairs.length - 1), cents: amount, expenseIndex: fc.nat(4) })
  .map((command) => ({ kind: 'transfer' as const, ...command }));

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: postCommand, weight: 5 },
  { arbitrary: transferCommand, weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), date: fiscalDay }), weight: 3 },
);

// ---- Model -----------------------------------------------------------------------------------

interface PostedEntry {
  id: number;
  /** Posts the same thing again with the same idempotency key. */
  replay: () => Promise<{ entry: { id: number }; isReplay: boolean }>;
  /** Signed cents per account. */
  nets: Map<string, number>;
  isReversal: boolean;
  isReversed: boolean;
}

let database: Database;
let keySequence = 0;
/** Everything successfully posted so far, over every run: account -> net cents. */
const expectedNets = new Map<string, number>();
let expectedEntryCount = 0;

function addNets(nets: ReadonlyMap<string, number>, sign: 1 | -1): void {
  for (const [account, net] of nets) expectedNets.set(account, (expectedNets.get(account) ?? 0) + sign * net);
}

function netsOf(lines: JournalEntryInput['lines']): Map<string, number> {
  const nets = new Map<string, number>();
  for (const line of lines) {
    const debit = Number(line.debitCents ?? 0) + Math.round(Number(line.debit ?? 0) * 100);
    const credit = Number(line.creditCents ?? 0) + Math.round(Number(line.credit ?? 0) * 100);
    nets.set(line.account, (nets.get(line.account) ?? 0) + debit - credit);
  }
  return nets;
}

function toDollars(lines: JournalEntryInput['lines']): JournalEntryInput['lines'] {
  const dollars = (value: number | string | undefined) => {
    const cents = BigInt(value ?? 0);
    return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  };
  return lines.map((line) =>
    line.debitCents !== undefined
      ? { account: line.account, debit: dollars(line.debitCents) }
      : { account: line.account, credit: dollars(line.creditCents) },
  );
}

function transferLines(command: Extract<Command, { kind: 'transfer' }>): JournalEntryInput['lines'] {
  const pair = interFundPairs[command.pair] as (typeof interFundPairs)[number];
  const otherAccounts = (fundAccounts[pair.fund] ?? []).filter((code) => code !== pair.dueTo);
  const expense = otherAccounts[command.expenseIndex % otherAccounts.length] as string;
  // The General Fund pays a bill of the other fund: the other fund owes it the money back.
  return [
    { account: expense, debitCents: command.cents },
    { account: pair.dueTo, creditCents: command.cents },
    { account: pair.dueFrom, debitCents: command.cents },
    { account: accounts.generalCash, creditCents: command.cents },
  ];
}

const isInClosedPeriod = (date: string) => date.startsWith(CLOSED_PERIOD);

async function runCommand(command: Command, posted: PostedEntry[]): Promise<void> {
  if (command.kind === 'post' || command.kind === 'transfer') {
    const lines = command.kind === 'post' ? command.lines : transferLines(command);
    const input: JournalEntryInput = {
      entryDate: command.date,
      ...(command.kind === 'post' && command.isAdjustment && command.date === '2027-06-30' ? { periodKey: 'FY2027-13' } : {}),
      description: command.kind === 'post' ? `Random entry ${keySequence}` : `Inter-fund transfer ${keySequence}`,
      idempotencyKey: `property-${process.pid}-${(keySequence += 1)}`,
      lines: command.kind === 'post' && command.inDollars ? toDollars(lines) : lines,
    };
    if (isInClosedPeriod(command.date)) {
      await expectAppError(postJournalEntry(database, { input, actor: testActor }), 'period_closed');
      return;
    }
    const { entry, isReplay } = await postJournalEntry(database, { input, actor: testActor });
    expect(isReplay).toBe(false);
    const nets = netsOf(lines);
    addNets(nets, 1);
    expectedEntryCount += 1;
    const replay = () => postJournalEntry(database, { input, actor: testActor });
    posted.push({ id: entry.id, replay, nets, isReversal: false, isReversed: false });
    return;
  }
  const target = posted.length === 0 ? undefined : posted[command.pick % posted.length];
  if (!target) return;
  if (command.kind === 'replay') {
    const { entry, isReplay } = await target.replay();
    expect(isReplay).toBe(true);
    expect(entry.id).toBe(target.id);
    return;
  }
  const idempotencyKey = `property-reversal-${process.pid}-${(keySequence += 1)}`;
  const reverse = () =>
    reverseJournalEntry(database, { entryId: target.id, actor: testActor, clock: testClock, entryDate: command.date, idempotencyKey });
  if (target.isReversal) {
    await expectAppError(reverse(), 'invalid_input');
  } else if (target.isReversed) {
    await expectAppError(reverse(), 'already_reversed');
  } else if (isInClosedPeriod(command.date)) {
    await expectAppError(reverse(), 'period_closed');
  } else {
    const { entry } = await reverse();
    expect(entry.reversesEntryId).toBe(target.id);
    target.isReversed = true;
    const nets = new Map([...target.nets].map(([account, net]) => [account, -net]));
    addNets(target.nets, -1);
    expectedEntryCount += 1;
    posted.push({ id: entry.id, replay: reverse, nets, isReversal: true, isReversed: false });
  }
}

// ---- Invariants ------------------------------------------------------------------------------

async function checkInvariants(asOfDates: readonly string[]): Promise<void> {
  const db = database.kysely;
  expect(await verifyLedger(db)).toEqual([]);
  expect(await countRows(db, 'journal_entry')).toBe(expectedEntryCount);
  expect(sortedEntries(await accountNetsFromLines(db))).toEqual(sortedEntries(expectedNets));
  for (const asOf of asOfDates) {
    const trial = await getTrialBalance(db, { asOf, clock: testClock });
    expect(trial.isBalanced).toBe(true);
    expect(trial.totalDebitCents).toBe(trial.totalCreditCents);
    expect(sortedEntries(trialBalanceNets(trial))).toEqual(sortedEntries(await trialBalanceFromLines(db, asOf)));
    for (const fundCode of funds) {
      const fundTrial = await getTrialBalance(db, { asOf, fundCode, clock: testClock });
      expect(fundTrial.isBalanced, `fund ${fundCode} as of ${asOf}`).toBe(true);
      expect(fundTrial.rows.every((row) => row.fundCode === fundCode)).toBe(true);
      expect(sortedEntries(trialBalanceNets(fundTrial))).toEqual(
        sortedEntries(await trialBalanceFromLines(db, asOf, fundCode)),
      );
    }
  }
  // Assets - liabilities = ending fund balance, in every fund (the fund balances, as a report).
  const { funds: fundBalances } = await getFundBalances(db, { asOf: asOfDates[0] ?? '2027-06-30', clock: testClock });
  for (const fund of fundBalances) {
    expect(fund.assetsCents - fund.liabilitiesCents, `fund ${fund.fundCode}`).toBe(fund.endingFundBalanceCents);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedThreeFundLedger(database);
  await closePeriod(database, { periodKey: CLOSED_PERIOD, actor: testActor, reason: 'property test' });
});
afterAll(async () => database?.close());

describe('random postings, transfers, replays and reversals', () => {
  it(
    'keep the trial balance balanced in total and per fund, and the balance tables equal to the lines',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(command, { minLength: 1, maxLength: 8 }),
          fc.array(fiscalDay, { minLength: 1, maxLength: 2 }),
          async (commands, asOfDays) => {
            const posted: PostedEntry[] = [];
            for (const each of commands) await runCommand(each, posted);
            // Random days of the year, the year's last day, the day before it began (nothing
            // yet) and a day of the next fiscal year (revenues and expenditures become "prior").
            await checkInvariants([...asOfDays, '2027-06-30', '2026-06-30', '2027-08-15']);
          },
        ),
        // Each run is a handful of transactions and ~60 queries; PGlite is the slower engine.
        { numRuns: testEngine === 'pglite' ? 20 : 25 },
      );
      expect(expectedEntryCount).toBeGreaterThan(0);
    },
    180_000,
  );

  it('an empty fiscal year has an empty, balanced trial balance', async () => {
    const trial = await getTrialBalance(database.kysely, { asOf: '2026-06-30', clock: testClock });
    expect(trial.rows).toEqual([]);
    expect(trial.isBalanced).toBe(true);
  });
});
