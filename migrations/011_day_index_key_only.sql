-- 011 — The trial balance's day index without INCLUDE columns.
-- Why (measured, BENCHMARKS.md): the index of 005 carried debit_cents and credit_cents, which
-- change on every balance upsert, so no upsert of account_day_balance could be a HOT update and
-- each wrote a new entry into both of the table's indexes. Keyed on (balance_date, account_id)
-- only, upserts leave the index alone when the row stays on its page; the trial balance reads the
-- month's rows from the table instead of from the index (a few thousand rows per month), which
-- keeps it far inside its 200 ms target.
drop index account_day_balance_date_idx;
create index account_day_balance_date_idx on account_day_balance (balance_date, account_id);
