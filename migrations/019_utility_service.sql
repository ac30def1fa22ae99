-- A meter exchange: the new meter's installation names the meter it replaced, so a bill whose
-- period spans the exchange sums the use of both (the old meter's final read, the new one's first).
alter table meter_installation add column replaces_meter_id bigint references meter (id);

-- An account that has stopped (awaiting its final bill) no longer holds its location: the next
-- occupant can start the day after.
drop index utility_account_location_active_idx;
create unique index utility_account_location_active_idx on utility_account (service_location_id)
  where status = 'active' and stopped_on is null;

-- A bill's charges may be revenue of another fund than the account's (sewer, fund 520, on a water
-- account of fund 510): the account's fund owes it (due to) and it is owed (due from), so each
-- fund's part of the bill's entry balances.
create table utility_interfund (
  receivable_fund_code text not null references fund (code),
  revenue_fund_code text not null references fund (code),
  due_to_account_id bigint not null references account (id),
  due_from_account_id bigint not null references account (id),
  primary key (receivable_fund_code, revenue_fund_code),
  check (receivable_fund_code <> revenue_fund_code)
);

-- A bill of no charges is final without an entry (nothing to post).
do $$
declare name text;
begin
  select conname into name from pg_constraint
    where conrelid = 'bill'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%journal_entry_id IS NOT NULL%';
  execute format('alter table bill drop constraint %I', name);
end $$;
alter table bill add constraint bill_final_posted_check
  check (status <> 'final' or journal_entry_id is not null or current_charges_cents = 0);
