/**
 * Collection holds: a clerk pauses an account's collection (the chain takes no step, no shutoff
 * order is made) with a reason and an end date; it resumes by itself the day after the end date,
 * or earlier when released with a reason. Nothing is deleted: a released hold keeps who and why.
 *
 * Rules: a reason is required; the end date is required, not in the past, and at most
 * MAX_HOLD_DAYS (180) days ahead — long enough for a bill investigation or a hardship review,
 * short enough that a forgotten hold comes back to the desk twice a year; a longer pause is a new
 * hold, decided again. One hold in force per account at a time (the account row is locked).
 * A hold does not stop SB 998's clock or penalties: it pauses the city's own collection steps.
 *
 * Errors: invalid_input (reason, endsOn), not_found, conflict (a hold in force already, released).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, cityDateOf, parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { Problems, text } from '../shared/input.js';
import { auditRefusal } from './arrangements.js';
import { recordEvents } from './notices.js';

export const MAX_HOLD_DAYS = 180;

export interface Hold {
  id: number;
  accountId: number;
  accountNumber: string;
  customerName: string;
  reason: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  releasedOn: IsoDate | null;
  releaseReason: string | null;
  releasedBy: string | null;
  resumedOn: IsoDate | null;
  createdAt: string;
  createdBy: string;
}

type HoldRow = Omit<Hold, 'createdAt'> & { createdAt: Date };

const holdSelect = sql`select h.id, h.utility_account_id as "accountId", r.account_number as "accountNumber", c.legal_name as "customerName",
    h.reason, h.starts_on::text as "startsOn", h.ends_on::text as "endsOn", h.released_on::text as "releasedOn",
    h.release_reason as "releaseReason", h.released_by as "releasedBy", h.resumed_on::text as "resumedOn",
    h.created_at as "createdAt", h.created_by as "createdBy"
  from collection_hold h join receivable_account r on r.id = h.utility_account_id join customer c on c.id = r.customer_id`;

const toHold = (row: HoldRow): Hold => ({ ...row, createdAt: row.createdAt.toISOString() });

/** A hold is in force on a day from its start through its end date, unless released by then. */
const inForce = (asOf: IsoDate) => sql`h.starts_on <= ${asOf}::date and h.ends_on >= ${asOf}::date
  and (h.released_on is null or h.released_on > ${asOf}::date)`;

export async function getHold(db: Executor, id: number | string): Promise<Hold> {
  if (!/^[0-9]{1,15}$/.test(String(id).trim())) throw notFound('collection hold', String(id));
  const result = await sql<HoldRow>`${holdSelect} where h.id = ${Number(id)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('collection hold', String(id));
  return toHold(row);
}

async function findAccountId(db: Executor, key: number | string): Promise<{ id: number; caseId: number | null }> {
  const textKey = String(key ?? '').trim();
  if (textKey === '') throw invalidInput('accountId', 'an account is required');
  const byId = /^[0-9]{1,15}$/.test(textKey);
  const result = await sql<{ id: number; caseId: number | null }>`select u.id,
      (select cc.id from collection_case cc where cc.utility_account_id = u.id and cc.status = 'open') as "caseId"
    from utility_account u join receivable_account r on r.id = u.id
    where ${byId ? sql`u.id = ${Number(textKey)}` : sql`r.account_number = ${textKey.toUpperCase()}`}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('utility account', textKey);
  return row;
}

/** Pauses an account's collection from asOf (default: today) through endsOn. Audited. */
export async function placeHold(
  database: Database,
  options: { accountId: number | string; reason: unknown; endsOn: unknown; actor: Actor; asOf?: IsoDate },
): Promise<Hold> {
  return auditRefusal(database, options.actor, 'collections.place_hold', 'collection_hold', () => insertHold(database, options));
}

async function insertHold(
  database: Database,
  options: { accountId: number | string; reason: unknown; endsOn: unknown; actor: Actor; asOf?: IsoDate },
): Promise<Hold> {
  const asOf = options.asOf ?? cityDateOf(new Date());
  const problems = new Problems();
  const reason = text(options.reason, 'reason', problems, { required: true, max: 500 });
  const endsOn = problems.attempt(() => parseIsoDate(options.endsOn, 'endsOn'));
  if (endsOn !== undefined && endsOn < asOf) problems.add('endsOn', `is in the past (today is ${asOf})`);
  if (endsOn !== undefined && endsOn > addDays(asOf, MAX_HOLD_DAYS)) {
    problems.add('endsOn', `a hold lasts at most ${MAX_HOLD_DAYS} days (until ${addDays(asOf, MAX_HOLD_DAYS)}); place a new one when it ends`);
  }
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const account = await findAccountId(tx, options.accountId);
    await sql`select id from utility_account where id = ${account.id} for update`.execute(tx);
    const current = await sql<{ id: number; endsOn: string }>`select h.id, h.ends_on::text as "endsOn" from collection_hold h
      where h.utility_account_id = ${account.id} and ${inForce(asOf)}`.execute(tx);
    if (current.rows[0]) {
      throw new AppError('conflict', `The account is already on hold until ${current.rows[0].endsOn} (hold ${current.rows[0].id})`, { field: 'accountId' });
    }
    const inserted = await sql<{ id: number }>`insert into collection_hold (utility_account_id, reason, starts_on, ends_on, created_by)
      values (${account.id}, ${reason}, ${asOf}::date, ${endsOn as IsoDate}::date, ${options.actor.username}) returning id`.execute(tx);
    const hold = await getHold(tx, inserted.rows[0]?.id as number);
    await recordEvents(tx, [{ utilityAccountId: account.id, caseId: account.caseId, eventType: 'hold_placed', eventDate: asOf,
      summary: `Collection on hold through ${hold.endsOn}: ${hold.reason}`, details: { holdId: hold.id } }], options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.place_hold', entityType: 'collection_hold', entityId: hold.id, after: hold });
    return hold;
  });
}

