/**
 * The pure rules of liens on the tax roll: who may be listed (the owner rule, the minimum amount,
 * the days delinquent, arrangements and holds), to whom the notice goes, the county's date, how
 * long a recorded lien lasts, and which status may follow which. The use cases (liens.ts) read
 * the facts set-based and decide with these functions.
 *
 * Sources relied on (verify the current text before changing): Health and Safety Code 5473-5473.5
 * (a yearly report of parcels and delinquent charges, notice and hearing, filed with the county
 * auditor on or before August 10, then a lien on the parcel); Government Code 38744 (the same
 * August 10 date for a city's water standby charges); Water Code 25806(a)(2) (a recorded
 * certificate has the force of a judgment lien for 10 years unless released); Public Utilities
 * Code 16472.1 (a lien only to the extent the property is owned by the person who received the
 * service — hence the default of listing owners' accounts only).
 */
import { addDays, isoDate, type IsoDate } from '../shared/dates.js';
import type { Cents } from '../shared/money.js';

export interface LienRule {
  effectiveFrom: IsoDate;
  includeTenants: boolean;
  minimumCents: Cents;
  minimumDaysDelinquent: number;
  excludeArrangements: boolean;
  excludeHolds: boolean;
  processingFeeCents: Cents;
  processingFeeAccountCode: string | null;
  recordedLienYears: number;
  authority: string;
}

/** What the roll knows of one delinquent account on the as-of date. */
export interface LienCandidate {
  /** The parcel's APN through the account's service location; null when there is none. */
  apn: string | null;
  customerIsOwner: boolean;
  /** Someone to address as owner: the customer, an owner customer, or the owner of record. */
  hasOwner: boolean;
  /** What is open of the charges due at least minimumDaysDelinquent days before the as-of date. */
  delinquentCents: Cents;
  oldestDueDate: IsoDate | null;
  hasActiveArrangement: boolean;
  hasActiveHold: boolean;
}

export const lienExclusions = ['no_apn', 'not_owner', 'no_owner', 'below_minimum', 'not_delinquent', 'on_arrangement', 'on_hold'] as const;
export type LienExclusion = (typeof lienExclusions)[number];

export const exclusionText: Record<LienExclusion, string> = {
  no_apn: 'its service location has no parcel with an APN, so the county cannot place it on the tax roll',
  not_owner: 'the customer is a tenant, not the owner of record (the rule lists owners only)',
  no_owner: 'nobody is known as the owner of record to notify',
  below_minimum: 'what is delinquent is below the rule\'s minimum',
  not_delinquent: 'nothing is delinquent long enough',
  on_arrangement: 'the account is on an active payment arrangement',
  on_hold: 'collection of the account is on hold',
};

/**
 * APNs a conversion wrote when the parcel was unknown (all zeros) are not APNs: the county would
 * reject them. Everything else the parcel table holds already matches the county's pattern.
 */
export function isListableApn(apn: string | null): apn is string {
  return apn !== null && /^[0-9]{3}-[0-9]{3}-[0-9]{2,3}$/.test(apn) && !/^[0-]+$/.test(apn);
}

/** Why an account may not be listed (empty: it may). Every reason is given, not only the first. */
export function lienExclusionsOf(candidate: LienCandidate, rule: LienRule): LienExclusion[] {
  const reasons: LienExclusion[] = [];
  if (!isListableApn(candidate.apn)) reasons.push('no_apn');
  if (!candidate.customerIsOwner && !rule.includeTenants) reasons.push('not_owner');
  if (!candidate.customerIsOwner && rule.includeTenants && !candidate.hasOwner) reasons.push('no_owner');
  if (candidate.delinquentCents <= 0 || candidate.oldestDueDate === null) reasons.push('not_delinquent');
  else if (candidate.delinquentCents < rule.minimumCents) reasons.push('below_minimum');
  if (candidate.hasActiveArrangement && rule.excludeArrangements) reasons.push('on_arrangement');
  if (candidate.hasActiveHold && rule.excludeHolds) reasons.push('on_hold');
  return reasons;
}

/** Charges due on or before this date are delinquent long enough to be listed. */
export function latestListableDueDate(asOf: IsoDate, rule: Pick<LienRule, 'minimumDaysDelinquent'>): IsoDate {
  return addDays(asOf, -rule.minimumDaysDelinquent);
}

/**
 * The roll of fiscal year FY (named by the year it ends: FY2027 = July 2026 to June 2027) goes
 * on that year's tax bills, so it reaches the county auditor by August 10 of the year FY starts.
 */
export function dueToCountyOn(fiscalYear: number): IsoDate {
  return isoDate(fiscalYear - 1, 8, 10);
}

/** A recorded lien lasts `years` from its recording (February 29 falls to February 28). */
export function lienExpiresOn(recordedOn: IsoDate, years: number): IsoDate {
  const [year, month, day] = recordedOn.split('-').map(Number) as [number, number, number];
  const target = year + years;
  const isLeap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  return isoDate(target, month, month === 2 && day === 29 && !isLeap ? 28 : day);
}

export const lienStatuses = ['listed', 'noticed', 'recorded', 'paid_off', 'released', 'removed'] as const;
export type LienStatus = (typeof lienStatuses)[number];

/** Which status may follow which. Removal is only from the draft list (before the county has it). */
const transitions: Record<LienStatus, readonly LienStatus[]> = {
  listed: ['noticed', 'removed', 'recorded', 'paid_off'],
  noticed: ['removed', 'recorded', 'paid_off'],
  recorded: ['paid_off'],
  paid_off: ['released'],
  released: [],
  removed: [],
};

export function canMoveLien(from: LienStatus, to: LienStatus): boolean {
  return transitions[from].includes(to);
}

/** Who the lien notice is addressed to: the customer when they own the parcel, else the owner. */
export interface OwnerFacts {
  customerIsOwner: boolean;
  customerName: string;
  ownerCustomerName: string | null;
  ownerOfRecord: string | null;
}

export function lienOwnerName(facts: OwnerFacts): string | null {
  if (facts.customerIsOwner) return facts.customerName;
  return nonEmpty(facts.ownerCustomerName) ?? nonEmpty(facts.ownerOfRecord);
}

function nonEmpty(text: string | null): string | null {
  return text !== null && text.trim() !== '' ? text.trim() : null;
}
