-- Meter reads: what a handheld or AMI export says beside the reading (who read it, the reader's
-- note), and what an import reported (the rows it refused, the exceptions by code, its stage
-- timings), so the report can be shown again after the import.

alter table meter_read
  add column reader_id text check (length(reader_id) <= 30),
  add column notes text check (length(notes) <= 500);

alter table read_import
  add column problems jsonb not null default '[]',
  add column exception_counts jsonb not null default '{}',
  add column timings jsonb not null default '{}';
