-- 030 — Statement-level reference checks for the tables every posting writes in bulk.
-- Why (measured, BENCHMARKS.md "Lockbox import" and "Daily collection job"): a posting of 5,000
-- payments or bills writes journal lines, receivable items, applications, receipts with their
-- lines and tenders, and penalty assessments by the thousand in one statement, and each row's
-- foreign keys were checked one by one (a planned `SELECT ... FOR KEY SHARE` per row and key,
-- which also locks and dirties every referenced account and customer row): 37% of the lockbox
-- import's backend time. The same guarantees are now kept per statement, as 022 did for bill
-- lines:
--   * after each INSERT, one set-based probe per referenced table over the rows the statement
--     inserted (its transition table) refuses a row naming no parent, with SQLSTATE 23503 like
--     the foreign key it replaces;
--   * the child rows cannot later point elsewhere: journal lines, receivable items and
--     applications and receipt lines are immutable already; the referencing columns of receipts,
--     tenders and penalty assessments are refused in an UPDATE that changes them;
--   * the parents cannot disappear: journal entries and receivable items are immutable already;
--     the other parents (accounts, subledger accounts, receivable accounts, customers, payment
--     batches, funds, utility accounts, penalty rules) refuse a DELETE while a row names them, and
--     a TRUNCATE always.
-- Columns that are nearly always NULL on insert (reversal links, reason codes, counter items, a
-- void's entry) keep their ordinary foreign keys: NULL costs them nothing.

alter table journal_line drop constraint journal_line_entry_id_fkey, drop constraint journal_line_account_id_fkey,
  drop constraint journal_line_subledger_account_id_fkey;
alter table receivable_item drop constraint receivable_item_journal_entry_id_fkey,
  drop constraint receivable_item_receivable_account_id_fkey, drop constraint receivable_item_offset_account_id_fkey;
alter table receivable_application drop constraint receivable_application_credit_item_id_fkey,
  drop constraint receivable_application_debit_item_id_fkey;
alter table cash_transaction drop constraint cash_transaction_batch_id_fkey, drop constraint cash_transaction_customer_id_fkey,
  drop constraint cash_transaction_journal_entry_id_fkey;
alter table cash_transaction_line drop constraint cash_transaction_line_transaction_id_fkey,
  drop constraint cash_transaction_line_receivable_account_id_fkey, drop constraint cash_transaction_line_fund_code_fkey;
alter table cash_tender drop constraint cash_tender_transaction_id_fkey;
alter table penalty_assessment drop constraint penalty_assessment_bill_id_fkey,
  drop constraint penalty_assessment_utility_account_id_fkey, drop constraint penalty_assessment_receivable_item_id_fkey,
  drop constraint penalty_assessment_journal_entry_id_fkey, drop constraint penalty_assessment_rule_id_fkey;

-- Inserted rows name existing parents ------------------------------------------------------------

create function journal_line_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.entry_id, n.line_number into bad from new_rows n
    where not exists (select 1 from journal_entry e where e.id = n.entry_id) limit 1;
  if found then raise exception 'line % names no journal entry %', bad.line_number, bad.entry_id using errcode = '23503'; end if;
  select n.entry_id, n.line_number, n.account_id into bad from new_rows n
    where not exists (select 1 from account a where a.id = n.account_id) limit 1;
  if found then raise exception 'line % of entry % names no account %', bad.line_number, bad.entry_id, bad.account_id using errcode = '23503'; end if;
  select n.entry_id, n.line_number, n.subledger_account_id into bad from new_rows n
    where n.subledger_account_id is not null and not exists (select 1 from subledger_account s where s.id = n.subledger_account_id) limit 1;
  if found then raise exception 'line % of entry % names no subledger account %', bad.line_number, bad.entry_id, bad.subledger_account_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger journal_line_references after insert on journal_line referencing new table as new_rows
  for each statement execute function journal_line_references_check();

create function receivable_item_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.id, n.journal_entry_id into bad from new_rows n
    where not exists (select 1 from journal_entry e where e.id = n.journal_entry_id) limit 1;
  if found then raise exception 'receivable item % names no journal entry %', bad.id, bad.journal_entry_id using errcode = '23503'; end if;
  select n.id, n.receivable_account_id into bad from new_rows n
    where not exists (select 1 from receivable_account r where r.id = n.receivable_account_id) limit 1;
  if found then raise exception 'receivable item % names no receivable account %', bad.id, bad.receivable_account_id using errcode = '23503'; end if;
  select n.id, n.offset_account_id into bad from new_rows n
    where n.offset_account_id is not null and not exists (select 1 from account a where a.id = n.offset_account_id) limit 1;
  if found then raise exception 'receivable item % names no offset account %', bad.id, bad.offset_account_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger receivable_item_references after insert on receivable_item referencing new table as new_rows
  for each statement execute function receivable_item_references_check();

create function receivable_application_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.credit_item_id, n.debit_item_id into bad from new_rows n
    where not exists (select 1 from receivable_item i where i.id = n.credit_item_id)
       or not exists (select 1 from receivable_item i where i.id = n.debit_item_id) limit 1;
  if found then raise exception 'application of item % to item % names an item that does not exist', bad.credit_item_id, bad.debit_item_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger receivable_application_references after insert on receivable_application referencing new table as new_rows
  for each statement execute function receivable_application_references_check();

create function cash_transaction_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.receipt_number, n.batch_id into bad from new_rows n
    where not exists (select 1 from payment_batch b where b.id = n.batch_id) limit 1;
  if found then raise exception 'receipt % names no payment batch %', bad.receipt_number, bad.batch_id using errcode = '23503'; end if;
  select n.receipt_number, n.customer_id into bad from new_rows n
    where n.customer_id is not null and not exists (select 1 from customer c where c.id = n.customer_id) limit 1;
  if found then raise exception 'receipt % names no customer %', bad.receipt_number, bad.customer_id using errcode = '23503'; end if;
  select n.receipt_number, n.journal_entry_id into bad from new_rows n
    where not exists (select 1 from journal_entry e where e.id = n.journal_entry_id) limit 1;
  if found then raise exception 'receipt % names no journal entry %', bad.receipt_number, bad.journal_entry_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger cash_transaction_references after insert on cash_transaction referencing new table as new_rows
  for each statement execute function cash_transaction_references_check();

create function cash_transaction_line_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.transaction_id, n.line_number into bad from new_rows n
    where not exists (select 1 from cash_transaction t where t.id = n.transaction_id) limit 1;
  if found then raise exception 'receipt line % names no receipt %', bad.line_number, bad.transaction_id using errcode = '23503'; end if;
  select n.transaction_id, n.line_number, n.receivable_account_id into bad from new_rows n
    where n.receivable_account_id is not null and not exists (select 1 from receivable_account r where r.id = n.receivable_account_id) limit 1;
  if found then raise exception 'line % of receipt % names no receivable account %', bad.line_number, bad.transaction_id, bad.receivable_account_id using errcode = '23503'; end if;
  select n.transaction_id, n.line_number, n.fund_code into bad from new_rows n
    where not exists (select 1 from fund f where f.code = n.fund_code) limit 1;
  if found then raise exception 'line % of receipt % names no fund %', bad.line_number, bad.transaction_id, bad.fund_code using errcode = '23503'; end if;
  return null;
end $$;
create trigger cash_transaction_line_references after insert on cash_transaction_line referencing new table as new_rows
  for each statement execute function cash_transaction_line_references_check();

create function cash_tender_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.transaction_id, n.line_number into bad from new_rows n
    where not exists (select 1 from cash_transaction t where t.id = n.transaction_id) limit 1;
  if found then raise exception 'tender % names no receipt %', bad.line_number, bad.transaction_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger cash_tender_references after insert on cash_tender referencing new table as new_rows
  for each statement execute function cash_tender_references_check();

create function penalty_assessment_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.bill_id into bad from new_rows n
    where not exists (select 1 from bill b where b.id = n.bill_id)
       or not exists (select 1 from utility_account u where u.id = n.utility_account_id) limit 1;
  if found then raise exception 'penalty assessment of bill % names no bill or no utility account', bad.bill_id using errcode = '23503'; end if;
  select n.bill_id into bad from new_rows n
    where (n.rule_id is not null and not exists (select 1 from penalty_rule r where r.id = n.rule_id))
       or (n.receivable_item_id is not null and not exists (select 1 from receivable_item i where i.id = n.receivable_item_id))
       or (n.journal_entry_id is not null and not exists (select 1 from journal_entry e where e.id = n.journal_entry_id)) limit 1;
  if found then raise exception 'penalty assessment of bill % names no penalty rule, receivable item or journal entry', bad.bill_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger penalty_assessment_references after insert on penalty_assessment referencing new table as new_rows
  for each statement execute function penalty_assessment_references_check();

-- Referencing columns never change -----------------------------------------------------------------

create function refuse_reference_change() returns trigger language plpgsql as $$
begin
  raise exception 'the references of a row of % cannot be changed', tg_table_name using errcode = '23503';
end $$;
create trigger cash_transaction_references_fixed before update of batch_id, customer_id, journal_entry_id on cash_transaction
  for each row when (old.batch_id is distinct from new.batch_id or old.customer_id is distinct from new.customer_id
    or old.journal_entry_id is distinct from new.journal_entry_id)
  execute function refuse_reference_change();
create trigger cash_tender_references_fixed before update of transaction_id on cash_tender
  for each row when (old.transaction_id is distinct from new.transaction_id) execute function refuse_reference_change();
create trigger penalty_assessment_references_fixed before update of bill_id, utility_account_id, rule_id, receivable_item_id, journal_entry_id
  on penalty_assessment
  for each row when (old.bill_id is distinct from new.bill_id or old.utility_account_id is distinct from new.utility_account_id
    or old.rule_id is distinct from new.rule_id or old.receivable_item_id is distinct from new.receivable_item_id
    or old.journal_entry_id is distinct from new.journal_entry_id)
  execute function refuse_reference_change();

-- Parents stay while they are named ----------------------------------------------------------------
-- One function per parent: a DELETE (or a change of its key) is refused while a row names it.

create function account_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from journal_line l where l.account_id = old.id)
     or exists (select 1 from receivable_item i where i.offset_account_id = old.id) then
    raise exception 'account % has postings and cannot be deleted or renumbered', old.code using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger account_referenced before delete or update of id on account
  for each row execute function account_still_referenced();

