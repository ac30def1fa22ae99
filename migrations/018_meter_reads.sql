-- Meter reads: what a handheld or AMI export says beside the reading (who read it, the reader's
-- note), the days each read's consumption covers, what an import reported (the rows it refused,
-- the exceptions by code, its stage timings), and each meter's read state.
--
-- Why a state table: validating a file of a million reads needs, for every meter in it, its
-- latest read and its 12-month average daily use. Read from the reads themselves that is a
-- dozen index probes and heap rows per meter (measured: ~25 s for 1M meters on PostgreSQL 15);
-- one row per meter, read by a hash join, is about a second. The writers of reads keep it
-- (src/utility/read-store.ts: an upsert in the statement after each chunk of reads, or an exact
-- recomputation from the reads for the few meters a re-read, a review or another writer
-- touched), as the ledger's code keeps its balance tables; `checkMeterReadState` recomputes it.
--
-- Why no row-level foreign keys from meter_read to meter and to itself: each row's check locks
-- the meter (and the previous read) it names, a write to a million rows for a million reads
-- (measured: 6 s per key per million). Statement-level triggers check a whole insert at once
-- instead (as the ledger checks journal lines), and deletes that would orphan a read are refused.

alter table meter_read
  add column reader_id text check (length(reader_id) <= 30),
  add column notes text check (length(notes) <= 500),
  -- The days from the read it is measured from (previous_read_id) to this one.
  add column days integer check (days > 0);

alter table read_import
  add column problems jsonb not null default '[]',
  add column exception_counts jsonb not null default '{}',
  add column timings jsonb not null default '{}';

-- No foreign key to meter: its check would lock each meter row, the cost avoided above; only the
-- read writers write here, for meters they found.
create table meter_read_state (
  meter_id bigint primary key,
  -- The latest live read (accepted, overridden or waiting for review).
  live_read_id bigint,
  live_date date,
  live_reading bigint,
  live_status text check (live_status in ('accepted', 'overridden', 'exception')),
  -- The latest accepted or overridden read: consumption is measured from it.
  accepted_read_id bigint,
  accepted_date date,
  accepted_reading bigint,
  -- The accepted reads with a consumption whose days lie in the 365 days up to accepted_date:
  -- their dates, consumptions and days (the 12-month average daily use is the sum of the
  -- consumptions over the sum of the days).
  window_dates date[] not null default '{}',
  window_consumption numeric[] not null default '{}',
  window_days integer[] not null default '{}',
  window_consumption_total numeric not null default 0,
  window_days_total integer not null default 0,
  updated_at timestamptz not null default now()
);

alter table meter_read drop constraint meter_read_meter_id_fkey;
alter table meter_read drop constraint meter_read_previous_read_id_fkey;

-- One index probe per new read (LATERAL; OFFSET 0 keeps each probe from being flattened into a
-- join the planner might run as a scan of the whole table per chunk): linear in the statement.
create function meter_read_check_keys() returns trigger language plpgsql as $$
declare
  bad record;
begin
  select n.id, n.meter_id, n.previous_read_id into bad
  from new_reads n
  left join lateral (select m.id from meter m where m.id = n.meter_id offset 0) m on true
  left join lateral (select p.id from meter_read p where n.previous_read_id is not null and p.id = n.previous_read_id offset 0) p on true
  where m.id is null or (n.previous_read_id is not null and p.id is null)
  limit 1;
  if found then
    raise exception 'meter read % names meter % or previous read % that does not exist', bad.id, bad.meter_id, bad.previous_read_id
      using errcode = '23503';
  end if;
  return null;
end $$;

create trigger meter_read_keys_insert after insert on meter_read
  referencing new table as new_reads for each statement execute function meter_read_check_keys();
create trigger meter_read_keys_update after update on meter_read
  referencing new table as new_reads for each statement execute function meter_read_check_keys();

create function meter_read_refuse_orphans() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'meter' then
    perform 1 from old_rows o join meter_read r on r.meter_id = o.id limit 1;
  else
    perform 1 from old_rows o join meter_read r on r.previous_read_id = o.id limit 1;
  end if;
  if found then
    raise exception 'a deleted % is named by a meter read', tg_table_name using errcode = '23503';
  end if;
  return null;
end $$;

create trigger meter_delete_reads_check after delete on meter
  referencing old table as old_rows for each statement execute function meter_read_refuse_orphans();
create trigger meter_read_delete_check after delete on meter_read
  referencing old table as old_rows for each statement execute function meter_read_refuse_orphans();
