-- The mail relay: queued messages are claimed (status 'sending'), sent over SMTP, and marked sent;
-- a failure waits and retries with a growing delay, and after the last attempt the message is
-- 'failed' with its error kept. A claim older than the lease returns to the queue (a relay that
-- died mid-send), so a message may be sent twice but never lost.
alter table outbound_email drop constraint outbound_email_status_check;
alter table outbound_email add constraint outbound_email_status_check
  check (status in ('queued', 'sending', 'sent', 'failed'));
alter table outbound_email
  add column attempts integer not null default 0 check (attempts >= 0),
  add column next_attempt_at timestamptz not null default now(),
  add column claimed_at timestamptz,
  add column message_id text;
drop index outbound_email_queued_idx;
create index outbound_email_due_idx on outbound_email (next_attempt_at) where status in ('queued', 'sending');