create function subledger_account_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from journal_line l where l.subledger_account_id = old.id) then
    raise exception 'subledger account % has postings and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger subledger_account_referenced before delete or update of id on subledger_account
  for each row execute function subledger_account_still_referenced();

create function receivable_account_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from receivable_item i where i.receivable_account_id = old.id)
     or exists (select 1 from cash_transaction_line l where l.receivable_account_id = old.id) then
    raise exception 'receivable account % has items or receipts and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger receivable_account_referenced before delete or update of id on receivable_account
  for each row execute function receivable_account_still_referenced();

create function customer_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from cash_transaction t where t.customer_id = old.id) then
    raise exception 'customer % has receipts and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger customer_referenced before delete or update of id on customer
  for each row execute function customer_still_referenced();

create function payment_batch_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from cash_transaction t where t.batch_id = old.id) then
    raise exception 'payment batch % has receipts and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger payment_batch_referenced before delete or update of id on payment_batch
  for each row execute function payment_batch_still_referenced();

create function fund_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.code is not distinct from old.code then return new; end if;
  if exists (select 1 from cash_transaction_line l where l.fund_code = old.code) then
    raise exception 'fund % has receipts and cannot be deleted or renamed', old.code using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger fund_referenced before delete or update of code on fund
  for each row execute function fund_still_referenced();

