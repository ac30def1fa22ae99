/**
 * Money is integer cents, end to end. This module is the one home of parsing, formatting,
 * rounding and allocation.
 *
 * - `Cents` is a branded JavaScript number that is always a safe integer (|n| <= 2^53 - 1). We use
 *   a checked number rather than bigint so amounts cross JSON, the database driver and the web
 *   application unchanged; every arithmetic helper re-checks the result, so an overflow throws
 *   instead of silently losing a cent.
 * - Rounding rule: ROUND_HALF_UP (away from zero on .5) is the default, applied once per line;
 *   ROUND_HALF_EVEN (banker's rounding) is available where a rate schedule asks for it.
 * - Allocation rule: largest remainder. $100.00 over three equal shares is 33.34 / 33.33 / 33.33;
 *   ties in the remainder go to the earlier share, so the result is deterministic.
 */
import { Decimal } from 'decimal.js';
import { AppError, assert, invalidInput } from './errors.js';

declare const centsBrand: unique symbol;
export type Cents = number & { readonly [centsBrand]: true };

export const MAX_CENTS = Number.MAX_SAFE_INTEGER;

export type RoundingRule = 'half_up' | 'half_even';

/** Trusts a value our own code computed; asserts it is a safe integer (programmer error if not). */
export function cents(value: number): Cents {
  assert(Number.isSafeInteger(value), `cents must be a safe integer, got ${value}`);
  return (Object.is(value, -0) ? 0 : value) as Cents;
}

export const ZERO = 0 as Cents;

export function addCents(a: Cents, b: Cents): Cents {
  return checkedResult(a + b, 'sum');
}

export function subtractCents(a: Cents, b: Cents): Cents {
  return checkedResult(a - b, 'difference');
}

export function negateCents(a: Cents): Cents {
  return cents(a === 0 ? 0 : -a);
}

export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const value of values) {
    total += value;
    if (!Number.isSafeInteger(total)) {
      throw new AppError('invalid_input', 'The total is too large to be represented exactly', {});
    }
  }
  return total as Cents;
}

function checkedResult(value: number, what: string): Cents {
  if (!Number.isSafeInteger(value)) {
    throw new AppError('invalid_input', `The ${what} is too large to be represented exactly`, {});
  }
  return (Object.is(value, -0) ? 0 : value) as Cents;
}

const dollarsPattern = /^(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses a dollar amount typed by a person or read from a file: "1234.5", "1,234.56", "$12",
 * "-45.10". Refuses what is ambiguous or not money: more than two decimals ("12.345"), exponents
 * ("1e3"), negative zero ("-0", "-0.00"), empty text, and amounts beyond 2^53 - 1 cents.
 */
export function parseDollars(text: string, field: string): Cents {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw invalidInput(field, 'an amount is required', { value: text });
  }
  const match = dollarsPattern.exec(trimmed);
  if (!match) {
    throw invalidInput(field, `"${text}" is not an amount in dollars and cents (e.g. 1234.56)`, {
      value: text,
    });
  }
  const [, minus, wholeText = '', fractionText = ''] = match;
  const whole = BigInt(wholeText.replaceAll(',', ''));
  const fraction = BigInt(fractionText.padEnd(2, '0'));
  const magnitude = whole * 100n + fraction;
  if (minus && magnitude === 0n) {
    throw invalidInput(field, 'negative zero is not an amount', { value: text });
  }
  if (magnitude > BigInt(MAX_CENTS)) {
    throw invalidInput(field, 'the amount is too large', { value: text });
  }
  return cents(Number(minus ? -magnitude : magnitude));
}

/**
 * Reads an amount already in cents from JSON or a CSV cell: a safe integer number, or a string of
 * digits with an optional leading minus. Refuses fractions, exponents, negative zero, empty.
 */
export function parseCents(value: unknown, field: string): Cents {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw invalidInput(field, `${value} is not a whole number of cents`, { value });
    }
    if (Object.is(value, -0)) {
      throw invalidInput(field, 'negative zero is not an amount', { value: '-0' });
    }
    if (!Number.isSafeInteger(value)) {
      throw invalidInput(field, 'the amount is too large (more than 2^53 - 1 cents)', { value });
    }
    return value as Cents;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') {
      throw invalidInput(field, 'an amount is required', { value });
    }
    if (!/^-?\d+$/.test(trimmed)) {
      throw invalidInput(field, `"${value}" is not a whole number of cents`, { value });
    }
    if (/^-0+$/.test(trimmed)) {
      throw invalidInput(field, 'negative zero is not an amount', { value });
    }
    const big = BigInt(trimmed);
    if (big > BigInt(MAX_CENTS) || big < -BigInt(MAX_CENTS)) {
      throw invalidInput(field, 'the amount is too large (more than 2^53 - 1 cents)', { value });
    }
    return Number(big) as Cents;
  }
  throw invalidInput(field, 'an amount in cents is required', { value: value ?? null });
}

