/**
 * The rewrite of ledger_check_new_lines (migrations/001_ledger.sql) first measured here, and since
 * shipped as migration 005. Kept so `bench/ledger-batch.ts --proposed-triggers` can still install it
 * into the benchmark's own throwaway database (a no-op once 005 is applied), to compare trigger
 * variants without writing a migration.
 *
 * Why: the original joins journal_entry to the statement's entry ids and lets the planner choose.
 * Inside a long import transaction (and on any table whose statistics are stale) the planner
 * estimates journal_entry at a few hundred rows and picks a nested loop that compares every entry
 * in the table with every entry in the statement: 2,000 new entries against 100,000 existing ones
 * is 200 million comparisons per statement, so a 100,000-entry import grows quadratically. The
 * rewrite drives from the statement's own entries, one index probe each (LATERAL; OFFSET 0 keeps
 * the planner from flattening the probe back into a join), whatever the table's size or stats.
 * The checks are the same: every touched entry, over all its lines, matches its header, balances,
 * and balances within each fund; each new line's fund is its account's fund.
 */
import type { Database } from '../src/shared/db.js';

export const proposedLineCheckSql = `
create or replace function ledger_check_new_lines() returns trigger language plpgsql as $$
declare
  bad record;
begin
  select n.entry_id, e.line_count into bad
  from (select distinct entry_id from new_lines) n
  cross join lateral (
    select h.line_count, h.total_debit_cents from journal_entry h where h.id = n.entry_id offset 0
  ) e
  cross join lateral (
    select count(*) as line_count, coalesce(sum(greatest(l.amount_cents, 0)), 0) as debit_cents,
      coalesce(sum(l.amount_cents), 0) as net_cents
    from journal_line l where l.entry_id = n.entry_id
  ) t
  where t.line_count <> e.line_count or t.debit_cents <> e.total_debit_cents or t.net_cents <> 0
  limit 1;
  if found then
    raise exception 'journal entry % does not balance or does not match its header', bad.entry_id
      using errcode = 'P0001', hint = 'unbalanced_entry';
  end if;
  select n.entry_id, f.fund_code into bad
  from (select distinct entry_id from new_lines) n
  cross join lateral (
    select l.fund_code from journal_line l where l.entry_id = n.entry_id
    group by l.fund_code having sum(l.amount_cents) <> 0 limit 1
  ) f
  limit 1;
  if found then
    raise exception 'journal entry % does not balance within fund %', bad.entry_id, bad.fund_code
      using errcode = 'P0001', hint = 'unbalanced_entry';
  end if;
  select l.entry_id, l.line_number into bad
  from new_lines l join account a on a.id = l.account_id
  where a.fund_code <> l.fund_code
  limit 1;
  if found then
    raise exception 'line % of entry % names the wrong fund for its account', bad.line_number,
      bad.entry_id using errcode = 'P0001', hint = 'invalid_input';
  end if;
  return null;
end $$;
`;

export async function installProposedTriggers(database: Database): Promise<void> {
  await database.exec(proposedLineCheckSql);
}
