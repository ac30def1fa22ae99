/**
 * Penalties on unpaid utility bills, the pure part: which rule applies to a bill, when a bill is
 * past its grace, what the penalty is, and what the job decides for a bill on a day.
 *
 * Which rule: the active versions whose scope matches the bill's account (its utility class, the
 * rate schedules of its service agreements) and whose dates hold **the bill's due date** (not the
 * day the job runs: a bill due before a new version is penalized by the old one). The most
 * specific scope wins: class and rate schedule (3), rate schedule (2), class (1), the default
 * with neither (0). Two versions of one scope never overlap (refused at set-up), so a tie can only
 * be two rate schedules of one account at the same level: the schedule code first in alphabetical
 * order wins, so the choice never depends on the order rules were read.
 *
 * The amount: current rate x the bill's unpaid current charges + past-due rate x the unpaid part
 * of the previous balance carried on the bill, computed exactly (in integers: money.ts
 * `sumOfRatedCents`) and rounded half-up once, then raised to the minimum and lowered to the
 * maximum. Only charges earn penalties (a penalty never earns one), and a paid bill earns none, not even the minimum.
 */
import { Decimal } from 'decimal.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { cents, sumOfRatedCents, type Cents } from '../shared/money.js';

export interface PenaltyRule {
  id: number;
  classCode: string | null;
  rateCode: string | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  graceDays: number;
  /** Decimal text, e.g. "0.100000". */
  currentRate: string;
  /** Decimal text, e.g. "0.010000". */
  pastDueRate: string;
  minimumCents: Cents;
  maximumCents: Cents | null;
  revenueAccountCode: string;
  description: string | null;
  isActive: boolean;
}

/** What decides a bill's rule: its account's class and rate schedules, and its due date. */
export interface BillScope {
  classCode: string;
  rateCodes: readonly string[];
  dueDate: IsoDate;
}

/** 3: class and rate schedule; 2: rate schedule; 1: class; 0: the default. */
export function ruleSpecificity(rule: Pick<PenaltyRule, 'classCode' | 'rateCode'>): number {
  return (rule.rateCode === null ? 0 : 2) + (rule.classCode === null ? 0 : 1);
}

export function isInEffect(rule: Pick<PenaltyRule, 'effectiveFrom' | 'effectiveTo'>, date: IsoDate): boolean {
  return rule.effectiveFrom <= date && (rule.effectiveTo === null || date <= rule.effectiveTo);
}

export function matchesScope(rule: Pick<PenaltyRule, 'classCode' | 'rateCode'>, bill: Pick<BillScope, 'classCode' | 'rateCodes'>): boolean {
  return (rule.classCode === null || rule.classCode === bill.classCode) && (rule.rateCode === null || bill.rateCodes.includes(rule.rateCode));
}

/** The rule of a bill (see the module comment), or null when none applies. */
export function selectPenaltyRule(rules: readonly PenaltyRule[], bill: BillScope): PenaltyRule | null {
  let best: PenaltyRule | null = null;
  for (const rule of rules) {
    if (!rule.isActive || !matchesScope(rule, bill) || !isInEffect(rule, bill.dueDate)) continue;
    if (best === null || isPreferred(rule, best)) best = rule;
  }
  return best;
}

function isPreferred(rule: PenaltyRule, than: PenaltyRule): boolean {
  const bySpecificity = ruleSpecificity(rule) - ruleSpecificity(than);
  if (bySpecificity !== 0) return bySpecificity > 0;
  const byRate = (rule.rateCode ?? '').localeCompare(than.rateCode ?? '');
  if (byRate !== 0) return byRate < 0;
  return rule.id < than.id;
}

/** A bill is past its grace on a day when its due date plus the grace days is before that day. */
export function isPastGrace(dueDate: IsoDate, graceDays: number, asOf: IsoDate): boolean {
  return addDays(dueDate, graceDays) < asOf;
}

export interface PenaltyBases {
  /** The bill's current charges still unpaid. */
  currentBaseCents: Cents;
  /** The part of the previous balance carried on the bill still unpaid. */
  pastDueBaseCents: Cents;
}

/** The exact penalty before rounding, in cents (for display and tests). */
export function exactPenalty(rule: Pick<PenaltyRule, 'currentRate' | 'pastDueRate'>, bases: PenaltyBases): Decimal {
  return new Decimal(bases.currentBaseCents).times(rule.currentRate).plus(new Decimal(bases.pastDueBaseCents).times(rule.pastDueRate));
}

/** The penalty of an unpaid bill: rounded half-up once, then the minimum, then the maximum. */
export function computePenalty(rule: Pick<PenaltyRule, 'currentRate' | 'pastDueRate' | 'minimumCents' | 'maximumCents'>, bases: PenaltyBases): Cents {
  if (bases.currentBaseCents <= 0) return cents(0);
  const rounded = sumOfRatedCents([[bases.currentBaseCents, rule.currentRate], [bases.pastDueBaseCents, rule.pastDueRate]]);
  const raised = Math.max(rounded, rule.minimumCents);
  return cents(rule.maximumCents === null ? raised : Math.min(raised, rule.maximumCents));
}

