/**
 * The I/O of liens: the lien rule, the delinquent accounts a roll may list (read set-based, one
 * statement for any number of accounts), rolls and liens as the desk shows them. Rules are in
 * liens-rules.ts; the use cases (liens.ts) hold the transactions.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import type { LienRule, LienStatus } from './liens-rules.js';

export async function getLienRule(db: Executor, onDate: IsoDate): Promise<LienRule> {
  const result = await sql<LienRule>`select effective_from as "effectiveFrom", include_tenants as "includeTenants",
      minimum_cents as "minimumCents", minimum_days_delinquent as "minimumDaysDelinquent",
      exclude_arrangements as "excludeArrangements", exclude_holds as "excludeHolds",
      processing_fee_cents as "processingFeeCents", processing_fee_account_code as "processingFeeAccountCode",
      recorded_lien_years as "recordedLienYears", authority
    from lien_rule where effective_from <= ${onDate}::date order by effective_from desc limit 1`.execute(db);
  const rule = result.rows[0];
  if (!rule) throw new AppError('conflict', `No lien rule is in effect on ${onDate}`, { field: 'asOf' });
  return rule;
}

export interface MailingAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  /** customer: the owner's mailing address on file; situs: the parcel's own address (no mailing address known). */
  source: 'customer' | 'situs';
}

/** One utility account as a roll sees it on the as-of date. */
export interface CandidateRow {
  accountId: number;
  accountNumber: string;
  customerId: number;
  customerName: string;
  serviceAddress: string | null;
  parcelId: number | null;
  apn: string | null;
  customerIsOwner: boolean;
  ownerCustomerId: number | null;
  ownerCustomerName: string | null;
  ownerOfRecord: string | null;
  ownerAddress: MailingAddress;
  delinquentCents: Cents;
  oldestDueDate: IsoDate | null;
  chargeItemIds: number[];
  hasActiveArrangement: boolean;
  hasActiveHold: boolean;
}

/**
 * The delinquent utility accounts on the as-of date (or the given accounts, delinquent or not):
 * what is open today of the charges due on or before `latestDueDate` and not already on a lien in
 * force, with the parcel, the owner facts, arrangements and holds. One statement.
 */
export async function loadLienCandidates(
  db: Executor,
  options: { asOf: IsoDate; latestDueDate: IsoDate; accountIds: readonly number[] | null },
): Promise<CandidateRow[]> {
  const ids = options.accountIds === null ? null : [...options.accountIds];
  const result = await sql<CandidateRow>`
    with open_charges as (
      select i.receivable_account_id as account_id, i.id, i.due_date,
        i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a where a.debit_item_id = i.id), 0) as open_cents
      from receivable_item i join utility_account u on u.id = i.receivable_account_id
      where i.amount_cents > 0 and i.due_date is not null and i.due_date <= ${options.latestDueDate}::date
        and (${ids}::bigint[] is null or i.receivable_account_id = any(${ids}::bigint[]))
        and not exists (select 1 from lien l where l.status in ('listed', 'noticed', 'recorded')
          and l.utility_account_id = i.receivable_account_id and i.id = any(l.charge_item_ids))
    ), delinquent as (
      select account_id, sum(open_cents)::bigint as delinquent_cents, min(due_date) as oldest_due_date,
        array_agg(id order by id) as item_ids
      from open_charges where open_cents > 0 group by account_id
    )
    select u.id as "accountId", ra.account_number as "accountNumber", c.id as "customerId", c.legal_name as "customerName",
      sl.address_line1 as "serviceAddress", p.id as "parcelId", p.apn,
      coalesce(own.is_owner, false) as "customerIsOwner",
      oc.id as "ownerCustomerId", oc.legal_name as "ownerCustomerName", p.owner_of_record as "ownerOfRecord",
      case when addr.line1 is not null then json_build_object('line1', addr.line1, 'line2', addr.line2, 'city', addr.city,
          'state', addr.state, 'zip', addr.zip, 'source', 'customer')
        else json_build_object('line1', p.situs_line1, 'line2', null, 'city', p.situs_city, 'state', 'CA', 'zip', p.situs_zip,
          'source', 'situs') end as "ownerAddress",
      coalesce(d.delinquent_cents, 0)::bigint as "delinquentCents", d.oldest_due_date as "oldestDueDate",
      coalesce(d.item_ids, '{}') as "chargeItemIds",
      exists (select 1 from payment_arrangement pa where pa.utility_account_id = u.id and pa.status = 'active') as "hasActiveArrangement",
      exists (select 1 from collection_hold h where h.utility_account_id = u.id and h.starts_on <= ${options.asOf}::date
        and h.ends_on >= ${options.asOf}::date and (h.released_on is null or h.released_on > ${options.asOf}::date)) as "hasActiveHold"
    from utility_account u
    join receivable_account ra on ra.id = u.id
    join customer c on c.id = ra.customer_id
    left join delinquent d on d.account_id = u.id
    left join service_location sl on sl.id = u.service_location_id
    left join parcel p on p.id = coalesce(sl.parcel_id, ra.parcel_id)
    left join lateral (select true as is_owner from customer_property cp where cp.customer_id = ra.customer_id
        and cp.parcel_id = p.id and cp.role = 'owner' and cp.start_date <= ${options.asOf}::date
        and (cp.end_date is null or cp.end_date >= ${options.asOf}::date) limit 1) own on true
    left join lateral (select o.id, o.legal_name from customer_property cp join customer o on o.id = cp.customer_id
        where cp.parcel_id = p.id and cp.role = 'owner' and cp.start_date <= ${options.asOf}::date
          and (cp.end_date is null or cp.end_date >= ${options.asOf}::date)
        order by cp.customer_id = ra.customer_id desc, cp.start_date desc, cp.id desc limit 1) oc on true
    left join lateral (select a.line1, a.line2, a.city, a.state, a.zip from customer_address a
        where a.customer_id = coalesce(oc.id, case when own.is_owner then c.id end) and a.valid_to is null limit 1) addr on true
    where (${ids}::bigint[] is null and d.account_id is not null) or u.id = any(${ids}::bigint[])
    order by u.id`.execute(db);
  return result.rows;
}

