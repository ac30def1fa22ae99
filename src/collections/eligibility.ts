/**
 * Shutoff eligibility of utility accounts on a day: the facts loaded set-based (a fixed handful of
 * queries for any number of accounts: the accounts with their notices, protections, arrangement,
 * holds and orders; what they owe; the settings; the office calendar), then the pure rules of
 * sb998.ts. The daily job calls it for accounts reaching the shutoff step, releasing and
 * completing a shutoff order call it for one, and the account page shows its explanation.
 */
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { cents, ZERO } from '../shared/money.js';
import { getSettings } from '../settings/index.js';
import { addBusinessDays, businessDaysBetween, loadOfficeCalendar } from './calendar.js';
import type { ShutoffEligibility } from './advance-chain.js';
import { loadDelinquency } from './delinquency.js';
import { evaluateRules, type AccountFacts, type Eligibility, type NoticeFact, type ProtectionFact, type SystemFacts } from './sb998.js';

interface FactRow {
  accountId: number;
  accountNumber: string;
  classCode: string;
  isResidential: boolean;
  hasWaterService: boolean;
  customerHold: boolean;
  notices: NoticeFact[] | null;
  protections: ProtectionFact[] | null;
  arrangement: { arrangementNumber: string; defaultSince: IsoDate | null } | null;
  holds: { reason: string; startsOn: IsoDate; endsOn: IsoDate }[] | null;
  shutoffInField: AccountFacts['shutoffInField'];
}

/** How far back notices count: a notice older than a year is not about a current delinquency. */
const NOTICE_LOOKBACK_DAYS = 400;

async function loadAccountFacts(db: Executor, accountIds: readonly number[], asOf: IsoDate): Promise<FactRow[]> {
  const since = addDays(asOf, -NOTICE_LOOKBACK_DAYS);
  const result = await sql<FactRow>`
    select ua.id as "accountId", ra.account_number as "accountNumber", ua.class_code as "classCode",
      uc.is_residential as "isResidential", c.collections_hold as "customerHold",
      exists (select 1 from service_agreement sa where sa.utility_account_id = ua.id and sa.service_type = 'water'
        and sa.started_on <= ${asOf}::date and (sa.ended_on is null or sa.ended_on >= ${asOf}::date)) as "hasWaterService",
      (select jsonb_agg(jsonb_build_object('noticeNumber', n.notice_number, 'noticeType', n.notice_type, 'delivery', n.delivery,
          'noticeDate', n.notice_date::text) order by n.notice_date, n.id)
        from collection_notice n where n.utility_account_id = ua.id and n.notice_type in ('sb998_notice', 'shutoff_notice', 'final_notice')
          and n.notice_date between ${since}::date and ${asOf}::date) as notices,
      (select jsonb_agg(jsonb_build_object('id', p.id, 'protectionType', p.protection_type, 'receivedOn', p.received_on::text,
          'validUntil', p.valid_until::text, 'documentRef', p.document_ref) order by p.id)
        from collection_protection p where p.utility_account_id = ua.id and p.status = 'active') as protections,
      (select jsonb_build_object('arrangementNumber', a.arrangement_number, 'defaultSince', a.default_since::text)
        from payment_arrangement a where a.utility_account_id = ua.id and a.status = 'active' limit 1) as arrangement,
      (select jsonb_agg(jsonb_build_object('reason', h.reason, 'startsOn', h.starts_on::text, 'endsOn', h.ends_on::text))
        from collection_hold h where h.utility_account_id = ua.id and h.released_on is null and h.ends_on >= ${asOf}::date) as holds,
      (select jsonb_build_object('shutoffId', s.id, 'status', s.status, 'disconnectedOn', s.disconnected_on::text)
        from shutoff_order s where s.utility_account_id = ua.id and s.status in ('released', 'completed') limit 1) as "shutoffInField"
    from utility_account ua
    join receivable_account ra on ra.id = ua.id
    join customer c on c.id = ra.customer_id
    join utility_class uc on uc.code = ua.class_code
    where ua.id = any(${[...accountIds]}::bigint[])`.execute(db);
  return result.rows;
}

/** The oldest unpaid bill's number per account, for the clerk's explanation (one query). */
async function loadOldestBills(db: Executor, oldest: readonly { accountId: number; dueDate: IsoDate }[]): Promise<Map<number, string>> {
  if (oldest.length === 0) return new Map();
  const result = await sql<{ accountId: number; billNumber: string }>`
    select distinct on (b.utility_account_id) b.utility_account_id as "accountId", b.bill_number as "billNumber"
    from unnest(${oldest.map((o) => o.accountId)}::bigint[], ${oldest.map((o) => o.dueDate)}::date[]) as o (account_id, due_date)
    join bill b on b.utility_account_id = o.account_id and b.due_date = o.due_date and b.status = 'final'
    order by b.utility_account_id, b.bill_date, b.id`.execute(db);
  return new Map(result.rows.map((row) => [row.accountId, row.billNumber]));
}

