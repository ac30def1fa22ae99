import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import { decide, nextStep, validateChain, type AccountSituation, type ChainContext, type ChainStep } from './chain.js';

const day = (text: string): IsoDate => text as IsoDate;
// Calendar days stand in for business days here; the calendar has its own tests.
const calendarDays = (from: IsoDate, to: IsoDate): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));

const residential: ChainStep[] = [
  { stepOrder: 1, stepType: 'late_notice', name: 'Late notice', daysPastDue: 5, waitBusinessDays: 0, isActive: true },
  { stepOrder: 2, stepType: 'sb998_notice', name: 'SB 998 notice', daysPastDue: 45, waitBusinessDays: 0, isActive: true },
  { stepOrder: 3, stepType: 'door_hanger', name: 'Door hanger', daysPastDue: 55, waitBusinessDays: 0, isActive: false },
  { stepOrder: 4, stepType: 'shutoff_order', name: 'Shutoff order', daysPastDue: 60, waitBusinessDays: 7, isActive: true },
];

function situation(overrides: Partial<AccountSituation> = {}): AccountSituation {
  return { utilityAccountId: 1, classCode: 'single_family', pastDueCents: cents(6600), oldestUnpaidDueDate: day('2026-09-23'),
    openCase: { caseId: 9, stepOrder: 0, stepDoneOn: null }, onHold: false, arrangementProtects: false, ...overrides };
}
const context = (asOf: string): ChainContext => ({ asOf: day(asOf), minimumPastDueCents: cents(1000), businessDaysBetween: calendarDays });

describe('the delinquency chain', () => {
  it('opens a case at the minimum past due, cures it below, and takes the steps in order, skipping inactive ones', () => {
    expect(decide(situation({ openCase: null }), residential, context('2026-09-24'))).toEqual({ kind: 'open_case', delinquentSince: '2026-09-23' });
    expect(decide(situation({ openCase: null, pastDueCents: cents(999) }), residential, context('2026-09-24'))).toEqual({ kind: 'none' });
    expect(decide(situation({ pastDueCents: cents(999) }), residential, context('2026-09-24'))).toEqual({ kind: 'cure', caseId: 9 });
    expect(decide(situation(), residential, context('2026-09-27'))).toMatchObject({ kind: 'wait', reason: 'not_due' });
    expect(decide(situation(), residential, context('2026-09-28'))).toMatchObject({ kind: 'step', step: { stepOrder: 1 } });
    const afterNotice = situation({ openCase: { caseId: 9, stepOrder: 2, stepDoneOn: day('2026-11-07') } });
    expect(nextStep(residential, 2)?.stepOrder).toBe(4);
    // 60 days past due on 2026-11-22, but only 7 days after the notice on 2026-11-14.
    expect(decide(afterNotice, residential, context('2026-11-13'))).toMatchObject({ kind: 'wait', reason: 'not_due' });
    expect(decide(afterNotice, residential, context('2026-11-22'))).toMatchObject({ kind: 'step', step: { stepType: 'shutoff_order' } });
    expect(decide(situation({ openCase: { caseId: 9, stepOrder: 4, stepDoneOn: day('2026-11-22') } }), residential, context('2026-12-01')))
      .toMatchObject({ kind: 'wait', reason: 'chain_done' });
  });

  it('waits while the account is on hold or an arrangement protects it', () => {
    expect(decide(situation({ onHold: true }), residential, context('2026-10-28'))).toMatchObject({ kind: 'wait', reason: 'hold' });
    expect(decide(situation({ arrangementProtects: true }), residential, context('2026-10-28'))).toMatchObject({ kind: 'wait', reason: 'arrangement' });
  });

  it('takes at most one step a day, in order, whatever the days past due (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 }), (late, done, since) => {
      const asOf = addDays(day('2026-09-23'), late);
      const stepDoneOn = done === 0 ? null : addDays(asOf, -since);
      const result = decide(situation({ openCase: { caseId: 9, stepOrder: done, stepDoneOn } }), residential, context(asOf));
      if (result.kind === 'step') {
        expect(result.step.stepOrder).toBeGreaterThan(done);
        expect(result.step.isActive).toBe(true);
        expect(late).toBeGreaterThanOrEqual(result.step.daysPastDue);
        expect(stepDoneOn).not.toBe(asOf);
      }
    }));
  });

  it('refuses a residential chain that would shut off before SB 998 allows, naming the step', () => {
    const problems = validateChain([
      { stepOrder: 1, stepType: 'late_notice', name: 'Late notice', daysPastDue: 10, waitBusinessDays: 0 },
      { stepOrder: 2, stepType: 'shutoff_order', name: 'Shutoff', daysPastDue: 5, waitBusinessDays: 2 },
      { stepOrder: 2, stepType: 'final_notice', name: 'Final', daysPastDue: 30, waitBusinessDays: 0 },
    ], true);
    expect(problems.map((problem) => problem.field)).toEqual(expect.arrayContaining(['steps[1].daysPastDue', 'steps[1].stepType', 'steps[2].stepOrder']));
    expect(validateChain(residential, true)).toEqual([]);
  });
});
