import { describe, expect, it } from 'vitest';
import { dunningDisposition, stageToNotice, type DunningStage } from './dunning.js';

const stages: DunningStage[] = [
  { stage: 1, code: 'reminder', name: 'Reminder', daysPastDue: 30, nextStep: '', isActive: true },
  { stage: 2, code: 'second_notice', name: 'Second notice', daysPastDue: 60, nextStep: '', isActive: true },
  { stage: 3, code: 'final_notice', name: 'Final notice', daysPastDue: 90, nextStep: '', isActive: true },
];

describe('dunning stages', () => {
  it.each([
    [29, 0, null],
    [30, 0, 1],
    [45, 1, null],
    [61, 1, 2],
    [95, 0, 3],
    [95, 3, null],
    [200, 2, 3],
  ])('%d days past due, noticed at stage %d: notice at %s', (days, noticed, expected) => {
    expect(stageToNotice(stages, days, noticed)?.stage ?? null).toBe(expected);
  });

  it('skips holds, deceased and bankrupt customers; holds letters for returned mail and missing addresses', () => {
    const base = { hasCollectionsHold: false, isDeceased: false, inBankruptcy: false, hasReturnedMail: false, hasMailingAddress: true };
    expect(dunningDisposition(base)).toEqual({ skip: null, hold: null });
    expect(dunningDisposition({ ...base, hasCollectionsHold: true }).skip).toBe('collections_hold');
    expect(dunningDisposition({ ...base, isDeceased: true }).skip).toBe('deceased');
    expect(dunningDisposition({ ...base, inBankruptcy: true }).skip).toBe('bankruptcy');
    expect(dunningDisposition({ ...base, hasReturnedMail: true }).hold).toBe('returned_mail');
    expect(dunningDisposition({ ...base, hasMailingAddress: false }).hold).toBe('no_mailing_address');
  });
});