/** The system's service connections: the setting, or when it is 0 the active accounts with water service. */
export async function loadSystemFacts(db: Executor): Promise<SystemFacts> {
  const settings = await getSettings(db);
  let connections = settings['collections.water_system_connections'];
  if (connections === 0) {
    const counted = await sql<{ count: number }>`select count(distinct ua.id)::int as count from utility_account ua
      join service_agreement sa on sa.utility_account_id = ua.id and sa.service_type = 'water' and sa.ended_on is null
      where ua.status = 'active'`.execute(db);
    connections = counted.rows[0]?.count ?? 0;
  }
  return { connections, minimumPastDueCents: cents(settings['collections.minimum_past_due_cents']) };
}

/**
 * Eligibility of each account on `asOf` (accounts that do not exist are absent from the map).
 * Reads only; callers that act on the answer call it inside their transaction.
 */
export async function evaluateShutoffEligibility(
  db: Executor,
  options: { accountIds: readonly number[]; asOf: IsoDate },
): Promise<Map<number, Eligibility>> {
  const accountIds = [...new Set(options.accountIds)];
  if (accountIds.length === 0) return new Map();
  const { asOf } = options;
  const [rows, owed, system, calendar] = await Promise.all([
    loadAccountFacts(db, accountIds, asOf),
    loadDelinquency(db, { asOf, accountIds }),
    loadSystemFacts(db),
    // The rules look back at notices (at most 400 days) and forward to the earliest date.
    loadOfficeCalendar(db, { from: addDays(asOf, -NOTICE_LOOKBACK_DAYS), to: addDays(asOf, 800) }),
  ]);
  const owedById = new Map(owed.map((row) => [row.utilityAccountId, row]));
  const oldest = owed.flatMap((row) => (row.oldestUnpaidDueDate ? [{ accountId: row.utilityAccountId, dueDate: row.oldestUnpaidDueDate }] : []));
  const bills = await loadOldestBills(db, oldest);
  const results = new Map<number, Eligibility>();
  for (const row of rows) {
    const debt = owedById.get(row.accountId);
    const facts: AccountFacts = {
      accountId: row.accountId, accountNumber: row.accountNumber, classCode: row.classCode, isResidential: row.isResidential,
      hasWaterService: row.hasWaterService, customerHold: row.customerHold,
      oldestUnpaid: debt?.oldestUnpaidDueDate ? { documentRef: bills.get(row.accountId) ?? null, dueDate: debt.oldestUnpaidDueDate } : null,
      pastDueCents: debt?.pastDueCents ?? ZERO,
      notices: row.notices ?? [], protections: row.protections ?? [], arrangement: row.arrangement, holds: row.holds ?? [],
      shutoffInField: row.shutoffInField,
    };
    results.set(row.accountId, evaluateRules(facts, system, calendar, asOf));
  }
  return results;
}

/**
 * The daily job's view of eligibility (advance-chain.ts `ShutoffEligibility`): per account,
 * eligible or not, the earliest date, and every rule that refuses it with its reason.
 */
export async function checkShutoffEligibility(
  tx: Executor,
  accountIds: readonly number[],
  asOf: IsoDate,
): Promise<Map<number, { eligible: boolean; earliestDate: IsoDate | null; refusals: Array<{ code: string; reason: string }> }>> {
  const results = await evaluateShutoffEligibility(tx, { accountIds, asOf });
  return new Map([...results].map(([accountId, result]) => [accountId, {
    eligible: result.eligible,
    earliestDate: result.earliestDate,
    refusals: result.rules.filter((rule) => rule.applies && !rule.passed).map((rule) => ({ code: rule.code, reason: rule.reason })),
  }]));
}

/**
 * The daily job's business calendar (advance-chain.ts `BusinessCalendar`): weekends, California
 * state holidays and the office closures from a year before to two years after the day.
 */
export async function loadBusinessCalendar(db: Executor, around: IsoDate): Promise<{
  businessDaysBetween(from: IsoDate, to: IsoDate): number;
  addBusinessDays(from: IsoDate, days: number): IsoDate;
}> {
  const calendar = await loadOfficeCalendar(db, { from: addDays(around, -400), to: addDays(around, 800) });
  return {
    businessDaysBetween: (from, to) => businessDaysBetween(calendar, from, to),
    addBusinessDays: (from, days) => addBusinessDays(calendar, from, days),
  };
}

// The daily job's contracts (advance-chain.ts), checked by the compiler.
checkShutoffEligibility satisfies ShutoffEligibility;
