import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundToCents } from '../shared/money.js';
import { dayNumber, formatScaled, gcd, isoOfDay, parseScaled, roundRatio } from './rate-arithmetic.js';

describe('exact arithmetic of the rate engine', () => {
  it('rounds n1 × n2 × n3 / (d1 × d2) exactly as decimal.js does, on numbers and past 2^53 on bigint', () => {
    const factor = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }));
    const divisor = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 30 }));
    fc.assert(fc.property(factor, factor, fc.integer({ min: -1000, max: 1000 }), divisor, divisor, fc.constantFrom('half_up' as const, 'half_even' as const), (n1, n2, n3, d1, d2, rule) => {
      const exact = new Decimal(n1).times(n2).times(n3).dividedBy(new Decimal(d1).times(d2));
      let expected: number | null;
      try {
        expected = roundToCents(exact, rule);
      } catch {
        expected = null;
      }
      if (expected === null || !Number.isSafeInteger(expected)) return;
      expect(roundRatio(n1, n2, n3, d1, d2, rule)).toBe(expected);
    }), { numRuns: 2000 });
  });

  it('rounds halves by the rule', () => {
    expect(roundRatio(5, 1, 1, 2, 1, 'half_up')).toBe(3);
    expect(roundRatio(-5, 1, 1, 2, 1, 'half_up')).toBe(-3);
    expect(roundRatio(5, 1, 1, 2, 1, 'half_even')).toBe(2);
    expect(roundRatio(7, 1, 1, 2, 1, 'half_even')).toBe(4);
    expect(roundRatio(-7, 1, 1, 2, 1, 'half_even')).toBe(-4);
    expect(Object.is(roundRatio(-1, 1, 1, 3, 1, 'half_up'), 0)).toBe(true);
  });

  it('counts days like the calendar does', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
      const iso = date.toISOString().slice(0, 10);
      expect(dayNumber(iso)).toBe(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / 86_400_000);
      expect(isoOfDay(dayNumber(iso))).toBe(iso);
    }));
  });

  it('reads and writes scaled decimals', () => {
    expect(parseScaled('4.2517', 6)).toBe(4_251_700);
    expect(parseScaled('12', 4)).toBe(120_000);
    expect(parseScaled('12.50000', 4)).toBe(125_000);
    expect(parseScaled('12.00001', 4)).toBeNull();
    for (const bad of ['', '.5', '5.', '1e3', '+1', '-1', ' 1', '1,000', '0x10']) expect(parseScaled(bad, 4), bad).toBeNull();
    expect(parseScaled('-2.5', 4, true)).toBe(-25_000);
    expect(formatScaled(80_000, 4)).toBe('8.0000');
    expect(formatScaled(-5, 2)).toBe('-0.05');
    expect(formatScaled(5, 0)).toBe('5');
    fc.assert(fc.property(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), fc.integer({ min: 0, max: 6 }), (value, scale) => {
      expect(parseScaled(formatScaled(value, scale), scale, true)).toBe(value);
    }));
    expect(gcd(12, 18)).toBe(6);
    expect(gcd(0, 7)).toBe(7);
  });
});
