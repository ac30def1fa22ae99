/**
 * The penalty job: every final bill past its due date plus its rule's grace days and not yet
 * decided is decided once (penalties.ts `decidePenalties`): a penalty posted, waived (SB 998
 * low income, once in 12 months), or nothing (paid, no rule, zero). Run daily by the collections
 * job or on demand; run again the same day or any later day it charges nothing twice: each bill
 * has at most one assessment (unique), written in the same statement as the entry that charges it.
 *
 * Set-based, in ranges of PENALTY_BILLS_PER_CHUNK bill ids, each one transaction: one query
 * reads the range's bills with everything the decision needs (class, rate schedules, what is
 * unpaid of the bill and of the balance before it, low-income protection, a recent waiver); one
 * journal entry posts the chunk's penalties (each account's receivable debited by a charge item of
 * class 'penalty' due at once, each rule's penalty revenue credited, another fund's through the
 * utility due-to/due-from accounts), with an idempotency key derived from the bills, and the
 * assessment rows are that entry's companion writes; penalties posted and waived go on the
 * account's timeline.
 * Ranges are decided two at a time on PostgreSQL (shared/db.ts `batchStreams`). A bill is decided
 * once even by two runs at once: its assessment is unique, and a range that meets another
 * transaction's assessment or entry is decided again without those bills. Accounts that may be
 * waived are row-locked while their range decides them, so the waiver stays once in 12 months.
 *
 * penalty_sweep remembers the first bill not yet decided, so a day's run reads only recent bills,
 * not every paid bill of past years.
 *
 * Errors: period_closed (asOf outside an open period), conflict (penalty revenue in another fund
 * with no due-to/due-from set up), invalid_input (asOf).
 */
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { parseIsoDate, type IsoDate } from '../shared/dates.js';
import { batchStreams, inStreams, inTransaction, type Database, type Tx } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { cents, formatDollars, sumCents, type Cents } from '../shared/money.js';
import { postReceivableEntry, type NewItem, type OffsetLine } from '../receivables/index.js';
import { recordEvents } from './notices.js';
import { decidePenalties, type BillFacts, type PenaltyDecision, type PenaltyRule } from './penalties.js';
import { loadActivePenaltyRules } from './penalty-rules.js';

export const PENALTY_BILLS_PER_CHUNK = 5_000;

export interface ApplyPenaltiesResult {
  /** Bills decided by this run (posted, waived or nothing owed). */
  billsAssessed: number;
  penaltiesPosted: number;
  waived: number;
  totalCents: Cents;
}

interface CandidateBill extends BillFacts {
  billId: number;
  billNumber: string;
  accountId: number;
  fundCode: string;
}

type Rules = ReadonlyArray<PenaltyRule & { revenueFundCode: string }>;

export async function applyPenalties(
  database: Database,
  options: { asOf: string; actor: Actor; chunkSize?: number; streams?: number; onProgress?: (decided: number) => void },
): Promise<ApplyPenaltiesResult> {
  const asOf = parseIsoDate(options.asOf, 'asOf');
  const chunkSize = options.chunkSize ?? PENALTY_BILLS_PER_CHUNK;
  const rules = await loadActivePenaltyRules(database.kysely);
  const interfund = await loadInterfund(database);
  const usesRateCodes = rules.some((rule) => rule.rateCode !== null);
  const totals = { billsAssessed: 0, penaltiesPosted: 0, waived: 0, totalCents: cents(0) };
  const { from, through } = await inTransaction(database, async (tx) => ({ from: await lockSweep(tx), through: await lastBillId(tx) }));
  // Chunks are ranges of bill ids, decided `streams` transactions at a time; each range by one.
  const ranges: Array<{ from: number; to: number }> = [];
  for (let start = from; start <= through; start += chunkSize) ranges.push({ from: start, to: Math.min(through, start + chunkSize - 1) });
  await inStreams(ranges, options.streams ?? batchStreams(database), async (range) => {
    const decided = await decideRange(database, range, { asOf, actor: options.actor, rules, interfund, usesRateCodes });
    const posted = decided.filter((row) => row.decision.outcome === 'posted');
    totals.billsAssessed += decided.length;
    totals.penaltiesPosted += posted.length;
    totals.waived += decided.filter((row) => row.decision.outcome === 'waived').length;
    totals.totalCents = sumCents([totals.totalCents, ...posted.map((row) => row.decision.amountCents)]);
    if (decided.length > 0) options.onProgress?.(totals.billsAssessed);
  });
  await inTransaction(database, async (tx) => {
    await lockSweep(tx);
    await advanceSweep(tx, asOf);
    await recordAudit(tx, { actor: options.actor, action: 'collections.apply_penalties', entityType: 'penalty_run', entityId: asOf, after: totals });
  });
  return totals;
}

