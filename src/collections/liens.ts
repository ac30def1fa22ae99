/**
 * Liens on the county tax roll: the lien rule, preparing a fiscal year's roll as of a date
 * (set-based), listing one account by hand, removing a listing with a reason, lien notices to the
 * owners, submitting the roll and exporting it for the county, recording a lien, its payoff and
 * its release.
 *
 * Money does not move when a lien is listed or recorded: the charges stay open receivables of the
 * utility account, and the payoff is what is still open of the listed charges (the county's
 * remittance or the customer's payment, posted as payments, pays them). Only the processing fee of
 * the rule, when there is one, posts: a receivable charge to each listed account, through
 * receivables' posting engine, in the roll's transaction.
 *
 * Errors: invalid_input (naming the field or the account), not_found, conflict (a status that does
 * not allow the step, a submitted roll), period_closed (the fee's posting).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit, recordRefusal } from '../shared/audit.js';
import { toCsv } from '../shared/csv.js';
import { parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { asRecord, Problems, requiredDate, text } from '../shared/input.js';
import { cents, formatCents, formatDollars, parseCents, sumCents, type Cents } from '../shared/money.js';
import { postReceivableEntry } from '../receivables/index.js';
import {
  canMoveLien,
  dueToCountyOn,
  exclusionText,
  latestListableDueDate,
  lienExclusionsOf,
  lienExpiresOn,
  lienOwnerName,
  type LienExclusion,
  type LienRule,
  type LienStatus,
} from './liens-rules.js';
import {
  getLien,
  getLienRoll,
  getLienRule,
  insertLienEvents,
  findLienRoll,
  loadLienCandidates,
  openCaseIds,
  type CandidateRow,
  type Lien,
  type LienRoll,
} from './liens-store.js';
import { insertNotices, recordEvents, type NewEvent } from './notices.js';

// ---------------------------------------------------------------------------------------------
// The rule

/** A new version of the lien rule from a date (the rule of a date is the latest version before it). */
export async function setLienRule(database: Database, options: { input: unknown; actor: Actor }): Promise<LienRule> {
  const raw = asRecord(options.input, 'rule');
  const problems = new Problems();
  const effectiveFrom = requiredDate(raw.effectiveFrom, 'effectiveFrom', problems);
  const wholeNumber = (field: string, min: number, max: number, fallback: number): number => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.add(field, `must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const flag = (field: string, fallback: boolean): boolean => {
    const value = raw[field] ?? fallback;
    if (typeof value !== 'boolean') problems.add(field, 'must be true or false');
    return value === true;
  };
  const minimumCents = problems.attempt(() => parseCents(raw.minimumCents ?? 0, 'minimumCents')) ?? cents(0);
  if (minimumCents < 0) problems.add('minimumCents', 'cannot be negative');
  const processingFeeCents = problems.attempt(() => parseCents(raw.processingFeeCents ?? 0, 'processingFeeCents')) ?? cents(0);
  if (processingFeeCents < 0) problems.add('processingFeeCents', 'cannot be negative');
  const feeAccount = text(raw.processingFeeAccountCode, 'processingFeeAccountCode', problems, { required: processingFeeCents > 0, max: 20 });
  const authority = text(raw.authority, 'authority', problems, { required: true, max: 500 });
  const rule = {
    includeTenants: flag('includeTenants', false),
    minimumDaysDelinquent: wholeNumber('minimumDaysDelinquent', 0, 3650, 60),
    excludeArrangements: flag('excludeArrangements', true),
    excludeHolds: flag('excludeHolds', true),
    recordedLienYears: wholeNumber('recordedLienYears', 1, 30, 10),
  };
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    if (feeAccount) {
      const found = await sql<{ type: string }>`select account_type as type from account where code = ${feeAccount} and is_active`.execute(tx);
      if (found.rows[0]?.type !== 'revenue') throw invalidInput('processingFeeAccountCode', `${feeAccount} is not an active revenue account`);
    }
    await sql`insert into lien_rule (effective_from, include_tenants, minimum_cents, minimum_days_delinquent, exclude_arrangements,
        exclude_holds, processing_fee_cents, processing_fee_account_code, recorded_lien_years, authority, created_by)
      values (${effectiveFrom}, ${rule.includeTenants}, ${minimumCents}, ${rule.minimumDaysDelinquent}, ${rule.excludeArrangements},
        ${rule.excludeHolds}, ${processingFeeCents}, ${feeAccount}, ${rule.recordedLienYears}, ${authority}, ${options.actor.username})
      on conflict (effective_from) do update set include_tenants = excluded.include_tenants, minimum_cents = excluded.minimum_cents,
        minimum_days_delinquent = excluded.minimum_days_delinquent, exclude_arrangements = excluded.exclude_arrangements,
        exclude_holds = excluded.exclude_holds, processing_fee_cents = excluded.processing_fee_cents,
        processing_fee_account_code = excluded.processing_fee_account_code, recorded_lien_years = excluded.recorded_lien_years,
        authority = excluded.authority, created_by = excluded.created_by, created_at = now()`.execute(tx);
    const saved = await getLienRule(tx, effectiveFrom as IsoDate);
    await recordAudit(tx, { actor: options.actor, action: 'collections.set_lien_rule', entityType: 'lien_rule', entityId: effectiveFrom, after: saved });
    return saved;
  });
}

// ---------------------------------------------------------------------------------------------
// Preparing the roll

export interface ExcludedAccount {
  accountNumber: string;
  customerName: string;
  apn: string | null;
  delinquentCents: Cents;
  reasons: LienExclusion[];
  /** The reasons in words, naming the account. */
  message: string;
}

export interface PrepareRollResult {
  roll: LienRoll;
  /** Liens added by this preparation (a second preparation adds only what became listable). */
  listed: number;
  listedCents: Cents;
  excluded: ExcludedAccount[];
  feesCents: Cents;
}

function parseFiscalYear(value: unknown): number {
  const year = typeof value === 'string' ? Number(value.replace(/^FY/i, '')) : value;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2200) {
    throw invalidInput('fiscalYear', 'a fiscal year such as 2027 (named by the year it ends) is required');
  }
  return year;
}

function excludedAccount(row: CandidateRow, reasons: LienExclusion[]): ExcludedAccount {
  const words = reasons.map((reason) => exclusionText[reason]).join('; ');
  return { accountNumber: row.accountNumber, customerName: row.customerName, apn: row.apn, delinquentCents: row.delinquentCents,
    reasons, message: `${row.accountNumber} (${row.customerName}) cannot be listed: ${words}` };
}

/**
 * Prepares (or adds to) the draft roll of a fiscal year as of a date: every utility account with
 * charges delinquent by the rule is listed by its parcel's APN, against its owner; the others are
 * reported with their reasons. Set-based: one read of the candidates, one insert of the liens.
 */
export async function prepareLienRoll(
  database: Database,
  options: { fiscalYear: unknown; asOf: unknown; actor: Actor; today: IsoDate; accountIds?: readonly number[]; refuseExcluded?: boolean },
): Promise<PrepareRollResult> {
  const fiscalYear = parseFiscalYear(options.fiscalYear);
  const asOf = parseIsoDate(options.asOf, 'asOf');
  return inTransaction(database, async (tx) => {
    const rule = await getLienRule(tx, asOf);
    const roll = await openRoll(tx, { fiscalYear, asOf, rule, createdBy: options.actor.username });
    const candidates = await loadLienCandidates(tx, { asOf, latestDueDate: latestListableDueDate(asOf, rule), accountIds: options.accountIds ?? null });
    const listable: CandidateRow[] = [];
    const excluded: ExcludedAccount[] = [];
    for (const candidate of candidates) {
      const reasons = lienExclusionsOf({ ...candidate, hasOwner: ownerNameOf(candidate) !== null }, rule);
      if (reasons.length === 0) listable.push(candidate);
      else excluded.push(excludedAccount(candidate, reasons));
    }
    const refused = options.refuseExcluded ? excluded[0] : undefined;
    if (refused) throw invalidInput('account', refused.message, { accountNumber: refused.accountNumber, reasons: refused.reasons });
    const inserted = await insertLiens(tx, roll.id, listable, options.actor.username);
    const feesCents = await chargeProcessingFees(database, tx, { rule, fiscalYear, today: options.today, liens: inserted, actor: options.actor });
    await insertLienEvents(tx, inserted.map((lien) => ({ lienId: lien.id, eventType: 'listed', eventDate: options.today,
      details: { fiscalYear, amountCents: lien.amountCents } })), options.actor.username);
    await recordTimeline(tx, inserted.map((lien) => ({ accountId: lien.accountId, date: options.today,
      summary: `Listed for the FY${fiscalYear} tax roll lien: ${formatDollars(lien.amountCents)} on APN ${lien.apn}`,
      eventType: 'lien_listed', details: { lienId: lien.id } })), options.actor.username);
    const listedCents = sumCents(inserted.map((lien) => lien.amountCents));
    await recordAudit(tx, { actor: options.actor, action: 'collections.prepare_lien_roll', entityType: 'lien_roll', entityId: `FY${fiscalYear}`,
      after: { asOf, listed: inserted.length, listedCents, feesCents, excluded: excluded.length } });
    return { roll: await getLienRoll(tx, fiscalYear), listed: inserted.length, listedCents, excluded, feesCents };
  });
}

async function openRoll(tx: Tx, options: { fiscalYear: number; asOf: IsoDate; rule: LienRule; createdBy: string }): Promise<LienRoll> {
  await sql`insert into lien_roll (fiscal_year, as_of_date, due_to_county_on, rule, created_by)
    values (${options.fiscalYear}, ${options.asOf}, ${dueToCountyOn(options.fiscalYear)}, ${JSON.stringify(options.rule)}::jsonb, ${options.createdBy})
    on conflict (fiscal_year) do nothing`.execute(tx);
  await sql`select id from lien_roll where fiscal_year = ${options.fiscalYear} for update`.execute(tx);
  const roll = await getLienRoll(tx, options.fiscalYear);
  if (roll.status !== 'draft') {
    throw new AppError('conflict', `The FY${options.fiscalYear} lien roll was submitted to the county on ${roll.submittedOn}; it can no longer change`, { field: 'fiscalYear' });
  }
  if (roll.asOfDate !== options.asOf) {
    throw invalidInput('asOf', `the FY${options.fiscalYear} roll is prepared as of ${roll.asOfDate}; prepare it again as of that date`);
  }
  return roll;
}

function ownerNameOf(row: CandidateRow): string | null {
  return lienOwnerName({ customerIsOwner: row.customerIsOwner, customerName: row.customerName,
    ownerCustomerName: row.ownerCustomerName, ownerOfRecord: row.ownerOfRecord });
}

interface InsertedLien {
  id: number;
  accountId: number;
  apn: string;
  amountCents: Cents;
}

async function insertLiens(tx: Tx, roll: number, rows: readonly CandidateRow[], createdBy: string): Promise<InsertedLien[]> {
  if (rows.length === 0) return [];
  const result = await sql<InsertedLien>`
    insert into lien (roll_id, utility_account_id, parcel_id, apn, owner_customer_id, owner_name, owner_address, customer_is_owner,
      amount_cents, charge_item_ids, oldest_due_date, updated_by, created_by)
    select ${roll}::bigint, t.account_id, t.parcel_id, t.apn, t.owner_id, t.owner_name, t.owner_address, t.is_owner, t.amount,
      t.items::bigint[], t.oldest, ${createdBy}::text, ${createdBy}::text
    from unnest(${rows.map((r) => r.accountId)}::bigint[], ${rows.map((r) => r.parcelId)}::bigint[], ${rows.map((r) => r.apn)}::text[],
      ${rows.map((r) => (r.customerIsOwner ? r.customerId : r.ownerCustomerId))}::bigint[], ${rows.map((r) => ownerNameOf(r))}::text[],
      ${rows.map((r) => JSON.stringify(r.ownerAddress))}::jsonb[], ${rows.map((r) => r.customerIsOwner)}::boolean[],
      ${rows.map((r) => r.delinquentCents)}::bigint[], ${rows.map((r) => `{${r.chargeItemIds.join(',')}}`)}::text[],
      ${rows.map((r) => r.oldestDueDate)}::date[])
      as t (account_id, parcel_id, apn, owner_id, owner_name, owner_address, is_owner, amount, items, oldest)
    on conflict (roll_id, utility_account_id) where status <> 'removed' do nothing
    returning id, utility_account_id as "accountId", apn, amount_cents as "amountCents"`.execute(tx);
  return result.rows;
}

/** The rule's processing fee: one receivables entry charging every newly listed account, added to its lien. */
async function chargeProcessingFees(
  database: Database,
  tx: Tx,
  options: { rule: LienRule; fiscalYear: number; today: IsoDate; liens: InsertedLien[]; actor: Actor },
): Promise<Cents> {
  const { rule, liens } = options;
  if (rule.processingFeeCents <= 0 || liens.length === 0 || !rule.processingFeeAccountCode) return cents(0);
  const fee = rule.processingFeeCents;
  const documentRef = `LIEN-FY${options.fiscalYear}`;
  const posted = await postReceivableEntry(database, tx, options.actor, {
    entryDate: options.today,
    description: `Lien processing fees, FY${options.fiscalYear} tax roll (${liens.length} accounts)`,
    documentRef,
    idempotencyKey: `lien-fees:${options.fiscalYear}:${liens.map((lien) => lien.id).join(',')}`,
    items: liens.map((lien) => ({
      accountId: lien.accountId, itemType: 'charge', chargeClass: 'charge', amountCents: fee, itemDate: options.today,
      dueDate: options.today, penaltyEligible: false, offsetAccountCode: rule.processingFeeAccountCode,
      description: `Lien processing fee, FY${options.fiscalYear} tax roll`, reasonCode: null, documentRef, reversesItemId: null,
    })),
    offsetLines: [{ accountCode: rule.processingFeeAccountCode, amountCents: cents(-fee * liens.length) }],
  });
  const feeItems = new Map(posted.items.map((item) => [item.accountId, item.id]));
  await sql`update lien l set fee_item_id = t.item_id, amount_cents = l.amount_cents + ${fee}::bigint,
      charge_item_ids = array_append(l.charge_item_ids, t.item_id)
    from unnest(${liens.map((lien) => lien.id)}::bigint[], ${liens.map((lien) => feeItems.get(lien.accountId) ?? null)}::bigint[]) as t (lien_id, item_id)
    where l.id = t.lien_id`.execute(tx);
  for (const lien of liens) lien.amountCents = cents(lien.amountCents + fee);
  await insertLienEvents(tx, liens.map((lien) => ({ lienId: lien.id, eventType: 'fee_charged', eventDate: options.today,
    details: { feeCents: fee, journalEntryId: posted.entry.id } })), options.actor.username);
  return cents(fee * liens.length);
}

async function recordTimeline(
  tx: Tx,
  entries: ReadonlyArray<{ accountId: number; date: IsoDate; summary: string; eventType: string; details: Record<string, unknown> }>,
  createdBy: string,
): Promise<void> {
  const cases = await openCaseIds(tx, entries.map((entry) => entry.accountId));
  const events: NewEvent[] = entries.map((entry) => ({ utilityAccountId: entry.accountId, caseId: cases.get(entry.accountId) ?? null,
    eventType: entry.eventType, eventDate: entry.date, summary: entry.summary.slice(0, 500), details: entry.details }));
  await recordEvents(tx, events, createdBy);
}

/**
 * Lists one account on the draft roll by hand (the clerk's "add to the roll"). Refused, naming the
 * account, when the rule would not list it: an account without an APN, a tenant's account when
 * the rule lists owners only, nothing delinquent long enough...
 */
export async function listAccountOnRoll(
  database: Database,
  options: { fiscalYear: unknown; asOf: unknown; account: number | string; actor: Actor; today: IsoDate },
): Promise<Lien> {
  const accountId = await utilityAccountId(database.kysely, options.account);
  try {
    await prepareLienRoll(database, { ...options, accountIds: [accountId], refuseExcluded: true });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input' && error.details.field === 'account') {
      await recordRefusal(database, { actor: options.actor, action: 'collections.list_account_on_lien_roll', entityType: 'utility_account',
        entityId: String(error.details.accountNumber ?? options.account), details: { reason: error.message, reasons: error.details.reasons } });
    }
    throw error;
  }
  return getLien(database.kysely, await accountNumberOf(database.kysely, accountId));
}

async function utilityAccountId(db: Executor, key: number | string): Promise<number> {
  const byAccountNumber = typeof key === 'string' && !/^\d+$/.test(key);
  const result = byAccountNumber
    ? await sql<{ id: number }>`select u.id from utility_account u join receivable_account r on r.id = u.id where r.account_number = ${String(key).toUpperCase()}`.execute(db)
    : await sql<{ id: number }>`select id from utility_account where id = ${Number(key)}`.execute(db);
  const id = result.rows[0]?.id;
  if (id === undefined) throw invalidInput('account', `${key} is not a utility account`);
  return id;
}

async function accountNumberOf(db: Executor, accountId: number): Promise<string> {
  const result = await sql<{ accountNumber: string }>`select account_number as "accountNumber" from receivable_account where id = ${accountId}`.execute(db);
  return result.rows[0]?.accountNumber ?? String(accountId);
}

// ---------------------------------------------------------------------------------------------
// Steps of one lien

async function moveLien(
  database: Database,
  options: {
    lienKey: number | string;
    to: LienStatus;
    on: IsoDate;
    actor: Actor;
    set: (lien: Lien) => Record<string, unknown>;
    check?: (lien: Lien, tx: Tx) => Promise<void> | void;
    summary: (lien: Lien) => string;
  },
): Promise<Lien> {
  return inTransaction(database, async (tx) => {
    const before = await getLien(tx, options.lienKey, { forUpdate: true });
    if (!canMoveLien(before.status, options.to)) {
      throw new AppError('conflict', `The lien on ${before.accountNumber} (APN ${before.apn}) is ${before.status.replace('_', ' ')}; it cannot be ${options.to.replace('_', ' ')}`, { field: 'lien', status: before.status });
    }
    await options.check?.(before, tx);
    const changes = options.set(before);
    await sql`update lien set status = ${options.to}, updated_at = now(), updated_by = ${options.actor.username},
        noticed_on = coalesce(${(changes.noticedOn as string | undefined) ?? null}::date, noticed_on),
        recording_number = coalesce(${(changes.recordingNumber as string | undefined) ?? null}::text, recording_number),
        recorded_on = coalesce(${(changes.recordedOn as string | undefined) ?? null}::date, recorded_on),
        expires_on = coalesce(${(changes.expiresOn as string | undefined) ?? null}::date, expires_on),
        paid_off_on = coalesce(${(changes.paidOffOn as string | undefined) ?? null}::date, paid_off_on),
        release_recording_number = coalesce(${(changes.releaseRecordingNumber as string | undefined) ?? null}::text, release_recording_number),
        released_on = coalesce(${(changes.releasedOn as string | undefined) ?? null}::date, released_on),
        removed_on = coalesce(${(changes.removedOn as string | undefined) ?? null}::date, removed_on),
        removed_reason = coalesce(${(changes.removedReason as string | undefined) ?? null}::text, removed_reason)
      where id = ${before.id}`.execute(tx);
    const eventType = options.to === 'removed' ? 'removed' : options.to;
    await insertLienEvents(tx, [{ lienId: before.id, eventType, eventDate: options.on, details: changes }], options.actor.username);
    await recordTimeline(tx, [{ accountId: before.utilityAccountId, date: options.on, summary: options.summary(before),
      eventType: `lien_${eventType}`, details: { lienId: before.id, ...changes } }], options.actor.username);
    const after = await getLien(tx, before.id);
    await recordAudit(tx, { actor: options.actor, action: `collections.lien_${eventType}`, entityType: 'lien', entityId: before.id,
      before: { status: before.status }, after: { status: after.status, ...changes, accountNumber: before.accountNumber, apn: before.apn } });
    return after;
  });
}

/** Takes an account off the draft roll with a reason (e.g. paid before submission). */
export async function removeLien(
  database: Database,
  options: { lienKey: number | string; reason: unknown; on: IsoDate; actor: Actor },
): Promise<Lien> {
  const problems = new Problems();
  const reason = text(options.reason, 'reason', problems, { required: true, max: 500 });
  problems.throwIfAny();
  return moveLien(database, {
    lienKey: options.lienKey, to: 'removed', on: options.on, actor: options.actor,
    check: (lien) => {
      if (lien.rollStatus === 'submitted') {
        throw new AppError('conflict', `The FY${lien.fiscalYear} roll was submitted to the county; ask the county auditor to correct it and record the payoff instead`, { field: 'lien' });
      }
    },
    set: () => ({ removedOn: options.on, removedReason: reason }),
    summary: (lien) => `Removed from the FY${lien.fiscalYear} lien roll: ${reason}`,
  });
}

function recordingNumber(value: unknown, field: string): string {
  const problems = new Problems();
  const number = text(value, field, problems, { required: true, max: 40 });
  problems.throwIfAny();
  return number as string;
}

/** The county recorder's document number and date for a lien recorded against the parcel. */
export async function recordLien(
  database: Database,
  options: { lienKey: number | string; recordingNumber: unknown; recordedOn: unknown; actor: Actor; today: IsoDate },
): Promise<Lien> {
  const number = recordingNumber(options.recordingNumber, 'recordingNumber');
  const recordedOn = parseIsoDate(options.recordedOn, 'recordedOn');
  if (recordedOn > options.today) throw invalidInput('recordedOn', `${recordedOn} is after today (${options.today})`);
  // The life of a recorded lien is the rule the roll was prepared with.
  let years = 10;
  return moveLien(database, {
    lienKey: options.lienKey, to: 'recorded', on: recordedOn, actor: options.actor,
    check: async (lien, tx) => {
      const rule = await sql<{ years: number | null }>`select (r.rule ->> 'recordedLienYears')::int as years
        from lien l join lien_roll r on r.id = l.roll_id where l.id = ${lien.id}`.execute(tx);
      years = rule.rows[0]?.years ?? years;
    },
    set: () => ({ recordingNumber: number, recordedOn, expiresOn: lienExpiresOn(recordedOn, years) }),
    summary: (lien) => `Lien recorded on APN ${lien.apn}, document ${number}`,
  });
}

/** What paying the lien off takes today: what is still open of the listed charges. */
export async function getLienPayoff(db: Executor, lienKey: number | string): Promise<{ lien: Lien; payoffCents: Cents; paidCents: Cents }> {
  const lien = await getLien(db, lienKey);
  return { lien, payoffCents: lien.payoffCents, paidCents: cents(lien.amountCents - lien.payoffCents) };
}

/** Marks a lien paid off once nothing of its listed charges is open (refused, with the payoff, before). */
export async function payOffLien(database: Database, options: { lienKey: number | string; on: unknown; actor: Actor }): Promise<Lien> {
  const on = parseIsoDate(options.on, 'on');
  return moveLien(database, {
    lienKey: options.lienKey, to: 'paid_off', on, actor: options.actor,
    check: (lien) => {
      if (lien.payoffCents > 0) {
        throw new AppError('conflict', `${formatDollars(lien.payoffCents)} of the lien on ${lien.accountNumber} is still owed; it is paid off when the account's listed charges are paid`, { field: 'lien', payoffCents: lien.payoffCents });
      }
    },
    set: () => ({ paidOffOn: on }),
    summary: (lien) => `Lien on APN ${lien.apn} paid off`,
  });
}

