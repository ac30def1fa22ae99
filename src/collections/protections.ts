/**
 * What a customer claims against a shutoff, with the documents the clerk saw (SB 998):
 *   appeal, bill_investigation — pending until resolved or withdrawn (no shutoff meanwhile);
 *   medical_certification — a primary care provider (name, license number) certifies that a
 *     shutoff would endanger health, valid until a date;
 *   inability_to_pay — a household member receives CalWORKs, CalFresh, general assistance,
 *     Medi-Cal, SSI/SSP or WIC (program and case number), or household income is below 200% of
 *     the federal poverty line (size and income, checked against the guideline effective that
 *     day), or the clerk records that it was documented otherwise (H&S 116910(a)(2));
 *   willing_arrangement — the customer is willing to enter a payment arrangement;
 *   low_income — income below 200% of the poverty line, valid collections.low_income_valid_months.
 * Each is recorded, resolved or withdrawn with a reason, audited and on the timeline. When the
 * three medical conditions hold, the result says so and an arrangement offer notice is written:
 * the system must offer an arrangement (H&S 116910(a)).
 *
 * Errors: invalid_input (field named), not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, requiredDate, text } from '../shared/input.js';
import { cents, formatDollars, parseCents, ZERO, type Cents } from '../shared/money.js';
import { getSettings } from '../settings/index.js';
import { insertNotices, recordEvents } from './notices.js';
import { medicalConditionsHold, type ProtectionFact } from './sb998.js';
import { findUtilityAccount } from './sb998-store.js';
import { protectionTypes, type ProtectionType } from './types.js';

export const assistancePrograms = ['calworks', 'calfresh', 'general_assistance', 'medi_cal', 'ssi_ssp', 'wic'] as const;
export type AssistanceProgram = (typeof assistancePrograms)[number];

export interface Protection {
  id: number;
  utilityAccountId: number;
  accountNumber: string;
  protectionType: ProtectionType;
  receivedOn: IsoDate;
  validUntil: IsoDate | null;
  documentRef: string;
  details: Record<string, unknown>;
  status: 'active' | 'resolved' | 'withdrawn';
  resolvedOn: IsoDate | null;
  resolution: string | null;
  resolvedBy: string | null;
  createdBy: string;
}

export interface PovertyGuideline {
  effectiveFrom: IsoDate;
  firstPersonCents: Cents;
  additionalPersonCents: Cents;
}

/** 200% of the federal poverty guideline for a household (H&S 116910(a)(2), 116914). */
export function twiceThePovertyLineCents(guideline: PovertyGuideline, householdSize: number): Cents {
  return cents(2 * (guideline.firstPersonCents + guideline.additionalPersonCents * (householdSize - 1)));
}

const protectionSelect = sql`select p.id, p.utility_account_id as "utilityAccountId", ra.account_number as "accountNumber",
    p.protection_type as "protectionType", p.received_on::text as "receivedOn", p.valid_until::text as "validUntil",
    p.document_ref as "documentRef", p.details, p.status, p.resolved_on::text as "resolvedOn", p.resolution,
    p.resolved_by as "resolvedBy", p.created_by as "createdBy"
  from collection_protection p join receivable_account ra on ra.id = p.utility_account_id`;

export async function listProtections(db: Executor, options: { account: string | number; includeEnded?: boolean }): Promise<Protection[]> {
  const account = await findUtilityAccount(db, options.account);
  const result = await sql<Protection>`${protectionSelect}
    where p.utility_account_id = ${account.id} and (${options.includeEnded === true} or p.status = 'active')
    order by p.status = 'active' desc, p.received_on desc, p.id desc`.execute(db);
  return result.rows;
}