/** Another run decided some of a range's bills first (its assessment or its entry is there). */
class DecidedElsewhere extends Error {}

/**
 * Decides the bills of one id range in one transaction. Two runs at once may both read a bill
 * undecided; the second to write it meets the first's assessment (unique per bill) or entry
 * (same idempotency key) and decides the range again, without those bills.
 */
async function decideRange(
  database: Database,
  range: { from: number; to: number },
  context: { asOf: IsoDate; actor: Actor; rules: Rules; interfund: Interfund; usesRateCodes: boolean },
): Promise<Decided[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(database, async (tx) => {
        // A range is a few thousand index probes: starting parallel workers costs more than it saves.
        await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
        const bills = await loadCandidates(tx, { asOf: context.asOf, range, usesRateCodes: context.usesRateCodes });
        if (bills.length === 0) return [];
        await recheckWaivers(tx, bills, context.asOf);
        const decided = decidePenalties(context.rules, bills, context.asOf);
        await writeDecisions(database, tx, { asOf: context.asOf, actor: context.actor, decided, interfund: context.interfund });
        return decided;
      });
    } catch (error) {
      const elsewhere = error instanceof DecidedElsewhere
        || (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
          && (error as { constraint?: unknown }).constraint === 'penalty_assessment_bill_id_key');
      if (!elsewhere) throw error;
      if (attempt >= 3) throw new AppError('conflict', `The penalties of bills ${range.from} to ${range.to} were posted already but their bills show no assessment`);
    }
  }
}

/**
 * The SB 998 waiver is once in 12 months per account. Ranges decided at once could each waive
 * one account's bills, so the accounts that may be waived are row-locked in id order (NO KEY
 * UPDATE, which foreign-key checks do not wait for) and their recent waivers read again after
 * the lock: a range deciding the same account first has committed its waiver by then.
 */
async function recheckWaivers(tx: Tx, bills: CandidateBill[], asOf: IsoDate): Promise<void> {
  const accounts = [...new Set(bills.filter((bill) => bill.hasLowIncomeProtection && !bill.hasRecentWaiver).map((bill) => bill.accountId))].sort((a, b) => a - b);
  if (accounts.length === 0) return;
  await sql`select id from utility_account where id = any(${accounts}::bigint[]) order by id for no key update`.execute(tx);
  const waived = await sql<{ accountId: number }>`select distinct w.utility_account_id as "accountId" from penalty_assessment w
    where w.utility_account_id = any(${accounts}::bigint[]) and w.outcome = 'waived'
      and w.assessed_on > (${asOf}::date - interval '12 months')::date and w.assessed_on <= ${asOf}::date`.execute(tx);
  const recent = new Set(waived.rows.map((row) => row.accountId));
  for (const bill of bills) if (recent.has(bill.accountId)) bill.hasRecentWaiver = true;
}

async function lastBillId(tx: Tx): Promise<number> {
  const result = await sql<{ id: number }>`select coalesce(max(id), 0) as id from bill`.execute(tx);
  return Number(result.rows[0]?.id ?? 0);
}

/** Locks the sweep row (a run's start and its advance of the sweep) and reads where undecided bills start. */
async function lockSweep(tx: Tx): Promise<number> {
  const result = await sql<{ from: number }>`select undecided_from_bill_id as "from" from penalty_sweep where id = 1 for update`.execute(tx);
  return result.rows[0]?.from ?? 0;
}

/**
 * The first bill still to be decided: not yet final (tentative or held), final with no
 * assessment, or created in the last day. Bills before it are never read again.
 */
