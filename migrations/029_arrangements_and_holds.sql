-- Payment arrangements and collection holds (the tables are in 023): what 023 lacked.
--
-- A reduced arrangement (SB 998's "partial or full reduction of the unpaid balance") forgives
-- nothing by itself. The installments pay the reduced principal the clerk stated; the rest
-- (reduction_cents) stays owed on the account until a write-off of exactly that amount, filed
-- through receivables' maker-checker approval (kind receivables.write_off), is approved and
-- posted. The arrangement names that approval request, so an auditor can follow the reduction
-- from the arrangement to the approver and the journal entry.
alter table payment_arrangement
  add column reduction_cents bigint not null default 0 check (reduction_cents >= 0),
  add column write_off_request_id bigint references approval_request (id),
  add constraint payment_arrangement_reduction_check
    check ((reduction_cents > 0) = (write_off_request_id is not null) and (reduction_cents = 0 or arrangement_type = 'reduced'));
create index payment_arrangement_status_idx on payment_arrangement (status, default_since);
-- An account's arrangements, latest first (the desk, the eligibility rules).
create index payment_arrangement_account_idx on payment_arrangement (utility_account_id, id);

-- A hold's end is recorded once on the timeline by the daily job (resumed_on: the day it was).
alter table collection_hold add column resumed_on date;
create index collection_hold_to_resume_idx on collection_hold (ends_on) where resumed_on is null and released_on is null;