async function getProtection(db: Executor, id: number): Promise<Protection> {
  const result = await sql<Protection>`${protectionSelect} where p.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('protection', id);
  return row;
}

async function povertyGuideline(db: Executor, on: IsoDate): Promise<PovertyGuideline | null> {
  const result = await sql<PovertyGuideline>`select effective_from::text as "effectiveFrom", first_person_cents as "firstPersonCents",
      additional_person_cents as "additionalPersonCents"
    from federal_poverty_guideline where effective_from <= ${on}::date order by effective_from desc limit 1`.execute(db);
  return result.rows[0] ?? null;
}

interface ParsedProtection {
  protectionType: ProtectionType;
  receivedOn: IsoDate;
  validUntil: IsoDate | null;
  documentRef: string | null;
  details: Record<string, unknown>;
  /** Household size and income to test against 200% of the poverty line. */
  income: { householdSize: number; annualIncomeCents: Cents } | null;
}

function parseIncome(raw: Record<string, unknown>, problems: Problems): ParsedProtection['income'] {
  if (raw.householdSize === undefined && raw.annualIncomeCents === undefined) return null;
  const householdSize = Number(raw.householdSize);
  if (!Number.isInteger(householdSize) || householdSize < 1 || householdSize > 30) problems.add('householdSize', 'the number of people in the household (1 to 30)');
  const income = problems.attempt(() => parseCents(raw.annualIncomeCents, 'annualIncomeCents'));
  if (income !== undefined && income < 0) problems.add('annualIncomeCents', 'cannot be negative');
  return income === undefined ? null : { householdSize, annualIncomeCents: income };
}

/** Type-specific checks of what the clerk saw; every wrong field named at once. */
function parseProtection(value: unknown, today: IsoDate): ParsedProtection {
  const raw = asRecord(value, 'protection');
  const problems = new Problems();
  const protectionType = raw.protectionType as ProtectionType;
  if (!protectionTypes.includes(protectionType)) problems.add('protectionType', `one of ${protectionTypes.join(', ')}`);
  const receivedOn = requiredDate(raw.receivedOn ?? today, 'receivedOn', problems);
  if (receivedOn && receivedOn > today) problems.add('receivedOn', `cannot be after today (${today})`);
  let validUntil = optionalDate(raw.validUntil, 'validUntil', problems);
  let documentRef = text(raw.documentRef, 'documentRef', problems, { required: false, max: 500 });
  const details: Record<string, unknown> = {};
  let income: ParsedProtection['income'] = null;
  if (protectionType === 'medical_certification') {
    const providerName = text(raw.providerName, 'providerName', problems, { required: true, max: 120 });
    const licenseNumber = text(raw.licenseNumber, 'licenseNumber', problems, { required: true, max: 40 });
    if (validUntil === null) problems.add('validUntil', 'the last day the certification is valid');
    Object.assign(details, { providerName, licenseNumber });
    documentRef ??= `${providerName ?? ''}, license ${licenseNumber ?? ''}`;
  } else if (protectionType === 'inability_to_pay' || protectionType === 'low_income') {
    const program = raw.program === undefined || raw.program === null || raw.program === '' ? null : String(raw.program);
    income = parseIncome(raw, problems);
    const documented = raw.documented === true;
    if (program !== null) {
      if (!assistancePrograms.includes(program as AssistanceProgram)) problems.add('program', `one of ${assistancePrograms.join(', ')}`);
      const caseNumber = text(raw.caseNumber, 'caseNumber', problems, { required: true, max: 40 });
      Object.assign(details, { program, caseNumber });
      documentRef ??= `${program} case ${caseNumber ?? ''}`;
    } else if (income === null && !(documented && documentRef !== null)) {
      problems.add('program', 'give an assistance program and case number, or household size and annual income, or documented: true with what was seen (documentRef)');
    }
    if (documented) details.documented = true;
  } else if (documentRef === null) {
    problems.add('documentRef', protectionType === 'willing_arrangement' ? 'how the customer said so (e.g. "by phone, 11/20")' : 'what was received (letter, form, date)');
  }
  if (validUntil !== null && receivedOn && validUntil < receivedOn) problems.add('validUntil', 'cannot be before the day it was received');
  if (protectionType === 'appeal' || protectionType === 'bill_investigation') validUntil = null;
  problems.throwIfAny();
  return { protectionType, receivedOn: receivedOn as IsoDate, validUntil, documentRef, details, income };
}

function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  return addDays(`${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}` as IsoDate, -1);
}

export interface RecordedProtection {
  protection: Protection;
  /** The three medical conditions now hold: the system must offer a payment arrangement. */
  mustOfferArrangement: boolean;
  /** The arrangement offer notice written, when one was. */
  offerNoticeNumber: string | null;
}

/** Records a protection the customer claimed, with the documents seen. */
export async function recordProtection(
  database: Database,
  options: { account: string | number; input: unknown; actor: Actor; clock: Clock },
): Promise<RecordedProtection> {
  const parsed = parseProtection(options.input, options.clock.today());
  return inTransaction(database, async (tx) => {
    const account = await findUtilityAccount(tx, options.account, 'account');
    const details = { ...parsed.details };
    let { documentRef, validUntil } = parsed;
    if (parsed.income) {
      const guideline = await povertyGuideline(tx, parsed.receivedOn);
      if (!guideline) throw invalidInput('receivedOn', `no federal poverty guideline is in effect on ${parsed.receivedOn}`);
      const limit = twiceThePovertyLineCents(guideline, parsed.income.householdSize);
      if (parsed.income.annualIncomeCents >= limit) {
        throw invalidInput('annualIncomeCents', `${formatDollars(parsed.income.annualIncomeCents)} is not below 200% of the federal poverty line for a household of ${parsed.income.householdSize} (${formatDollars(limit)}, guideline of ${guideline.effectiveFrom})`);
      }
      Object.assign(details, { ...parsed.income, limitCents: limit, guidelineFrom: guideline.effectiveFrom });
      documentRef ??= `household of ${parsed.income.householdSize}, income ${formatDollars(parsed.income.annualIncomeCents)} below ${formatDollars(limit)}`;
    }
    if (parsed.protectionType === 'low_income' && validUntil === null) {
      const months = (await getSettings(tx))['collections.low_income_valid_months'];
      validUntil = addMonths(parsed.receivedOn, months);
    }
    const inserted = await sql<{ id: number }>`insert into collection_protection (utility_account_id, protection_type, received_on, valid_until,
        document_ref, details, created_by)
      values (${account.id}, ${parsed.protectionType}, ${parsed.receivedOn}::date, ${validUntil}::date, ${documentRef as string},
        ${JSON.stringify(details)}::jsonb, ${options.actor.username}) returning id`.execute(tx);
    const protection = await getProtection(tx, inserted.rows[0]?.id as number);
    const today = options.clock.today();
    await recordEvents(tx, [{ utilityAccountId: account.id, caseId: account.caseId, eventType: 'protection_recorded', eventDate: today,
      summary: `${protectionLabel(protection.protectionType)} recorded: ${protection.documentRef}`.slice(0, 500), details: { protectionId: protection.id } }], options.actor.username);
    const offer = await offerArrangementIfDue(tx, account, today, options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.record_protection', entityType: 'collection_protection', entityId: protection.id, after: protection });
    return { protection, ...offer };
  });
}

async function offerArrangementIfDue(tx: Executor, account: { id: number; caseId: number | null }, today: IsoDate, username: string) {
  const active = await sql<ProtectionFact>`select id, protection_type as "protectionType", received_on::text as "receivedOn",
      valid_until::text as "validUntil", document_ref as "documentRef"
    from collection_protection where utility_account_id = ${account.id} and status = 'active'`.execute(tx);
  if (!medicalConditionsHold(active.rows, today)) return { mustOfferArrangement: false, offerNoticeNumber: null };
  const arranged = await sql<{ n: number }>`select count(*)::int as n from payment_arrangement where utility_account_id = ${account.id} and status = 'active'`.execute(tx);
  if ((arranged.rows[0]?.n ?? 0) > 0) return { mustOfferArrangement: false, offerNoticeNumber: null };
  const [notice] = await insertNotices(tx, [{ caseId: account.caseId, utilityAccountId: account.id, noticeType: 'arrangement_offer', noticeDate: today,
    delivery: 'mail', amountDueCents: ZERO, data: { reason: 'SB 998 (H&S 116910(a)): medical certification, inability to pay and willingness to enter an arrangement recorded' } }], username);
  await recordEvents(tx, [{ utilityAccountId: account.id, caseId: account.caseId, eventType: 'arrangement_offered', eventDate: today,
    summary: 'All three medical conditions recorded: a payment arrangement must be offered', details: { noticeNumber: notice?.noticeNumber ?? null } }], username);
  return { mustOfferArrangement: true, offerNoticeNumber: notice?.noticeNumber ?? null };
}

const labels: Record<ProtectionType, string> = {
  appeal: 'Appeal',
  bill_investigation: 'Bill investigation',
  medical_certification: 'Medical certification',
  inability_to_pay: 'Inability to pay',
  willing_arrangement: 'Willing to enter an arrangement',
  low_income: 'Low household income',
};
export function protectionLabel(type: ProtectionType): string {
  return labels[type];
}

/** Ends a protection: resolved (an appeal decided) or withdrawn (by the customer, or recorded in error), with a reason. */
export async function resolveProtection(
  database: Database,
  options: { protectionId: number; outcome: 'resolved' | 'withdrawn'; reason: string; actor: Actor; clock: Clock },
): Promise<Protection> {
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (reason === '') throw invalidInput('reason', 'say how it was resolved or why it is withdrawn');
  if (reason.length > 500) throw invalidInput('reason', 'must be at most 500 characters');
  if (options.outcome !== 'resolved' && options.outcome !== 'withdrawn') throw invalidInput('outcome', 'resolved or withdrawn');
  if (!Number.isSafeInteger(options.protectionId) || options.protectionId <= 0) throw notFound('protection', String(options.protectionId));
  return inTransaction(database, async (tx) => {
    const before = await getProtection(tx, options.protectionId);
    await sql`select id from collection_protection where id = ${before.id} for update`.execute(tx);
    if (before.status !== 'active') throw new AppError('conflict', `Protection ${before.id} is already ${before.status}`, { field: 'protectionId', status: before.status });
    const today = options.clock.today();
    const resolvedOn = today < before.receivedOn ? before.receivedOn : today;
    await sql`update collection_protection set status = ${options.outcome}, resolved_on = ${resolvedOn}::date, resolution = ${reason},
      resolved_by = ${options.actor.username} where id = ${before.id}`.execute(tx);
    const after = await getProtection(tx, before.id);
    const account = await findUtilityAccount(tx, before.utilityAccountId);
    await recordEvents(tx, [{ utilityAccountId: account.id, caseId: account.caseId, eventType: 'protection_ended', eventDate: today,
      summary: `${protectionLabel(before.protectionType)} ${options.outcome}: ${reason}`.slice(0, 500), details: { protectionId: before.id } }], options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.resolve_protection', entityType: 'collection_protection', entityId: before.id,
      before: { status: before.status }, after: { status: after.status, resolution: reason } });
    return after;
  });
}

/** Documented low household income on a day (caps the reconnection fee). */
export async function hasLowIncomeOn(db: Executor, accountId: number, day: IsoDate): Promise<boolean> {
  const result = await sql<{ yes: boolean }>`select exists (select 1 from collection_protection where utility_account_id = ${accountId}
    and status = 'active' and protection_type in ('low_income') and received_on <= ${day}::date
    and (valid_until is null or valid_until >= ${day}::date)) as yes`.execute(db);
  return result.rows[0]?.yes === true;
}
