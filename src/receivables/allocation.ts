/**
 * How payments and other credits pay what an account owes — the allocation rule, in one place.
 *
 * Rule "class order, then oldest due first": debits are ranked by their charge class's place in the
 * kind's allocation order (e.g. penalties, then interest, then charges; classes not listed come
 * after the listed ones; an empty order ranks every class alike), then by due date (an item
 * without one by its date), then by date, then by id. Credits are used oldest first. Each credit
 * pays the first open debit in that ranking until one of them is used up. Whatever credit is left
 * stays on the account as a visible credit balance; it pays the next charge that posts.
 *
 * Because penalties and interest are paid before principal (where the kind says so), paying the
 * principal never silently loses them.
 */
import type { IsoDate } from '../shared/dates.js';
import { cents, type Cents } from '../shared/money.js';

export const chargeClasses = ['penalty', 'interest', 'charge'] as const;
export type ChargeClass = (typeof chargeClasses)[number];

export interface OpenDebit {
  itemId: number;
  chargeClass: ChargeClass | null;
  dueDate: IsoDate | null;
  itemDate: IsoDate;
  /** What is still owed on the item, > 0. */
  openCents: Cents;
}

export interface OpenCredit {
  itemId: number;
  itemDate: IsoDate;
  /** What of the credit is not yet applied, > 0. */
  availableCents: Cents;
}

export interface Application {
  creditItemId: number;
  debitItemId: number;
  amountCents: Cents;
}

export function rankDebits(debits: readonly OpenDebit[], order: readonly ChargeClass[]): OpenDebit[] {
  const rank = (debit: OpenDebit): number => {
    if (order.length === 0) return 0;
    const index = order.indexOf(debit.chargeClass ?? 'charge');
    return index === -1 ? order.length : index;
  };
  return [...debits].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareText(a.dueDate ?? a.itemDate, b.dueDate ?? b.itemDate) ||
      compareText(a.itemDate, b.itemDate) ||
      a.itemId - b.itemId,
  );
}

/** Applies credits (oldest first) to debits in the ranking of the rule above. */
export function allocate(
  credits: readonly OpenCredit[],
  debits: readonly OpenDebit[],
  order: readonly ChargeClass[],
): Application[] {
  const ranked = rankDebits(debits, order).map((debit) => ({ ...debit, left: debit.openCents as number }));
  const sortedCredits = [...credits].sort((a, b) => compareText(a.itemDate, b.itemDate) || a.itemId - b.itemId);
  const applications: Application[] = [];
  let next = 0;
  for (const credit of sortedCredits) {
    let available: number = credit.availableCents;
    while (available > 0 && next < ranked.length) {
      const debit = ranked[next];
      if (!debit) break;
      const amount = Math.min(available, debit.left);
      if (amount > 0) {
        applications.push({ creditItemId: credit.itemId, debitItemId: debit.itemId, amountCents: cents(amount) });
        available -= amount;
        debit.left -= amount;
      }
      if (debit.left === 0) next += 1;
    }
    if (next >= ranked.length) break;
  }
  return applications;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Aging buckets by days past due (as of a date): current (not yet 30 days past due), 30, 60, 90, 120+. */
export const agingBuckets = ['current', 'days30', 'days60', 'days90', 'days120'] as const;
export type AgingBucket = (typeof agingBuckets)[number];

export function agingBucket(dueDate: IsoDate, asOf: IsoDate): AgingBucket {
  const days = Math.floor((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
  if (days < 30) return 'current';
  if (days < 60) return 'days30';
  if (days < 90) return 'days60';
  if (days < 120) return 'days90';
  return 'days120';
}