async function advanceSweep(tx: Tx, asOf: IsoDate): Promise<void> {
  await sql`update penalty_sweep s set swept_on = ${asOf}, updated_at = now(), undecided_from_bill_id = coalesce((
      select min(b.id) from bill b where b.id >= s.undecided_from_bill_id
        and (b.status in ('tentative', 'held') or (b.status = 'final' and not exists (select 1 from penalty_assessment a where a.bill_id = b.id))
          -- A bill of a transaction still open when this reads is invisible: recent bills stay ahead of the sweep.
          or b.created_at > now() - interval '1 day')),
      (select coalesce(max(id), 0) + 1 from bill))
    where s.id = 1`.execute(tx);
}

/**
 * Final bills of an id range due before asOf with no assessment, in id order, with the facts of
 * their decision. The bill's own charge item (document_ref = bill number, class 'charge') gives
 * what is unpaid of it; the account's older charges (due before it) what is unpaid of the balance
 * it carried, at most that balance.
 */
async function loadCandidates(tx: Tx, options: { asOf: IsoDate; range: { from: number; to: number }; usesRateCodes: boolean }): Promise<CandidateBill[]> {
  const { asOf } = options;
  const open = (item: string) => sql.raw(`(${item}.amount_cents - coalesce((select sum(ap.amount_cents) from receivable_application ap where ap.debit_item_id = ${item}.id), 0))`);
  const result = await sql<CandidateBill>`
    select b.id as "billId", b.bill_number as "billNumber", b.utility_account_id as "accountId", r.fund_code as "fundCode",
      u.class_code as "classCode", b.due_date as "dueDate",
      ${options.usesRateCodes
        ? sql`array(select distinct sa.rate_code from service_agreement sa where sa.utility_account_id = b.utility_account_id
            and sa.started_on <= b.period_to and (sa.ended_on is null or sa.ended_on >= b.period_from) order by 1)`
        : sql`'{}'::text[]`} as "rateCodes",
      greatest(0, coalesce((select sum(${open('i')}) from receivable_item i where i.document_ref = b.bill_number
        and i.receivable_account_id = b.utility_account_id and i.item_type = 'charge' and i.charge_class = 'charge'), 0))::bigint as "currentBaseCents",
      greatest(0, least(b.previous_balance_cents, coalesce((select sum(${open('o')}) from receivable_item o
        where o.receivable_account_id = b.utility_account_id and o.charge_class = 'charge' and o.amount_cents > 0
          and o.due_date < b.due_date and o.item_date <= b.bill_date), 0)))::bigint as "pastDueBaseCents",
      exists (select 1 from collection_protection p where p.utility_account_id = b.utility_account_id and p.protection_type = 'low_income'
        and p.status = 'active' and p.received_on <= ${asOf}::date and (p.valid_until is null or p.valid_until >= ${asOf}::date)) as "hasLowIncomeProtection",
      exists (select 1 from penalty_assessment w where w.utility_account_id = b.utility_account_id and w.outcome = 'waived'
        and w.assessed_on > (${asOf}::date - interval '12 months')::date and w.assessed_on <= ${asOf}::date) as "hasRecentWaiver"
    from bill b
    join receivable_account r on r.id = b.utility_account_id
    join utility_account u on u.id = b.utility_account_id
    where b.id between ${options.range.from} and ${options.range.to} and b.status = 'final' and b.due_date < ${asOf}::date
      and not exists (select 1 from penalty_assessment a where a.bill_id = b.id)
    order by b.id`.execute(tx);
  return result.rows;
}

interface Decided {
  bill: CandidateBill;
  decision: PenaltyDecision;
}

