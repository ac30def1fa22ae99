import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import {
  computePenalty,
  decidePenalties,
  decidePenalty,
  isPastGrace,
  LOW_INCOME_WAIVER_REASON,
  overlappingVersions,
  selectPenaltyRule,
  type BillFacts,
  type PenaltyRule,
} from './penalties.js';

const d = (text: string) => text as IsoDate;
/** Millionths as decimal text, without a float: 123456 -> "0.123456". */
const rate = (micros: number) => `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;

function rule(overrides: Partial<PenaltyRule> = {}): PenaltyRule {
  return {
    id: 1, classCode: null, rateCode: null, effectiveFrom: d('2026-01-01'), effectiveTo: null, graceDays: 5,
    currentRate: '0.100000', pastDueRate: '0.010000', minimumCents: cents(0), maximumCents: null,
    revenueAccountCode: '510-7100-46100', description: null, isActive: true, ...overrides,
  };
}

function bill(overrides: Partial<BillFacts> = {}): BillFacts {
  return {
    classCode: 'single_family', rateCodes: ['SEWER-F', 'WATER-T'], dueDate: d('2026-09-23'),
    currentBaseCents: cents(6_600), pastDueBaseCents: cents(0), hasLowIncomeProtection: false, hasRecentWaiver: false, ...overrides,
  };
}

describe('penalty amounts', () => {
  it.each([
    ['10% of the current bill', { currentBaseCents: 6_600, pastDueBaseCents: 0 }, {}, 660],
    ['plus 1% of the past-due balance', { currentBaseCents: 6_600, pastDueBaseCents: 12_345 }, {}, 783],
    ['rounded half-up once (660.5 -> 661)', { currentBaseCents: 6_605, pastDueBaseCents: 0 }, {}, 661],
    ['once, not per part (0.4 + 0.4 -> 1)', { currentBaseCents: 4, pastDueBaseCents: 40 }, {}, 1],
    ['raised to the minimum', { currentBaseCents: 1_000, pastDueBaseCents: 0 }, { minimumCents: cents(500) }, 500],
    ['lowered to the maximum', { currentBaseCents: 500_000, pastDueBaseCents: 0 }, { maximumCents: cents(2_500) }, 2_500],
    ['a paid bill earns nothing, not even the minimum', { currentBaseCents: 0, pastDueBaseCents: 9_000 }, { minimumCents: cents(500) }, 0],
  ] as const)('%s', (_name, bases, overrides, expected) => {
    expect(computePenalty(rule(overrides), { currentBaseCents: cents(bases.currentBaseCents), pastDueBaseCents: cents(bases.pastDueBaseCents) })).toBe(expected);
  });

  it('is never negative, respects the minimum and the maximum, and is exact to the cent (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 100_000 }), fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      (current, pastDue, currentMicros, pastDueMicros, minimum, extra) => {
        const maximum = extra === null ? null : minimum + extra;
        const r = rule({ currentRate: rate(currentMicros), pastDueRate: rate(pastDueMicros), minimumCents: cents(minimum), maximumCents: maximum === null ? null : cents(maximum) });
        const amount = computePenalty(r, { currentBaseCents: cents(current), pastDueBaseCents: cents(pastDue) });
        expect(Number.isSafeInteger(amount)).toBe(true);
        expect(amount).toBeGreaterThanOrEqual(0);
        if (current === 0) {
          expect(amount).toBe(0);
          return;
        }
        expect(amount).toBeGreaterThanOrEqual(Math.min(minimum, maximum ?? minimum));
        if (maximum !== null) expect(amount).toBeLessThanOrEqual(maximum);
        // Exact: integer arithmetic in millionths of a cent, rounded half-up.
        const exact = BigInt(current) * BigInt(currentMicros) + BigInt(pastDue) * BigInt(pastDueMicros);
        const rounded = Number((exact + 500_000n) / 1_000_000n);
        const expected = Math.max(rounded, minimum);
        expect(amount).toBe(maximum === null ? expected : Math.min(expected, maximum));
      },
    ));
  });
});

describe('which rule applies', () => {
  const rules = [
    rule({ id: 1 }),
    rule({ id: 2, classCode: 'single_family', currentRate: '0.050000' }),
    rule({ id: 3, rateCode: 'WATER-T', currentRate: '0.070000' }),
    rule({ id: 4, classCode: 'single_family', rateCode: 'WATER-T', currentRate: '0.080000' }),
    rule({ id: 5, classCode: 'commercial' }),
  ];

  it('the most specific rule wins: class and rate schedule, then rate schedule, then class, then the default', () => {
    expect(selectPenaltyRule(rules, bill())?.id).toBe(4);
    expect(selectPenaltyRule(rules.filter((r) => r.id !== 4), bill())?.id).toBe(3);
    expect(selectPenaltyRule(rules.filter((r) => r.id !== 4 && r.id !== 3), bill())?.id).toBe(2);
    expect(selectPenaltyRule(rules, bill({ classCode: 'multi_family', rateCodes: ['SEWER-F'] }))?.id).toBe(1);
    expect(selectPenaltyRule(rules.filter((r) => r.id !== 1), bill({ classCode: 'multi_family', rateCodes: [] }))).toBeNull();
  });

  it('two rate schedules at the same level: the code first in alphabetical order', () => {
    const tied = [rule({ id: 7, rateCode: 'WATER-T' }), rule({ id: 8, rateCode: 'SEWER-F' })];
    expect(selectPenaltyRule(tied, bill())?.id).toBe(8);
  });

  it('the bill\'s due date decides the version: a bill due before a new version uses the old one', () => {
    const versions = [
      rule({ id: 10, effectiveFrom: d('2026-01-01'), effectiveTo: d('2026-09-30'), currentRate: '0.100000' }),
      rule({ id: 11, effectiveFrom: d('2026-10-01'), currentRate: '0.150000' }),
    ];
    expect(selectPenaltyRule(versions, bill({ dueDate: d('2026-09-30') }))?.id).toBe(10);
    expect(selectPenaltyRule(versions, bill({ dueDate: d('2026-10-01') }))?.id).toBe(11);
    expect(selectPenaltyRule(versions, bill({ dueDate: d('2025-12-31') }))).toBeNull();
  });

  it('ignores inactive versions', () => {
    expect(selectPenaltyRule([rule({ isActive: false })], bill())).toBeNull();
  });

  it('selection does not depend on the order the rules are read, and is idempotent (property)', () => {
    const scopes = fc.record({
      classCode: fc.constantFrom(null, 'single_family', 'commercial'),
      rateCode: fc.constantFrom(null, 'WATER-T', 'SEWER-F', 'WATER-C'),
      from: fc.integer({ min: 0, max: 20 }),
      length: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      isActive: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(scopes, { maxLength: 12 }), fc.integer({ min: 0, max: 40 }), fc.integer(), (specs, dueDay, seed) => {
      const day = (n: number) => d(`2026-01-${String(1 + Math.min(n, 30)).padStart(2, '0')}`);
      const list = specs.map((spec, index) => rule({
        id: index + 1, classCode: spec.classCode, rateCode: spec.rateCode, effectiveFrom: day(spec.from),
        effectiveTo: spec.length === null ? null : day(spec.from + spec.length), isActive: spec.isActive,
      }));
      const target = bill({ dueDate: day(dueDay) });
      const chosen = selectPenaltyRule(list, target);
      const shuffled = [...list].sort((a, b) => ((a.id * 7919 + seed) % 101) - ((b.id * 7919 + seed) % 101));
      expect(selectPenaltyRule(shuffled, target)?.id).toBe(chosen?.id);
      expect(selectPenaltyRule(list, target)?.id).toBe(chosen?.id);
      if (chosen) {
        expect(chosen.isActive).toBe(true);
        for (const other of list) {
          const matches = other.isActive && (other.classCode === null || other.classCode === target.classCode)
            && (other.rateCode === null || target.rateCodes.includes(other.rateCode))
            && other.effectiveFrom <= target.dueDate && (other.effectiveTo === null || target.dueDate <= other.effectiveTo);
          const specificity = (r: PenaltyRule) => (r.rateCode ? 2 : 0) + (r.classCode ? 1 : 0);
          if (matches) expect(specificity(other)).toBeLessThanOrEqual(specificity(chosen));
        }
      }
    }));
  });
});

describe('grace days and the decision of a day', () => {
  it('a bill is penalized only when its due date plus the grace days is before the day', () => {
    expect(isPastGrace(d('2026-09-23'), 5, d('2026-09-28'))).toBe(false);
    expect(isPastGrace(d('2026-09-23'), 5, d('2026-09-29'))).toBe(true);
    expect(isPastGrace(d('2026-09-23'), 0, d('2026-09-24'))).toBe(true);
    expect(decidePenalty([rule()], bill(), d('2026-09-28'))).toBeNull();
    expect(decidePenalty([rule()], bill(), d('2026-09-29'))).toMatchObject({ outcome: 'posted', amountCents: 660 });
  });

  it('decides a paid bill, a bill with no rule and a zero penalty without charging', () => {
    expect(decidePenalty([rule()], bill({ currentBaseCents: cents(0) }), d('2026-10-30'))?.outcome).toBe('paid');
    expect(decidePenalty([], bill(), d('2026-09-24'))?.outcome).toBe('no_rule');
    expect(decidePenalty([rule({ currentRate: '0', pastDueRate: '0' })], bill(), d('2026-10-30'))?.outcome).toBe('zero');
  });

  it('SB 998 low income: the penalty is waived once in 12 months (sb998_low_income_waiver)', () => {
    const low = bill({ hasLowIncomeProtection: true });
    expect(decidePenalty([rule()], low, d('2026-10-30'))).toMatchObject({ outcome: 'waived', computedCents: 660, amountCents: 0, waiverReason: LOW_INCOME_WAIVER_REASON });
    expect(decidePenalty([rule()], { ...low, hasRecentWaiver: true }, d('2026-10-30'))).toMatchObject({ outcome: 'posted', amountCents: 660 });
    const two = decidePenalties([rule()], [{ ...low, accountId: 1 }, { ...low, accountId: 1, dueDate: d('2026-10-23') }, { ...low, accountId: 2 }], d('2026-11-30'));
    expect(two.map((row) => row.decision.outcome)).toEqual(['waived', 'posted', 'waived']);
  });
});

describe('versions of one scope', () => {
  it('names the versions a new one overlaps, of its own scope only', () => {
    const existing = [
      rule({ id: 1, effectiveFrom: d('2026-01-01'), effectiveTo: d('2026-06-30') }),
      rule({ id: 2, effectiveFrom: d('2026-07-01') }),
      rule({ id: 3, classCode: 'commercial', effectiveFrom: d('2026-01-01') }),
      rule({ id: 4, effectiveFrom: d('2025-01-01'), effectiveTo: d('2025-12-31'), isActive: false }),
    ];
    const overlaps = (from: string, to: string | null) => overlappingVersions(existing, { classCode: null, rateCode: null, effectiveFrom: d(from), effectiveTo: to === null ? null : d(to) }).map((r) => r.id);
    expect(overlaps('2026-06-01', '2026-07-15')).toEqual([1, 2]);
    expect(overlaps('2025-03-01', '2025-12-31')).toEqual([]);
    expect(overlaps('2027-01-01', null)).toEqual([2]);
  });
});
