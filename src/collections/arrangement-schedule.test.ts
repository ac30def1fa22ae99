import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { cents, type Cents } from '../shared/money.js';
import { addMonths, nextBillDueDates, scheduleInstallments, type ScheduleInput } from './arrangement-schedule.js';

const d = (text: string) => text as IsoDate;
const base: ScheduleInput = {
  arrangementType: 'amortization', principalCents: cents(10_000), months: 3, maxMonths: 12, startsOn: d('2026-11-23'),
  due: { kind: 'monthly', firstDueOn: d('2026-12-15') },
};

function refusal(input: ScheduleInput): { field?: unknown; message: string } {
  try {
    scheduleInstallments(input);
  } catch (error) {
    const { details, message } = error as { details: { field?: unknown }; message: string };
    return { field: details.field, message };
  }
  throw new Error('expected a refusal');
}

describe('arrangement schedule', () => {
  it('splits by largest remainder: $100.00 over 3 is 33.34 / 33.33 / 33.33, monthly from the first due date', () => {
    expect(scheduleInstallments(base)).toEqual([
      { installmentNumber: 1, dueOn: '2026-12-15', amountCents: 3334 },
      { installmentNumber: 2, dueOn: '2027-01-15', amountCents: 3333 },
      { installmentNumber: 3, dueOn: '2027-02-15', amountCents: 3333 },
    ]);
  });

  it('keeps the day of the month, the last day in shorter months', () => {
    expect(addMonths(d('2027-01-31'), 1)).toBe('2027-02-28');
    expect(addMonths(d('2027-01-31'), 2)).toBe('2027-03-31');
    expect(addMonths(d('2026-12-15'), 1)).toBe('2027-01-15');
  });

  it('refuses an arrangement longer than allowed, naming months', () => {
    const refused = refusal({ ...base, months: 13 });
    expect(refused.field).toBe('months');
    expect(refused.message).toMatch(/at most 12 months/);
    expect(refusal({ ...base, months: 6, maxMonths: 5 }).field).toBe('months');
  });

  it('refuses a schedule whose last installment falls after the limit (a deferral cannot stretch it)', () => {
    const refused = refusal({ ...base, arrangementType: 'deferred', months: 12, due: { kind: 'monthly', firstDueOn: d('2027-01-23') } });
    expect(refused.field).toBe('firstDueOn');
    expect(refused.message).toMatch(/after 2027-11-23/);
  });

  it('with the bills: due on the next bills\' due dates, one a month after the last bill', () => {
    const schedule = scheduleInstallments({ ...base, due: { kind: 'with_bills', lastBillDueOn: d('2026-11-13'), dueDays: 21 } });
    expect(schedule.map((row) => row.dueOn)).toEqual(['2026-12-13', '2027-01-13', '2027-02-13']);
    // No bill yet: the cycle's due days after the start, then monthly.
    expect(nextBillDueDates({ lastBillDueOn: null, dueDays: 21 }, d('2026-11-23'), 2)).toEqual(['2026-12-14', '2027-01-14']);
    // A last bill still to come due counts as the next one only when it is after the start.
    expect(nextBillDueDates({ lastBillDueOn: d('2026-12-01'), dueDays: 21 }, d('2026-11-23'), 1)).toEqual(['2027-01-01']);
  });

  it('deferred: the first installment at least a month later; with bills, the bills due on or after it', () => {
    expect(refusal({ ...base, arrangementType: 'deferred' }).field).toBe('firstDueOn');
    const deferred = scheduleInstallments({
      ...base, arrangementType: 'deferred', firstDueOn: d('2027-02-01'),
      due: { kind: 'with_bills', lastBillDueOn: d('2026-11-13'), dueDays: 21 },
    });
    expect(deferred.map((row) => row.dueOn)).toEqual(['2027-02-13', '2027-03-13', '2027-04-13']);
  });

  it('explicit dates: as many as installments, increasing, after the start', () => {
    const dates = { kind: 'dates' as const, dueDates: [d('2026-12-01'), d('2026-12-20'), d('2027-02-01')] };
    expect(scheduleInstallments({ ...base, arrangementType: 'alternative_schedule', due: dates }).map((row) => row.dueOn)).toEqual(dates.dueDates);
    expect(refusal({ ...base, due: { kind: 'dates', dueDates: [d('2026-12-01')] } }).field).toBe('dueDates');
    expect(refusal({ ...base, due: { kind: 'dates', dueDates: [d('2026-12-01'), d('2026-11-30'), d('2027-01-01')] } }).field).toBe('dueDates');
    expect(refusal({ ...base, due: { kind: 'dates', dueDates: [d('2026-11-23'), d('2026-12-30'), d('2027-01-01')] } }).field).toBe('dueDates');
  });

  it('refuses nothing to arrange, naming the reduced principal for a reduced arrangement', () => {
    expect(refusal({ ...base, principalCents: cents(0) }).field).toBe('principalCents');
    expect(refusal({ ...base, arrangementType: 'reduced', principalCents: cents(0) }).field).toBe('reducedPrincipalCents');
  });

  it('property: the installments always add up to the principal exactly, differ by at most a cent, dates increase', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.boolean(),
      fc.date({ min: new Date('2025-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
      (months, extra, withBills, start) => {
        const principalCents = cents(months + extra) as Cents;
        const startsOn = start.toISOString().slice(0, 10) as IsoDate;
        const due = withBills
          ? { kind: 'with_bills' as const, lastBillDueOn: startsOn, dueDays: 21 }
          : { kind: 'monthly' as const, firstDueOn: addMonths(startsOn, 1) };
        const schedule = scheduleInstallments({ arrangementType: 'amortization', principalCents, months, maxMonths: 60, startsOn, due });
        expect(schedule).toHaveLength(months);
        expect(schedule.reduce((sum, row) => sum + row.amountCents, 0)).toBe(principalCents);
        const amounts = schedule.map((row) => row.amountCents);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
        schedule.forEach((row, index) => {
          expect(row.dueOn > startsOn).toBe(true);
          if (index > 0) expect(row.dueOn > (schedule[index - 1]?.dueOn ?? '')).toBe(true);
        });
      },
    ));
  });
});