/** The chunk's penalties in one entry, with every assessment row written by its statement. */
async function writeDecisions(
  database: Database,
  tx: Tx,
  options: { asOf: IsoDate; actor: Actor; decided: readonly Decided[]; interfund: Interfund },
): Promise<void> {
  const { asOf, actor, decided } = options;
  if (decided.length === 0) return;
  const posted = decided.filter((row) => row.decision.outcome === 'posted');
  const itemOrdinal = new Map(posted.map((row, index) => [row.bill.billId, index + 1]));
  const rows = assessmentRows(decided, itemOrdinal);
  if (posted.length === 0) {
    await sql`insert into penalty_assessment (bill_id, utility_account_id, assessed_on, rule_id, outcome, current_base_cents,
        past_due_base_cents, computed_cents, amount_cents, waiver_reason, created_by)
      select t.bill_id, t.account_id, ${asOf}::date, t.rule_id, t.outcome, t.current_base, t.past_due_base, t.computed, t.amount,
        t.waiver_reason, ${actor.username}
      from ${rows} order by t.bill_id`.execute(tx);
  } else {
    const ids = posted.map((row) => row.bill.billId);
    const digest = createHash('sha256').update(posted.map((row) => `${row.bill.billId}:${row.decision.amountCents}`).join(',')).digest('hex').slice(0, 16);
    const first = (posted[0] as Decided).bill.billNumber;
    const last = (posted.at(-1) as Decided).bill.billNumber;
    const result = await postReceivableEntry(database, tx, actor, {
      entryDate: asOf,
      description: posted.length === 1 ? `Late penalty on utility bill ${first}` : `Late penalties on utility bills ${first} to ${last} (${posted.length})`,
      documentRef: posted.length === 1 ? `PEN-${first}` : null,
      idempotencyKey: `collections-penalties:${ids[0]}-${ids.at(-1)}:${ids.length}:${digest}`,
      items: posted.map((row) => penaltyItem(row, asOf)),
      offsetLines: revenueLines(posted, options.interfund),
      companion: {
        ctes: sql`, penalty_assessment_ins as (
          insert into penalty_assessment (bill_id, utility_account_id, assessed_on, rule_id, outcome, current_base_cents,
            past_due_base_cents, computed_cents, amount_cents, receivable_item_id, journal_entry_id, waiver_reason, created_by)
          select t.bill_id, t.account_id, h.entry_date, t.rule_id, t.outcome, t.current_base, t.past_due_base, t.computed, t.amount,
            n.id, case when n.id is not null then h.id end, t.waiver_reason, ${actor.username}::text
          from header h cross join ${rows}
          left join ri_numbered n on n.ord = t.item_ord
          order by t.bill_id
          returning 1
        )`,
        rowCount: sql`(select count(*) from penalty_assessment_ins)`,
        select: sql`(select count(*) from penalty_assessment_ins)::int as "penaltyAssessments"`,
      },
    });
    if (result.isReplay) throw new DecidedElsewhere(`The penalties of bills ${first} to ${last} were posted already`);
  }
  await recordOnTimeline(tx, decided.filter((row) => row.decision.outcome === 'waived' || row.decision.outcome === 'posted'), asOf, actor);
}

function assessmentRows(decided: readonly Decided[], itemOrdinal: ReadonlyMap<number, number>) {
  return sql`unnest(${decided.map((row) => row.bill.billId)}::bigint[], ${decided.map((row) => row.bill.accountId)}::bigint[],
      ${decided.map((row) => row.decision.rule?.id ?? null)}::bigint[], ${decided.map((row) => row.decision.outcome)}::text[],
      ${decided.map((row) => row.bill.currentBaseCents)}::bigint[], ${decided.map((row) => row.bill.pastDueBaseCents)}::bigint[],
      ${decided.map((row) => row.decision.computedCents)}::bigint[], ${decided.map((row) => row.decision.amountCents)}::bigint[],
      ${decided.map((row) => row.decision.waiverReason)}::text[], ${decided.map((row) => itemOrdinal.get(row.bill.billId) ?? null)}::bigint[])
    as t (bill_id, account_id, rule_id, outcome, current_base, past_due_base, computed, amount, waiver_reason, item_ord)`;
}

function penaltyItem(row: Decided, asOf: IsoDate): NewItem {
  const rule = row.decision.rule as PenaltyRule;
  const percent = (rate: string) => `${new Decimal(rate).times(100).toString()}%`;
  const parts = [`${percent(rule.currentRate)} of ${formatDollars(row.bill.currentBaseCents)}`];
  if (row.bill.pastDueBaseCents > 0 && Number(rule.pastDueRate) > 0) parts.push(`${percent(rule.pastDueRate)} of ${formatDollars(row.bill.pastDueBaseCents)} past due`);
  return {
    accountId: row.bill.accountId,
    itemType: 'charge',
    chargeClass: 'penalty',
    amountCents: row.decision.amountCents,
    itemDate: asOf,
    dueDate: asOf,
    penaltyEligible: false,
    offsetAccountCode: rule.revenueAccountCode,
    description: `Late penalty on bill ${row.bill.billNumber} (${parts.join(' + ')})`.slice(0, 500),
    reasonCode: null,
    documentRef: `PEN-${row.bill.billNumber}`,
    reversesItemId: null,
  };
}

