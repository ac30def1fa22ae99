-- The versions of a rate schedule follow one another: each starts the day after the one before
-- ends, and only the last is open-ended. src/utility/rate-schedules.ts checks this before it
-- writes (and names the dates); this trigger keeps it true for any other writer (SQL by hand, a
-- conversion). It is deferred to the commit because adding a version is two statements (the open
-- version is closed, then the new one inserted) with a gap between them.
create function utility_check_rate_versions() returns trigger language plpgsql as $$
declare
  code text := coalesce(new.rate_code, old.rate_code);
  bad record;
begin
  select v.effective_from, v.previous_from, v.previous_to into bad
  from (
    select effective_from,
      lag(effective_from) over w as previous_from,
      lag(effective_to) over w as previous_to,
      row_number() over w as position
    from rate_version where rate_code = code
    window w as (order by effective_from)
  ) v
  where v.position > 1 and (v.previous_to is null or v.effective_from <> v.previous_to + 1)
  limit 1;
  if found then
    raise exception 'rate % has versions from % (to %) and from % that do not follow one another',
      code, bad.previous_from, coalesce(bad.previous_to::text, 'open'), bad.effective_from
      using errcode = 'P0001', hint = 'invalid_input';
  end if;
  return null;
end $$;

create constraint trigger rate_version_contiguous after insert or update or delete on rate_version
  deferrable initially deferred
  for each row execute function utility_check_rate_versions();