export const LOW_INCOME_WAIVER_REASON = 'sb998_low_income_waiver';

export type PenaltyOutcome = 'posted' | 'waived' | 'paid' | 'no_rule' | 'zero';

export interface BillFacts extends BillScope, PenaltyBases {
  /** The account has an active low_income protection valid on the day. */
  hasLowIncomeProtection: boolean;
  /** A penalty of the account was waived in the 12 months before the day. */
  hasRecentWaiver: boolean;
}

export interface PenaltyDecision {
  outcome: PenaltyOutcome;
  rule: PenaltyRule | null;
  computedCents: Cents;
  /** What is charged: computedCents when posted, else 0. */
  amountCents: Cents;
  waiverReason: string | null;
}

/**
 * What the job decides for a bill on a day, or null while the bill is within its grace (no
 * decision yet). A bill without a rule is decided once it is past due (grace 0): a rule added
 * later does not reach back to it. SB 998 (Health and Safety Code 116914(a)(2)): for a household
 * below 200% of the federal poverty line, interest (a late charge) is waived once in 12 months.
 */
export function decidePenalty(rules: readonly PenaltyRule[], bill: BillFacts, asOf: IsoDate, pastGrace = isPastGrace): PenaltyDecision | null {
  const rule = selectPenaltyRule(rules, bill);
  if (!pastGrace(bill.dueDate, rule?.graceDays ?? 0, asOf)) return null;
  const none = { computedCents: cents(0), amountCents: cents(0), waiverReason: null };
  if (rule === null) return { outcome: 'no_rule', rule, ...none };
  if (bill.currentBaseCents <= 0) return { outcome: 'paid', rule, ...none };
  const computed = computePenalty(rule, bill);
  if (computed === 0) return { outcome: 'zero', rule, ...none };
  if (bill.hasLowIncomeProtection && !bill.hasRecentWaiver) {
    return { outcome: 'waived', rule, computedCents: computed, amountCents: cents(0), waiverReason: LOW_INCOME_WAIVER_REASON };
  }
  return { outcome: 'posted', rule, computedCents: computed, amountCents: computed, waiverReason: null };
}

/**
 * Decides bills in order; an account waived once in the batch is not waived again in it (the
 * 12 months start with the first waiver).
 */
export function decidePenalties<T extends BillFacts & { accountId: number }>(rules: readonly PenaltyRule[], bills: readonly T[], asOf: IsoDate): Array<{ bill: T; decision: PenaltyDecision }> {
  const waivedAccounts = new Set<number>();
  // A chunk's bills share a few due dates: each due date and grace is dated once.
  const graceOf = new Map<string, boolean>();
  const pastGrace = (dueDate: IsoDate, graceDays: number): boolean => {
    const key = `${dueDate}+${graceDays}`;
    let past = graceOf.get(key);
    if (past === undefined) graceOf.set(key, past = isPastGrace(dueDate, graceDays, asOf));
    return past;
  };
  const decided: Array<{ bill: T; decision: PenaltyDecision }> = [];
  for (const bill of bills) {
    const facts = waivedAccounts.has(bill.accountId) ? { ...bill, hasRecentWaiver: true } : bill;
    const decision = decidePenalty(rules, facts, asOf, pastGrace);
    if (decision === null) continue;
    if (decision.outcome === 'waived') waivedAccounts.add(bill.accountId);
    decided.push({ bill, decision });
  }
  return decided;
}

/** Versions of the same scope as `candidate` whose dates overlap it (active ones only). */
export function overlappingVersions(
  rules: readonly PenaltyRule[],
  candidate: Pick<PenaltyRule, 'classCode' | 'rateCode' | 'effectiveFrom' | 'effectiveTo'> & { id?: number },
): PenaltyRule[] {
  const end = (date: IsoDate | null) => date ?? '9999-12-31';
  return rules.filter((rule) => rule.isActive && rule.id !== candidate.id && rule.classCode === candidate.classCode
    && rule.rateCode === candidate.rateCode
    && rule.effectiveFrom <= end(candidate.effectiveTo) && candidate.effectiveFrom <= end(rule.effectiveTo));
}

/** How a rule's scope reads: "class single_family, rate WATER-RES", "default". */
export function describeScope(rule: Pick<PenaltyRule, 'classCode' | 'rateCode'>): string {
  const parts = [rule.classCode === null ? null : `class ${rule.classCode}`, rule.rateCode === null ? null : `rate ${rule.rateCode}`];
  const named = parts.filter((part) => part !== null);
  return named.length === 0 ? 'default' : named.join(', ');
}
