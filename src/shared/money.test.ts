import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import {
  addCents,
  allocateLargestRemainder,
  cents,
  formatCents,
  formatDollars,
  MAX_CENTS,
  multiplyCents,
  negateCents,
  parseCents,
  parseDollars,
  roundToCents,
  splitEvenly,
  subtractCents,
  sumOfRatedCents,
  sumCents,
  type Cents,
} from './money.js';

/** Runs `work` and returns the AppError it throws (fails the test if it throws nothing). */
function caught(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

// Exact arithmetic for the oracle: far more digits than any amount we allocate.
const Exact = Decimal.clone({ precision: 120 });

describe('parseDollars', () => {
  it.each([
    ['0', 0],
    ['0.00', 0],
    ['1', 100],
    ['12', 1_200],
    ['1234.5', 123_450],
    ['1234.50', 123_450],
    ['1,234.56', 123_456],
    ['1,234,567.89', 123_456_789],
    ['$12', 1_200],
    ['$1,234.56', 123_456],
    ['-45.10', -4_510],
    ['-$45.10', -4_510],
    ['0.01', 1],
    ['-0.01', -1],
    ['  12.34  ', 1_234],
    ['007.5', 750],
    ['90071992547409.91', MAX_CENTS],
    ['-90071992547409.91', -MAX_CENTS],
  ])('reads %j as %d cents', (text, expected) => {
    expect(parseDollars(text, 'amount')).toBe(expected);
  });

  it.each([
    ['more than two decimals', '12.345'],
    ['an exponent', '1e3'],
    ['an exponent with a fraction', '1.5e2'],
    ['negative zero', '-0'],
    ['negative zero with cents', '-0.00'],
    ['negative zero with one decimal', '-0.0'],
    ['empty text', ''],
    ['only whitespace', '   '],
    ['a tab and a newline', '\t\n'],
    ['more than 2^53 - 1 cents', '90071992547409.92'],
    ['far more than 2^53 - 1 cents', '100000000000000000000'],
    ['misplaced thousands separators', '1,23.00'],
    ['a separator group of two', '12,34'],
    ['a separator group of four', '1,2345.00'],
    ['a leading separator', ',123'],
    ['a trailing dot', '12.'],
    ['a leading dot', '.50'],
    ['a plus sign', '+12.00'],
    ['a dollar sign before the minus', '$-12'],
    ['a space inside', '1 234.00'],
    ['a decimal comma', '12,5'],
    ['letters', 'twelve'],
    ['hexadecimal', '0x10'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['two minus signs', '--5'],
    ['a trailing minus', '5-'],
    ['parentheses for negatives', '(5.00)'],
    ['full-width digits', '１２'],
  ])('refuses %s (%j), naming the field', (_name, text) => {
    const error = caught(() => parseDollars(text, 'lines[0].debit'));
    expect(error.code).toBe('invalid_input');
    expect(error.details.field).toBe('lines[0].debit');
    expect(error.message.startsWith('lines[0].debit: ')).toBe(true);
  });

  it('never returns negative zero', () => {
    expect(Object.is(parseDollars('0.00', 'amount'), -0)).toBe(false);
  });

  it('reads every amount formatCents writes, back to the same cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), fc.boolean(), (amount, grouping) => {
        const text = formatCents(cents(amount), { grouping });
        expect(parseDollars(text, 'amount')).toBe(amount === 0 ? 0 : amount);
      }),
    );
  });
});

