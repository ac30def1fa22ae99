import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import { accrualKey, computeLateCharges, monthsPastDue, type LateChargeRule, type OpenPrincipal } from './late-charges.js';

const rule: LateChargeRule = { kind: 'misc_billing', penaltyRate: '0.100000', penaltyAfterDays: 30, penaltyMinimumCents: cents(0), interestRateMonthly: '0.010000', isActive: true };
const rules = new Map([[rule.kind, rule]]);
const d = (text: string) => text as IsoDate;

function principal(overrides: Partial<OpenPrincipal> = {}): OpenPrincipal {
  return { itemId: 1, accountId: 1, kind: 'misc_billing', chargeClass: 'charge', isPenaltyEligible: true, dueDate: d('2026-08-31'), openCents: cents(15_000), ...overrides };
}

describe('late charges', () => {
  it.each([
    ['2026-09-29', []],
    ['2026-09-30', [['penalty', 0, 1_500], ['interest', 1, 150]]],
    ['2026-11-30', [['penalty', 0, 1_500], ['interest', 1, 150], ['interest', 2, 150], ['interest', 3, 150]]],
  ] as const)('as of %s', (asOf, expected) => {
    const lines = computeLateCharges([principal()], rules, d(asOf), new Set());
    expect(lines.map((line) => [line.chargeClass, line.monthNumber, line.amountCents])).toEqual(expected);
  });

  it('counts full months past due', () => {
    expect(monthsPastDue(d('2026-01-31'), d('2026-02-27'))).toBe(0);
    expect(monthsPastDue(d('2026-01-31'), d('2026-02-28'))).toBe(1);
    expect(monthsPastDue(d('2026-08-31'), d('2027-08-31'))).toBe(12);
  });

  it('charges nothing on penalties, interest, ineligible or paid charges', () => {
    const asOf = d('2027-01-15');
    expect(computeLateCharges([
      principal({ chargeClass: 'penalty' }), principal({ chargeClass: 'interest' }), principal({ isPenaltyEligible: false }),
      principal({ openCents: cents(0) }), principal({ kind: 'utility' }),
    ], rules, asOf, new Set())).toEqual([]);
  });

  it('never charges interest on penalties or interest, nor twice for one charge and month (property)', () => {
    const principalArb = fc.record({
      itemId: fc.integer({ min: 1, max: 30 }),
      chargeClass: fc.constantFrom('charge', 'penalty', 'interest'),
      isPenaltyEligible: fc.boolean(),
      dueOffset: fc.integer({ min: 0, max: 900 }),
      openCents: fc.integer({ min: 0, max: 10_000_000 }),
    });
    fc.assert(fc.property(fc.array(principalArb, { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 5 }), (raw, runOffsets) => {
      const unique = [...new Map(raw.map((p) => [p.itemId, p])).values()];
      const principals = unique.map((p) => principal({ ...p, openCents: cents(p.openCents), dueDate: addDays(d('2024-01-01'), p.dueOffset) }));
      const accrued = new Set<string>();
      const byId = new Map(principals.map((p) => [p.itemId, p]));
      for (const offset of [...runOffsets].sort((a, b) => a - b)) {
        const lines = computeLateCharges(principals, rules, addDays(d('2024-01-01'), offset + 30), accrued);
        for (const line of lines) {
          expect(byId.get(line.itemId)?.chargeClass).toBe('charge');
          const key = accrualKey(line.itemId, line.chargeClass, line.monthNumber);
          expect(accrued.has(key)).toBe(false);
          accrued.add(key);
          expect(line.amountCents).toBeGreaterThan(0);
        }
      }
    }));
  });
});