create function utility_account_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from penalty_assessment a where a.utility_account_id = old.id) then
    raise exception 'utility account % has penalty assessments and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger utility_account_referenced before delete or update of id on utility_account
  for each row execute function utility_account_still_referenced();

create function penalty_rule_still_referenced() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.id is not distinct from old.id then return new; end if;
  if exists (select 1 from penalty_assessment a where a.rule_id = old.id) then
    raise exception 'penalty rule % decided bills and cannot be deleted', old.id using errcode = '23503';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger penalty_rule_referenced before delete or update of id on penalty_rule
  for each row execute function penalty_rule_still_referenced();

create function refuse_truncate_of_parent() returns trigger language plpgsql as $$
begin
  raise exception 'TRUNCATE of % is not allowed: posted rows name its rows', tg_table_name using errcode = '23503';
end $$;
create trigger account_no_truncate before truncate on account for each statement execute function refuse_truncate_of_parent();
create trigger subledger_account_no_truncate before truncate on subledger_account for each statement execute function refuse_truncate_of_parent();
create trigger receivable_account_no_truncate before truncate on receivable_account for each statement execute function refuse_truncate_of_parent();
create trigger customer_no_truncate before truncate on customer for each statement execute function refuse_truncate_of_parent();
create trigger payment_batch_no_truncate before truncate on payment_batch for each statement execute function refuse_truncate_of_parent();
create trigger fund_no_truncate before truncate on fund for each statement execute function refuse_truncate_of_parent();
create trigger utility_account_no_truncate before truncate on utility_account for each statement execute function refuse_truncate_of_parent();
create trigger penalty_rule_no_truncate before truncate on penalty_rule for each statement execute function refuse_truncate_of_parent();
create trigger cash_transaction_no_truncate before truncate on cash_transaction for each statement execute function refuse_truncate_of_parent();
create trigger penalty_assessment_no_truncate before truncate on penalty_assessment for each statement execute function refuse_truncate_of_parent();
