-- SB 998 shutoff protections, shutoff release and reconnection (src/collections/sb998*.ts,
-- shutoff.ts, protections.ts, calendar.ts): what 023 did not have.

-- An office closure is never deleted: a day closed by mistake is reopened with a reason (who and
-- when), and can be closed again (the audit trail keeps each change).
alter table office_closure add column reopened_at timestamptz;
alter table office_closure add column reopened_by text;
alter table office_closure add column reopen_reason text check (reopen_reason is null or length(trim(reopen_reason)) between 1 and 500);
alter table office_closure add constraint office_closure_reopened_check check ((reopened_at is null) = (reopened_by is null) and (reopened_at is null) = (reopen_reason is null));

-- The revenue account a reconnection fee is charged to, per schedule version (the fee schedule is
-- effective-dated; so is where its money goes). Null: reconnection fees cannot be charged until set.
alter table reconnection_fee_schedule add column revenue_account_code text references account (code);

-- Who cancelled a shutoff order, and who asked for the reconnection and when.
alter table shutoff_order add column cancelled_by text;
alter table shutoff_order add column reconnect_ordered_on date;
alter table shutoff_order add column reconnect_ordered_by text;
-- What the last refused release said, rule by rule (code and reason), for the clerk.
alter table shutoff_order add column refusal jsonb;
alter table shutoff_order add column refused_on date;

-- The federal poverty guidelines (HHS, 48 contiguous states and D.C.), effective-dated: the annual
-- income of a household of one and what each further person adds. Inability to pay and low income
-- (SB 998, H&S 116910(a)(2) and 116914) test household income against 200% of it.
create table federal_poverty_guideline (
  effective_from date primary key,
  first_person_cents bigint not null check (first_person_cents > 0),
  additional_person_cents bigint not null check (additional_person_cents > 0),
  authority text not null,
  created_at timestamptz not null default now(),
  created_by text not null
);
insert into federal_poverty_guideline (effective_from, first_person_cents, additional_person_cents, authority, created_by) values
  ('2024-01-17', 1506000, 538000, 'HHS poverty guidelines for 2024, published January 2024 (48 contiguous states and D.C.)', 'migration'),
  ('2025-01-15', 1565000, 550000, 'HHS poverty guidelines for 2025, published January 2025 (48 contiguous states and D.C.)', 'migration');
