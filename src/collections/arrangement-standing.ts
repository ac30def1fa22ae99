/**
 * Whether payment arrangements are kept, set-based (one statement for all of them).
 *
 * An arrangement is behind on a day when what was paid to the account since it started is less
 * than what came due before that day: its installments, plus the current charges of the bills due
 * since it started (SB 998, H&S 116908(a)(2)(B)/(C): the customer keeps paying current charges
 * too). Something due on a day counts from the day after: the customer has the whole due date.
 * - Paid: payments to the account (and payments transferred in or out, and their returns, which
 *   count against) dated from the start through the day; a payment of the first day counts only
 *   when posted after the arrangement was made (one before it already lowered the principal).
 * - Behind since: the day after the due date of the oldest installment or bill that what was
 *   paid does not cover (obligations taken in due-date order). The daily job keeps it as
 *   default_since, set the first day it is behind and kept until the arrangement is caught up
 *   (then cleared, with an event), whatever is paid meanwhile short of catching up.
 * - 60 days in default (asOf − default_since ≥ 60): status 'defaulted', with an
 *   arrangement_default notice. SB 998 then allows a shutoff after a final notice (sb998.ts and
 *   the chain decide that; this module only says the arrangement is defaulted).
 * - Paid in full (paid ≥ principal + the current charges due so far): status 'completed'.
 * Run twice on one day, the job changes nothing the second time: each change is a transition of
 * the stored state, and the notices of a case are unique per type and day.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { cents, formatDollars, type Cents } from '../shared/money.js';
import type { ArrangementStatus } from './arrangements.js';
import { insertNotices, recordEvents, type NewEvent, type NewNotice } from './notices.js';

/** SB 998 (H&S 116908(a)(2)(B)): 60 days in default on an arrangement. */
export const DEFAULT_DAYS_BEFORE_DEFAULTED = 60;

/** Up to this many accounts, arrangementStanding reads only theirs (see there). */
const FEW_ACCOUNTS = 500;

/**
 * The standing of the arrangements `chosen` selects (a query of ids named `arrangement_id`): the
 * figures above, as a CTE `standing`. Text shared by the job and by the readers.
 */
function standingCte(asOf: IsoDate, chosen: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`chosen as (${chosen}),
    arr as (select p.* from payment_arrangement p join chosen c on c.arrangement_id = p.id),
    paid as (select a.id as arrangement_id, coalesce(-sum(i.amount_cents), 0)::bigint as paid_cents
      from arr a join receivable_item i on i.receivable_account_id = a.utility_account_id
        and i.item_date between a.starts_on and ${asOf}::date
        -- A payment of the first day posted before the arrangement was made already lowered its principal.
        and (i.item_date > a.starts_on or i.created_at > a.created_at)
      where i.item_type in ('payment', 'transfer_in', 'transfer_out')
        or (i.item_type = 'reversal' and exists (select 1 from receivable_item o where o.id = i.reverses_item_id
          and o.item_type in ('payment', 'transfer_in', 'transfer_out')))
      group by a.id),
    obligations as (
      select a.id as arrangement_id, n.due_on, n.amount_cents, true as is_installment
      from arr a join arrangement_installment n on n.arrangement_id = a.id where n.due_on < ${asOf}::date
      union all
      select a.id, b.due_date, b.current_charges_cents, false
      from arr a join bill b on b.utility_account_id = a.utility_account_id and b.status = 'final'
        and b.due_date >= a.starts_on and b.due_date < ${asOf}::date and b.current_charges_cents > 0),
    running as (select o.*, sum(o.amount_cents) over (partition by o.arrangement_id order by o.due_on, o.is_installment, o.amount_cents
        rows unbounded preceding) as running_cents from obligations o),
    owed as (select arrangement_id, sum(amount_cents)::bigint as due_cents,
        coalesce(sum(amount_cents) filter (where not is_installment), 0)::bigint as bills_due_cents
      from obligations group by arrangement_id),
    -- Grouped and joined, not a subquery per arrangement: the job reads all of them at once.
    behind as (select r.arrangement_id, min(r.due_on) + 1 as behind_since
      from running r left join paid p on p.arrangement_id = r.arrangement_id
      where r.running_cents > coalesce(p.paid_cents, 0) group by r.arrangement_id),
    standing as (select a.id as arrangement_id, a.utility_account_id as account_id, a.case_id, a.arrangement_number, a.status,
        a.principal_cents, a.default_since, coalesce(p.paid_cents, 0) as paid_cents, coalesce(w.due_cents, 0) as due_cents,
        coalesce(w.bills_due_cents, 0) as bills_due_cents, b.behind_since
      from arr a left join paid p on p.arrangement_id = a.id left join owed w on w.arrangement_id = a.id
      left join behind b on b.arrangement_id = a.id)`;
}

