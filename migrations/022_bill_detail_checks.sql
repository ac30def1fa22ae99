-- A bill's lines and reads are written by the statement that writes the bill, tens of thousands
-- per chunk of a bill run. Their row-by-row foreign keys were three quarters of that statement's
-- time, so they are checked per statement instead: one set-based probe per referenced table over
-- the rows the statement inserted (transition table). Lines and reads are never changed or
-- deleted, and bills are never deleted, so what the checks saw at insert stays true.

alter table bill_line drop constraint bill_line_bill_id_fkey, drop constraint bill_line_revenue_account_id_fkey;
alter table bill_read drop constraint bill_read_bill_id_fkey, drop constraint bill_read_meter_id_fkey,
  drop constraint bill_read_from_read_id_fkey, drop constraint bill_read_to_read_id_fkey;

create function bill_line_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.bill_id, n.line_number into bad from new_rows n where not exists (select 1 from bill b where b.id = n.bill_id) limit 1;
  if found then
    raise exception 'bill line % of bill % names no bill', bad.line_number, bad.bill_id using errcode = '23503';
  end if;
  select n.bill_id, n.revenue_account_id into bad from new_rows n where not exists (select 1 from account a where a.id = n.revenue_account_id) limit 1;
  if found then
    raise exception 'bill line of bill % names no account %', bad.bill_id, bad.revenue_account_id using errcode = '23503';
  end if;
  return null;
end $$;
create trigger bill_line_references after insert on bill_line referencing new table as new_rows
  for each statement execute function bill_line_references_check();

create function bill_read_references_check() returns trigger language plpgsql as $$
declare bad record;
begin
  select n.bill_id into bad from new_rows n where not exists (select 1 from bill b where b.id = n.bill_id) limit 1;
  if found then raise exception 'bill read names no bill %', bad.bill_id using errcode = '23503'; end if;
  select n.bill_id, n.meter_id into bad from new_rows n where not exists (select 1 from meter m where m.id = n.meter_id) limit 1;
  if found then raise exception 'bill read of bill % names no meter %', bad.bill_id, bad.meter_id using errcode = '23503'; end if;
  select n.bill_id into bad from new_rows n
    where (n.from_read_id is not null and not exists (select 1 from meter_read r where r.id = n.from_read_id))
       or (n.to_read_id is not null and not exists (select 1 from meter_read r where r.id = n.to_read_id)) limit 1;
  if found then raise exception 'bill read of bill % names no meter read', bad.bill_id using errcode = '23503'; end if;
  return null;
end $$;
create trigger bill_read_references after insert on bill_read referencing new table as new_rows
  for each statement execute function bill_read_references_check();

create function utility_detail_immutable() returns trigger language plpgsql as $$
begin
  raise exception '% on % is not allowed: bills are corrected by cancel and rebill, never changed or deleted', tg_op, tg_table_name
    using errcode = 'P0001', hint = 'immutable_bill';
end $$;
create trigger bill_line_immutable before update or delete or truncate on bill_line for each statement execute function utility_detail_immutable();
create trigger bill_read_immutable before update or delete or truncate on bill_read for each statement execute function utility_detail_immutable();
create trigger bill_no_delete before delete or truncate on bill for each statement execute function utility_detail_immutable();
create trigger meter_read_no_delete before delete or truncate on meter_read for each statement execute function utility_detail_immutable();
