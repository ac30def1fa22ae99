/**
 * Notices and the collection timeline, written set-based by every part of collections: the daily
 * job's steps, arrangement defaults, lien notices, calls recorded by a clerk. A notice keeps the
 * merge data it was printed with; its PDF is rendered from that data (letters.ts), so a reprint
 * says the same. Both tables are append-only by convention of this module (nothing updates them).
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import type { Cents } from '../shared/money.js';
import type { Delivery, NoticeType } from './types.js';

export interface NewNotice {
  caseId: number | null;
  utilityAccountId: number;
  noticeType: NoticeType;
  noticeDate: IsoDate;
  delivery: Delivery;
  amountDueCents: Cents;
  disconnectOnOrAfter?: IsoDate | null;
  /** Merge fields, or what was said on the telephone. */
  data?: Record<string, unknown>;
}

export interface InsertedNotice {
  id: number;
  noticeNumber: string;
  utilityAccountId: number;
  noticeType: NoticeType;
}

/**
 * Inserts notices in one statement. The customer and language come from the account (the
 * customer's preferred language). A notice of a case, type and day already written is skipped
 * (the daily job may run twice), so the result can be shorter than the input.
 */
export async function insertNotices(tx: Executor, notices: readonly NewNotice[], createdBy: string): Promise<InsertedNotice[]> {
  if (notices.length === 0) return [];
  const result = await sql<InsertedNotice>`
    insert into collection_notice (notice_number, case_id, utility_account_id, customer_id, notice_type, notice_date, delivery,
      language, amount_due_cents, disconnect_on_or_after, data, created_by)
    select 'N-' || to_char(n.notice_date, 'YYYY') || '-' || lpad(nextval('collection_notice_number_seq')::text, 6, '0'),
      n.case_id, n.account_id, ra.customer_id, n.notice_type, n.notice_date, n.delivery,
      coalesce(c.preferred_language, 'en'), n.amount, n.disconnect_on, n.data, ${createdBy}
    from unnest(${notices.map((n) => n.caseId)}::bigint[], ${notices.map((n) => n.utilityAccountId)}::bigint[],
        ${notices.map((n) => n.noticeType)}::text[], ${notices.map((n) => n.noticeDate)}::date[],
        ${notices.map((n) => n.delivery)}::text[], ${notices.map((n) => n.amountDueCents)}::bigint[],
        ${notices.map((n) => n.disconnectOnOrAfter ?? null)}::date[], ${notices.map((n) => JSON.stringify(n.data ?? {}))}::jsonb[])
      with ordinality as n (case_id, account_id, notice_type, notice_date, delivery, amount, disconnect_on, data, ord)
    join receivable_account ra on ra.id = n.account_id
    join customer c on c.id = ra.customer_id
    order by n.ord
    on conflict (case_id, notice_type, notice_date) where case_id is not null do nothing
    returning id, notice_number as "noticeNumber", utility_account_id as "utilityAccountId", notice_type as "noticeType"`.execute(tx);
  return result.rows;
}

export interface NewEvent {
  utilityAccountId: number;
  caseId: number | null;
  eventType: string;
  eventDate: IsoDate;
  summary: string;
  stepOrder?: number | null;
  details?: Record<string, unknown>;
}

/** Appends timeline events in one statement; a case's step is recorded once (a repeat is skipped). */
export async function recordEvents(tx: Executor, events: readonly NewEvent[], createdBy: string): Promise<number> {
  if (events.length === 0) return 0;
  const result = await sql`
    insert into collection_event (utility_account_id, case_id, event_type, event_date, summary, step_order, details, created_by)
    select e.account_id, e.case_id, e.event_type, e.event_date, e.summary, e.step_order, e.details, ${createdBy}
    from unnest(${events.map((e) => e.utilityAccountId)}::bigint[], ${events.map((e) => e.caseId)}::bigint[],
        ${events.map((e) => e.eventType)}::text[], ${events.map((e) => e.eventDate)}::date[], ${events.map((e) => e.summary)}::text[],
        ${events.map((e) => e.stepOrder ?? null)}::integer[], ${events.map((e) => JSON.stringify(e.details ?? {}))}::jsonb[])
      as e (account_id, case_id, event_type, event_date, summary, step_order, details)
    on conflict (case_id, step_order) where event_type = 'step_done' do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