export interface DetectResult {
  checked: number;
  wentIntoDefault: number;
  curedDefault: number;
  defaulted60: number;
  completed: number;
}

interface ChangeRow {
  arrangementId: number;
  accountId: number;
  caseId: number | null;
  arrangementNumber: string;
  change: 'completed' | 'defaulted' | 'went_into_default' | 'cured';
  defaultSince: IsoDate | null;
  behindCents: number;
}

function eventOf(row: ChangeRow, asOf: IsoDate): NewEvent {
  const summaries = {
    completed: `Payment arrangement ${row.arrangementNumber} paid in full`,
    defaulted: `Payment arrangement ${row.arrangementNumber} defaulted: ${DEFAULT_DAYS_BEFORE_DEFAULTED} days behind since ${row.defaultSince}`,
    went_into_default: `Payment arrangement ${row.arrangementNumber} behind since ${row.defaultSince} by ${formatDollars(cents(row.behindCents))}`,
    cured: `Payment arrangement ${row.arrangementNumber} caught up`,
  } as const;
  return {
    utilityAccountId: row.accountId, caseId: row.caseId, eventType: `arrangement_${row.change}`, eventDate: asOf, summary: summaries[row.change],
    details: { arrangementNumber: row.arrangementNumber, defaultSince: row.defaultSince, behindCents: row.behindCents },
  };
}

/**
 * The daily job's step: for every active arrangement started by asOf, sets default_since the
 * first day it is behind, clears it when caught up, marks it defaulted after 60 days in default
 * (with an arrangement_default notice) and completed when paid in full. One update statement for
 * all, then the events and notices of what changed in one statement each, and one audit row.
 */
export async function detectArrangementDefaults(database: Database, options: { asOf: IsoDate; actor: Actor }): Promise<DetectResult> {
  const { asOf, actor } = options;
  return inTransaction(database, async (tx) => {
    const checked = await sql<{ count: number }>`select count(*)::bigint as count from payment_arrangement
      where status = 'active' and starts_on <= ${asOf}::date`.execute(tx);
    const chosen = sql`select id as arrangement_id from payment_arrangement where status = 'active' and starts_on <= ${asOf}::date`;
    const changed = await sql<ChangeRow>`with ${standingCte(asOf, chosen)},
      decided as (select s.*, case
          when s.paid_cents >= s.principal_cents + s.bills_due_cents then 'completed'
          when s.behind_since is not null and ${asOf}::date - coalesce(s.default_since, s.behind_since) >= ${DEFAULT_DAYS_BEFORE_DEFAULTED} then 'defaulted'
          when s.behind_since is not null and s.default_since is null then 'went_into_default'
          when s.behind_since is null and s.default_since is not null then 'cured'
        end as change from standing s)
      update payment_arrangement p set
        status = case d.change when 'completed' then 'completed' when 'defaulted' then 'defaulted' else p.status end,
        default_since = case d.change when 'cured' then null when 'completed' then null else coalesce(p.default_since, d.behind_since) end,
        ended_on = case when d.change in ('completed', 'defaulted') then ${asOf}::date else p.ended_on end,
        end_reason = case d.change when 'completed' then 'Paid in full'
          when 'defaulted' then ${`${DEFAULT_DAYS_BEFORE_DEFAULTED} days in default`} else p.end_reason end,
        ended_by = case when d.change in ('completed', 'defaulted') then ${actor.username} else p.ended_by end
      from decided d
      where p.id = d.arrangement_id and d.change is not null
      returning p.id as "arrangementId", p.utility_account_id as "accountId", p.case_id as "caseId",
        p.arrangement_number as "arrangementNumber", d.change, coalesce(p.default_since, d.default_since)::text as "defaultSince",
        greatest(d.due_cents - d.paid_cents, 0)::bigint as "behindCents"`.execute(tx);
    const rows = changed.rows;
    await recordEvents(tx, rows.map((row) => eventOf(row, asOf)), actor.username);
    const notices: NewNotice[] = rows.filter((row) => row.change === 'defaulted').map((row) => ({
      caseId: row.caseId, utilityAccountId: row.accountId, noticeType: 'arrangement_default', noticeDate: asOf, delivery: 'mail',
      amountDueCents: cents(Number(row.behindCents)),
      data: { arrangementNumber: row.arrangementNumber, defaultSince: row.defaultSince, behind: formatDollars(cents(Number(row.behindCents))) },
    }));
    await insertNotices(tx, notices, actor.username);
    const count = (change: ChangeRow['change']) => rows.filter((row) => row.change === change).length;
    const result: DetectResult = {
      checked: Number(checked.rows[0]?.count ?? 0), wentIntoDefault: count('went_into_default'), curedDefault: count('cured'),
      defaulted60: count('defaulted'), completed: count('completed'),
    };
    if (rows.length > 0) {
      await recordAudit(tx, { actor, action: 'collections.detect_arrangement_defaults', entityType: 'collection_run', entityId: asOf,
        after: result, details: { changed: rows.map((row) => ({ arrangement: row.arrangementNumber, change: row.change })).slice(0, 1000) } });
    }
    return result;
  });
}

