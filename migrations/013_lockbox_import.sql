-- Lockbox import: a bank file posts in chunks, so one journal entry carries many receipts (each
-- receipt's receivable items name it by document_ref). Payments that match no open account are
-- held in a suspense (liability) account until a clerk applies them; applying one writes a receipt
-- in the file's batch and an entry moving the money from suspense to the account.

alter table cash_transaction drop constraint cash_transaction_journal_entry_id_key;
create index cash_transaction_entry_idx on cash_transaction (journal_entry_id);

alter table cashiering_config add column lockbox_suspense_account_id bigint references account (id);

alter table lockbox_exception
  add column routing_number text,
  add column account_last4 text,
  add column payer_name text,
  add column account_number text,
  add column fund_code text references fund (code),
  add column journal_entry_id bigint references journal_entry (id),
  add column resolved_note text;
-- Resolved means applied: a receipt exists for it and the suspense account was cleared.
alter table lockbox_exception add constraint lockbox_exception_resolved_check
  check ((status = 'resolved') = (resolved_transaction_id is not null and resolved_by is not null and resolved_at is not null));
create unique index lockbox_exception_transaction_idx on lockbox_exception (resolved_transaction_id)
  where resolved_transaction_id is not null;

-- Which lockbox files' entries: one per chunk of payments (and suspense), in order.
alter table lockbox_file add column journal_entry_ids bigint[] not null default '{}';
alter table lockbox_file add column problem_count integer not null default 0;