/**
 * Marks paid off, set-based, every lien in force whose listed charges are all paid (for the daily
 * job, inside its transaction): the county's remittance or the customer's payment paid them.
 */
export async function markPaidLiens(tx: Tx, options: { on: IsoDate; actor: Actor }): Promise<number> {
  const paid = await sql<{ id: number; accountId: number; apn: string }>`
    update lien l set status = 'paid_off', paid_off_on = ${options.on}::date, updated_at = now(), updated_by = ${options.actor.username}
    where l.status in ('listed', 'noticed', 'recorded')
      and not exists (select 1 from receivable_item i where i.id = any(l.charge_item_ids)
        and i.amount_cents > coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0))
    returning l.id, l.utility_account_id as "accountId", l.apn`.execute(tx);
  const liens = paid.rows;
  if (liens.length === 0) return 0;
  await insertLienEvents(tx, liens.map((lien) => ({ lienId: lien.id, eventType: 'paid_off', eventDate: options.on, details: { by: 'daily job' } })), options.actor.username);
  await recordTimeline(tx, liens.map((lien) => ({ accountId: lien.accountId, date: options.on, eventType: 'lien_paid_off',
    summary: `Lien on APN ${lien.apn} paid off`, details: { lienId: lien.id } })), options.actor.username);
  await recordAudit(tx, { actor: options.actor, action: 'collections.mark_paid_liens', entityType: 'lien', after: { on: options.on, liens: liens.map((lien) => lien.id) } });
  return liens.length;
}

