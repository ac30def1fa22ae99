/**
 * The audit trail: every write records who, what, when, where and the outcome, in the same
 * transaction as the write (so a rolled-back write leaves no success row), and refusals in a
 * transaction of their own. Rows are append-only and hash-chained in the database
 * (migrations/002); `auditChecks` lets `civic verify` recompute the chains.
 *
 * Call `recordAudit` last in a transaction: it holds its chain's head row until commit.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from './actor.js';
import { prepared, type Database, type Executor } from './db.js';

export type AuditOutcome = 'success' | 'refused' | 'failed';

export interface AuditRecord {
  actor: Actor;
  /** Verb-first, module-qualified: 'ledger.post_entry', 'access.sign_in', 'approvals.approve'. */
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  outcome?: AuditOutcome;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

const secretKeys = /pass(word)?|secret|token|totp|authorization|cookie|tin|ssn|card/i;

/** Secrets never reach the audit trail, even inside before/after snapshots. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || depth > 8) return value ?? null;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      result[key] = secretKeys.test(key) && inner !== null && inner !== undefined && typeof inner !== 'boolean'
        ? '[redacted]'
        : redactSecrets(inner, depth + 1);
    }
    return result;
  }
  return value;
}

function asJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(redactSecrets(value));
}

/**
 * The audit_append(...) call for `record`, for a statement that writes and audits at once (the
 * ledger's posting). `entityIdSql` stands for an id that statement produces. Whatever else the
 * statement does, the call must come last in its transaction's writes, as `recordAudit` does.
 * `afterExtraSql` (a jsonb expression of that statement, e.g. the id it produces) is merged into
 * `after`.
 */
export function auditAppendCall(record: AuditRecord, entityIdSql?: RawBuilder<unknown>, afterExtraSql?: RawBuilder<unknown>): RawBuilder<number> {
  const { actor } = record;
  const entityId = record.entityId === undefined || record.entityId === null ? null : String(record.entityId);
  return sql<number>`audit_append(
      ${actor.userId}::bigint, ${actor.username}::text, ${actor.via}::text, ${actor.ip ?? null}::text,
      ${actor.userAgent?.slice(0, 500) ?? null}::text, ${record.action}::text,
      ${record.entityType ?? null}::text, ${entityIdSql ?? sql`${entityId}::text`},
      ${record.outcome ?? 'success'}::text, ${asJson(record.before)}::jsonb,
      ${afterExtraSql ? sql`(${asJson(record.after)}::jsonb || ${afterExtraSql})` : sql`${asJson(record.after)}::jsonb`}, ${asJson(record.details)}::jsonb)`;
}

export async function recordAudit(db: Executor, record: AuditRecord): Promise<number> {
  const result = await sql<{ id: number }>`${prepared}select ${auditAppendCall(record)} as id`.execute(db);
  return result.rows[0]?.id ?? 0;
}

/** Records a refused or failed attempt in a transaction of its own (the attempt rolled back). */
export async function recordRefusal(
  database: Database,
  record: Omit<AuditRecord, 'outcome'> & { outcome?: 'refused' | 'failed' },
): Promise<void> {
  await database.kysely.transaction().execute((tx) =>
    recordAudit(tx, { ...record, outcome: record.outcome ?? 'refused' }),
  );
}

export interface AuditViolationRow extends Record<string, unknown> {
  id: number;
  chainId: number;
  chainSeq: number;
  problem: string;
}

/**
 * Recomputes every row's hash and checks each row links to the one before it in its chain, and
 * that the chain heads point at the last rows. Set-based: one pass with window functions.
 */
export async function findAuditChainViolations(db: Executor, limit = 20): Promise<AuditViolationRow[]> {
  const result = await sql<AuditViolationRow>`
    with checked as (
      select a.id, a.chain_id, a.chain_seq, a.prev_hash, a.hash,
        encode(sha256(convert_to(a.prev_hash || '|' || audit_row_content(a), 'UTF8')), 'hex') as recomputed,
        lag(a.hash) over w as previous_hash,
        lag(a.chain_seq) over w as previous_seq
      from audit_log a
      window w as (partition by a.chain_id order by a.chain_seq)
    )
    select id, chain_id as "chainId", chain_seq as "chainSeq",
      case when hash <> recomputed then 'altered: its content no longer matches its hash'
           when chain_seq <> coalesce(previous_seq, 0) + 1 then 'a row before it in its chain is missing'
           else 'its link to the previous row is broken (a row before it was altered or removed)'
      end as problem
    from checked
    where hash <> recomputed
       or chain_seq <> coalesce(previous_seq, 0) + 1
       or prev_hash <> coalesce(previous_hash, repeat('0', 64))
    union all
    select null, h.chain_id, h.last_seq, 'the chain head does not point at the last row (rows removed from the end)'
    from audit_chain h
    left join lateral (select chain_seq, hash from audit_log where chain_id = h.chain_id
      order by chain_seq desc limit 1) last on true
    where h.last_seq <> coalesce(last.chain_seq, 0) or h.last_hash <> coalesce(last.hash, repeat('0', 64))
    order by 1 nulls last limit ${limit}`.execute(db);
  return result.rows;
}
