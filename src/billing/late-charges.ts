/**
 * Penalties and interest by rule, the pure part. Per receivable kind a rule says: a penalty of a
 * share of the unpaid principal (at least a minimum), once per charge, when it is N days past due;
 * and simple interest per full month past due on the unpaid principal, once per charge per month.
 * Only principal earns them: penalties and interest never earn more (no compounding), and only
 * charges marked penalty-eligible. Each amount is rounded half-up once (src/shared/money.ts).
 *
 * Because the allocation order of such kinds pays penalties and interest before principal
 * (receivables allocation.ts), paying the principal never silently loses them.
 */
import { Decimal } from 'decimal.js';
import { type IsoDate } from '../shared/dates.js';
import { cents, multiplyCents, type Cents } from '../shared/money.js';
import { addMonths } from './recurring-schedule.js';

export interface LateChargeRule {
  kind: string;
  /** Decimal text, e.g. "0.100000". */
  penaltyRate: string;
  penaltyAfterDays: number;
  penaltyMinimumCents: Cents;
  /** Decimal text per month, e.g. "0.010000". */
  interestRateMonthly: string;
  isActive: boolean;
}

export interface OpenPrincipal {
  itemId: number;
  accountId: number;
  kind: string;
  chargeClass: 'charge' | 'penalty' | 'interest';
  isPenaltyEligible: boolean;
  dueDate: IsoDate;
  /** What is still unpaid on the item now. */
  openCents: Cents;
}

export interface LateChargeLine {
  itemId: number;
  accountId: number;
  chargeClass: 'penalty' | 'interest';
  /** 0 for the penalty; 1, 2, ... for the months of interest. */
  monthNumber: number;
  principalCents: Cents;
  amountCents: Cents;
}

export const accrualKey = (itemId: number, chargeClass: 'penalty' | 'interest', monthNumber: number): string =>
  `${itemId}:${chargeClass}:${monthNumber}`;

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Full months past due as of a date: month n is complete on the due date plus n months. */
export function monthsPastDue(dueDate: IsoDate, asOf: IsoDate): number {
  let months = 0;
  while (months < 1200 && addMonths(dueDate, months + 1) <= asOf) months += 1;
  return months;
}

/** What should be charged as of a date that has not been already (keys in `accrued`). */
export function computeLateCharges(
  principals: readonly OpenPrincipal[],
  rules: ReadonlyMap<string, LateChargeRule>,
  asOf: IsoDate,
  accrued: ReadonlySet<string>,
): LateChargeLine[] {
  const lines: LateChargeLine[] = [];
  for (const principal of principals) {
    const rule = rules.get(principal.kind);
    if (!rule?.isActive || principal.chargeClass !== 'charge' || !principal.isPenaltyEligible || principal.openCents <= 0) continue;
    const base = { itemId: principal.itemId, accountId: principal.accountId, principalCents: principal.openCents };
    const penaltyRate = new Decimal(rule.penaltyRate);
    const hasPenalty = penaltyRate.gt(0) || rule.penaltyMinimumCents > 0;
    if (hasPenalty && daysBetween(principal.dueDate, asOf) >= rule.penaltyAfterDays && !accrued.has(accrualKey(principal.itemId, 'penalty', 0))) {
      const amount = cents(Math.max(multiplyCents(principal.openCents, penaltyRate), rule.penaltyMinimumCents));
      if (amount > 0) lines.push({ ...base, chargeClass: 'penalty', monthNumber: 0, amountCents: amount });
    }
    const interestRate = new Decimal(rule.interestRateMonthly);
    if (interestRate.lte(0)) continue;
    const months = monthsPastDue(principal.dueDate, asOf);
    for (let month = 1; month <= months; month += 1) {
      if (accrued.has(accrualKey(principal.itemId, 'interest', month))) continue;
      const amount = multiplyCents(principal.openCents, interestRate);
      if (amount > 0) lines.push({ ...base, chargeClass: 'interest', monthNumber: month, amountCents: amount });
    }
  }
  return lines;
}
