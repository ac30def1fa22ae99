/**
 * One utility account's collection, for the account page and `civic collections account`: what it
 * owes and since when, the open case and its next step, the timeline, notices, holds, arrangements,
 * protections and shutoff orders. Reads only. (Whether it may be shut off today is eligibility.ts.)
 */
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { notFound } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import { nextStep, type ChainStep } from './chain.js';
import { daysPastDue, loadDelinquency } from './delinquency.js';

export interface CollectionAccountHeader {
  id: number;
  accountNumber: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  preferredLanguage: string;
  classCode: string;
  className: string;
  isResidential: boolean;
  status: string;
  serviceAddress: string;
  apn: string | null;
}

export interface TimelineEvent {
  id: number;
  eventDate: IsoDate;
  eventType: string;
  summary: string;
  stepOrder: number | null;
  details: Record<string, unknown>;
  createdBy: string;
}

export interface NoticeSummary {
  id: number;
  noticeNumber: string;
  noticeType: string;
  noticeDate: IsoDate;
  delivery: string;
  language: string;
  amountDueCents: Cents;
  disconnectOnOrAfter: IsoDate | null;
}

export interface CollectionAccount {
  account: CollectionAccountHeader;
  balanceCents: Cents;
  pastDueCents: Cents;
  oldestUnpaidDueDate: IsoDate | null;
  daysPastDue: number | null;
  openCase: null | {
    id: number;
    openedOn: IsoDate;
    delinquentSince: IsoDate;
    stepOrder: number;
    stepName: string | null;
    stepDoneOn: IsoDate | null;
    /** The next step and the first day it can come (by days past due; business-day waits may push it later). */
    nextStep: null | { stepOrder: number; name: string; stepType: string; notBefore: IsoDate | null };
  };
  steps: ChainStep[];
  timeline: TimelineEvent[];
  notices: NoticeSummary[];
  holds: Array<{ id: number; reason: string; startsOn: IsoDate; endsOn: IsoDate; releasedOn: IsoDate | null; createdBy: string }>;
  arrangements: Array<{ id: number; arrangementNumber: string; arrangementType: string; status: string; principalCents: Cents; startsOn: IsoDate; defaultSince: IsoDate | null }>;
  protections: Array<{ id: number; protectionType: string; receivedOn: IsoDate; validUntil: IsoDate | null; status: string; documentRef: string }>;
  shutoffOrders: Array<{ id: number; status: string; eligibleOn: IsoDate | null; releasedOn: IsoDate | null; disconnectedOn: IsoDate | null; reconnectedOn: IsoDate | null; refusedRules: string[] }>;
}

export async function findUtilityAccountId(db: Executor, key: string | number): Promise<number> {
  const text = String(key).trim();
  const byNumber = !/^\d+$/.test(text);
  const found = await sql<{ id: number }>`select ua.id from utility_account ua join receivable_account ra on ra.id = ua.id
    where ${byNumber ? sql`ra.account_number = ${text.toUpperCase()}` : sql`ua.id = ${Number(text)}`}`.execute(db);
  const id = found.rows[0]?.id;
  if (id === undefined) throw notFound('utility account', text);
  return id;
}