/** The recorded release of a paid-off lien. */
export async function releaseLien(
  database: Database,
  options: { lienKey: number | string; releaseRecordingNumber: unknown; releasedOn: unknown; actor: Actor },
): Promise<Lien> {
  const number = recordingNumber(options.releaseRecordingNumber, 'releaseRecordingNumber');
  const releasedOn = parseIsoDate(options.releasedOn, 'releasedOn');
  return moveLien(database, {
    lienKey: options.lienKey, to: 'released', on: releasedOn, actor: options.actor,
    check: (lien) => {
      if (!lien.recordedOn) throw new AppError('conflict', `The lien on ${lien.accountNumber} was never recorded; there is nothing to release at the recorder`, { field: 'lien' });
      if (releasedOn < (lien.paidOffOn ?? releasedOn)) throw invalidInput('releasedOn', `is before the payoff (${lien.paidOffOn})`);
    },
    set: () => ({ releaseRecordingNumber: number, releasedOn }),
    summary: (lien) => `Lien on APN ${lien.apn} released, document ${number}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Notices, submission and the county's file

/**
 * Lien notices to the owners of the listed accounts (notice_type lien_notice, by mail). The
 * notice's customer is the account's customer (insertNotices' rule); the addressee is the owner,
 * named in its data, who may be someone else: the letter is addressed to data.addressee.
 */
export async function sendLienNotices(
  database: Database,
  options: { fiscalYear: unknown; noticeDate: unknown; actor: Actor; hearingDate?: unknown },
): Promise<{ noticed: number }> {
  const fiscalYear = parseFiscalYear(options.fiscalYear);
  const noticeDate = parseIsoDate(options.noticeDate, 'noticeDate');
  const hearingDate = options.hearingDate ? parseIsoDate(options.hearingDate, 'hearingDate') : null;
  return inTransaction(database, async (tx) => {
    const roll = await getLienRoll(tx, fiscalYear);
    const result = await sql<Lien & { customerNumber: string }>`select l.id, l.utility_account_id as "utilityAccountId", ra.account_number as "accountNumber",
        c.legal_name as "customerName", sl.address_line1 as "serviceAddress", l.apn, l.owner_name as "ownerName",
        l.owner_address as "ownerAddress", l.customer_is_owner as "customerIsOwner", l.amount_cents as "amountCents",
        l.oldest_due_date as "oldestDueDate"
      from lien l join receivable_account ra on ra.id = l.utility_account_id join customer c on c.id = ra.customer_id
      join utility_account u on u.id = l.utility_account_id left join service_location sl on sl.id = u.service_location_id
      where l.roll_id = ${roll.id} and l.status = 'listed' order by l.id for update of l`.execute(tx);
    const liens = result.rows;
    const cases = await openCaseIds(tx, liens.map((lien) => lien.utilityAccountId));
    const notices = await insertNotices(tx, liens.map((lien) => ({
      caseId: cases.get(lien.utilityAccountId) ?? null, utilityAccountId: lien.utilityAccountId, noticeType: 'lien_notice' as const,
      noticeDate, delivery: 'mail' as const, amountDueCents: lien.amountCents, data: lienNoticeData(lien, roll, hearingDate),
    })), options.actor.username);
    const noticeByAccount = new Map(notices.map((notice) => [notice.utilityAccountId, notice.id]));
    const noticed = liens.filter((lien) => noticeByAccount.has(lien.utilityAccountId));
    await sql`update lien l set status = 'noticed', noticed_on = ${noticeDate}::date, notice_id = t.notice_id, updated_at = now(),
        updated_by = ${options.actor.username}
      from unnest(${noticed.map((lien) => lien.id)}::bigint[], ${noticed.map((lien) => noticeByAccount.get(lien.utilityAccountId))}::bigint[]) as t (lien_id, notice_id)
      where l.id = t.lien_id`.execute(tx);
    await insertLienEvents(tx, noticed.map((lien) => ({ lienId: lien.id, eventType: 'noticed', eventDate: noticeDate,
      details: { noticeId: noticeByAccount.get(lien.utilityAccountId), addressee: lien.ownerName } })), options.actor.username);
    await recordTimeline(tx, noticed.map((lien) => ({ accountId: lien.utilityAccountId, date: noticeDate, eventType: 'lien_noticed',
      summary: `Lien notice mailed to ${lien.customerIsOwner ? 'the customer as owner' : `the owner, ${lien.ownerName}`}`,
      details: { lienId: lien.id } })), options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.send_lien_notices', entityType: 'lien_roll', entityId: `FY${fiscalYear}`,
      after: { noticeDate, noticed: noticed.length } });
    return { noticed: noticed.length };
  });
}

/**
 * The merge fields of a lien notice (for the letters' templates): the addressee is the owner;
 * the account's customer is named separately (a tenant's account has another addressee).
 */
export function lienNoticeData(
  lien: Pick<Lien, 'id' | 'accountNumber' | 'customerName' | 'serviceAddress' | 'apn' | 'ownerName' | 'ownerAddress' | 'customerIsOwner' | 'amountCents' | 'oldestDueDate'>,
  roll: Pick<LienRoll, 'fiscalYear' | 'asOfDate' | 'dueToCountyOn'>,
  hearingDate: IsoDate | null,
): Record<string, unknown> {
  return {
    lienId: lien.id,
    addressee: { name: lien.ownerName, address: lien.ownerAddress, isCustomer: lien.customerIsOwner },
    ownerName: lien.ownerName,
    ownerAddress: lien.ownerAddress,
    customerIsOwner: lien.customerIsOwner,
    customerName: lien.customerName,
    accountNumber: lien.accountNumber,
    serviceAddress: lien.serviceAddress,
    apn: lien.apn,
    amountCents: lien.amountCents,
    amount: formatCents(lien.amountCents, { grouping: true }),
    oldestDueDate: lien.oldestDueDate,
    fiscalYear: roll.fiscalYear,
    taxYear: `${roll.fiscalYear - 1}-${String(roll.fiscalYear % 100).padStart(2, '0')}`,
    asOfDate: roll.asOfDate,
    dueToCountyOn: roll.dueToCountyOn,
    hearingDate,
  };
}

/** Marks the roll submitted to the county auditor (after the council adopted it); it no longer changes. */
export async function submitLienRoll(database: Database, options: { fiscalYear: unknown; on: unknown; actor: Actor }): Promise<LienRoll> {
  const fiscalYear = parseFiscalYear(options.fiscalYear);
  const on = parseIsoDate(options.on, 'on');
  return inTransaction(database, async (tx) => {
    await sql`select id from lien_roll where fiscal_year = ${fiscalYear} for update`.execute(tx);
    const roll = await getLienRoll(tx, fiscalYear);
    if (roll.status !== 'draft') throw new AppError('conflict', `The FY${fiscalYear} roll was already submitted on ${roll.submittedOn}`, { field: 'fiscalYear' });
    if (roll.lienCount === 0) throw new AppError('conflict', `The FY${fiscalYear} roll lists no account`, { field: 'fiscalYear' });
    await sql`update lien_roll set status = 'submitted', submitted_on = ${on}, submitted_by = ${options.actor.username} where id = ${roll.id}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'collections.submit_lien_roll', entityType: 'lien_roll', entityId: `FY${fiscalYear}`,
      after: { submittedOn: on, lienCount: roll.lienCount, totalCents: roll.totalCents, lateForCounty: on > roll.dueToCountyOn } });
    return getLienRoll(tx, fiscalYear);
  });
}

