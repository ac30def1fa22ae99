/**
 * The Water Shutoff Protection Act (SB 998, Health and Safety Code 116900 and following) and the
 * city's own shutoff rules, as pure functions: one named rule per check, each deciding from the
 * facts of one account on one day (loaded set-based by eligibility.ts) and explaining itself to the
 * clerk in plain English. An account may be shut off on a day when every rule that applies passes.
 *
 * Scope: SB 998's rules apply to residential water service of a system with more than 200
 * service connections (116902, "urban and community water system"). SB 3 (Stats. 2023, ch. 855)
 * since extended parts of the chapter to smaller community systems ("covered water system"); the
 * threshold is one constant here (SB998_MINIMUM_CONNECTIONS) so a city below it can decide.
 * For other accounts the SB 998 rules show as "does not apply" and the local rules still hold.
 */
import { addDays, type IsoDate } from '../shared/dates.js';
import { formatDollars, type Cents } from '../shared/money.js';
import { addBusinessDays, businessDaysBetween, nextBusinessDayOnOrAfter, type OfficeCalendar } from './calendar.js';
import type { Delivery, NoticeType, ProtectionType } from './types.js';

/** SB 998 covers systems with more than this many service connections (H&S 116902). */
export const SB998_MINIMUM_CONNECTIONS = 200;
/** H&S 116908(a)(1)(A): no shutoff until a payment has been delinquent at least 60 days. */
export const DELINQUENT_DAYS = 60;
/** H&S 116908(a)(1)(A): contact by telephone or written notice at least 7 business days before. */
export const NOTICE_BUSINESS_DAYS = 7;
/** H&S 116910(b): 60 days in default on an arrangement, then a final notice 5 business days before. */
export const ARRANGEMENT_DEFAULT_DAYS = 60;
export const FINAL_NOTICE_BUSINESS_DAYS = 5;

export const ruleCodes = [
  'sb998.applies',
  'sb998.sixty_days_delinquent',
  'sb998.notice_seven_business_days',
  'sb998.no_pending_appeal',
  'sb998.arrangement_good_standing',
  'sb998.arrangement_default_final_notice',
  'sb998.medical_certification',
  'sb998.office_open',
  'local.collection_hold',
  'local.shutoff_order_open',
  'local.minimum_past_due',
] as const;
export type RuleCode = (typeof ruleCodes)[number];

export interface RuleResult {
  code: RuleCode;
  passed: boolean;
  applies: boolean;
  reason: string;
}

export interface Eligibility {
  eligible: boolean;
  /** The first day every rule would pass if nothing else changes; null when a rule blocks with no end. */
  earliestDate: IsoDate | null;
  /** The three medical conditions hold: the system must offer a payment arrangement (H&S 116910(a)). */
  mustOfferArrangement: boolean;
  rules: RuleResult[];
}

export interface NoticeFact {
  noticeNumber: string;
  noticeType: NoticeType;
  delivery: Delivery;
  noticeDate: IsoDate;
}

export interface ProtectionFact {
  id: number;
  protectionType: ProtectionType;
  receivedOn: IsoDate;
  validUntil: IsoDate | null;
  documentRef: string;
}

export interface AccountFacts {
  accountId: number;
  accountNumber: string;
  classCode: string;
  isResidential: boolean;
  hasWaterService: boolean;
  /** The oldest unpaid bill past its due date (its bill number when it is a bill). */
  oldestUnpaid: { documentRef: string | null; dueDate: IsoDate } | null;
  pastDueCents: Cents;
  /** Notices of the account (SB 998 notices, final notices...), any date. */
  notices: readonly NoticeFact[];
  /** Active (not resolved or withdrawn) protections. */
  protections: readonly ProtectionFact[];
  /** The active payment arrangement. */
  arrangement: { arrangementNumber: string; defaultSince: IsoDate | null } | null;
  /** Holds not released early. */
  holds: readonly { reason: string; startsOn: IsoDate; endsOn: IsoDate }[];
  customerHold: boolean;
  /** A shutoff order already released to the field or done (service off). */
  shutoffInField: { shutoffId: number; status: 'released' | 'completed'; disconnectedOn: IsoDate | null } | null;
}