export interface LienRoll {
  id: number;
  fiscalYear: number;
  asOfDate: IsoDate;
  dueToCountyOn: IsoDate;
  status: 'draft' | 'submitted';
  submittedOn: IsoDate | null;
  submittedBy: string | null;
  rule: LienRule;
  /** Liens not removed, and their amount. */
  lienCount: number;
  totalCents: Cents;
}

const rollColumns = sql`r.id, r.fiscal_year as "fiscalYear", r.as_of_date as "asOfDate", r.due_to_county_on as "dueToCountyOn",
  r.status, r.submitted_on as "submittedOn", r.submitted_by as "submittedBy", r.rule,
  (select count(*) from lien l where l.roll_id = r.id and l.status <> 'removed')::int as "lienCount",
  (select coalesce(sum(l.amount_cents), 0) from lien l where l.roll_id = r.id and l.status <> 'removed')::bigint as "totalCents"`;

export async function findLienRoll(db: Executor, fiscalYear: number): Promise<LienRoll | undefined> {
  const result = await sql<LienRoll>`select ${rollColumns} from lien_roll r where r.fiscal_year = ${fiscalYear}`.execute(db);
  return result.rows[0];
}

export async function getLienRoll(db: Executor, fiscalYear: number): Promise<LienRoll> {
  const roll = await findLienRoll(db, fiscalYear);
  if (!roll) throw notFound('lien roll', `FY${fiscalYear}`);
  return roll;
}

export async function listLienRolls(db: Executor): Promise<LienRoll[]> {
  const result = await sql<LienRoll>`select ${rollColumns} from lien_roll r order by r.fiscal_year desc`.execute(db);
  return result.rows;
}

export interface Lien {
  id: number;
  fiscalYear: number;
  rollStatus: 'draft' | 'submitted';
  utilityAccountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string | null;
  apn: string;
  ownerName: string;
  ownerAddress: MailingAddress;
  customerIsOwner: boolean;
  amountCents: Cents;
  /** What is still open of the listed charges today: the payoff. */
  payoffCents: Cents;
  oldestDueDate: IsoDate;
  feeItemId: number | null;
  status: LienStatus;
  noticedOn: IsoDate | null;
  noticeNumber: string | null;
  recordingNumber: string | null;
  recordedOn: IsoDate | null;
  expiresOn: IsoDate | null;
  paidOffOn: IsoDate | null;
  releaseRecordingNumber: string | null;
  releasedOn: IsoDate | null;
  removedOn: IsoDate | null;
  removedReason: string | null;
}