/** The roll for the county: APN, amount, account, owner (one row per lien not removed); safe CSV. */
export async function exportLienRoll(db: Executor, options: { fiscalYear: unknown }): Promise<{ fileName: string; csv: string; rows: number }> {
  const fiscalYear = parseFiscalYear(options.fiscalYear);
  const roll = await getLienRoll(db, fiscalYear);
  const result = await sql<{ apn: string; amountCents: Cents; accountNumber: string; ownerName: string; serviceAddress: string | null }>`
    select l.apn, l.amount_cents as "amountCents", ra.account_number as "accountNumber", l.owner_name as "ownerName",
      sl.address_line1 as "serviceAddress"
    from lien l join receivable_account ra on ra.id = l.utility_account_id join utility_account u on u.id = l.utility_account_id
    left join service_location sl on sl.id = u.service_location_id
    where l.roll_id = ${roll.id} and l.status <> 'removed' order by l.apn, l.id`.execute(db);
  const csv = toCsv([
    { header: 'APN', value: (row) => row.apn },
    { header: 'Amount', value: (row) => formatCents(row.amountCents), isNumeric: true },
    { header: 'Account', value: (row) => row.accountNumber },
    { header: 'Owner', value: (row) => row.ownerName },
    { header: 'Service address', value: (row) => row.serviceAddress },
  ], result.rows);
  return { fileName: `lien-roll-FY${fiscalYear}.csv`, csv, rows: result.rows.length };
}


