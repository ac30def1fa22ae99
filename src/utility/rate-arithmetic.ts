/**
 * Exact arithmetic for the rate engine, on plain numbers where that is provably exact and on
 * bigint only where it is not.
 *
 * Every quantity, rate and amount the engine handles is an integer on a fixed scale (a
 * ten-thousandth of a billing unit, a ten-thousandth of a cent per unit, a cent), and every
 * proration is a ratio of whole days. So every line amount is an exact rational number
 * n1 × n2 × n3 / (d1 × d2), and `roundRatio` rounds it once. A product of integers computed in
 * floating point is exact as long as its magnitude is at most 2^53 − 1, and when the true product
 * is larger the floating-point one is at least 2^53 (rounding is monotonic), so checking the
 * computed magnitude is a sound test; beyond it the same rule runs on bigint.
 */
import { AppError, assert } from '../shared/errors.js';
import type { RoundingRule } from '../shared/money.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Greatest common divisor of two non-negative safe integers (gcd(0, n) = n). */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}

/** a × b, or Infinity when it would not be exact (used for widths compared with safe amounts). */
export function saturatingProduct(a: number, b: number): number {
  const product = a * b;
  return product <= MAX_SAFE ? product : Number.POSITIVE_INFINITY;
}

/**
 * Rounds n1 × n2 × n3 / (d1 × d2) to an integer by `rule` (half up: away from zero on a half;
 * half even: to the even neighbour on a half). The n are safe integers of any sign, the d
 * positive safe integers.
 */
export function roundRatio(n1: number, n2: number, n3: number, d1: number, d2: number, rule: RoundingRule): number {
  const n12 = n1 * n2;
  const denominator = d1 * d2;
  if (n12 <= MAX_SAFE && n12 >= -MAX_SAFE && denominator <= MAX_SAFE) {
    const numerator = n12 * n3;
    if (numerator <= MAX_SAFE && numerator >= -MAX_SAFE) return roundQuotient(numerator, denominator, rule);
  }
  const result = roundBigQuotient(BigInt(n1) * BigInt(n2) * BigInt(n3), BigInt(d1) * BigInt(d2), rule);
  if (result > BigInt(MAX_SAFE) || result < -BigInt(MAX_SAFE)) {
    throw new AppError('invalid_input', 'A charge is too large to be represented exactly', {});
  }
  return Number(result);
}

function roundQuotient(numerator: number, denominator: number, rule: RoundingRule): number {
  // `%` and the division of a multiple are exact on safe integers.
  const remainder = numerator % denominator;
  const truncated = (numerator - remainder) / denominator;
  const magnitude = remainder < 0 ? -remainder : remainder;
  const rest = denominator - magnitude;
  if (magnitude < rest || magnitude === 0) return truncated + 0;
  const away = magnitude > rest || rule === 'half_up' || truncated % 2 !== 0;
  if (!away) return truncated + 0;
  return numerator < 0 ? truncated - 1 : truncated + 1;
}

function roundBigQuotient(numerator: bigint, denominator: bigint, rule: RoundingRule): bigint {
  const remainder = numerator % denominator;
  const truncated = numerator / denominator;
  const magnitude = remainder < 0n ? -remainder : remainder;
  const rest = denominator - magnitude;
  if (magnitude < rest || magnitude === 0n) return truncated;
  const away = magnitude > rest || rule === 'half_up' || truncated % 2n !== 0n;
  if (!away) return truncated;
  return numerator < 0n ? truncated - 1n : truncated + 1n;
}

/**
 * Reads a decimal text ("12", "4.2517", "-2.5") as an integer scaled by 10^scale, or null when it
 * is not one: more decimals than `scale` (trailing zeros beyond it are fine), exponents, signs
 * other than a leading minus (only with `allowNegative`), more than 15 whole digits, or beyond
 * 2^53 − 1 once scaled.
 */
export function parseScaled(text: string, scale: number, allowNegative = false): number | null {
  let index = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45 /* - */) {
    if (!allowNegative) return null;
    negative = true;
    index = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46 /* . */) break;
    if (code < 48 || code > 57) return null;
    whole = whole * 10 + (code - 48);
    wholeDigits += 1;
  }
  if (wholeDigits === 0 || wholeDigits > 15) return null;
  let fraction = 0;
  let fractionDigits = 0;
  if (index < text.length) {
    index += 1;
    if (index === text.length) return null;
    for (; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) return null;
      if (fractionDigits < scale) fraction = fraction * 10 + (code - 48);
      else if (code !== 48) return null;
      fractionDigits += 1;
    }
  }
  for (let digit = Math.min(fractionDigits, scale); digit < scale; digit += 1) fraction *= 10;
  const value = whole * 10 ** scale + fraction;
  if (!Number.isSafeInteger(value)) return null;
  return negative ? -value || 0 : value;
}

const fractionsOf4 = Array.from({ length: 10_000 }, (_, index) => String(index).padStart(4, '0'));

/** 80000 at scale 4 -> "8.0000"; -5 at scale 2 -> "-0.05". */
export function formatScaled(value: number, scale: number): string {
  assert(Number.isSafeInteger(value), `a scaled value is a safe integer, got ${value}`);
  const magnitude = value < 0 ? -value : value;
  let text: string;
  if (scale === 4) {
    // The hot case (every quantity on a bill): a table of the 10,000 four-digit fractions.
    const whole = Math.floor(magnitude / 10_000);
    text = `${whole}.${fractionsOf4[magnitude - whole * 10_000] ?? ''}`;
  } else {
    const unit = 10 ** scale;
    const whole = Math.floor(magnitude / unit);
    text = scale === 0 ? String(whole) : `${whole}.${String(magnitude - whole * unit).padStart(scale, '0')}`;
  }
  return value < 0 ? `-${text}` : text;
}

/** Like `formatScaled` but without trailing zeros ("10", "2.5"), for messages. */
export function formatScaledShort(value: number, scale: number): string {
  const text = formatScaled(value, scale);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Days since 1970-01-01 of a 'YYYY-MM-DD' text (already validated), by arithmetic rather than a
 * Date (H. Hinnant's days_from_civil): it runs four times per bill line set.
 */
export function dayNumber(date: string): number {
  // No inner closure: tsx (esbuild keepNames) would wrap one in a helper on every call.
  const month = (date.charCodeAt(5) - 48) * 10 + date.charCodeAt(6) - 48;
  const day = (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;
  const year = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10
    + date.charCodeAt(3) - 48 - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const dayLabels = new Map<number, string>();

/** "Jun 15" for a day number (remembered: a bill run asks for the same few days). */
export function formatDayShort(day: number): string {
  let label = dayLabels.get(day);
  if (label === undefined) {
    const date = new Date(day * 86_400_000);
    label = `${monthNames[date.getUTCMonth()] ?? ''} ${date.getUTCDate()}`;
    if (dayLabels.size < 10_000) dayLabels.set(day, label);
  }
  return label;
}

/** 'YYYY-MM-DD' of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
