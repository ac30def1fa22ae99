/**
 * Checks every ledger invariant against the database and names what is wrong. Used by
 * `civic verify` (with other modules' checks) and by the tests after random postings.
 */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';

export interface InvariantViolation {
  invariant: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface InvariantCheck {
  invariant: string;
  description: string;
  run(db: Executor): Promise<InvariantViolation[]>;
}

const LIMIT = 20;

/** A check whose query returns the offending rows (at most a few), each described in one line. */
export function rowsCheck<Row extends Record<string, unknown>>(
  invariant: string,
  description: string,
  query: (db: Executor) => Promise<Row[]>,
  describe: (row: Row) => string,
): InvariantCheck {
  return {
    invariant,
    description,
    async run(db) {
      const rows = await query(db);
      return rows.map((row) => ({ invariant, message: describe(row), details: { ...row } }));
    },
  };
}

export const ledgerChecks: InvariantCheck[] = [
  rowsCheck(
    'entries_balance',
    'Every journal entry balances: debits equal credits',
    async (db) => (await sql<{ entryId: number; netCents: number }>`
      select entry_id as "entryId", sum(amount_cents)::bigint as "netCents" from journal_line
      group by entry_id having sum(amount_cents) <> 0 order by entry_id limit ${LIMIT}`.execute(db)).rows,
    (row) => `journal entry ${row.entryId} does not balance (debits - credits = ${row.netCents} cents)`,
  ),
  rowsCheck(
    'entries_balance_per_fund',
    'Every journal entry balances within each fund',
    async (db) => (await sql<{ entryId: number; fundCode: string; netCents: number }>`
      select entry_id as "entryId", fund_code as "fundCode", sum(amount_cents)::bigint as "netCents"
      from journal_line group by entry_id, fund_code having sum(amount_cents) <> 0
      order by entry_id limit ${LIMIT}`.execute(db)).rows,
    (row) => `journal entry ${row.entryId} does not balance within fund ${row.fundCode} (${row.netCents} cents)`,
  ),
  rowsCheck(
    'entry_headers_match_lines',
    'Every entry has lines, and its line count and total match them',
    async (db) => (await sql<{ entryId: number; lineCount: number; actualLines: number }>`
      select e.id as "entryId", e.line_count as "lineCount", count(l.entry_id)::bigint as "actualLines"
      from journal_entry e left join journal_line l on l.entry_id = e.id
      group by e.id, e.line_count, e.total_debit_cents
      having count(l.entry_id) <> e.line_count
        or coalesce(sum(greatest(l.amount_cents, 0)), 0) <> e.total_debit_cents
      order by e.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `journal entry ${row.entryId} header says ${row.lineCount} lines but has ${row.actualLines} (or its total differs)`,
  ),
  rowsCheck(
    'line_fund_matches_account',
    "Every line's fund is its account's fund",
    async (db) => (await sql<{ entryId: number; lineNumber: number }>`
      select l.entry_id as "entryId", l.line_number as "lineNumber" from journal_line l
      join account a on a.id = l.account_id where a.fund_code <> l.fund_code limit ${LIMIT}`.execute(db)).rows,
    (row) => `line ${row.lineNumber} of journal entry ${row.entryId} names a fund other than its account's`,
  ),
  rowsCheck(
    'entries_inside_their_period',
    "Every entry's date lies in its fiscal period, and its lines carry the entry's date and period",
    async (db) => (await sql<{ entryId: number }>`
      select distinct e.id as "entryId" from journal_entry e
      join fiscal_period p on p.key = e.period_key
      left join journal_line l on l.entry_id = e.id
      where e.entry_date not between p.start_date and p.end_date
        or l.entry_date <> e.entry_date or l.period_key <> e.period_key
      order by e.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `journal entry ${row.entryId} lies outside its fiscal period (or its lines disagree with it)`,
  ),
  rowsCheck(
    'reversals_mirror_originals',
    'Every reversal negates exactly the lines of the entry it reverses',
    async (db) => (await sql<{ entryId: number; reversesEntryId: number }>`
      select r.id as "entryId", r.reverses_entry_id as "reversesEntryId" from journal_entry r
      where r.reverses_entry_id is not null and exists (
        (select account_id, -amount_cents from journal_line where entry_id = r.reverses_entry_id
         except all select account_id, amount_cents from journal_line where entry_id = r.id)
        union all
        (select account_id, amount_cents from journal_line where entry_id = r.id
         except all select account_id, -amount_cents from journal_line where entry_id = r.reverses_entry_id))
      order by r.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `journal entry ${row.entryId} does not exactly reverse entry ${row.reversesEntryId}`,
  ),
  rowsCheck(
    'period_balances_match_lines',
    'Each account period balance equals the sum of its lines',
    async (db) => (await sql<{ accountId: number; periodKey: string; storedNet: number | null; actualNet: number | null }>`
      with actual as (
        select account_id, period_key, sum(greatest(amount_cents, 0)) as debit,
          sum(greatest(-amount_cents, 0)) as credit
        from journal_line group by account_id, period_key
      )
      select coalesce(b.account_id, a.account_id) as "accountId", coalesce(b.period_key, a.period_key) as "periodKey",
        (b.debit_cents - b.credit_cents)::bigint as "storedNet", (a.debit - a.credit)::bigint as "actualNet"
      from (select account_id, period_key, sum(debit_cents) as debit_cents, sum(credit_cents) as credit_cents
            from account_period_balance group by account_id, period_key) b
      full join actual a on a.account_id = b.account_id and a.period_key = b.period_key
      where coalesce(b.debit_cents, 0) <> coalesce(a.debit, 0) or coalesce(b.credit_cents, 0) <> coalesce(a.credit, 0)
      limit ${LIMIT}`.execute(db)).rows,
    (row) => `period balance of account id ${row.accountId} in ${row.periodKey} is ${row.storedNet ?? 0} cents but its lines sum to ${row.actualNet ?? 0}`,
  ),
  rowsCheck(
    'day_balances_match_lines',
    'Each account day balance equals the sum of its lines',
    async (db) => (await sql<{ accountId: number; balanceDate: string; storedNet: number | null; actualNet: number | null }>`
      with actual as (
        select account_id, entry_date, sum(greatest(amount_cents, 0)) as debit,
          sum(greatest(-amount_cents, 0)) as credit
        from journal_line group by account_id, entry_date
      )
      select coalesce(b.account_id, a.account_id) as "accountId", coalesce(b.balance_date, a.entry_date) as "balanceDate",
        (b.debit_cents - b.credit_cents)::bigint as "storedNet", (a.debit - a.credit)::bigint as "actualNet"
      from (select account_id, balance_date, sum(debit_cents) as debit_cents, sum(credit_cents) as credit_cents
            from account_day_balance group by account_id, balance_date) b
      full join actual a on a.account_id = b.account_id and a.entry_date = b.balance_date
      where coalesce(b.debit_cents, 0) <> coalesce(a.debit, 0) or coalesce(b.credit_cents, 0) <> coalesce(a.credit, 0)
      limit ${LIMIT}`.execute(db)).rows,
    (row) => `day balance of account id ${row.accountId} on ${row.balanceDate} is ${row.storedNet ?? 0} cents but its lines sum to ${row.actualNet ?? 0}`,
  ),
  rowsCheck(
    'control_lines_name_subledger_accounts',
    'Every line on a control account names a subledger account of that control account, and only such lines name one',
    async (db) => (await sql<{ entryId: number; lineNumber: number; accountCode: string }>`
      select l.entry_id as "entryId", l.line_number as "lineNumber", a.code as "accountCode"
      from journal_line l join account a on a.id = l.account_id
      left join subledger_account s on s.id = l.subledger_account_id
      where (a.subledger is not null or l.subledger_account_id is not null)
        and (s.id is null or s.control_account_id <> l.account_id)
      order by l.entry_id limit ${LIMIT}`.execute(db)).rows,
    (row) => `line ${row.lineNumber} of journal entry ${row.entryId} on ${row.accountCode} does not name a subledger account of it`,
  ),
  rowsCheck(
    'subledgers_equal_control_accounts',
    "The subledger accounts of each control account sum to the control account's balance",
    async (db) => (await sql<{ accountCode: string; controlCents: number; subledgerCents: number }>`
      select a.code as "accountCode",
        coalesce((select sum(b.debit_cents - b.credit_cents) from account_period_balance b where b.account_id = a.id), 0)::bigint as "controlCents",
        coalesce((select sum(l.amount_cents) from subledger_account s join journal_line l on l.subledger_account_id = s.id
                  where s.control_account_id = a.id), 0)::bigint as "subledgerCents"
      from account a where a.subledger is not null
      and coalesce((select sum(b.debit_cents - b.credit_cents) from account_period_balance b where b.account_id = a.id), 0)
        <> coalesce((select sum(l.amount_cents) from subledger_account s join journal_line l on l.subledger_account_id = s.id
                  where s.control_account_id = a.id), 0)
      order by a.code limit ${LIMIT}`.execute(db)).rows,
    (row) => `control account ${row.accountCode} has a balance of ${row.controlCents} cents but its subledger accounts sum to ${row.subledgerCents}`,
  ),
  rowsCheck(
    'immutability_triggers_present',
    'Posted entries and lines are protected by their immutability triggers',
    async (db) => {
      const expected = ['journal_entry_immutable', 'journal_entry_no_truncate', 'journal_line_immutable',
        'journal_line_no_truncate', 'journal_entry_check', 'journal_line_check', 'journal_entry_has_lines',
        'journal_line_subledger_check'];
      const present = await sql<{ name: string }>`select tgname as name from pg_trigger
        where not tgisinternal and tgenabled <> 'D'
          and tgrelid in ('journal_entry'::regclass, 'journal_line'::regclass)`.execute(db);
      const names = new Set(present.rows.map((row) => row.name));
      return expected.filter((name) => !names.has(name)).map((name) => ({ trigger: name }));
    },
    (row) => `the ledger trigger ${row.trigger} is missing or disabled`,
  ),
];

export async function verifyLedger(db: Executor): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = [];
  for (const check of ledgerChecks) violations.push(...(await check.run(db)));
  return violations;
}
