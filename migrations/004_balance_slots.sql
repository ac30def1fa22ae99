-- 004 — Balance rows split into slots.
-- Why: every posting to a busy account (say, undeposited funds while the counter is open) added
-- to the same balance row, so concurrent postings queued on that one row lock. Each database
-- session now adds to one of 8 slots of the row (by its backend pid); readers sum the slots.
alter table account_period_balance
  add column slot smallint not null default 0 check (slot between 0 and 7);
alter table account_period_balance drop constraint account_period_balance_pkey;
alter table account_period_balance add primary key (account_id, period_key, slot);

alter table account_day_balance
  add column slot smallint not null default 0 check (slot between 0 and 7);
alter table account_day_balance drop constraint account_day_balance_pkey;
alter table account_day_balance add primary key (account_id, balance_date, slot);
