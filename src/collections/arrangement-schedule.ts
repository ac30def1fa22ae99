/**
 * The installments of a payment arrangement (SB 998, Health and Safety Code 116910: amortization,
 * an alternative schedule, a reduced or a deferred payment), pure.
 *
 * - Amounts: the principal is split into equal shares by the largest-remainder rule of
 *   src/shared/money.ts, so the installments always add up to the principal exactly ($100.00
 *   over 3 is 33.34 / 33.33 / 33.33; the earlier installments take the extra cents).
 * - Length: at most `maxMonths` installments (setting collections.arrangement_max_months), and
 *   the last one due no later than `maxMonths` months after the arrangement starts, so a deferral
 *   cannot stretch it past the limit either. Longer is refused, naming the field.
 * - Due dates, three ways:
 *   - with the bills: each installment is due on the due date of one of the account's next bills,
 *     one per month. The next bills' due dates are derived from the last bill: its due date plus
 *     1, 2, 3… months (bills come monthly on the cycle, each due the cycle's due days after its
 *     bill date). An account that has no bill yet: the first is due the cycle's due days after
 *     the start, monthly after. Due dates on or before the start (or before `firstDueOn`, for a
 *     deferral) are skipped.
 *   - monthly from a first due date (the same day of each month, the last day in shorter months);
 *   - on explicit dates (strictly increasing, after the start).
 * - Types: amortization and alternative_schedule pay the whole principal; reduced pays a
 *   principal the clerk states (lower than the balance: the difference is not forgiven here, see
 *   arrangements.ts); deferred starts later: it needs a first due date at least a month after the
 *   start.
 *
 * Errors: invalid_input naming the field (months, firstDueOn, dueDates, reducedPrincipalCents).
 */
import { addDays, isoDate, daysInMonth, type IsoDate } from '../shared/dates.js';
import { invalidInput } from '../shared/errors.js';
import { splitEvenly, type Cents } from '../shared/money.js';
import type { ArrangementType } from './types.js';

export type InstallmentDue =
  | { kind: 'with_bills'; lastBillDueOn: IsoDate | null; dueDays: number }
  | { kind: 'monthly'; firstDueOn: IsoDate }
  | { kind: 'dates'; dueDates: readonly IsoDate[] };

export interface ScheduleInput {
  arrangementType: ArrangementType;
  principalCents: Cents;
  months: number;
  maxMonths: number;
  startsOn: IsoDate;
  due: InstallmentDue;
  /** With the bills: the earliest an installment may be due (a deferral). */
  firstDueOn?: IsoDate | null;
}

export interface Installment {
  installmentNumber: number;
  dueOn: IsoDate;
  amountCents: Cents;
}

/** The same day `months` months later; the month's last day when it is shorter (Jan 31 → Feb 28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return isoDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Due dates of the next `count` bills after `after` (and on or after `notBefore`), one a month. */
export function nextBillDueDates(
  due: { lastBillDueOn: IsoDate | null; dueDays: number },
  after: IsoDate,
  count: number,
  notBefore: IsoDate | null = null,
): IsoDate[] {
  const anchor = due.lastBillDueOn ?? addDays(after, due.dueDays);
  const dates: IsoDate[] = [];
  // The anchor itself counts only for an account with no bill yet (it is then a future date).
  for (let step = due.lastBillDueOn === null ? 0 : 1; dates.length < count; step += 1) {
    const date = addMonths(anchor, step);
    if (date > after && (notBefore === null || date >= notBefore)) dates.push(date);
  }
  return dates;
}

function dueDatesOf(input: ScheduleInput): IsoDate[] {
  const { due } = input;
  if (due.kind === 'with_bills') return nextBillDueDates(due, input.startsOn, input.months, input.firstDueOn ?? null);
  if (due.kind === 'monthly') {
    if (due.firstDueOn <= input.startsOn) throw invalidInput('firstDueOn', `must be after the start (${input.startsOn})`);
    return Array.from({ length: input.months }, (_, index) => addMonths(due.firstDueOn, index));
  }
  if (due.dueDates.length !== input.months) {
    throw invalidInput('dueDates', `${due.dueDates.length} dates for ${input.months} installments`);
  }
  due.dueDates.forEach((date, index) => {
    if (date <= input.startsOn) throw invalidInput('dueDates', `date ${index + 1} (${date}) is not after the start (${input.startsOn})`);
    const previous = due.dueDates[index - 1];
    if (previous !== undefined && date <= previous) throw invalidInput('dueDates', `date ${index + 1} (${date}) is not after date ${index}`);
  });
  return [...due.dueDates];
}

function checkType(input: ScheduleInput): void {
  if (input.arrangementType !== 'deferred') return;
  const first = input.due.kind === 'monthly' ? input.due.firstDueOn : input.due.kind === 'dates' ? input.due.dueDates[0] : input.firstDueOn;
  if (!first) throw invalidInput('firstDueOn', 'a deferred arrangement needs the date of its first installment');
  if (first < addMonths(input.startsOn, 1)) {
    throw invalidInput('firstDueOn', `a deferred arrangement's first installment is at least a month after the start (${addMonths(input.startsOn, 1)} or later)`);
  }
}

/** The installments, or invalid_input naming the field. */
export function scheduleInstallments(input: ScheduleInput): Installment[] {
  if (!Number.isSafeInteger(input.months) || input.months < 1) throw invalidInput('months', 'must be a whole number of at least 1');
  if (input.months > input.maxMonths) {
    throw invalidInput('months', `an arrangement runs at most ${input.maxMonths} months (setting collections.arrangement_max_months)`, { maxMonths: input.maxMonths });
  }
  if (!Number.isSafeInteger(input.principalCents) || input.principalCents <= 0) {
    throw invalidInput(input.arrangementType === 'reduced' ? 'reducedPrincipalCents' : 'principalCents', 'nothing to arrange: the principal must be more than $0.00');
  }
  if (input.principalCents < input.months) throw invalidInput('months', `${input.principalCents} cents cannot be split into ${input.months} installments`);
  checkType(input);
  const dates = dueDatesOf(input);
  const lastAllowed = addMonths(input.startsOn, input.maxMonths);
  const last = dates[dates.length - 1] as IsoDate;
  if (last > lastAllowed) {
    const field = input.due.kind === 'dates' ? 'dueDates' : input.due.kind === 'monthly' || input.firstDueOn ? 'firstDueOn' : 'months';
    throw invalidInput(field, `the last installment (${last}) would be due after ${lastAllowed}: an arrangement runs at most ${input.maxMonths} months`, { maxMonths: input.maxMonths });
  }
  const amounts = splitEvenly(input.principalCents, input.months);
  return dates.map((dueOn, index) => ({ installmentNumber: index + 1, dueOn, amountCents: amounts[index] as Cents }));
}