/** Ends a hold early with a reason; collection resumes that day. Audited. */
export async function releaseHold(
  database: Database,
  options: { holdId: number | string; reason: unknown; actor: Actor; asOf?: IsoDate },
): Promise<Hold> {
  return auditRefusal(database, options.actor, 'collections.release_hold', 'collection_hold', () => endHold(database, options), String(options.holdId));
}

async function endHold(database: Database, options: { holdId: number | string; reason: unknown; actor: Actor; asOf?: IsoDate }): Promise<Hold> {
  const asOf = options.asOf ?? cityDateOf(new Date());
  const problems = new Problems();
  const reason = text(options.reason, 'reason', problems, { required: true, max: 500 });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const before = await getHold(tx, options.holdId);
    await sql`select id from collection_hold where id = ${before.id} for update`.execute(tx);
    const current = await getHold(tx, before.id);
    if (current.releasedOn !== null) throw new AppError('conflict', `Hold ${current.id} was released on ${current.releasedOn}`, { field: 'holdId' });
    if (current.endsOn < asOf) throw new AppError('conflict', `Hold ${current.id} ended on ${current.endsOn}`, { field: 'holdId' });
    await sql`update collection_hold set released_on = ${asOf}::date, release_reason = ${reason}, released_by = ${options.actor.username}
      where id = ${current.id}`.execute(tx);
    const hold = await getHold(tx, current.id);
    const caseId = (await findAccountId(tx, hold.accountId)).caseId;
    await recordEvents(tx, [{ utilityAccountId: hold.accountId, caseId, eventType: 'hold_released', eventDate: asOf,
      summary: `Hold released: ${reason}`, details: { holdId: hold.id } }], options.actor.username);
    await recordAudit(tx, { actor: options.actor, action: 'collections.release_hold', entityType: 'collection_hold', entityId: hold.id,
      before: current, after: hold, details: { reason } });
    return hold;
  });
}

/** The hold in force on asOf per account (accounts without one are absent). One statement. */
export async function activeHolds(db: Executor, options: { accountIds: readonly number[]; asOf: IsoDate }): Promise<Map<number, Hold>> {
  if (options.accountIds.length === 0) return new Map();
  const result = await sql<HoldRow>`${holdSelect}
    join unnest(${[...options.accountIds]}::bigint[]) as asked (account_id) on asked.account_id = h.utility_account_id
    where ${inForce(options.asOf)}
    order by h.id`.execute(db);
  return new Map(result.rows.map((row) => [row.accountId, toHold(row)]));
}

export interface HoldFilter {
  account?: number | string | null;
  /** Only holds in force on this day. */
  inForceOn?: IsoDate | null;
  limit?: number;
}

export async function listHolds(db: Executor, filter: HoldFilter = {}): Promise<Hold[]> {
  const account = filter.account === undefined || filter.account === null || filter.account === '' ? null : String(filter.account).trim().toUpperCase();
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  const result = await sql<HoldRow>`${holdSelect}
    where (${account}::text is null or r.account_number = ${account}::text or h.utility_account_id::text = ${account}::text)
      and (${filter.inForceOn ?? null}::date is null or (${filter.inForceOn ? inForce(filter.inForceOn) : sql`true`}))
    order by h.id desc limit ${limit}`.execute(db);
  return result.rows.map(toHold);
}

/**
 * The daily job's step: every hold whose end date has passed (and that was not released) gets a
 * 'hold_ended' event on the timeline, dated the day collection resumed, once (resumed_on is
 * set). One update and one insert for all; one audit row when any ended.
 */
export async function resumeEndedHolds(database: Database, options: { asOf: IsoDate; actor: Actor }): Promise<{ resumed: number }> {
  return inTransaction(database, async (tx) => {
    const ended = await sql<{ id: number; accountId: number; caseId: number | null; endsOn: IsoDate; reason: string }>`
      update collection_hold h set resumed_on = h.ends_on + 1
      where h.resumed_on is null and h.released_on is null and h.ends_on < ${options.asOf}::date
      returning h.id, h.utility_account_id as "accountId", h.ends_on::text as "endsOn", h.reason,
        (select cc.id from collection_case cc where cc.utility_account_id = h.utility_account_id and cc.status = 'open') as "caseId"`.execute(tx);
    const rows = ended.rows;
    await recordEvents(tx, rows.map((row) => ({
      utilityAccountId: row.accountId, caseId: row.caseId, eventType: 'hold_ended', eventDate: addDays(row.endsOn, 1),
      summary: `Hold ended ${row.endsOn}; collection resumed (${row.reason})`, details: { holdId: row.id },
    })), options.actor.username);
    if (rows.length > 0) {
      await recordAudit(tx, { actor: options.actor, action: 'collections.resume_ended_holds', entityType: 'collection_run', entityId: options.asOf,
        after: { resumed: rows.length }, details: { holdIds: rows.map((row) => row.id).slice(0, 1000) } });
    }
    return { resumed: rows.length };
  });
}
