import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';
import { agingBucket, allocate, chargeClasses, rankDebits, type ChargeClass, type OpenCredit, type OpenDebit } from './allocation.js';

const date = (day: number): IsoDate => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10) as IsoDate;

const debitArb = fc.record({
  chargeClass: fc.constantFrom<ChargeClass | null>('charge', 'penalty', 'interest', null),
  due: fc.integer({ min: 0, max: 300 }),
  open: fc.integer({ min: 1, max: 100_000 }),
});
const creditArb = fc.record({ day: fc.integer({ min: 0, max: 300 }), available: fc.integer({ min: 1, max: 150_000 }) });
const orderArb = fc.subarray([...chargeClasses]).chain((classes) => fc.shuffledSubarray(classes, { minLength: classes.length }));

function build(debitSpecs: Array<{ chargeClass: ChargeClass | null; due: number; open: number }>, creditSpecs: Array<{ day: number; available: number }>) {
  const debits: OpenDebit[] = debitSpecs.map((spec, index) => ({
    itemId: index + 1,
    chargeClass: spec.chargeClass,
    dueDate: date(spec.due),
    itemDate: date(Math.max(0, spec.due - 30)),
    openCents: cents(spec.open),
  }));
  const credits: OpenCredit[] = creditSpecs.map((spec, index) => ({
    itemId: 1000 + index,
    itemDate: date(spec.day),
    availableCents: cents(spec.available),
  }));
  return { debits, credits };
}

describe('allocation: class order, then oldest due first', () => {
  it('pays penalties, then interest, then charges, each oldest due first; the rest stays a credit', () => {
    const { debits, credits } = build(
      [
        { chargeClass: 'charge', due: 10, open: 5_000 },
        { chargeClass: 'penalty', due: 40, open: 500 },
        { chargeClass: 'charge', due: 40, open: 5_000 },
        { chargeClass: 'interest', due: 40, open: 100 },
      ],
      [{ day: 50, available: 6_000 }],
    );
    const applications = allocate(credits, debits, ['penalty', 'interest', 'charge']);
    expect(applications.map((a) => [a.debitItemId, a.amountCents])).toEqual([
      [2, 500],
      [4, 100],
      [1, 5_000],
      [3, 400],
    ]);
  });

  it('with an empty order pays oldest due first whatever the class', () => {
    const { debits, credits } = build(
      [
        { chargeClass: 'penalty', due: 40, open: 500 },
        { chargeClass: 'charge', due: 10, open: 5_000 },
      ],
      [{ day: 50, available: 5_200 }],
    );
    expect(allocate(credits, debits, []).map((a) => [a.debitItemId, a.amountCents])).toEqual([
      [2, 5_000],
      [1, 200],
    ]);
  });

  it('applies min(credits, debits) in all, never over-applies, and respects the ranking (property)', () => {
    fc.assert(
      fc.property(fc.array(debitArb, { maxLength: 12 }), fc.array(creditArb, { maxLength: 6 }), orderArb, (debitSpecs, creditSpecs, order) => {
        const { debits, credits } = build(debitSpecs, creditSpecs);
        const applications = allocate(credits, debits, order);
        const total = applications.reduce((sum, a) => sum + a.amountCents, 0);
        const owed = debits.reduce((sum, d) => sum + d.openCents, 0);
        const available = credits.reduce((sum, c) => sum + c.availableCents, 0);
        expect(total).toBe(Math.min(owed, available));
        for (const debit of debits) {
          const applied = applications.filter((a) => a.debitItemId === debit.itemId).reduce((s, a) => s + a.amountCents, 0);
          expect(applied).toBeLessThanOrEqual(debit.openCents);
        }
        for (const credit of credits) {
          const used = applications.filter((a) => a.creditItemId === credit.itemId).reduce((s, a) => s + a.amountCents, 0);
          expect(used).toBeLessThanOrEqual(credit.availableCents);
        }
        // A debit later in the ranking is paid only when every earlier one is paid in full.
        const ranked = rankDebits(debits, order);
        const paid = ranked.map((d) => applications.filter((a) => a.debitItemId === d.itemId).reduce((s, a) => s + a.amountCents, 0));
        ranked.forEach((debit, index) => {
          if ((paid[index] ?? 0) > 0) {
            for (let earlier = 0; earlier < index; earlier += 1) expect(paid[earlier]).toBe(ranked[earlier]?.openCents);
          }
        });
        for (const a of applications) expect(Number.isSafeInteger(a.amountCents) && a.amountCents > 0).toBe(true);
      }),
    );
  });

  it('ages by days past due', () => {
    expect(agingBucket(date(0), date(29))).toBe('current');
    expect(agingBucket(date(10), date(0))).toBe('current');
    expect(agingBucket(date(0), date(30))).toBe('days30');
    expect(agingBucket(date(0), date(60))).toBe('days60');
    expect(agingBucket(date(0), date(90))).toBe('days90');
    expect(agingBucket(date(0), date(120))).toBe('days120');
    expect(agingBucket(date(0), date(800))).toBe('days120');
  });
});
