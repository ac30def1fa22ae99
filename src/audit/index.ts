/**
 * Reading the audit trail: auditors browse, filter and export it. Writing is src/shared/audit.ts
 * (every module records its own writes in their transactions).
 */
import { sql } from 'kysely';
import { findAuditChainViolations } from '../shared/audit.js';
import { toCsv } from '../shared/csv.js';
import { parseIsoDate, addDays } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actorUserId: number | null;
  actorUsername: string;
  via: string;
  ip: string | null;
  userAgent: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: 'success' | 'refused' | 'failed';
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface AuditFilter {
  from?: string | null;
  to?: string | null;
  actor?: string | null;
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  outcome?: string | null;
  beforeId?: number | null;
  limit?: number;
}

interface EventRow extends Omit<AuditEvent, 'occurredAt'> {
  occurredAt: Date;
}

/** Newest first. Dates are calendar days in the city's time zone, inclusive. */
export async function listAuditEvents(db: Executor, filter: AuditFilter): Promise<{ events: AuditEvent[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1_000);
  const from = filter.from ? parseIsoDate(filter.from, 'from') : null;
  const toExclusive = filter.to ? addDays(parseIsoDate(filter.to, 'to'), 1) : null;
  const action = filter.action ? `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const result = await sql<EventRow>`select id, occurred_at as "occurredAt", actor_user_id as "actorUserId",
      actor_username as "actorUsername", via, ip, user_agent as "userAgent", action,
      entity_type as "entityType", entity_id as "entityId", outcome, before_data as before,
      after_data as after, details
    from audit_log
    where (${from}::date is null or occurred_at >= (${from}::date::timestamp at time zone 'America/Los_Angeles'))
      and (${toExclusive}::date is null or occurred_at < (${toExclusive}::date::timestamp at time zone 'America/Los_Angeles'))
      and (${filter.actor ?? null}::text is null or actor_username = lower(${filter.actor ?? null}))
      and (${action}::text is null or action like ${action})
      and (${filter.entityType ?? null}::text is null or entity_type = ${filter.entityType ?? null})
      and (${filter.entityId ?? null}::text is null or entity_id = ${filter.entityId ?? null})
      and (${filter.outcome ?? null}::text is null or outcome = ${filter.outcome ?? null})
      and (${filter.beforeId ?? null}::bigint is null or id < ${filter.beforeId ?? null})
    order by id desc limit ${limit + 1}`.execute(db);
  const rows = result.rows.slice(0, limit);
  return {
    events: rows.map((row) => ({ ...row, occurredAt: row.occurredAt.toISOString() })),
    nextBeforeId: result.rows.length > limit ? (rows.at(-1)?.id ?? null) : null,
  };
}

/** The filtered trail as CSV (formula-safe), newest first, up to 100,000 rows. */
export async function exportAuditCsv(db: Executor, filter: AuditFilter): Promise<string> {
  const events: AuditEvent[] = [];
  let beforeId = filter.beforeId ?? null;
  while (events.length < 100_000) {
    const page = await listAuditEvents(db, { ...filter, beforeId, limit: 1_000 });
    events.push(...page.events);
    if (page.nextBeforeId === null) break;
    beforeId = page.nextBeforeId;
  }
  const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));
  return toCsv<AuditEvent>(
    [
      { header: 'id', value: (e) => e.id, isNumeric: true },
      { header: 'occurred_at_utc', value: (e) => e.occurredAt, isNumeric: true },
      { header: 'user', value: (e) => e.actorUsername },
      { header: 'via', value: (e) => e.via },
      { header: 'ip', value: (e) => e.ip },
      { header: 'user_agent', value: (e) => e.userAgent },
      { header: 'action', value: (e) => e.action },
      { header: 'entity_type', value: (e) => e.entityType },
      { header: 'entity_id', value: (e) => e.entityId },
      { header: 'outcome', value: (e) => e.outcome },
      { header: 'before', value: (e) => json(e.before) },
      { header: 'after', value: (e) => json(e.after) },
      { header: 'details', value: (e) => json(e.details) },
    ],
    events,
  );
}

export { findAuditChainViolations };

/** `civic verify`: the audit trail's chains recompute, link up, and end where their heads say. */
export const auditChecks = [
  {
    invariant: 'audit_chain_intact',
    description: 'Every audit row matches its hash and links to the one before it; nothing was altered or removed',
    async run(db: Executor) {
      const rows = await findAuditChainViolations(db);
      return rows.map((row) => ({
        invariant: 'audit_chain_intact',
        message:
          row.id === null
            ? `audit chain ${row.chainId}: ${row.problem}`
            : `audit row ${row.id} (chain ${row.chainId}, #${row.chainSeq}): ${row.problem}`,
        details: { ...row },
      }));
    },
  },
  {
    invariant: 'audit_append_only_triggers_present',
    description: 'The audit trail refuses UPDATE, DELETE and TRUNCATE',
    async run(db: Executor) {
      const expected = ['audit_log_append_only', 'audit_log_no_truncate'];
      const present = await sql<{ name: string }>`select tgname as name from pg_trigger
        where not tgisinternal and tgenabled <> 'D' and tgrelid = 'audit_log'::regclass`.execute(db);
      const names = new Set(present.rows.map((row) => row.name));
      return expected
        .filter((name) => !names.has(name))
        .map((name) => ({ invariant: 'audit_append_only_triggers_present', message: `the audit trigger ${name} is missing or disabled` }));
    },
  },
];
