-- 010 — A cheaper audit_append.
-- Why (measured, BENCHMARKS.md): every audited write calls audit_append, and the version of 002
-- was the costliest function of a posting. It locked the chain head with one statement, built the
-- row field by field in a PL/pgSQL record, hashed it through audit_row_content(record), inserted
-- it and updated the head with two more. This version locks, reads and advances the head in one
-- UPDATE (its FROM subquery takes the row lock and sees the latest head, as SELECT ... FOR UPDATE
-- did), hashes the content inline, and inserts the row: about 1.5 times the calls per second
-- with 16 sessions (pgbench on this machine).
-- The chain is unchanged: the same head row per session (pg_backend_pid() % 16), the same
-- content and hash. The text hashed below must stay exactly audit_row_content() of 002, which
-- `civic verify` recomputes; the audit tests verify the chain after every kind of write.
create or replace function audit_append(p_actor_user_id bigint, p_actor_username text, p_via text, p_ip text,
  p_user_agent text, p_action text, p_entity_type text, p_entity_id text, p_outcome text,
  p_before jsonb, p_after jsonb, p_details jsonb) returns bigint language plpgsql as $$
declare
  v_id bigint := nextval('audit_log_id_seq'::regclass);
  v_at timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_chain integer;
  v_seq bigint;
  v_prev text;
  v_hash text;
begin
  update audit_chain h set last_seq = o.last_seq + 1,
      last_hash = encode(sha256(convert_to(o.last_hash || '|' || concat_ws('|', v_id::text,
        o.chain_id::text, (o.last_seq + 1)::text,
        to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(p_actor_user_id::text, ''), p_actor_username, p_via, coalesce(p_ip, ''),
        coalesce(p_user_agent, ''), p_action, coalesce(p_entity_type, ''), coalesce(p_entity_id, ''),
        p_outcome, coalesce(p_before::text, ''), coalesce(p_after::text, ''),
        coalesce(p_details::text, '')), 'UTF8')), 'hex')
    from (select c.chain_id, c.last_seq, c.last_hash from audit_chain c
          where c.chain_id = pg_backend_pid() % 16 for update) o
    where h.chain_id = o.chain_id
    returning o.chain_id, o.last_seq + 1, o.last_hash, h.last_hash into v_chain, v_seq, v_prev, v_hash;
  insert into audit_log (id, occurred_at, actor_user_id, actor_username, via, ip, user_agent, action,
      entity_type, entity_id, outcome, before_data, after_data, details, chain_id, chain_seq,
      prev_hash, hash)
    values (v_id, v_at, p_actor_user_id, p_actor_username, p_via, p_ip, p_user_agent, p_action,
      p_entity_type, p_entity_id, p_outcome, p_before, p_after, p_details, v_chain, v_seq, v_prev, v_hash);
  return v_id;
end $$;