describe('parseCents', () => {
  it.each([
    [0, 0],
    [1, 1],
    [-1, -1],
    [12_500, 12_500],
    [MAX_CENTS, MAX_CENTS],
    [-MAX_CENTS, -MAX_CENTS],
    ['0', 0],
    ['12500', 12_500],
    ['-12500', -12_500],
    [' 42 ', 42],
    ['007', 7],
    ['9007199254740991', MAX_CENTS],
    ['-9007199254740991', -MAX_CENTS],
  ])('reads %j as %d cents', (value, expected) => {
    expect(parseCents(value, 'amountCents')).toBe(expected);
  });

  it.each([
    ['a fraction (number)', 12.5],
    ['a fraction (text)', '12.5'],
    ['a whole number written with a decimal point', '12.0'],
    ['negative zero (number)', -0],
    ['negative zero (text)', '-0'],
    ['negative zero with leading zeros', '-000'],
    ['an exponent (text)', '1e3'],
    ['an exponent with a sign (text)', '1E+3'],
    ['2^53 cents (number)', 2 ** 53],
    ['2^53 cents (text)', '9007199254740992'],
    ['-(2^53) cents (text)', '-9007199254740992'],
    ['2^53 + 1 cents (text)', '9007199254740993'],
    ['a huge number', 1e300],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['empty text', ''],
    ['only whitespace', '  '],
    ['a plus sign', '+5'],
    ['thousands separators', '1,000'],
    ['dollars', '$5'],
    ['hexadecimal', '0x10'],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['an object', { cents: 5 }],
    ['an array', [5]],
    ['a bigint', 5n],
  ])('refuses %s, naming the field', (_name, value) => {
    const error = caught(() => parseCents(value, 'lines[1].creditCents'));
    expect(error.code).toBe('invalid_input');
    expect(error.details.field).toBe('lines[1].creditCents');
    expect(error.message.startsWith('lines[1].creditCents: ')).toBe(true);
  });

  it('accepts every safe integer, as a number or as its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), (amount) => {
        const expected = amount === 0 ? 0 : amount;
        expect(parseCents(amount === 0 ? 0 : amount, 'amountCents')).toBe(expected);
        expect(parseCents(String(amount), 'amountCents')).toBe(expected);
      }),
    );
  });
});

describe('formatCents and formatDollars', () => {
  it.each([
    [0, '0.00', '0.00', '$0.00'],
    [5, '0.05', '0.05', '$0.05'],
    [-5, '-0.05', '-0.05', '-$0.05'],
    [100, '1.00', '1.00', '$1.00'],
    [99_999, '999.99', '999.99', '$999.99'],
    [100_000, '1,000.00', '1000.00', '$1,000.00'],
    [123_456, '1,234.56', '1234.56', '$1,234.56'],
    [-123_456, '-1,234.56', '-1234.56', '-$1,234.56'],
    [100_000_000_00, '100,000,000.00', '100000000.00', '$100,000,000.00'],
    [MAX_CENTS, '90,071,992,547,409.91', '90071992547409.91', '$90,071,992,547,409.91'],
    [-MAX_CENTS, '-90,071,992,547,409.91', '-90071992547409.91', '-$90,071,992,547,409.91'],
  ])('%d cents', (amount, grouped, plain, dollars) => {
    expect(formatCents(cents(amount))).toBe(grouped);
    expect(formatCents(cents(amount), { grouping: false })).toBe(plain);
    expect(formatDollars(cents(amount))).toBe(dollars);
  });
});

