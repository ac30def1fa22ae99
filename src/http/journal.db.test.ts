/**
 * The journal over HTTP on a real database: posting (with idempotency), every kind of bad input
 * the issue lists, batches, reversals, reading entries back, reports and the streamed export.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { FieldProblem } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { accounts, entryInput, seedLedger, testClock } from '../../test/support/ledger-fixtures.js';
import { buildServer } from './index.js';
import { allPermissions } from '../access/index.js';
import { callerFor, testSession, type Answer, type TestSession } from '../../test/support/http.js';
import type { listJournalEntriesSchema } from './routes/journal-entries.schema.js';
import type { BatchPostResult, JournalEntry } from './schemas/journal.js';
import type { AccountActivity, FundBalances, TrialBalance } from './schemas/reports.js';

type Entry = Static<typeof JournalEntry>;
type EntryList = Static<(typeof listJournalEntriesSchema)['response'][200]>;
type BatchResult = Static<typeof BatchPostResult>;
type Activity = Static<typeof AccountActivity>;


let database: Database;
let app: FastifyInstance;
let session: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  session = await testSession(app, database, { permissions: [...allPermissions] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const call = callerFor(() => ({ app, session }));

let keySequence = 0;
const newKey = () => `http-test-${process.pid}-${(keySequence += 1)}`;

function post(payload: unknown, key: string | null = newKey()): Promise<Answer<Entry>> {
  return call<Entry>({
    method: 'POST',
    url: '/api/journal-entries',
    payload: JSON.stringify(payload),
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { 'idempotency-key': key }),
    },
  });
}

function withoutKey(overrides: Parameters<typeof entryInput>[0] = {}) {
  const { idempotencyKey: _unused, ...entry } = entryInput(overrides);
  return entry;
}

async function entryCount(): Promise<number> {
  const answer = await call<EntryList>({ method: 'GET', url: '/api/journal-entries?limit=500' });
  return answer.body.entries.length;
}

function problemsOf(answer: Answer<unknown>): FieldProblem[] {
  const parsed: { error: { details: { problems?: FieldProblem[] } } } = JSON.parse(answer.text);
  return parsed.error.details.problems ?? [];
}

function expectError(answer: Answer<unknown>, status: number, code: string, field?: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(JSON.parse(answer.text)).toEqual({
    error: { code, message: expect.any(String), details: expect.any(Object) },
  });
  if (field !== undefined) expect(JSON.stringify(answer.error.details)).toContain(`"${field}"`);
}

describe('POST /api/journal-entries', () => {
  it('posts an entry: 201, the entry with its lines, and a Location', async () => {
    const answer = await post(withoutKey({ entryDate: '2026-07-10' }));
    expect(answer.status).toBe(201);
    expect(answer.headers.location).toBe(`/api/journal-entries/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      entryDate: '2026-07-10',
      periodKey: '2026-07',
      postedBy: session.username,
      totalDebitCents: 12_500,
      reversesEntryId: null,
      lines: [
        { lineNumber: 1, accountCode: accounts.generalCash, debitCents: 12_500, creditCents: 0 },
        { lineNumber: 2, accountCode: accounts.licenseTax, debitCents: 0, creditCents: 12_500 },
      ],
    });
  });

  it('accepts dollars as text and cents as digit strings', async () => {
    const answer = await post(
      withoutKey({
        lines: [
          { account: accounts.generalCash, debit: '1,234.50' },
          { account: accounts.licenseTax, creditCents: '123450' },
        ],
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.body.totalDebitCents).toBe(123_450);
  });

  it('replays the same key and content: 200, the same body, Idempotent-Replayed', async () => {
    const key = newKey();
    const entry = withoutKey();
    const first = await post(entry, key);
    const second = await post(entry, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  it('takes the key from the body when there is no header', async () => {
    const key = newKey();
    const first = await post({ ...withoutKey(), idempotencyKey: key }, null);
    const second = await post({ ...withoutKey(), idempotencyKey: key, description: 'other' }, null);
    expect(first.status).toBe(201);
    expect(first.body.idempotencyKey).toBe(key);
    expectError(second, 409, 'idempotency_conflict');
  });

  it('refuses the same key with different content (409) and writes nothing', async () => {
    const key = newKey();
    await post(withoutKey(), key);
    const before = await entryCount();
    const answer = await post(withoutKey({ description: 'something else' }), key);
    expectError(answer, 409, 'idempotency_conflict');
    expect(answer.error.details.idempotencyKey).toBe(key);
    expect(await entryCount()).toBe(before);
  });

  it('requires an idempotency key, naming the field', async () => {
    expectError(await post(withoutKey(), null), 400, 'invalid_input', 'idempotencyKey');
  });

  it('refuses a header key that differs from the body key', async () => {
    const answer = await post({ ...withoutKey(), idempotencyKey: 'body-key' }, 'header-key');
    expectError(answer, 400, 'invalid_input', 'Idempotency-Key');
  });
});

describe('bad input: a clear error naming the field, and nothing written', () => {
  const otherLine = { account: accounts.licenseTax, creditCents: 100 };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown account', { account: '100-0000-99999', debitCents: 100 }, 'lines[0].account'],
    [
      'an inactive account',
      { account: accounts.retiredAccount, debitCents: 100 },
      'lines[0].account',
    ],
    ['a malformed account code', { account: '100-15', debitCents: 100 }, 'lines[0].account'],
    [
      'dollars with three decimals ("12.345")',
      { account: accounts.generalCash, debit: '12.345' },
      'lines[0].debit',
    ],
    [
      'cents with a fraction (12.345)',
      { account: accounts.generalCash, debitCents: 12.345 },
      'lines[0].debitCents',
    ],
    [
      'an exponent ("1e3")',
      { account: accounts.generalCash, debitCents: '1e3' },
      'lines[0].debitCents',
    ],
    [
      'dollars with an exponent ("1e3")',
      { account: accounts.generalCash, debit: '1e3' },
      'lines[0].debit',
    ],
    ['negative zero ("-0")', { account: accounts.generalCash, debit: '-0' }, 'lines[0].debit'],
    [
      'negative zero cents ("-0")',
      { account: accounts.generalCash, debitCents: '-0' },
      'lines[0].debitCents',
    ],
    [
      'more than 2^53 cents (text)',
      { account: accounts.generalCash, debitCents: '9007199254740993' },
      'lines[0].debitCents',
    ],
    [
      'more than 2^53 cents (number)',
      { account: accounts.generalCash, debitCents: 2 ** 60 },
      'lines[0].debitCents',
    ],
    ['an empty amount', { account: accounts.generalCash, debit: '' }, 'lines[0].debit'],
    [
      'a negative amount',
      { account: accounts.generalCash, debitCents: -100 },
      'lines[0].debitCents',
    ],
    [
      'two amounts on one line',
      { account: accounts.generalCash, debitCents: 100, creditCents: 100 },
      'lines[0].amount',
    ],
    ['no amount', { account: accounts.generalCash }, 'lines[0].amount'],
    [
      'a wrong type for an amount',
      { account: accounts.generalCash, debitCents: true },
      'lines[0].debitCents',
    ],
    ['dollars as a JSON number', { account: accounts.generalCash, debit: 12.5 }, 'lines[0].debit'],
  ];

  it.each(cases)('refuses %s with 400 invalid_input', async (_name, line, field) => {
    const before = await entryCount();
    const answer = await post({ ...withoutKey(), lines: [line, otherLine] });
    expectError(answer, 400, 'invalid_input', field);
    expect(answer.error.message).toContain(field);
    expect(await entryCount()).toBe(before);
  });

  it('refuses -0 sent as a JSON number literal', async () => {
    const payload = JSON.stringify(withoutKey()).replace('"debitCents":12500', '"debitCents":-0');
    expect(payload).toContain('-0');
    const answer = await call({
      method: 'POST',
      url: '/api/journal-entries',
      payload,
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
    });
    expectError(answer, 400, 'invalid_input', 'lines[0].debitCents');
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['26-08-01'], ['']])(
    'refuses the impossible date "%s", naming entryDate',
    async (entryDate) => {
      expectError(await post(withoutKey({ entryDate })), 400, 'invalid_input', 'entryDate');
    },
  );

  it('refuses a period the date is not in', async () => {
    const answer = await post(withoutKey({ entryDate: '2026-08-15', periodKey: '2026-09' }));
    expectError(answer, 400, 'invalid_input', 'entryDate');
  });

  it('reports every problem of an entry at once', async () => {
    const answer = await post(
      withoutKey({
        entryDate: '2026-02-30',
        description: '',
        lines: [
          { account: accounts.generalCash, debit: '12.345' },
          { account: accounts.licenseTax, creditCents: '1e3' },
        ],
      }),
    );
    expectError(answer, 400, 'invalid_input');
    const fields = problemsOf(answer).map((problem) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'entryDate',
        'description',
        'lines[0].debit',
        'lines[1].creditCents',
      ]),
    );
  });

  it('refuses an unbalanced entry with 422 unbalanced_entry and the difference', async () => {
    const before = await entryCount();
    const answer = await post(
      withoutKey({
        lines: [
          { account: accounts.generalCash, debitCents: 100 },
          { account: accounts.licenseTax, creditCents: 99 },
        ],
      }),
    );
    expectError(answer, 422, 'unbalanced_entry');
    expect(answer.error.details.differenceCents).toBe(1);
    expect(await entryCount()).toBe(before);
  });

  it('refuses an entry balanced in total but not within each fund (422)', async () => {
    const answer = await post(
      withoutKey({
        lines: [
          { account: accounts.generalCash, debitCents: 100 },
          { account: accounts.waterSales, creditCents: 100 },
        ],
      }),
    );
    expectError(answer, 422, 'unbalanced_entry');
    expect(answer.error.details.funds).toHaveLength(2);
  });

  it('refuses wrong top-level shapes before the ledger sees them', async () => {
    const asArray = await post([withoutKey()]);
    expectError(asArray, 400, 'invalid_input', 'body');
    const linesAsObject = await post({ ...withoutKey(), lines: { account: accounts.generalCash } });
    expectError(linesAsObject, 400, 'invalid_input', 'lines');
    const dateAsNumber = await post({ ...withoutKey(), entryDate: 20260815 });
    expectError(dateAsNumber, 400, 'invalid_input', 'entryDate');
  });

  it('refuses a malformed JSON body with 400 invalid_input', async () => {
    const answer = await call({
      method: 'POST',
      url: '/api/journal-entries',
      payload: '{"entryDate": "2026-08-15",',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
    });
    expectError(answer, 400, 'invalid_input', 'body');
  });

  it('refuses a closed period with 409 period_closed, and posts once reopened', async () => {
    const close = await call({
      method: 'POST',
      url: '/api/periods/2026-10/close',
      payload: { reason: 'October closed' },
    });
    expect(close.status).toBe(200);
    const before = await entryCount();
    const refused = await post(withoutKey({ entryDate: '2026-10-05' }));
    expectError(refused, 409, 'period_closed', 'periodKey');
    expect(refused.error.details.periodKey).toBe('2026-10');
    expect(await entryCount()).toBe(before);
    await call({ method: 'POST', url: '/api/periods/2026-10/open' });
    expect((await post(withoutKey({ entryDate: '2026-10-05' }))).status).toBe(201);
  });
});

describe('POST /api/journal-entries/batch', () => {
  it('posts every entry (201) and counts replays on a retry (200)', async () => {
    const batch = [entryInput(), entryInput(), entryInput({ entryDate: '2026-09-01' })];
    const first = await call<BatchResult>({
      method: 'POST',
      url: '/api/journal-entries/batch',
      payload: batch,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ postedCount: 3, replayedCount: 0 });
    expect(Number(first.body.lastEntryId) - Number(first.body.firstEntryId)).toBe(2);
    const retry = await call<BatchResult>({
      method: 'POST',
      url: '/api/journal-entries/batch',
      payload: batch,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({
      postedCount: 0,
      replayedCount: 3,
      firstEntryId: null,
      lastEntryId: null,
    });
  });

  it('posts nothing when one entry is bad, naming its row and field', async () => {
    const before = await entryCount();
    const batch = [
      entryInput(),
      entryInput({
        lines: [
          { account: accounts.generalCash, debit: '12.345' },
          { account: accounts.licenseTax, credit: '12.35' },
        ],
      }),
    ];
    const answer = await call<BatchResult>({
      method: 'POST',
      url: '/api/journal-entries/batch',
      payload: batch,
    });
    expectError(answer, 400, 'invalid_input', 'lines[0].debit');
    expect(problemsOf(answer)[0]).toMatchObject({ row: 2, field: 'lines[0].debit' });
    expect(await entryCount()).toBe(before);
  });

  it('refuses a body that is not an array', async () => {
    const answer = await call<BatchResult>({
      method: 'POST',
      url: '/api/journal-entries/batch',
      payload: entryInput(),
    });
    expectError(answer, 400, 'invalid_input', 'body');
  });
});

describe('POST /api/journal-entries/:id/reverse', () => {
  it('reverses (201), replays the key (200), then refuses a second reversal', async () => {
    const original = (await post(withoutKey({ entryDate: '2026-08-03' }))).body;
    const key = newKey();
    const reversal = await call<Entry>({
      method: 'POST',
      url: `/api/journal-entries/${original.id}/reverse`,
      headers: { 'idempotency-key': key },
      payload: { description: 'Posted to the wrong account' },
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({
      reversesEntryId: original.id,
      entryDate: testClock.today(),
      description: 'Posted to the wrong account',
    });
    expect(reversal.body.lines.map((line: { creditCents: number }) => line.creditCents)).toEqual(
      original.lines.map((line: { debitCents: number }) => line.debitCents),
    );
    const replay = await call<Entry>({
      method: 'POST',
      url: `/api/journal-entries/${original.id}/reverse`,
      headers: { 'idempotency-key': key },
      payload: { description: 'Posted to the wrong account' },
    });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(reversal.body.id);
    const again = await call({
      method: 'POST',
      url: `/api/journal-entries/${original.id}/reverse`,
    });
    expectError(again, 409, 'already_reversed');
    const reread = await call<Entry>({ method: 'GET', url: `/api/journal-entries/${original.id}` });
    expect(reread.body.reversedByEntryId).toBe(reversal.body.id);
    expect(reread.body.lines).toEqual(original.lines);
  });

  it('reverses into a given date without a body key or header', async () => {
    const original = (await post(withoutKey({ entryDate: '2026-08-04' }))).body;
    const reversal = await call<Entry>({
      method: 'POST',
      url: `/api/journal-entries/${original.id}/reverse`,
      payload: { entryDate: '2026-08-31' },
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ entryDate: '2026-08-31', periodKey: '2026-08' });
  });

  it('answers 404 for an unknown entry and 400 for a malformed id or date', async () => {
    expectError(
      await call({ method: 'POST', url: '/api/journal-entries/999999/reverse' }),
      404,
      'not_found',
    );
    expectError(
      await call({ method: 'POST', url: '/api/journal-entries/abc/reverse' }),
      400,
      'invalid_input',
      'id',
    );
    const original = (await post(withoutKey())).body;
    const badDate = await call<Entry>({
      method: 'POST',
      url: `/api/journal-entries/${original.id}/reverse`,
      payload: { entryDate: '2026-02-30' },
    });
    expectError(badDate, 400, 'invalid_input', 'entryDate');
  });
});

describe('reading entries back', () => {
  it('gets one entry, and 404 for an unknown one', async () => {
    const posted = (await post(withoutKey())).body;
    const answer = await call<Entry>({ method: 'GET', url: `/api/journal-entries/${posted.id}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(posted);
    expectError(
      await call({ method: 'GET', url: '/api/journal-entries/987654' }),
      404,
      'not_found',
    );
  });

  it('lists newest first with filters and keyset paging', async () => {
    const marker = `Parking citations ${process.pid}`;
    for (let day = 1; day <= 3; day += 1) {
      await post(withoutKey({ entryDate: `2026-09-0${day}`, description: `${marker} ${day}` }));
    }
    const firstPage = `/api/journal-entries?q=${encodeURIComponent(marker)}&limit=2`;
    const page1 = await call<EntryList>({ method: 'GET', url: firstPage });
    expect(page1.status).toBe(200);
    expect(page1.body.entries.map((e: { description: string }) => e.description)).toEqual([
      `${marker} 3`,
      `${marker} 2`,
    ]);
    expect(page1.body.nextBeforeId).toBe(page1.body.entries[1]?.id);
    const page2 = await call<EntryList>({
      method: 'GET',
      url: `${firstPage}&beforeId=${page1.body.nextBeforeId}`,
    });
    expect(page2.body.entries.map((e: { description: string }) => e.description)).toEqual([
      `${marker} 1`,
    ]);
    expect(page2.body.nextBeforeId).toBeNull();
    const byDate = await call<EntryList>({
      method: 'GET',
      url: '/api/journal-entries?from=2026-09-02&to=2026-09-02&source=gl',
    });
    expect(
      byDate.body.entries.every((e: { entryDate: string }) => e.entryDate === '2026-09-02'),
    ).toBe(true);
    const byPeriod = await call<EntryList>({
      method: 'GET',
      url: '/api/journal-entries?period=2026-09',
    });
    expect(
      byPeriod.body.entries.every((e: { periodKey: string }) => e.periodKey === '2026-09'),
    ).toBe(true);
  });

  it('refuses malformed filters, naming them', async () => {
    expectError(
      await call({ method: 'GET', url: '/api/journal-entries?from=2026-02-30' }),
      400,
      'invalid_input',
      'from',
    );
    expectError(
      await call({ method: 'GET', url: '/api/journal-entries?period=2026-13' }),
      400,
      'invalid_input',
      'period',
    );
    expectError(
      await call({ method: 'GET', url: '/api/journal-entries?limit=0' }),
      400,
      'invalid_input',
      'limit',
    );
    expectError(
      await call({ method: 'GET', url: '/api/journal-entries?limit=1e3' }),
      400,
      'invalid_input',
      'limit',
    );
    expectError(
      await call({ method: 'GET', url: '/api/journal-entries?color=red' }),
      400,
      'invalid_input',
      'color',
    );
  });
});

describe('reports', () => {
  it('shows account activity with a running balance', async () => {
    const url = `/api/accounts/${accounts.waterCash}/activity?from=2026-07-01&to=2026-12-31`;
    const before = (await call<Activity>({ method: 'GET', url })).body;
    await post(
      withoutKey({
        entryDate: '2026-11-02',
        lines: [
          { account: accounts.waterCash, debitCents: 7_000 },
          { account: accounts.waterSales, creditCents: 7_000 },
        ],
      }),
    );
    await post(
      withoutKey({
        entryDate: '2026-11-03',
        lines: [
          { account: accounts.waterSupplies, debitCents: 2_500 },
          { account: accounts.waterCash, creditCents: 2_500 },
        ],
      }),
    );
    const answer = await call<Activity>({ method: 'GET', url });
    expect(answer.status).toBe(200);
    expect(answer.body.account).toMatchObject({ code: accounts.waterCash, isDebitNormal: true });
    expect(answer.body.closingBalanceCents - before.closingBalanceCents).toBe(4_500);
    expect(answer.body.lines.at(-1)?.runningBalanceCents).toBe(answer.body.closingBalanceCents);
    const paged = await call<Activity>({ method: 'GET', url: `${url}&limit=1&offset=1` });
    expect(paged.body.lines).toHaveLength(1);
    expect(paged.body.lineCount).toBe(answer.body.lineCount);
    expectError(
      await call({ method: 'GET', url: '/api/accounts/100-0000-99999/activity' }),
      404,
      'not_found',
    );
    expectError(
      await call({
        method: 'GET',
        url: `/api/accounts/${accounts.waterCash}/activity?from=2026-12-01&to=2026-11-01`,
      }),
      400,
      'invalid_input',
      'from',
    );
  });

  it('shows a balanced trial balance, for all funds and for one', async () => {
    const all = await call<Static<typeof TrialBalance>>({
      method: 'GET',
      url: '/api/trial-balance?asOf=2026-11-30',
    });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      asOf: '2026-11-30',
      fiscalYear: 2027,
      fundCode: null,
      isBalanced: true,
    });
    expect(all.body.totalDebitCents).toBe(all.body.totalCreditCents);
    const water = await call<Static<typeof TrialBalance>>({
      method: 'GET',
      url: '/api/trial-balance?asOf=2026-11-30&fund=510&includeZero=true',
    });
    expect(water.body.fundCode).toBe('510');
    expect(water.body.rows.every((row: { fundCode: string }) => row.fundCode === '510')).toBe(true);
    expect(water.body.isBalanced).toBe(true);
    const today = await call<Static<typeof TrialBalance>>({
      method: 'GET',
      url: '/api/trial-balance',
    });
    expect(today.body.asOf).toBe(testClock.today());
    expectError(
      await call({ method: 'GET', url: '/api/trial-balance?asOf=2026-02-30' }),
      400,
      'invalid_input',
      'asOf',
    );
    expectError(
      await call({ method: 'GET', url: '/api/trial-balance?fund=10' }),
      400,
      'invalid_input',
      'fund',
    );
    expectError(
      await call({ method: 'GET', url: '/api/trial-balance?includeZero=maybe' }),
      400,
      'invalid_input',
      'includeZero',
    );
  });

  it('shows fund balances: assets less liabilities = ending fund balance', async () => {
    const answer = await call<Static<typeof FundBalances>>({
      method: 'GET',
      url: '/api/fund-balances?asOf=2026-11-30',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.funds.map((fund: { fundCode: string }) => fund.fundCode)).toEqual([
      '100',
      '510',
    ]);
    for (const fund of answer.body.funds) {
      expect(fund.assetsCents - fund.liabilitiesCents).toBe(fund.endingFundBalanceCents);
    }
  });
});

describe('GET /api/journal/export', () => {
  it('streams an hledger journal as an attachment', async () => {
    const answer = await call({ method: 'GET', url: '/api/journal/export?format=hledger' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="journal-${testClock.today()}.journal"`,
    );
    expect(answer.text).toContain('commodity $1,000.00');
    expect(answer.text).toMatch(/^2026-07-10 \* \(JE-\d+\)/m);
  });

  it('streams CSV, one row per line, every entry included', async () => {
    const answer = await call({ method: 'GET', url: '/api/journal/export?format=csv' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = answer.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^entry_id,entry_date,period,description/);
    const listed = await call<EntryList>({ method: 'GET', url: '/api/journal-entries?limit=500' });
    const lineCount = listed.body.entries.reduce(
      (sum: number, e: { lines: unknown[] }) => sum + e.lines.length,
      0,
    );
    expect(rows).toHaveLength(lineCount + 1);
  });

  it('refuses an unknown format', async () => {
    const answer = await call({ method: 'GET', url: '/api/journal/export?format=xlsx' });
    expectError(answer, 400, 'invalid_input', 'format');
  });
});
