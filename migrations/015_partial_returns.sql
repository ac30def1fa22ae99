-- A returned check from a receipt paid by several tenders: the receipt is reversed whole and what
-- the other tenders paid (the cash the customer did hand over) is applied again (counter items
-- first, then the accounts in line order) by a second entry. amount_cents is the returned tender's amount.
alter table returned_item
  add column kept_cents bigint not null default 0 check (kept_cents >= 0),
  add column kept_entry_id bigint references journal_entry (id),
  add constraint returned_item_kept_entry check ((kept_cents = 0) = (kept_entry_id is null));
