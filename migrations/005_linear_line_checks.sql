-- 005 — Linear line checks, and an index for the trial balance's days.
-- Why (measured, BENCHMARKS.md): the line-check trigger of 001 joined journal_entry to a
-- statement's entries and left the join order to the planner; inside a long import the statistics
-- are stale and the planner compared every entry in the table with every entry in the statement,
-- so imports slowed quadratically (443 entries/s at 100,000). This version drives from the
-- statement's own entries with one index probe each (LATERAL; OFFSET 0 keeps the probe from being
-- flattened back into a join): the same checks, linear in the statement.
-- The trial balance read the month's days by scanning all of account_day_balance; the index makes
-- it an index-only range scan that does not grow with the years kept.
-- journal_line.fund_code -> fund was a per-row check that said nothing new (the line's account
-- references its fund, and the trigger checks the line's fund is its account's); it is dropped.
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

create index account_day_balance_date_idx on account_day_balance (balance_date, account_id)
  include (debit_cents, credit_cents);

alter table journal_line drop constraint journal_line_fund_code_fkey;