type Interfund = ReadonlyMap<string, { dueTo: string; dueFrom: string }>;

async function loadInterfund(database: Database): Promise<Interfund> {
  const result = await sql<{ pair: string; dueTo: string; dueFrom: string }>`select i.receivable_fund_code || '>' || i.revenue_fund_code as pair,
      t.code as "dueTo", f.code as "dueFrom"
    from utility_interfund i join account t on t.id = i.due_to_account_id join account f on f.id = i.due_from_account_id`.execute(database.kysely);
  return new Map(result.rows.map((row) => [row.pair, row]));
}

/** Penalty revenue credited per account; another fund's balanced through due-to and due-from. */
function revenueLines(posted: readonly Decided[], interfund: Interfund): OffsetLine[] {
  const lines = new Map<string, number>();
  const add = (code: string, amount: number) => lines.set(code, (lines.get(code) ?? 0) + amount);
  for (const row of posted) {
    const rule = row.decision.rule as PenaltyRule & { revenueFundCode: string };
    const amount = row.decision.amountCents;
    add(rule.revenueAccountCode, -amount);
    if (rule.revenueFundCode !== row.bill.fundCode) {
      const accounts = interfund.get(`${row.bill.fundCode}>${rule.revenueFundCode}`);
      if (!accounts) {
        throw new AppError('conflict', `Penalty rule ${rule.id} credits ${rule.revenueAccountCode} in fund ${rule.revenueFundCode}, but bill ${row.bill.billNumber} is of fund ${row.bill.fundCode} and no due-to/due-from accounts are set up between them`, { field: 'revenueAccount' });
      }
      add(accounts.dueTo, -amount);
      add(accounts.dueFrom, amount);
    }
  }
  return [...lines].filter(([, amount]) => amount !== 0).sort(([a], [b]) => a.localeCompare(b))
    .map(([accountCode, amount]) => ({ accountCode, amountCents: cents(amount), memo: 'Utility late penalties' }));
}

/** Each penalty posted or waived on the account's timeline (its open case, if any). */
async function recordOnTimeline(tx: Tx, rows: readonly Decided[], asOf: IsoDate, actor: Actor): Promise<void> {
  if (rows.length === 0) return;
  const cases = await sql<{ accountId: number; caseId: number }>`select utility_account_id as "accountId", id as "caseId" from collection_case
    where status = 'open' and utility_account_id = any(${[...new Set(rows.map((row) => row.bill.accountId))]}::bigint[])`.execute(tx);
  const caseOf = new Map(cases.rows.map((row) => [row.accountId, row.caseId]));
  await recordEvents(tx, rows.map((row) => {
    const waived = row.decision.outcome === 'waived';
    return {
      utilityAccountId: row.bill.accountId,
      caseId: caseOf.get(row.bill.accountId) ?? null,
      eventType: waived ? 'penalty_waived' : 'penalty_posted',
      eventDate: asOf,
      summary: waived
        ? `Late penalty of ${formatDollars(row.decision.computedCents)} on bill ${row.bill.billNumber} waived: low household income (SB 998, once in 12 months)`
        : `Late penalty of ${formatDollars(row.decision.amountCents)} on bill ${row.bill.billNumber} (${formatDollars(row.bill.currentBaseCents)} unpaid of the bill${row.bill.pastDueBaseCents > 0 ? `, ${formatDollars(row.bill.pastDueBaseCents)} past due before it` : ''})`,
      details: waived
        ? { billNumber: row.bill.billNumber, computedCents: row.decision.computedCents, reason: row.decision.waiverReason, ruleId: row.decision.rule?.id ?? null }
        : { billNumber: row.bill.billNumber, amountCents: row.decision.amountCents, currentBaseCents: row.bill.currentBaseCents,
          pastDueBaseCents: row.bill.pastDueBaseCents, ruleId: row.decision.rule?.id ?? null },
    };
  }), actor.username);
}
