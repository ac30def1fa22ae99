-- 032 — Statement-level reference checks for the tables the daily collections job writes in bulk.
-- Why (measured, BENCHMARKS.md "Daily collection job"): on its heaviest day the chain opens cases,
-- writes notices and timeline events by the hundred thousand, and each row's foreign keys were
-- checked one by one (a planned `SELECT ... FOR KEY SHARE` per row and key, locking every utility
-- account and customer row it names): about 15% of the chain's time. The same guarantees are now
-- kept per statement, as 030 did for the posting tables:
--   * after each INSERT, one anti-join per parent over the rows the statement inserted refuses a
--     row naming no parent, with SQLSTATE 23503 like the foreign key it replaces (hash and merge
--     joins off, as in 031, and sequential and bitmap scans too: each row costs one index probe.
--     The cases are written by the same job that checks them, so the planner's figures for
--     collection_case can say "empty" while it holds 150,000 rows; measured, a scan of every case
--     per event took 25 s of a 1M-account day, so those probes are planned afresh each time). A notice or event of a case must name
--     the case's own account, which one probe of the case proves (stronger than the two foreign
--     keys it replaces, and half the probes);
--   * the child rows cannot later point elsewhere: notices and timeline events are append-only
--     (an UPDATE or DELETE is refused; the module always meant them so), and a case's account
--     cannot change;
--   * the parents cannot disappear: a utility account, a customer or a case named by a case, a
--     notice or an event refuses a DELETE (or a change of its key), and a TRUNCATE always.

alter table collection_case drop constraint collection_case_utility_account_id_fkey;
alter table collection_event drop constraint collection_event_utility_account_id_fkey,
  drop constraint collection_event_case_id_fkey;
alter table collection_notice drop constraint collection_notice_case_id_fkey,
  drop constraint collection_notice_utility_account_id_fkey, drop constraint collection_notice_customer_id_fkey;

-- Inserted rows name existing parents ------------------------------------------------------------

create function collection_case_references_check() returns trigger language plpgsql
  set enable_hashjoin = off set enable_mergejoin = off set enable_seqscan = off set enable_bitmapscan = off as $$
declare bad record;
begin
  select n.id, n.utility_account_id into bad from new_rows n
    where not exists (select 1 from utility_account u where u.id = n.utility_account_id) limit 1;
  if found then raise exception 'collection case % names no utility account %', bad.id, bad.utility_account_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger collection_case_references after insert on collection_case referencing new table as new_rows
  for each statement execute function collection_case_references_check();

create function collection_event_references_check() returns trigger language plpgsql
  set enable_hashjoin = off set enable_mergejoin = off set enable_seqscan = off set enable_bitmapscan = off as $$
declare bad record; missing integer;
begin
  -- An event of a case names the case's own account: one probe of the case proves both (the
  -- case's account was checked when the case was written and cannot be deleted while named).
  -- Planned afresh (EXECUTE): the job that checks it writes the cases, and a plan cached while
  -- the table was empty scans every case for each event.
  execute 'select n.event_type, n.case_id, n.utility_account_id from new_rows n where n.case_id is not null
    and not exists (select 1 from collection_case c where c.id = n.case_id and c.utility_account_id = n.utility_account_id) limit 1' into bad;
  get diagnostics missing = row_count;
  if missing > 0 then raise exception 'collection event % names no collection case % of utility account %', bad.event_type, bad.case_id, bad.utility_account_id using errcode = '23503'; end if;
  select n.event_type, n.utility_account_id into bad from new_rows n
    where n.case_id is null and not exists (select 1 from utility_account u where u.id = n.utility_account_id) limit 1;
  if found then raise exception 'collection event % names no utility account %', bad.event_type, bad.utility_account_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger collection_event_references after insert on collection_event referencing new table as new_rows
  for each statement execute function collection_event_references_check();

create function collection_notice_references_check() returns trigger language plpgsql
  set enable_hashjoin = off set enable_mergejoin = off set enable_seqscan = off set enable_bitmapscan = off as $$
declare bad record; missing integer;
begin
  execute 'select n.notice_number, n.case_id, n.utility_account_id from new_rows n where n.case_id is not null
    and not exists (select 1 from collection_case c where c.id = n.case_id and c.utility_account_id = n.utility_account_id) limit 1' into bad;
  get diagnostics missing = row_count;
  if missing > 0 then raise exception 'notice % names no collection case % of utility account %', bad.notice_number, bad.case_id, bad.utility_account_id using errcode = '23503'; end if;
  select n.notice_number, n.utility_account_id into bad from new_rows n
    where n.case_id is null and not exists (select 1 from utility_account u where u.id = n.utility_account_id) limit 1;
  if found then raise exception 'notice % names no utility account %', bad.notice_number, bad.utility_account_id using errcode = '23503'; end if;
  select n.notice_number, n.customer_id into bad from new_rows n
    where not exists (select 1 from customer c where c.id = n.customer_id) limit 1;
  if found then raise exception 'notice % names no customer %', bad.notice_number, bad.customer_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger collection_notice_references after insert on collection_notice referencing new table as new_rows
  for each statement execute function collection_notice_references_check();

-- Children never change ----------------------------------------------------------------------------

create function refuse_change_of_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% rows are append-only: % is not allowed', tg_table_name, tg_op using errcode = 'P0001';
end $$;
create trigger collection_event_append_only before update or delete on collection_event
  for each row execute function refuse_change_of_append_only();
create trigger collection_notice_append_only before update or delete on collection_notice
  for each row execute function refuse_change_of_append_only();
create trigger collection_event_no_truncate before truncate on collection_event for each statement execute function refuse_truncate_of_parent();
create trigger collection_notice_no_truncate before truncate on collection_notice for each statement execute function refuse_truncate_of_parent();
create trigger collection_case_references_fixed before update of utility_account_id on collection_case
  for each row when (old.utility_account_id is distinct from new.utility_account_id) execute function refuse_reference_change();

-- Parents stay while they are named ----------------------------------------------------------------

create function collection_case_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from collection_event e where e.case_id = old.id)
     or exists (select 1 from collection_notice n where n.case_id = old.id) then
    raise exception 'collection case % has a timeline and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger collection_case_referenced before delete or update of id on collection_case
  for each row execute function collection_case_still_referenced();
create trigger collection_case_no_truncate before truncate on collection_case for each statement execute function refuse_truncate_of_parent();

create or replace function utility_account_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from penalty_assessment a where a.utility_account_id = old.id)
     or exists (select 1 from collection_case c where c.utility_account_id = old.id)
     or exists (select 1 from collection_event e where e.utility_account_id = old.id)
     or exists (select 1 from collection_notice n where n.utility_account_id = old.id) then
    raise exception 'utility account % has penalty assessments or a collection history and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create or replace function customer_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from cash_transaction t where t.customer_id = old.id) then
    raise exception 'customer % has receipts and cannot be deleted', old.id using errcode = '23503';
  end if;
  if exists (select 1 from collection_notice n where n.customer_id = old.id) then
    raise exception 'customer % has collection notices and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