export async function getCollectionAccount(db: Executor, options: { accountKey: string | number; asOf: IsoDate }): Promise<CollectionAccount> {
  const id = await findUtilityAccountId(db, options.accountKey);
  const header = await sql<CollectionAccountHeader>`
    select ua.id, ra.account_number as "accountNumber", c.id as "customerId", c.customer_number as "customerNumber", c.legal_name as "customerName",
      c.preferred_language as "preferredLanguage", ua.class_code as "classCode", uc.name as "className", uc.is_residential as "isResidential",
      ua.status, trim(sl.address_line1 || coalesce(' ' || sl.unit, '')) as "serviceAddress", p.apn
    from utility_account ua
    join receivable_account ra on ra.id = ua.id
    join customer c on c.id = ra.customer_id
    join utility_class uc on uc.code = ua.class_code
    join service_location sl on sl.id = ua.service_location_id
    left join parcel p on p.id = sl.parcel_id
    where ua.id = ${id}`.execute(db);
  const account = header.rows[0] as CollectionAccountHeader;
  const [owedRows, steps, cases, timeline, notices, holds, arrangements, protections, shutoffs] = await Promise.all([
    loadDelinquency(db, { asOf: options.asOf, accountIds: [id] }),
    sql<ChainStep>`select step_order as "stepOrder", step_type as "stepType", name, days_past_due as "daysPastDue",
      wait_business_days as "waitBusinessDays", is_active as "isActive" from collection_step where class_code = ${account.classCode} order by step_order`.execute(db),
    sql<{ id: number; openedOn: IsoDate; delinquentSince: IsoDate; stepOrder: number; stepDoneOn: IsoDate | null }>`
      select id, opened_on::text as "openedOn", delinquent_since::text as "delinquentSince", step_order as "stepOrder", step_done_on::text as "stepDoneOn"
      from collection_case where utility_account_id = ${id} and status = 'open'`.execute(db),
    sql<TimelineEvent>`select id, event_date::text as "eventDate", event_type as "eventType", summary, step_order as "stepOrder", details, created_by as "createdBy"
      from collection_event where utility_account_id = ${id} order by event_date desc, id desc limit 500`.execute(db),
    sql<NoticeSummary>`select id, notice_number as "noticeNumber", notice_type as "noticeType", notice_date::text as "noticeDate", delivery, language,
      amount_due_cents as "amountDueCents", disconnect_on_or_after::text as "disconnectOnOrAfter"
      from collection_notice where utility_account_id = ${id} order by notice_date desc, id desc`.execute(db),
    sql<CollectionAccount['holds'][number]>`select id, reason, starts_on::text as "startsOn", ends_on::text as "endsOn", released_on::text as "releasedOn",
      created_by as "createdBy" from collection_hold where utility_account_id = ${id} order by starts_on desc, id desc`.execute(db),
    sql<CollectionAccount['arrangements'][number]>`select id, arrangement_number as "arrangementNumber", arrangement_type as "arrangementType", status,
      principal_cents as "principalCents", starts_on::text as "startsOn", default_since::text as "defaultSince"
      from payment_arrangement where utility_account_id = ${id} order by starts_on desc, id desc`.execute(db),
    sql<CollectionAccount['protections'][number]>`select id, protection_type as "protectionType", received_on::text as "receivedOn", valid_until::text as "validUntil",
      status, document_ref as "documentRef" from collection_protection where utility_account_id = ${id} order by received_on desc, id desc`.execute(db),
    sql<CollectionAccount['shutoffOrders'][number]>`select id, status, eligible_on::text as "eligibleOn", released_on::text as "releasedOn",
      disconnected_on::text as "disconnectedOn", reconnected_on::text as "reconnectedOn", refused_rules as "refusedRules"
      from shutoff_order where utility_account_id = ${id} order by id desc`.execute(db),
  ]);
  const owed = owedRows[0];
  const open = cases.rows[0];
  const oldest = owed?.oldestUnpaidDueDate ?? null;
  const upcoming = open ? nextStep(steps.rows, open.stepOrder) : null;
  return {
    account,
    balanceCents: owed?.balanceCents ?? (0 as Cents),
    pastDueCents: owed?.pastDueCents ?? (0 as Cents),
    oldestUnpaidDueDate: oldest,
    daysPastDue: oldest === null ? null : daysPastDue(oldest, options.asOf),
    openCase: open ? {
      ...open,
      stepName: steps.rows.find((step) => step.stepOrder === open.stepOrder)?.name ?? null,
      nextStep: upcoming ? { stepOrder: upcoming.stepOrder, name: upcoming.name, stepType: upcoming.stepType,
        notBefore: oldest === null ? null : addDays(oldest, upcoming.daysPastDue) } : null,
    } : null,
    steps: steps.rows,
    timeline: timeline.rows,
    notices: notices.rows,
    holds: holds.rows,
    arrangements: arrangements.rows,
    protections: protections.rows,
    shutoffOrders: shutoffs.rows,
  };
}
