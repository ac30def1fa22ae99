-- 031 — The statement-level reference checks of 030 probe each parent by its primary key.
-- Why (measured, BENCHMARKS.md "Daily collection job"): over a statement's few thousand rows the
-- planner preferred hashing the whole parent table to probing its index — a sequential scan of
-- every bill and utility account per chunk of penalty assessments (180 ms of a 270 ms posting
-- statement at 100,000 accounts, growing with the table). Two NOT EXISTS joined by OR are worse
-- still: they cannot become an anti-join, so each is a hashed subplan over the whole parent.
-- The bill run's checks (022) had the same shape: a chunk's bill reads probed every meter read.
-- Now every check is one anti-join per parent, and the check functions run with hash and merge
-- joins off, so each inserted row costs one index probe whatever the parent's size.
-- The same trap at commit: an entry's "has lines" check (001) looks for one line of the entry.
-- Where a table holds a few entries of thousands of lines (bill runs, penalty chunks, lockbox
-- files) the planner expects thousands of matches and reads the table from its start, where the
-- new entry's lines never are: a sequential scan of every journal line per entry posted (160 ms
-- at 190,000 lines). It now probes the primary key's index.

create or replace function receivable_application_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.credit_item_id, n.debit_item_id into bad from new_rows n
    where not exists (select 1 from receivable_item i where i.id = n.credit_item_id) limit 1;
  if found then raise exception 'application of item % to item % names a credit item that does not exist', bad.credit_item_id, bad.debit_item_id using errcode = '23503'; end if;
  select n.credit_item_id, n.debit_item_id into bad from new_rows n
    where not exists (select 1 from receivable_item i where i.id = n.debit_item_id) limit 1;
  if found then raise exception 'application of item % to item % names a debit item that does not exist', bad.credit_item_id, bad.debit_item_id using errcode = '23503'; end if;
  return null;
end $$;

create or replace function penalty_assessment_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.bill_id into bad from new_rows n
    where not exists (select 1 from bill b where b.id = n.bill_id) limit 1;
  if found then raise exception 'penalty assessment of bill % names no bill', bad.bill_id using errcode = '23503'; end if;
  select n.bill_id, n.utility_account_id into bad from new_rows n
    where not exists (select 1 from utility_account u where u.id = n.utility_account_id) limit 1;
  if found then raise exception 'penalty assessment of bill % names no utility account %', bad.bill_id, bad.utility_account_id using errcode = '23503'; end if;
  select n.bill_id, n.rule_id into bad from new_rows n
    where n.rule_id is not null and not exists (select 1 from penalty_rule r where r.id = n.rule_id) limit 1;
  if found then raise exception 'penalty assessment of bill % names no penalty rule %', bad.bill_id, bad.rule_id using errcode = '23503'; end if;
  select n.bill_id, n.receivable_item_id into bad from new_rows n
    where n.receivable_item_id is not null and not exists (select 1 from receivable_item i where i.id = n.receivable_item_id) limit 1;
  if found then raise exception 'penalty assessment of bill % names no receivable item %', bad.bill_id, bad.receivable_item_id using errcode = '23503'; end if;
  select n.bill_id, n.journal_entry_id into bad from new_rows n
    where n.journal_entry_id is not null and not exists (select 1 from journal_entry e where e.id = n.journal_entry_id) limit 1;
  if found then raise exception 'penalty assessment of bill % names no journal entry %', bad.bill_id, bad.journal_entry_id using errcode = '23503'; end if;
  return null;
end $$;

create or replace function bill_read_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.bill_id into bad from new_rows n where not exists (select 1 from bill b where b.id = n.bill_id) limit 1;
  if found then raise exception 'bill read names no bill %', bad.bill_id using errcode = '23503'; end if;
  select n.bill_id, n.meter_id into bad from new_rows n where not exists (select 1 from meter m where m.id = n.meter_id) limit 1;
  if found then raise exception 'bill read of bill % names no meter %', bad.bill_id, bad.meter_id using errcode = '23503'; end if;
  select n.bill_id into bad from new_rows n
    where n.from_read_id is not null and not exists (select 1 from meter_read r where r.id = n.from_read_id) limit 1;
  if found then raise exception 'bill read of bill % names no meter read (from)', bad.bill_id using errcode = '23503'; end if;
  select n.bill_id into bad from new_rows n
    where n.to_read_id is not null and not exists (select 1 from meter_read r where r.id = n.to_read_id) limit 1;
  if found then raise exception 'bill read of bill % names no meter read (to)', bad.bill_id using errcode = '23503'; end if;
  return null;
end $$;

alter function bill_line_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function bill_read_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function journal_line_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function receivable_item_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function receivable_application_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function cash_transaction_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function cash_transaction_line_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function cash_tender_references_check() set enable_hashjoin = off set enable_mergejoin = off;
alter function penalty_assessment_references_check() set enable_hashjoin = off set enable_mergejoin = off;

alter function ledger_check_entry_has_lines() set enable_seqscan = off set enable_bitmapscan = off;