export interface ArrangementStanding {
  arrangementId: number;
  arrangementNumber: string;
  status: ArrangementStatus;
  /** Active: in good standing on asOf (not behind). Other statuses: false. */
  isInGoodStanding: boolean;
  /** The first day of the current default (stored by the job, or computed for asOf); null when current. */
  defaultSince: IsoDate | null;
  daysInDefault: number;
  /** What came due before asOf and is not paid (installments and current charges). */
  behindCents: Cents;
  paidCents: Cents;
  /** The next installment due on or after asOf; null when none is left. */
  nextInstallment: { installmentNumber: number; dueOn: IsoDate; amountCents: Cents } | null;
}

interface StandingRow {
  accountId: number;
  arrangementId: number;
  arrangementNumber: string;
  status: ArrangementStatus;
  defaultSince: IsoDate | null;
  behindSince: IsoDate | null;
  dueCents: number;
  paidCents: number;
  nextNumber: number | null;
  nextDueOn: IsoDate | null;
  nextAmountCents: number | null;
}

function toStanding(row: StandingRow, asOf: IsoDate): ArrangementStanding {
  const isActive = row.status === 'active';
  // Active: behind now or not, whatever the job last stored; defaulted: since the stored day.
  const defaultSince = isActive ? (row.behindSince === null ? null : row.defaultSince ?? row.behindSince)
    : row.status === 'defaulted' ? row.defaultSince : null;
  const daysInDefault = defaultSince === null ? 0 : Math.max(0, Math.round((Date.parse(asOf) - Date.parse(defaultSince)) / 86_400_000));
  return {
    arrangementId: row.arrangementId, arrangementNumber: row.arrangementNumber, status: row.status,
    isInGoodStanding: isActive && row.behindSince === null, defaultSince, daysInDefault,
    behindCents: cents(Math.max(0, Number(row.dueCents) - Number(row.paidCents))), paidCents: cents(Number(row.paidCents)),
    nextInstallment: row.nextNumber === null || row.nextDueOn === null || row.nextAmountCents === null ? null
      : { installmentNumber: row.nextNumber, dueOn: row.nextDueOn, amountCents: cents(Number(row.nextAmountCents)) },
  };
}

/**
 * Per account, its current arrangement's standing on asOf: the active one, else the latest one
 * (a defaulted arrangement matters to SB 998: a shutoff is allowed after a final notice). Accounts
 * that never had an arrangement are absent. One statement for all the accounts.
 */
export async function arrangementStanding(
  db: Executor,
  options: { accountIds: readonly number[]; asOf: IsoDate },
): Promise<Map<number, ArrangementStanding>> {
  if (options.accountIds.length === 0) return new Map();
  const { asOf } = options;
  // Few accounts (a page, a release): only theirs. Many (the daily job, the desk): every account's
  // latest arrangement, kept by the ids here. The planner guesses 10 rows for an array of ids, and
  // with 20,000 it chose nested loops over the CTEs (18 s); the table's own statistics plan well.
  const isFew = options.accountIds.length <= FEW_ACCOUNTS;
  const chosen = sql`select distinct on (p.utility_account_id) p.id as arrangement_id
    from payment_arrangement p
    where p.starts_on <= ${asOf}::date
      ${isFew ? sql`and p.utility_account_id = any(${[...options.accountIds]}::bigint[])` : sql``}
    order by p.utility_account_id, (p.status = 'active') desc, p.id desc`;
  const result = await sql<StandingRow>`with ${standingCte(asOf, chosen)}
    select s.account_id as "accountId", s.arrangement_id as "arrangementId", s.arrangement_number as "arrangementNumber", s.status,
      s.default_since::text as "defaultSince", s.behind_since::text as "behindSince", s.due_cents as "dueCents", s.paid_cents as "paidCents",
      n.installment_number as "nextNumber", n.due_on::text as "nextDueOn", n.amount_cents as "nextAmountCents"
    from standing s
    left join lateral (select installment_number, due_on, amount_cents from arrangement_installment
      where arrangement_id = s.arrangement_id and due_on >= ${asOf}::date order by installment_number limit 1) n on s.status = 'active'`.execute(db);
  const asked = isFew ? null : new Set(options.accountIds);
  return new Map(result.rows.filter((row) => asked === null || asked.has(row.accountId)).map((row) => [row.accountId, toStanding(row, asOf)]));
}
