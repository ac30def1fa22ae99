/**
 * The Collections desk's "today": what the daily job did, the notices written and the door hangers
 * to post, shutoff orders waiting for release, shutoffs the rules refused today, arrangements in
 * default, holds ending this week, disconnected accounts that have paid (reconnect them), and
 * protections about to expire. Reads only; each list is capped at 200 rows with its full count.
 */
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';

const LIMIT = 200;

export interface AccountLine {
  accountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
}

export interface WorkList<T> {
  count: number;
  rows: T[];
}

export interface TodaysWork {
  asOf: IsoDate;
  run: null | { status: string; figures: Record<string, unknown>; startedAt: string; finishedAt: string | null };
  openCases: Array<{ stepName: string; count: number }>;
  noticesToday: Array<{ noticeType: string; delivery: string; count: number }>;
  shutoffsPending: WorkList<AccountLine & { shutoffId: number; eligibleOn: IsoDate | null; refusedRules: string[] }>;
  shutoffsBlockedToday: WorkList<AccountLine & { summary: string }>;
  arrangementsInDefault: WorkList<AccountLine & { arrangementNumber: string; status: string; defaultSince: IsoDate }>;
  holdsEnding: WorkList<AccountLine & { holdId: number; reason: string; endsOn: IsoDate }>;
  reconnectDue: WorkList<AccountLine & { shutoffId: number; disconnectedOn: IsoDate }>;
  protectionsExpiring: WorkList<AccountLine & { protectionId: number; protectionType: string; validUntil: IsoDate }>;
}

const accountColumns = sql`ua.id as "accountId", ra.account_number as "accountNumber", c.legal_name as "customerName",
  trim(sl.address_line1 || coalesce(' ' || sl.unit, '')) as "serviceAddress"`;
const accountJoins = sql`join receivable_account ra on ra.id = ua.id join customer c on c.id = ra.customer_id
  join service_location sl on sl.id = ua.service_location_id`;

async function list<T>(db: Executor, query: ReturnType<typeof sql>): Promise<WorkList<T>> {
  const result = await sql<T & { total: number }>`select q.*, count(*) over ()::int as total from (${query}) q limit ${LIMIT}`.execute(db);
  return { count: result.rows[0]?.total ?? 0, rows: result.rows.map(({ total: _total, ...row }) => row as T) };
}

export async function getTodaysWork(db: Executor, options: { asOf: IsoDate }): Promise<TodaysWork> {
  const asOf = options.asOf;
  const weekAhead = addDays(asOf, 7);
  const [run, openCases, noticesToday, shutoffsPending, blocked, defaults, holds, reconnect, expiring] = await Promise.all([
    sql<NonNullable<TodaysWork['run']>>`select status, figures, started_at::text as "startedAt", finished_at::text as "finishedAt"
      from collection_run where run_date = ${asOf}::date`.execute(db),
    sql<{ stepName: string; count: number }>`select coalesce(s.name, 'Opened, no step yet') as "stepName", count(*)::int as count
      from collection_case cc join utility_account ua on ua.id = cc.utility_account_id
      left join collection_step s on s.class_code = ua.class_code and s.step_order = cc.step_order
      where cc.status = 'open' group by 1 order by min(cc.step_order), 1`.execute(db),
    sql<{ noticeType: string; delivery: string; count: number }>`select notice_type as "noticeType", delivery, count(*)::int as count
      from collection_notice where notice_date = ${asOf}::date group by 1, 2 order by 1, 2`.execute(db),
    list<AccountLine & { shutoffId: number; eligibleOn: IsoDate | null; refusedRules: string[] }>(db, sql`
      select ${accountColumns}, so.id as "shutoffId", so.eligible_on::text as "eligibleOn", so.refused_rules as "refusedRules"
      from shutoff_order so join utility_account ua on ua.id = so.utility_account_id ${accountJoins}
      where so.status = 'pending' order by so.eligible_on, so.id`),
    list<AccountLine & { summary: string }>(db, sql`
      select ${accountColumns}, e.summary from collection_event e join utility_account ua on ua.id = e.utility_account_id ${accountJoins}
      where e.event_type = 'shutoff_blocked' and e.event_date = ${asOf}::date order by e.id`),
    list<AccountLine & { arrangementNumber: string; status: string; defaultSince: IsoDate }>(db, sql`
      select ${accountColumns}, pa.arrangement_number as "arrangementNumber", pa.status, pa.default_since::text as "defaultSince"
      from payment_arrangement pa join utility_account ua on ua.id = pa.utility_account_id ${accountJoins}
      where pa.default_since is not null and (pa.status = 'active' or (pa.status = 'defaulted' and pa.ended_on >= ${asOf}::date - 30))
      order by pa.default_since, pa.id`),
    list<AccountLine & { holdId: number; reason: string; endsOn: IsoDate }>(db, sql`
      select ${accountColumns}, h.id as "holdId", h.reason, h.ends_on::text as "endsOn"
      from collection_hold h join utility_account ua on ua.id = h.utility_account_id ${accountJoins}
      where h.released_on is null and h.ends_on between ${asOf}::date and ${weekAhead}::date order by h.ends_on, h.id`),
    list<AccountLine & { shutoffId: number; disconnectedOn: IsoDate }>(db, sql`
      select ${accountColumns}, so.id as "shutoffId", so.disconnected_on::text as "disconnectedOn"
      from shutoff_order so join utility_account ua on ua.id = so.utility_account_id ${accountJoins}
      where so.status = 'completed' and so.reconnect_order_id is null
        and not exists (select 1 from collection_case cc where cc.id = so.case_id and cc.status = 'open')
      order by so.disconnected_on, so.id`),
    list<AccountLine & { protectionId: number; protectionType: string; validUntil: IsoDate }>(db, sql`
      select ${accountColumns}, p.id as "protectionId", p.protection_type as "protectionType", p.valid_until::text as "validUntil"
      from collection_protection p join utility_account ua on ua.id = p.utility_account_id ${accountJoins}
      where p.status = 'active' and p.valid_until between ${asOf}::date and ${addDays(asOf, 14)}::date order by p.valid_until, p.id`),
  ]);
  return {
    asOf,
    run: run.rows[0] ?? null,
    openCases: openCases.rows,
    noticesToday: noticesToday.rows,
    shutoffsPending,
    shutoffsBlockedToday: blocked,
    arrangementsInDefault: defaults,
    holdsEnding: holds,
    reconnectDue: reconnect,
    protectionsExpiring: expiring,
  };
}