/** 123456 -> "1,234.56"; -5 -> "-0.05". */
export function formatCents(amount: Cents, options: { grouping?: boolean } = {}): string {
  const grouping = options.grouping ?? true;
  const negative = amount < 0;
  const magnitude = BigInt(Math.abs(amount));
  const whole = (magnitude / 100n).toString();
  const fraction = (magnitude % 100n).toString().padStart(2, '0');
  const wholeText = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${negative ? '-' : ''}${wholeText}.${fraction}`;
}

/** 123456 -> "$1,234.56"; -5 -> "-$0.05". */
export function formatDollars(amount: Cents): string {
  const text = formatCents(cents(Math.abs(amount)));
  return amount < 0 ? `-$${text}` : `$${text}`;
}

/**
 * Rounds an exact decimal number of cents (e.g. 12.5 HCF x $3.4567 x 100) to whole cents, once,
 * by the named rule. Callers compute in Decimal and round only here.
 */
export function roundToCents(valueInCents: Decimal.Value, rule: RoundingRule = 'half_up'): Cents {
  const mode = rule === 'half_up' ? Decimal.ROUND_HALF_UP : Decimal.ROUND_HALF_EVEN;
  const rounded = new Decimal(valueInCents).toDecimalPlaces(0, mode);
  return checkedResult(rounded.toNumber(), 'rounded amount');
}

/** Multiplies an amount by a rate (NUMERIC text such as "0.015000") and rounds once. */
export function multiplyCents(
  amount: Cents,
  rate: Decimal.Value,
  rule: RoundingRule = 'half_up',
): Cents {
  return roundToCents(new Decimal(amount).times(rate), rule);
}

const RATE_SCALE = 1_000_000n;
const rateMicros = new Map<string, bigint | null>();

/** A rate's NUMERIC text ("0.015000", "1", ".5") in millionths, or null when it has more than 6 decimals. */
function microsOf(rate: string): bigint | null {
  let micros = rateMicros.get(rate);
  if (micros === undefined) {
    const match = /^(-?)(\d*)(?:\.(\d{0,6})0*)?$/.exec(rate.trim());
    micros = match === null || (match[2] === '' && (match[3] ?? '') === '') ? null
      : (BigInt(match[2] || '0') * RATE_SCALE + BigInt((match[3] ?? '').padEnd(6, '0'))) * (match[1] === '-' ? -1n : 1n);
    if (rateMicros.size > 10_000) rateMicros.clear();
    rateMicros.set(rate, micros);
  }
  return micros;
}

/**
 * The sum of amount x rate terms (rates as NUMERIC text), rounded once by the named rule: the
 * same result as summing in Decimal and calling `roundToCents`, computed exactly in integers
 * (millionths of a cent) for rates of at most 6 decimals — the daily penalty job decides a
 * million bills with it. Other rates fall back to Decimal.
 */
export function sumOfRatedCents(terms: ReadonlyArray<readonly [Cents, string]>, rule: RoundingRule = 'half_up'): Cents {
  let total = 0n;
  for (const [amount, rate] of terms) {
    const micros = microsOf(rate);
    if (micros === null) return roundToCents(terms.reduce((sum, [a, r]) => sum.plus(new Decimal(a).times(r)), new Decimal(0)), rule);
    total += BigInt(amount) * micros;
  }
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  let whole = magnitude / RATE_SCALE;
  const twice = (magnitude % RATE_SCALE) * 2n;
  if (twice > RATE_SCALE || (twice === RATE_SCALE && (rule === 'half_up' || whole % 2n === 1n))) whole += 1n;
  return checkedResult(Number(negative ? -whole : whole), 'rounded amount');
}

/**
 * Splits `total` into parts proportional to `weights` by the largest-remainder rule. The parts
 * always add up to `total` exactly. Weights must be non-negative with a positive sum.
 */
export function allocateLargestRemainder(total: Cents, weights: readonly number[]): Cents[] {
  assert(weights.length > 0, 'allocation needs at least one weight');
  assert(
    weights.every((weight) => Number.isFinite(weight) && weight >= 0),
    'weights are finite and non-negative',
  );
  const weightSum = weights.reduce((sum, weight) => sum.plus(weight), new Decimal(0));
  assert(weightSum.greaterThan(0), 'weights must not all be zero');
  const sign = total < 0 ? -1 : 1;
  const magnitude = new Decimal(Math.abs(total));
  const shares = weights.map((weight, index) => {
    const exact = magnitude.times(weight).dividedBy(weightSum);
    const floor = exact.floor();
    return { index, floor: floor.toNumber(), remainder: exact.minus(floor) };
  });
  let leftover = Math.abs(total) - shares.reduce((sum, share) => sum + share.floor, 0);
  const byRemainder = [...shares].sort(
    (a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index,
  );
  for (const share of byRemainder) {
    if (leftover === 0) break;
    share.floor += 1;
    leftover -= 1;
  }
  return shares.map((share) => cents(sign * share.floor));
}

/** Splits `total` into `count` equal parts by the largest-remainder rule. */
export function splitEvenly(total: Cents, count: number): Cents[] {
  assert(Number.isSafeInteger(count) && count > 0, 'count is a positive integer');
  return allocateLargestRemainder(total, new Array<number>(count).fill(1));
}
