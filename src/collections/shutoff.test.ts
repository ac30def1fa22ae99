import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { cents } from '../shared/money.js';
import { reconnectionFee, type FeeSchedule } from './shutoff.js';

const schedule: FeeSchedule = {
  effectiveFrom: '2026-07-01' as IsoDate, businessHoursCents: cents(7500), afterHoursCents: cents(20000),
  lowIncomeBusinessHoursCapCents: cents(5000), lowIncomeAfterHoursCapCents: cents(15000),
  actualCostBusinessHoursCents: cents(9200), actualCostAfterHoursCents: cents(24500), revenueAccountCode: '510-7100-46200',
};

describe('the reconnection fee (H&S 116914)', () => {
  it.each([
    { afterHours: false, lowIncome: false, fee: 7500, why: 'the schedule\'s fee' },
    { afterHours: true, lowIncome: false, fee: 20000, why: 'the after-hours fee' },
    { afterHours: false, lowIncome: true, fee: 5000, why: 'capped at $50 for a low-income household' },
    { afterHours: true, lowIncome: true, fee: 15000, why: 'capped at $150 after hours' },
  ])('$why: $fee', ({ afterHours, lowIncome, fee }) => {
    expect(reconnectionFee(schedule, { afterHours, lowIncome })).toBe(fee);
  });

  it('is never above the actual cost', () => {
    const cheap = { ...schedule, actualCostBusinessHoursCents: cents(4000), actualCostAfterHoursCents: cents(9000) };
    expect(reconnectionFee(cheap, { afterHours: false, lowIncome: false })).toBe(4000);
    expect(reconnectionFee(cheap, { afterHours: true, lowIncome: true })).toBe(9000);
  });
});