describe('roundToCents', () => {
  it.each([
    // value in cents, half-up, half-even
    ['0.5', 1, 0],
    ['1.5', 2, 2],
    ['2.5', 3, 2],
    ['3.5', 4, 4],
    ['-0.5', -1, 0],
    ['-1.5', -2, -2],
    ['-2.5', -3, -2],
    ['-3.5', -4, -4],
    ['2.4999999', 2, 2],
    ['2.5000001', 3, 3],
    ['-2.4999999', -2, -2],
    ['-2.5000001', -3, -3],
    ['0.49', 0, 0],
    ['-0.49', 0, 0],
    ['12345.5', 12_346, 12_346],
    ['12344.5', 12_345, 12_344],
    ['7', 7, 7],
    ['-7', -7, -7],
  ])('rounds %s cents to %d (half-up) and %d (half-even)', (value, halfUp, halfEven) => {
    expect(roundToCents(value)).toBe(halfUp);
    expect(roundToCents(value, 'half_up')).toBe(halfUp);
    expect(roundToCents(value, 'half_even')).toBe(halfEven);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundToCents('-0.4'), 0)).toBe(true);
    expect(Object.is(roundToCents('-0.5', 'half_even'), 0)).toBe(true);
  });

  it('rounds the exact decimal, not its binary float (1.005 dollars is 100.5 cents)', () => {
    // 1.005 * 100 in floats is 100.49999999999999; computed in Decimal it is exactly 100.5.
    expect(roundToCents(new Decimal('1.005').times(100))).toBe(101);
    expect(roundToCents(new Decimal('1.005').times(100), 'half_even')).toBe(100);
  });

  it('refuses a result beyond 2^53 - 1 cents', () => {
    expect(caught(() => roundToCents('9007199254740992')).code).toBe('invalid_input');
    expect(roundToCents('9007199254740990.6')).toBe(MAX_CENTS);
  });

  it.each([
    [1_000, '0.015', 'half_up', 15],
    [333, '0.015', 'half_up', 5],
    [5, '0.5', 'half_up', 3],
    [5, '0.5', 'half_even', 2],
    [7, '0.5', 'half_even', 4],
    [-5, '0.5', 'half_up', -3],
    [12_345, '3.456700', 'half_up', 42_673],
    [100, '0', 'half_up', 0],
  ] as const)('multiplyCents(%d, %s, %s) = %d', (amount, rate, rule, expected) => {
    expect(multiplyCents(cents(amount), rate, rule)).toBe(expected);
  });
});

describe('checked arithmetic', () => {
  it('adds, subtracts, negates and sums exactly', () => {
    expect(addCents(cents(1), cents(2))).toBe(3);
    expect(subtractCents(cents(1), cents(2))).toBe(-1);
    expect(Object.is(negateCents(cents(0)), 0)).toBe(true);
    expect(negateCents(cents(-7))).toBe(7);
    expect(sumCents([cents(10), cents(-3), cents(5)])).toBe(12);
    expect(sumCents([])).toBe(0);
    expect(Object.is(addCents(cents(0), cents(0)), 0)).toBe(true);
  });

  it('throws instead of losing a cent past 2^53 - 1', () => {
    expect(caught(() => addCents(cents(MAX_CENTS), cents(1))).code).toBe('invalid_input');
    expect(caught(() => subtractCents(cents(-MAX_CENTS), cents(1))).code).toBe('invalid_input');
    expect(caught(() => sumCents([cents(MAX_CENTS), cents(1), cents(-5)])).code).toBe('invalid_input');
  });

  it('asserts that trusted values are safe integers', () => {
    expect(() => cents(0.5)).toThrow(/Assertion failed/);
    expect(() => cents(2 ** 53)).toThrow(/Assertion failed/);
    expect(() => cents(Number.NaN)).toThrow(/Assertion failed/);
    expect(Object.is(cents(-0), 0)).toBe(true);
  });
});