const lienColumns = sql`l.id, r.fiscal_year as "fiscalYear", r.status as "rollStatus", l.utility_account_id as "utilityAccountId",
  ra.account_number as "accountNumber", c.legal_name as "customerName", sl.address_line1 as "serviceAddress", l.apn,
  l.owner_name as "ownerName", l.owner_address as "ownerAddress", l.customer_is_owner as "customerIsOwner",
  l.amount_cents as "amountCents",
  (select coalesce(sum(i.amount_cents - coalesce((select sum(a.amount_cents) from receivable_application a
      where a.debit_item_id = i.id), 0)), 0) from receivable_item i where i.id = any(l.charge_item_ids))::bigint as "payoffCents",
  l.oldest_due_date as "oldestDueDate", l.fee_item_id as "feeItemId", l.status, l.noticed_on as "noticedOn",
  n.notice_number as "noticeNumber", l.recording_number as "recordingNumber", l.recorded_on as "recordedOn",
  l.expires_on as "expiresOn", l.paid_off_on as "paidOffOn", l.release_recording_number as "releaseRecordingNumber",
  l.released_on as "releasedOn", l.removed_on as "removedOn", l.removed_reason as "removedReason"`;

const lienJoins = sql`from lien l join lien_roll r on r.id = l.roll_id
  join receivable_account ra on ra.id = l.utility_account_id join customer c on c.id = ra.customer_id
  join utility_account u on u.id = l.utility_account_id left join service_location sl on sl.id = u.service_location_id
  left join collection_notice n on n.id = l.notice_id`;

export async function listLiens(
  db: Executor,
  options: { fiscalYear?: number | null; status?: LienStatus | null; account?: string | null; limit?: number },
): Promise<Lien[]> {
  const result = await sql<Lien>`select ${lienColumns} ${lienJoins}
    where (${options.fiscalYear ?? null}::int is null or r.fiscal_year = ${options.fiscalYear ?? null})
      and (${options.status ?? null}::text is null or l.status = ${options.status ?? null})
      and (${options.account?.toUpperCase() ?? null}::text is null or ra.account_number = ${options.account?.toUpperCase() ?? null})
    order by r.fiscal_year desc, l.apn, l.id limit ${options.limit ?? 5000}`.execute(db);
  return result.rows;
}

/** A lien by id, or an account's lien in force (its latest one not removed) by account number. */
export async function getLien(db: Executor, key: number | string, options: { forUpdate?: boolean } = {}): Promise<Lien> {
  const byAccountNumber = typeof key === 'string' && !/^\d+$/.test(key);
  const idResult = byAccountNumber
    ? await sql<{ id: number }>`select l.id from lien l join receivable_account ra on ra.id = l.utility_account_id
        where ra.account_number = ${String(key).toUpperCase()} and l.status <> 'removed' order by l.id desc limit 1`.execute(db)
    : await sql<{ id: number }>`select id from lien where id = ${Number(key)}`.execute(db);
  const id = idResult.rows[0]?.id;
  if (id === undefined) throw notFound('lien', key);
  if (options.forUpdate) await sql`select id from lien where id = ${id} for update`.execute(db);
  const result = await sql<Lien>`select ${lienColumns} ${lienJoins} where l.id = ${id}`.execute(db);
  const lien = result.rows[0];
  if (!lien) throw notFound('lien', key);
  return lien;
}

export async function insertLienEvents(
  db: Executor,
  events: ReadonlyArray<{ lienId: number; eventType: string; eventDate: IsoDate; details?: Record<string, unknown> }>,
  createdBy: string,
): Promise<void> {
  if (events.length === 0) return;
  await sql`insert into lien_event (lien_id, event_type, event_date, details, created_by)
    select * , ${createdBy}::text from unnest(${events.map((e) => e.lienId)}::bigint[], ${events.map((e) => e.eventType)}::text[],
      ${events.map((e) => e.eventDate)}::date[], ${events.map((e) => JSON.stringify(e.details ?? {}))}::jsonb[])`.execute(db);
}

/** The open collection case of each account (null when none), for the timeline. */
export async function openCaseIds(db: Executor, accountIds: readonly number[]): Promise<Map<number, number>> {
  if (accountIds.length === 0) return new Map();
  const result = await sql<{ accountId: number; caseId: number }>`select utility_account_id as "accountId", id as "caseId"
    from collection_case where status = 'open' and utility_account_id = any(${[...accountIds]}::bigint[])`.execute(db);
  return new Map(result.rows.map((row) => [row.accountId, row.caseId]));
}
