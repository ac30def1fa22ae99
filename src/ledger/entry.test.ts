import { describe, expect, it } from 'vitest';
import { AppError, type FieldProblem } from '../shared/errors.js';
import { cents, MAX_CENTS } from '../shared/money.js';
import { buildReversal, normalizeEntry, type JournalEntryInput } from './entry.js';

const cash = '100-0000-10100';
const licenseTax = '100-1510-41100';
const dueFromWater = '100-0000-13100';
const waterSupplies = '510-7100-53100';
const waterDueToGeneral = '510-0000-21100';

function validInput(overrides: Partial<JournalEntryInput> = {}): JournalEntryInput {
  return {
    entryDate: '2026-08-15',
    description: 'Business license payments',
    idempotencyKey: 'key-1',
    lines: [
      { account: cash, debitCents: 12_500 },
      { account: licenseTax, creditCents: 12_500 },
    ],
    ...overrides,
  };
}

function errorOf(input: unknown): AppError {
  try {
    normalizeEntry(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected normalizeEntry to refuse the entry');
}

function problemFields(error: AppError): string[] {
  const problems = error.details.problems as FieldProblem[] | undefined;
  return (problems ?? []).map((problem) => problem.field);
}

describe('normalizeEntry: a valid entry', () => {
  it('signs amounts (debits positive), fills the period and totals the debits', () => {
    const entry = normalizeEntry(
      validInput({
        description: '  Business license payments  ',
        lines: [
          { account: cash, debit: '100.00', memo: ' counter 1 ' },
          { account: cash, debitCents: '25' },
          { account: licenseTax, credit: '$100.25' },
        ],
      }),
    );
    expect(entry.entryDate).toBe('2026-08-15');
    expect(entry.periodKey).toBe('2026-08');
    expect(entry.description).toBe('Business license payments');
    expect(entry.sourceModule).toBe('gl');
    expect(entry.sourceRef).toBeNull();
    expect(entry.idempotencyKey).toBe('key-1');
    expect(entry.reversesEntryId).toBeNull();
    expect(entry.totalDebitCents).toBe(10_025);
    expect(entry.lines).toEqual([
      { lineNumber: 1, accountCode: cash, fundCode: '100', amountCents: 10_000, memo: 'counter 1', subledgerAccountId: null },
      { lineNumber: 2, accountCode: cash, fundCode: '100', amountCents: 25, memo: null, subledgerAccountId: null },
      { lineNumber: 3, accountCode: licenseTax, fundCode: '100', amountCents: -10_025, memo: null, subledgerAccountId: null },
    ]);
  });

  it('posts to the year-end adjustment period when asked', () => {
    const entry = normalizeEntry(validInput({ entryDate: '2027-06-30', periodKey: 'fy2027-adj' }));
    expect(entry.periodKey).toBe('FY2027-13');
  });

  it('takes the source module and reference, with a default module from the caller', () => {
    expect(normalizeEntry(validInput({ source: { module: 'cashiering', reference: 'R-1' } })).sourceModule).toBe('cashiering');
    expect(normalizeEntry(validInput({ source: { reference: 'R-1' } }), { sourceModule: 'utility' }).sourceModule).toBe('utility');
    expect(normalizeEntry(validInput({ source: { reference: 'R-1' } })).sourceRef).toBe('R-1');
  });

  it('accepts an inter-fund entry through due-to and due-from', () => {
    const entry = normalizeEntry(
      validInput({
        lines: [
          { account: dueFromWater, debitCents: 5_000 },
          { account: licenseTax, creditCents: 5_000 },
          { account: waterSupplies, debitCents: 5_000 },
          { account: waterDueToGeneral, creditCents: 5_000 },
        ],
      }),
    );
    expect(new Set(entry.lines.map((line) => line.fundCode))).toEqual(new Set(['100', '510']));
  });

  it('binds the idempotency key to the content, not to the key itself', () => {
    const first = normalizeEntry(validInput({ idempotencyKey: 'a' }));
    const sameContent = normalizeEntry(validInput({ idempotencyKey: 'b' }));
    expect(sameContent.contentHash).toBe(first.contentHash);
    const changes: Array<Partial<JournalEntryInput>> = [
      { description: 'Other' },
      { entryDate: '2026-08-16' },
      { source: { module: 'cashiering' } },
      { source: { reference: 'R-2' } },
      { lines: [{ account: cash, debitCents: 12_501 }, { account: licenseTax, creditCents: 12_501 }] },
      { lines: [{ account: cash, debitCents: 12_500, memo: 'x' }, { account: licenseTax, creditCents: 12_500 }] },
      { lines: [{ account: licenseTax, creditCents: 12_500 }, { account: cash, debitCents: 12_500 }] },
    ];
    for (const change of changes) {
      expect(normalizeEntry(validInput({ idempotencyKey: 'a', ...change })).contentHash).not.toBe(first.contentHash);
    }
    // Dollars and cents that mean the same amount are the same content.
    const inDollars = normalizeEntry(validInput({ lines: [{ account: cash, debit: '125' }, { account: licenseTax, credit: '125.00' }] }));
    expect(inDollars.contentHash).toBe(first.contentHash);
  });

  it('without a key, uses the content as the key', () => {
    const entry = normalizeEntry(validInput({ idempotencyKey: null }));
    expect(entry.idempotencyKey).toBe(`content:${entry.contentHash}`);
  });
});

describe('normalizeEntry: errors name their fields', () => {
  it.each<[string, unknown, string[]]>([
    ['not an object', 'entry', ['entry']],
    ['an array', [], ['entry']],
    ['null', null, ['entry']],
    ['no date', validInput({ entryDate: undefined as unknown as string }), ['entryDate']],
    ['an impossible date', validInput({ entryDate: '2026-02-30' }), ['entryDate']],
    ['a US-style date', validInput({ entryDate: '08/15/2026' }), ['entryDate']],
    ['an unknown period', validInput({ periodKey: '2026-13' }), ['periodKey']],
    ['no description', validInput({ description: '' }), ['description']],
    ['a blank description', validInput({ description: '   ' }), ['description']],
    ['a description that is not text', validInput({ description: 42 as unknown as string }), ['description']],
    ['a description over 500 characters', validInput({ description: 'x'.repeat(501) }), ['description']],
    ['a source module that is not text', validInput({ source: { module: 7 as unknown as string } }), ['source.module']],
    ['a source reference over 500 characters', validInput({ source: { reference: 'r'.repeat(501) } }), ['source.reference']],
    ['an idempotency key that is not text', validInput({ idempotencyKey: 5 as unknown as string }), ['idempotencyKey']],
    ['no lines', validInput({ lines: undefined as unknown as [] }), ['lines']],
    ['one line', validInput({ lines: [{ account: cash, debitCents: 1 }] }), ['lines']],
    ['lines that are not an array', validInput({ lines: 'x' as unknown as [] }), ['lines']],
    ['a line that is not an object', validInput({ lines: [{ account: cash, debitCents: 1 }, 'x' as never] }), ['lines[1]']],
    ['a malformed account', validInput({ lines: [{ account: '100-1510', debitCents: 1 }, { account: licenseTax, creditCents: 1 }] }), ['lines[0].account']],
    ['a missing account', validInput({ lines: [{ debitCents: 1 } as never, { account: licenseTax, creditCents: 1 }] }), ['lines[0].account']],
    ['no amount', validInput({ lines: [{ account: cash }, { account: licenseTax, creditCents: 1 }] }), ['lines[0].amount']],
    ['two amounts', validInput({ lines: [{ account: cash, debitCents: 1, creditCents: 1 }, { account: licenseTax, creditCents: 1 }] }), ['lines[0].amount']],
    ['a debit in cents and in dollars', validInput({ lines: [{ account: cash, debitCents: 100, debit: '1.00' }, { account: licenseTax, creditCents: 100 }] }), ['lines[0].amount']],
    ['a zero amount', validInput({ lines: [{ account: cash, debitCents: 0 }, { account: licenseTax, creditCents: 0 }] }), ['lines[0].debitCents', 'lines[1].creditCents']],
    ['a negative debit', validInput({ lines: [{ account: cash, debitCents: -5 }, { account: licenseTax, debitCents: 5 }] }), ['lines[0].debitCents']],
    ['a negative credit in dollars', validInput({ lines: [{ account: cash, credit: '-5.00' }, { account: licenseTax, credit: '5.00' }] }), ['lines[0].credit']],
    ['three decimals', validInput({ lines: [{ account: cash, debit: '12.345' }, { account: licenseTax, credit: '12.35' }] }), ['lines[0].debit']],
    ['an exponent', validInput({ lines: [{ account: cash, debitCents: '1e3' }, { account: licenseTax, creditCents: 1_000 }] }), ['lines[0].debitCents']],
    ['negative zero', validInput({ lines: [{ account: cash, debit: '-0' }, { account: licenseTax, credit: '-0.00' }] }), ['lines[0].debit', 'lines[1].credit']],
    ['more than 2^53 - 1 cents', validInput({ lines: [{ account: cash, debitCents: '9007199254740992' }, { account: licenseTax, creditCents: 1 }] }), ['lines[0].debitCents']],
    ['an empty amount', validInput({ lines: [{ account: cash, debit: '' }, { account: licenseTax, credit: '1.00' }] }), ['lines[0].debit']],
    ['a fractional cent', validInput({ lines: [{ account: cash, debitCents: 1.5 }, { account: licenseTax, creditCents: 1.5 }] }), ['lines[0].debitCents', 'lines[1].creditCents']],
    ['a memo that is not text', validInput({ lines: [{ account: cash, debitCents: 1, memo: 5 as never }, { account: licenseTax, creditCents: 1 }] }), ['lines[0].memo']],
  ])('%s', (_name, input, fields) => {
    const error = errorOf(input);
    expect(error.code).toBe('invalid_input');
    expect(problemFields(error)).toEqual(fields);
    // The message names the (first) field too, for people reading a log or a CLI.
    expect(error.message).toContain(fields.length === 1 ? fields[0] : 'problems');
  });

  it('reports every problem at once, so a whole form can be fixed in one go', () => {
    const error = errorOf({
      entryDate: '2026-02-30',
      description: '',
      lines: [{ account: 'nope', debit: '1.234' }, { account: licenseTax }],
    });
    expect(problemFields(error).sort()).toEqual(
      ['description', 'entryDate', 'lines[0].account', 'lines[0].debit', 'lines[1].amount'].sort(),
    );
    for (const problem of error.details.problems as FieldProblem[]) {
      // The field is in `field`; the message does not repeat it.
      expect(problem.message.startsWith(`${problem.field}:`)).toBe(false);
    }
  });

  it('refuses an unbalanced entry with the difference', () => {
    const error = errorOf(
      validInput({ lines: [{ account: cash, debitCents: 100 }, { account: licenseTax, creditCents: 99 }] }),
    );
    expect(error.code).toBe('unbalanced_entry');
    expect(error.details).toMatchObject({ debitsCents: 100, creditsCents: 99, differenceCents: 1 });
    expect(error.message).toContain('1.00');
    expect(error.message).toContain('0.99');
  });

  it('refuses an entry that balances in total but not within each fund, naming the funds', () => {
    const error = errorOf(
      validInput({ lines: [{ account: cash, debitCents: 100 }, { account: '510-7100-44100', creditCents: 100 }] }),
    );
    expect(error.code).toBe('unbalanced_entry');
    expect(error.details.differenceCents).toBe(0);
    expect(error.details.funds).toEqual([
      { fund: '100', differenceCents: 100 },
      { fund: '510', differenceCents: -100 },
    ]);
    expect(error.message).toMatch(/due-to\/due-from/);
  });

  // Regression: each line is a safe amount but the entry's total is not; the refusal used to name
  // no field (sumCents threw with empty details), unlike every other invalid_input here.
  it('names the lines when the total of the debits is beyond 2^53 - 1 cents', () => {
    const error = errorOf(
      validInput({
        lines: [
          { account: cash, debitCents: MAX_CENTS },
          { account: cash, debitCents: 1 },
          { account: licenseTax, creditCents: MAX_CENTS },
          { account: licenseTax, creditCents: 1 },
        ],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(JSON.stringify(error.details)).toContain('lines');
  });
});

describe('buildReversal', () => {
  const original = {
    id: 41,
    description: 'Business license payments',
    sourceModule: 'cashiering',
    sourceRef: 'R-9',
    lines: normalizeEntry(validInput()).lines,
  };

  it('negates every line and links to the original', () => {
    const reversal = buildReversal(original, { entryDate: '2026-11-23' as never, periodKey: '2026-11' });
    expect(reversal.reversesEntryId).toBe(41);
    expect(reversal.lines.map((line) => [line.accountCode, line.amountCents])).toEqual([
      [cash, -12_500],
      [licenseTax, 12_500],
    ]);
    expect(reversal.totalDebitCents).toBe(12_500);
    expect(reversal.description).toBe('Reversal of JE 41: Business license payments');
    expect(reversal.sourceModule).toBe('cashiering');
    expect(reversal.sourceRef).toBe('R-9');
    expect(reversal.idempotencyKey).toBe('reverse:41');
  });

  it('takes a description and key when given, and is deterministic', () => {
    const options = { entryDate: '2026-11-23' as never, periodKey: '2026-11', description: 'Posted twice', idempotencyKey: 'k' };
    const reversal = buildReversal(original, options);
    expect(reversal.description).toBe('Posted twice');
    expect(reversal.idempotencyKey).toBe('k');
    expect(buildReversal(original, options).contentHash).toBe(reversal.contentHash);
    expect(reversal.contentHash).not.toBe(normalizeEntry(validInput()).contentHash);
  });

  it('a reversal of a reversal restores the original lines', () => {
    const once = buildReversal(original, { entryDate: '2026-11-23' as never, periodKey: '2026-11' });
    const twice = buildReversal({ ...original, id: 42, lines: once.lines }, { entryDate: '2026-11-23' as never, periodKey: '2026-11' });
    expect(twice.lines.map((line) => line.amountCents)).toEqual(original.lines.map((line) => line.amountCents));
    expect(twice.lines.every((line) => !Object.is(line.amountCents, -0))).toBe(true);
    expect(cents(0)).toBe(0);
  });
});