export interface SystemFacts {
  /** Service connections of the water system (setting, or the count of active water accounts). */
  connections: number;
  minimumPastDueCents: Cents;
}

/** A rule's verdict and, when it fails, the first day it would pass (null: no known day). */
interface Verdict extends RuleResult {
  passesFrom: IsoDate | null;
}

interface Context {
  facts: AccountFacts;
  system: SystemFacts;
  calendar: OfficeCalendar;
  day: IsoDate;
  covered: boolean;
}

function pass(code: RuleCode, reason: string): Verdict {
  return { code, passed: true, applies: true, reason, passesFrom: null };
}
function fail(code: RuleCode, reason: string, passesFrom: IsoDate | null): Verdict {
  return { code, passed: false, applies: true, reason, passesFrom };
}
function notApplicable(code: RuleCode, reason: string): Verdict {
  return { code, passed: true, applies: false, reason, passesFrom: null };
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function coverage(facts: AccountFacts, system: SystemFacts): { covered: boolean; why: string } {
  if (!facts.isResidential) return { covered: false, why: `class ${facts.classCode} is not residential` };
  if (!facts.hasWaterService) return { covered: false, why: 'the account has no water service' };
  if (system.connections <= SB998_MINIMUM_CONNECTIONS) {
    return { covered: false, why: `the water system has ${system.connections} service connections, not more than ${SB998_MINIMUM_CONNECTIONS}` };
  }
  return { covered: true, why: `residential water service of a system with ${system.connections.toLocaleString('en-US')} connections` };
}

/** sb998.applies: residential water service of a system with more than 200 connections. */
export function ruleApplies(context: Context): Verdict {
  const { covered, why } = coverage(context.facts, context.system);
  return covered
    ? pass('sb998.applies', `SB 998 applies: ${why}.`)
    : notApplicable('sb998.applies', `SB 998 does not apply: ${why}. The city's own rules still hold.`);
}

function outOfScope(code: RuleCode): Verdict {
  return notApplicable(code, 'Does not apply: SB 998 does not cover this account.');
}

/** sb998.sixty_days_delinquent: the oldest unpaid bill is at least 60 days past its due date (116908(a)(1)(A)). */
export function ruleSixtyDaysDelinquent(context: Context): Verdict {
  const code = 'sb998.sixty_days_delinquent';
  if (!context.covered) return outOfScope(code);
  const oldest = context.facts.oldestUnpaid;
  if (!oldest) return fail(code, 'Nothing is past due: there is no unpaid bill past its due date.', null);
  const days = daysBetween(oldest.dueDate, context.day);
  const from = addDays(oldest.dueDate, DELINQUENT_DAYS);
  const bill = `${oldest.documentRef ? `${oldest.documentRef}, ` : ''}due ${oldest.dueDate}`;
  if (days >= DELINQUENT_DAYS) return pass(code, `The oldest unpaid bill (${bill}) is ${days} days past due; SB 998 allows a shutoff from 60 days (${from}).`);
  return fail(code, `The oldest unpaid bill (${bill}) is ${Math.max(days, 0)} days past due; SB 998 allows a shutoff at 60 days, on ${from} at the earliest.`, from);
}

/** A telephone contact or a mailed written notice of impending disconnection (116908(a)(1)). */
function isContactNotice(notice: NoticeFact): boolean {
  return (notice.noticeType === 'sb998_notice' || notice.noticeType === 'shutoff_notice') && (notice.delivery === 'mail' || notice.delivery === 'phone');
}

/**
 * sb998.notice_seven_business_days: a telephone contact or written (mailed) notice of this
 * delinquency at least 7 business days before the day: counting the business days after the
 * notice up to and including the day, at least 7.
 */
export function ruleNoticeSevenBusinessDays(context: Context): Verdict {
  const code = 'sb998.notice_seven_business_days';
  if (!context.covered) return outOfScope(code);
  const since = context.facts.oldestUnpaid?.dueDate ?? null;
  const notices = context.facts.notices
    .filter((notice) => isContactNotice(notice) && (since === null || notice.noticeDate >= since) && notice.noticeDate <= context.day)
    .sort((a, b) => (a.noticeDate < b.noticeDate ? -1 : 1));
  const first = notices[0];
  if (!first) {
    const ifToday = addBusinessDays(context.calendar, context.day, NOTICE_BUSINESS_DAYS);
    return fail(code, `No SB 998 notice by mail or telephone about this delinquency: send one (sent today, a shutoff could follow on ${ifToday}).`, null);
  }
  const counted = businessDaysBetween(context.calendar, first.noticeDate, context.day);
  const how = first.delivery === 'phone' ? 'by telephone' : 'by mail';
  const from = addBusinessDays(context.calendar, first.noticeDate, NOTICE_BUSINESS_DAYS);
  if (counted >= NOTICE_BUSINESS_DAYS) return pass(code, `SB 998 notice ${first.noticeNumber} was given ${how} on ${first.noticeDate}, ${counted} business days before.`);
  return fail(code, `SB 998 notice ${first.noticeNumber} was given ${how} on ${first.noticeDate}, only ${counted} business days before; 7 are required (from ${from}).`, from);
}

function activeOn(protection: ProtectionFact, day: IsoDate): boolean {
  return protection.receivedOn <= day && (protection.validUntil === null || protection.validUntil >= day);
}

/** sb998.no_pending_appeal: no shutoff while an appeal or bill investigation is pending (H&S 116908). */
export function ruleNoPendingAppeal(context: Context): Verdict {
  const code = 'sb998.no_pending_appeal';
  if (!context.covered) return outOfScope(code);
  const pending = context.facts.protections.filter((p) => (p.protectionType === 'appeal' || p.protectionType === 'bill_investigation') && p.receivedOn <= context.day);
  if (pending.length === 0) return pass(code, 'No appeal or bill investigation is pending.');
  const list = pending.map((p) => `${p.protectionType === 'appeal' ? 'an appeal' : 'a bill investigation'} received ${p.receivedOn} (${p.documentRef})`).join('; ');
  return fail(code, `Protected: ${list} is pending. No shutoff until it is resolved.`, null);
}

function defaultDays(context: Context): number | null {
  const since = context.facts.arrangement?.defaultSince ?? null;
  return since === null ? null : daysBetween(since, context.day);
}

/**
 * sb998.arrangement_good_standing: an active payment arrangement in good standing protects
 * (H&S 116908); it gives way only after 60 days in default (H&S 116910(b)).
 */
export function ruleArrangementGoodStanding(context: Context): Verdict {
  const code = 'sb998.arrangement_good_standing';
  if (!context.covered) return outOfScope(code);
  const arrangement = context.facts.arrangement;
  if (!arrangement) return pass(code, 'No payment arrangement is active.');
  if (arrangement.defaultSince === null) {
    return fail(code, `Protected: payment arrangement ${arrangement.arrangementNumber} is in good standing.`, null);
  }
  const days = defaultDays(context) as number;
  const from = addDays(arrangement.defaultSince, ARRANGEMENT_DEFAULT_DAYS);
  if (days >= ARRANGEMENT_DEFAULT_DAYS) {
    return pass(code, `Payment arrangement ${arrangement.arrangementNumber} has been in default since ${arrangement.defaultSince} (${days} days; 60 allow a shutoff after a final notice).`);
  }
  return fail(code, `Payment arrangement ${arrangement.arrangementNumber} is in default since ${arrangement.defaultSince}, ${Math.max(days, 0)} days; it protects until 60 days (${from}).`, from);
}

/**
 * sb998.arrangement_default_final_notice: H&S 116910(b): a system "may discontinue residential
 * service no sooner than five business days after posting a final notice of intent to
 * disconnect service in a prominent and conspicuous location at the property" when the customer
 * has failed to comply with an amortization agreement, alternative payment schedule, or plan for
 * deferred or reduced payment for 60 days or more, or has not paid current charges for 60 days
 * or more while on one. Here: a final notice, delivery 'posted', on or after the default began.
 */
export function ruleArrangementDefaultFinalNotice(context: Context): Verdict {
  const code = 'sb998.arrangement_default_final_notice';
  if (!context.covered) return outOfScope(code);
  const since = context.facts.arrangement?.defaultSince ?? null;
  if (since === null) return notApplicable(code, 'Does not apply: no payment arrangement is in default.');
  const posted = context.facts.notices
    .filter((n) => n.noticeType === 'final_notice' && n.delivery === 'posted' && n.noticeDate >= since && n.noticeDate <= context.day)
    .sort((a, b) => (a.noticeDate < b.noticeDate ? -1 : 1))[0];
  if (!posted) return fail(code, 'The arrangement is in default: post a final notice of intent to disconnect at the property, at least 5 business days before the shutoff.', null);
  const counted = businessDaysBetween(context.calendar, posted.noticeDate, context.day);
  const from = addBusinessDays(context.calendar, posted.noticeDate, FINAL_NOTICE_BUSINESS_DAYS);
  if (counted >= FINAL_NOTICE_BUSINESS_DAYS) return pass(code, `Final notice ${posted.noticeNumber} was posted at the property on ${posted.noticeDate}, ${counted} business days before.`);
  return fail(code, `Final notice ${posted.noticeNumber} was posted on ${posted.noticeDate}, only ${counted} business days before; 5 are required (from ${from}).`, from);
}

const medicalLabels: Record<'medical_certification' | 'inability_to_pay' | 'willing_arrangement', string> = {
  medical_certification: "a primary care provider's certification",
  inability_to_pay: 'inability to pay within the normal billing cycle',
  willing_arrangement: 'willingness to enter a payment arrangement',
};

/** The three conditions of H&S 116910(a) hold on the day. */
export function medicalConditionsHold(protections: readonly ProtectionFact[], day: IsoDate): boolean {
  return (Object.keys(medicalLabels) as (keyof typeof medicalLabels)[]).every((type) => protections.some((p) => p.protectionType === type && activeOn(p, day)));
}

/**
 * sb998.medical_certification: no shutoff when all three hold (H&S 116910(a)): a primary care
 * provider certifies that it would be life threatening or a serious threat to health, the
 * customer shows inability to pay within the normal billing cycle, and is willing to enter an
 * arrangement; the system must then offer one. Once the customer has been 60 days in default on
 * that arrangement, 116910(b) allows the shutoff (with its final notice).
 */
export function ruleMedicalCertification(context: Context): Verdict {
  const code = 'sb998.medical_certification';
  if (!context.covered) return outOfScope(code);
  const types = Object.keys(medicalLabels) as (keyof typeof medicalLabels)[];
  const held = types.filter((type) => context.facts.protections.some((p) => p.protectionType === type && activeOn(p, context.day)));
  if (held.length < types.length) {
    const missing = types.filter((type) => !held.includes(type)).map((type) => medicalLabels[type]);
    return pass(code, held.length === 0
      ? 'No medical certification is recorded.'
      : `Not all three medical conditions are recorded: missing ${missing.join(' and ')}.`);
  }
  const days = defaultDays(context);
  if (days !== null && days >= ARRANGEMENT_DEFAULT_DAYS) {
    return pass(code, `The medical conditions are recorded, but the customer has been ${days} days in default on arrangement ${context.facts.arrangement?.arrangementNumber} (116910(b)).`);
  }
  const offer = context.facts.arrangement ? `Arrangement ${context.facts.arrangement.arrangementNumber} is in place.` : 'Offer the customer a payment arrangement (amortization, alternative schedule, or reduced or deferred payment).';
  return fail(code, `Protected: a medical certification, inability to pay and willingness to enter an arrangement are all recorded. ${offer}`, null);
}

/**
 * sb998.office_open: no shutoff on a Saturday, Sunday, legal holiday, or when the business office
 * is not open to the public (H&S 116908): weekends, state holidays (calendar.ts) and closures.
 * The city keeps this rule for every account, covered by SB 998 or not.
 */
export function ruleOfficeOpen(context: Context): Verdict {
  const code = 'sb998.office_open';
  const closed = context.calendar.closedReason(context.day);
  if (closed === null) return pass(code, `The office is open on ${context.day}.`);
  return fail(code, `No shutoff on ${context.day}: ${closed}. The next business day is ${nextBusinessDayOnOrAfter(context.calendar, context.day)}.`,
    nextBusinessDayOnOrAfter(context.calendar, context.day));
}

/** local.collection_hold: an active collection hold of the account, or the customer's hold flag. */
export function ruleCollectionHold(context: Context): Verdict {
  const code = 'local.collection_hold';
  if (context.facts.customerHold) return fail(code, 'The customer is on a collections hold (customer record); it ends when a clerk clears it.', null);
  const hold = context.facts.holds.filter((h) => h.startsOn <= context.day && h.endsOn >= context.day).sort((a, b) => (a.endsOn > b.endsOn ? -1 : 1))[0];
  if (!hold) return pass(code, 'No collection hold.');
  return fail(code, `On hold through ${hold.endsOn}: ${hold.reason}.`, addDays(hold.endsOn, 1));
}

/** local.shutoff_order_open: no shutoff order of the account already in the field or done. */
export function ruleShutoffOrderOpen(context: Context): Verdict {
  const code = 'local.shutoff_order_open';
  const order = context.facts.shutoffInField;
  if (!order) return pass(code, 'No shutoff order is in the field.');
  if (order.status === 'completed') return fail(code, `Service is already shut off (since ${order.disconnectedOn ?? 'unknown'}).`, null);
  return fail(code, 'A shutoff order is already released to the field.', null);
}

/** local.minimum_past_due: at least the minimum past due (setting collections.minimum_past_due_cents). */
export function ruleMinimumPastDue(context: Context): Verdict {
  const code = 'local.minimum_past_due';
  const { pastDueCents } = context.facts;
  const minimum = context.system.minimumPastDueCents;
  if (pastDueCents >= minimum && pastDueCents > 0) return pass(code, `${formatDollars(pastDueCents)} is past due (collection starts at ${formatDollars(minimum)}).`);
  return fail(code, `${formatDollars(pastDueCents)} is past due; collection starts at ${formatDollars(minimum)}.`, null);
}

const rules = [
  ruleApplies,
  ruleSixtyDaysDelinquent,
  ruleNoticeSevenBusinessDays,
  ruleNoPendingAppeal,
  ruleArrangementGoodStanding,
  ruleArrangementDefaultFinalNotice,
  ruleMedicalCertification,
  ruleOfficeOpen,
  ruleCollectionHold,
  ruleShutoffOrderOpen,
  ruleMinimumPastDue,
];

function verdicts(facts: AccountFacts, system: SystemFacts, calendar: OfficeCalendar, day: IsoDate): Verdict[] {
  const context: Context = { facts, system, calendar, day, covered: coverage(facts, system).covered };
  return rules.map((rule) => rule(context));
}

/**
 * Every rule for one account on one day, and the earliest day all would pass if nothing changes
 * (each failing rule names the first day it passes; the latest of those, moved to a business day,
 * checked again, since a later day can change what the notice rules count).
 */
export function evaluateRules(facts: AccountFacts, system: SystemFacts, calendar: OfficeCalendar, day: IsoDate): Eligibility {
  const today = verdicts(facts, system, calendar, day);
  const failed = today.filter((v) => v.applies && !v.passed);
  const strip = (v: Verdict): RuleResult => ({ code: v.code, passed: v.passed, applies: v.applies, reason: v.reason });
  const mustOfferArrangement = coverage(facts, system).covered && medicalConditionsHold(facts.protections, day) && facts.arrangement === null;
  if (failed.length === 0) return { eligible: true, earliestDate: day, mustOfferArrangement, rules: today.map(strip) };
  return { eligible: false, earliestDate: earliestPassingDay(facts, system, calendar, failed), mustOfferArrangement, rules: today.map(strip) };
}

function earliestPassingDay(facts: AccountFacts, system: SystemFacts, calendar: OfficeCalendar, failed: readonly Verdict[]): IsoDate | null {
  let candidate: IsoDate | null = null;
  let blocking = failed;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (blocking.some((v) => v.passesFrom === null)) return null;
    const latest = blocking.reduce<IsoDate>((max, v) => ((v.passesFrom as IsoDate) > max ? (v.passesFrom as IsoDate) : max), candidate ?? (blocking[0]?.passesFrom as IsoDate));
    candidate = nextBusinessDayOnOrAfter(calendar, latest);
    blocking = verdicts(facts, system, calendar, candidate).filter((v) => v.applies && !v.passed);
    if (blocking.length === 0) return candidate;
  }
  return null;
}

