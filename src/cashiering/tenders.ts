/**
 * The counter's rules for money in hand (pure): drawer counts by denomination, tenders and the
 * change due, partial payments, and what a cash-only customer may pay with.
 */
import { invalidFields, type FieldProblem } from '../shared/errors.js';
import { cents, formatDollars as dollars, sumCents, type Cents } from '../shared/money.js';

/** Denominations a drawer is counted in, each with its value in cents. */
export const denominations = {
  bill_100: 10_000,
  bill_50: 5_000,
  bill_20: 2_000,
  bill_10: 1_000,
  bill_5: 500,
  bill_2: 200,
  bill_1: 100,
  coin_100: 100,
  coin_50: 50,
  coin_25: 25,
  coin_10: 10,
  coin_5: 5,
  coin_1: 1,
} as const;

export type Denomination = keyof typeof denominations;
export const denominationNames = Object.keys(denominations) as Denomination[];

/** How many of each denomination are in the drawer. */
export type DenominationCount = Partial<Record<Denomination, number>>;

export interface CountTotals {
  currencyCents: Cents;
  coinCents: Cents;
  totalCents: Cents;
}

/** Checks a count (whole, non-negative numbers of known denominations) and totals it. */
export function parseDenominationCount(value: unknown, field: string): { count: DenominationCount; totals: CountTotals } {
  const problems: FieldProblem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidFields([{ field, message: 'must be a count by denomination, e.g. {"bill_20": 5, "coin_25": 40}' }]);
  }
  const count: DenominationCount = {};
  for (const [key, number] of Object.entries(value as Record<string, unknown>)) {
    if (!(key in denominations)) {
      problems.push({ field: `${field}.${key}`, message: `is not a denomination (${denominationNames.join(', ')})` });
      continue;
    }
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0 || number > 1_000_000) {
      problems.push({ field: `${field}.${key}`, message: 'must be a whole number of pieces, 0 or more' });
      continue;
    }
    if (number > 0) count[key as Denomination] = number;
  }
  if (problems.length > 0) throw invalidFields(problems);
  return { count, totals: countTotals(count) };
}

export function countTotals(count: DenominationCount): CountTotals {
  let currency = 0;
  let coin = 0;
  for (const name of denominationNames) {
    const pieces = count[name] ?? 0;
    if (name.startsWith('bill_')) currency += pieces * denominations[name];
    else coin += pieces * denominations[name];
  }
  return { currencyCents: cents(currency), coinCents: cents(coin), totalCents: cents(currency + coin) };
}

export const tenderTypes = ['cash', 'check', 'money_order', 'card', 'ach'] as const;
export type TenderType = (typeof tenderTypes)[number];

export const tenderLabels: Record<TenderType, string> = {
  cash: 'Cash',
  check: 'Check',
  money_order: 'Money order / cashier\'s check',
  card: 'Card',
  ach: 'ACH / e-check',
};

/** Tenders a cash-only customer (after returned payments) may still use: certified funds and cards. */
export const cashOnlyTenders: readonly TenderType[] = ['cash', 'money_order', 'card'];

export interface TenderAmount {
  type: TenderType;
  amountCents: Cents;
}

export interface TenderSettlement {
  tenderedCents: Cents;
  changeCents: Cents;
}

/**
 * What was handed over against what is due. Change comes only out of cash: tenders other than
 * cash may not exceed what is due, and the change may not exceed the cash handed over.
 */
export function settleTenders(totalCents: Cents, tenders: readonly TenderAmount[]): TenderSettlement {
  const problems: FieldProblem[] = [];
  if (tenders.length === 0) problems.push({ field: 'tenders', message: 'give at least one tender (cash, check, money order, card)' });
  const tendered = sumCents(tenders.map((tender) => tender.amountCents));
  const cash = sumCents(tenders.filter((tender) => tender.type === 'cash').map((tender) => tender.amountCents));
  const nonCash = cents(tendered - cash);
  if (tenders.length > 0 && tendered < totalCents) {
    problems.push({ field: 'tenders', message: `${dollars(tendered)} tendered is less than the ${dollars(totalCents)} due` });
  } else if (nonCash > totalCents) {
    problems.push({ field: 'tenders', message: `checks, money orders and cards (${dollars(nonCash)}) may not exceed the ${dollars(totalCents)} due: change is given only from cash` });
  }
  if (problems.length > 0) throw invalidFields(problems);
  return { tenderedCents: tendered, changeCents: cents(tendered - totalCents) };
}

/** An account line paying less than the account owes is a partial payment, which the cashier confirms. */
export function isPartialPayment(amountCents: Cents, balanceCents: Cents): boolean {
  return balanceCents > 0 && amountCents < balanceCents;
}