describe('allocateLargestRemainder', () => {
  it.each([
    ['$100 in three equal shares', 10_000, [1, 1, 1], [3_334, 3_333, 3_333]],
    ['-$100 in three equal shares', -10_000, [1, 1, 1], [-3_334, -3_333, -3_333]],
    ['one cent in three shares (ties go to the first)', 1, [1, 1, 1], [1, 0, 0]],
    ['two cents in three shares', 2, [1, 1, 1], [1, 1, 0]],
    ['zero', 0, [1, 2, 3], [0, 0, 0]],
    ['a zero weight gets nothing', 10_000, [0, 1], [0, 10_000]],
    ['one third and two thirds', 100, [1, 2], [33, 67]],
    ['largest remainder wins, not the first', 100, [1, 1, 1.2], [31, 31, 38]],
    ['fractional weights', 1_000, [0.1, 0.2, 0.7], [100, 200, 700]],
    ['a single share takes everything', 12_345, [5], [12_345]],
    ['seven equal shares', 100, [1, 1, 1, 1, 1, 1, 1], [15, 15, 14, 14, 14, 14, 14]],
  ])('%s', (_name, total, weights, expected) => {
    const parts = allocateLargestRemainder(cents(total), weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
  });

  it('splitEvenly is allocation over equal weights', () => {
    expect(splitEvenly(cents(10_000), 3)).toEqual([3_334, 3_333, 3_333]);
    expect(splitEvenly(cents(-1), 2)).toEqual([-1, 0]);
    expect(() => splitEvenly(cents(100), 0)).toThrow(/Assertion failed/);
  });

  it.each([
    ['no weights', []],
    ['all weights zero', [0, 0]],
    ['a negative weight', [1, -1]],
    ['an infinite weight', [1, Number.POSITIVE_INFINITY]],
    ['a NaN weight', [Number.NaN]],
  ])('treats %s as a programmer error', (_name, weights) => {
    expect(() => allocateLargestRemainder(cents(100), weights)).toThrow(/Assertion failed/);
  });

  it('parts always sum to the total and each is within one cent of its exact share', () => {
    const weight = fc.oneof(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.double({ min: 0, max: 1_000_000, noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.array(weight, { minLength: 1, maxLength: 25 }).filter((ws) => ws.some((w) => w > 0)),
        (total, weights) => checkAllocation(total, weights),
      ),
      { numRuns: 500 },
    );
  });

  it('stays exact for totals up to 2^53 - 1 cents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }),
        fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 12 }).filter((ws) => ws.some((w) => w > 0)),
        (total, weights) => checkAllocation(total, weights),
      ),
      { numRuns: 500 },
    );
  });
});

function checkAllocation(total: number, weights: number[]): void {
  const parts: Cents[] = allocateLargestRemainder(cents(total), weights);
  expect(parts).toHaveLength(weights.length);
  expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total === 0 ? 0 : total);
  const weightSum = weights.reduce((sum, w) => sum.plus(w), new Exact(0));
  parts.forEach((part, index) => {
    expect(Number.isSafeInteger(part)).toBe(true);
    const exact = new Exact(total).times(weights[index] as number).dividedBy(weightSum);
    expect(exact.minus(part).abs().lessThan(1)).toBe(true);
    // Every part has the sign of the total (or is zero).
    expect(Math.sign(part) === 0 || Math.sign(part) === Math.sign(total)).toBe(true);
  });
}

describe('sumOfRatedCents', () => {
  const rate = fc.tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.integer({ min: 0, max: 7 }))
    .map(([units, decimals]) => new Decimal(units).dividedBy(new Decimal(10).pow(decimals)).toFixed(decimals));
  const term = fc.tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(cents), rate);

  it('is the Decimal sum rounded once, by either rule, whatever the rates and their decimals', () => {
    fc.assert(fc.property(fc.array(term, { maxLength: 4 }), fc.constantFrom('half_up' as const, 'half_even' as const), (terms, rule) => {
      const exact = terms.reduce((sum, [amount, r]) => sum.plus(new Decimal(amount).times(r)), new Decimal(0));
      expect(sumOfRatedCents(terms, rule)).toBe(roundToCents(exact, rule));
    }), { numRuns: 2_000 });
  });

  it.each([
    [[[cents(5), '0.1']], 'half_up', 1],
    [[[cents(-5), '0.1']], 'half_up', -1],
    [[[cents(5), '0.1']], 'half_even', 0],
    [[[cents(15), '0.1']], 'half_even', 2],
    [[[cents(12345), '0.100000'], [cents(6789), '.01']], 'half_up', 1302],
    [[[cents(100), '0.0000005']], 'half_up', 0],
  ] as const)('sumOfRatedCents(%j, %s) = %d', (terms, rule, expected) => {
    expect(sumOfRatedCents(terms, rule)).toBe(expected);
  });
});
