-- 003 — Who entered and who approved a hand-entered journal entry.
-- Why: maker-checker. An accountant enters, a finance manager approves, then it posts; the entry
-- itself names both people and the approval request, so an auditor reads it from the ledger.
alter table journal_entry
  add column entered_by text,
  add column approved_by text,
  add column approval_request_id bigint;
