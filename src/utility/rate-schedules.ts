/**
 * Rate schedules and their effective-dated versions: keeping them (create a schedule, add a
 * version) and reading them for the bill run. A version's definition is checked by
 * `validateRateDefinition`, the schedule's dates by `validateRateVersions` (no gap, no overlap),
 * and every revenue account it names must exist, be active and be a revenue account. Adding a
 * version after an open-ended one closes that one the day before; every other overlap is refused.
 * Each write and its audit row are one transaction.
 *
 * Errors: invalid_input (naming the field), not_found (the schedule), conflict (a schedule code
 * taken).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { inTransaction, prepared, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, assert, invalidFields, isAppError, notFound, type FieldProblem } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, requiredDate, text } from '../shared/input.js';
import { findAccounts } from '../ledger/index.js';
import { validateRateDefinition, validateRateVersions, type RateDefinition } from './rate-definition.js';
import { serviceTypes, type RateVersionRow, type ServiceType } from './types.js';

export interface RateSchedule {
  code: string;
  name: string;
  serviceType: ServiceType;
  versions: RateVersionRow<RateDefinition>[];
}

const versionColumns = sql`id, rate_code as "rateCode", effective_from as "effectiveFrom", effective_to as "effectiveTo", definition`;

/** Every schedule with its versions (oldest first), by code; optionally of one service type. */
export async function listRateSchedules(db: Executor, options: { serviceType?: ServiceType } = {}): Promise<RateSchedule[]> {
  const serviceType = options.serviceType ?? null;
  const schedules = await sql<Omit<RateSchedule, 'versions'>>`select code, name, service_type as "serviceType" from rate_schedule
    where ${serviceType}::text is null or service_type = ${serviceType} order by code`.execute(db);
  const codes = schedules.rows.map((row) => row.code);
  const versions = codes.length === 0 ? { rows: [] } : await sql<RateVersionRow<RateDefinition>>`select ${versionColumns} from rate_version
    where rate_code = any(${codes}::text[]) order by rate_code, effective_from`.execute(db);
  const byCode = new Map<string, RateVersionRow<RateDefinition>[]>();
  for (const row of versions.rows) {
    const list = byCode.get(row.rateCode) ?? [];
    list.push(row);
    byCode.set(row.rateCode, list);
  }
  return schedules.rows.map((row) => ({ ...row, versions: byCode.get(row.code) ?? [] }));
}

export async function getRateSchedule(db: Executor, code: string): Promise<RateSchedule> {
  const schedule = (await listRateSchedules(db)).find((row) => row.code === code);
  if (!schedule) throw notFound('rate schedule', code);
  return schedule;
}

/**
 * The versions of the named schedules in effect on any day from `from` to `to` (inclusive), by
 * schedule and date, in one query: what the bill run compiles (`compileRateSchedules`) once per
 * run.
 */
export async function getRateVersionsFor(db: Executor, codes: readonly string[], from: IsoDate, to: IsoDate): Promise<RateVersionRow<RateDefinition>[]> {
  if (codes.length === 0) return [];
  const result = await sql<RateVersionRow<RateDefinition>>`${prepared}select ${versionColumns} from rate_version
    where rate_code = any(${[...new Set(codes)]}::text[]) and effective_from <= ${to}::date
      and (effective_to is null or effective_to >= ${from}::date)
    order by rate_code, effective_from`.execute(db);
  return result.rows;
}

const scheduleCodePattern = /^[A-Z][A-Z0-9-]{1,29}$/;

/** A new schedule (no versions yet): { code: "WATER-RES", name, serviceType }. */
export async function createRateSchedule(database: Database, options: { input: unknown; actor: Actor; inTx?: Tx }): Promise<RateSchedule> {
  const raw = asRecord(options.input, 'schedule');
  const problems = new Problems();
  const code = typeof raw.code === 'string' ? raw.code.trim().toUpperCase() : '';
  if (!scheduleCodePattern.test(code)) problems.add('code', 'must be 2 to 30 capital letters, digits and - (e.g. WATER-RES)');
  const name = text(raw.name, 'name', problems, { required: true, max: 100 });
  if (!serviceTypes.includes(raw.serviceType as ServiceType)) problems.add('serviceType', `must be one of ${serviceTypes.join(', ')}`);
  problems.throwIfAny();
  const work = async (tx: Tx): Promise<RateSchedule> => {
    const inserted = await sql<{ code: string }>`insert into rate_schedule (code, name, service_type)
      values (${code}, ${name}, ${raw.serviceType as string}) on conflict (code) do nothing returning code`.execute(tx);
    if (!inserted.rows[0]) throw new AppError('conflict', `Rate schedule ${code} already exists`, { field: 'code' });
    const schedule = await getRateSchedule(tx, code);
    await recordAudit(tx, { actor: options.actor, action: 'utility.create_rate_schedule', entityType: 'rate_schedule', entityId: code, after: schedule });
    return schedule;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

export interface AddRateVersionResult {
  version: RateVersionRow<RateDefinition>;
  /** The open-ended version this one follows, now ending the day before it starts. */
  closed: RateVersionRow<RateDefinition> | null;
}

/**
 * Adds a version to a schedule: { effectiveFrom, effectiveTo?, definition }. When the latest
 * version is open-ended and starts before this one, it is closed the day before; the versions
 * must then still follow one another with no gap or overlap.
 */
export async function addRateVersion(
  database: Database,
  options: { rateCode: string; input: unknown; actor: Actor; inTx?: Tx },
): Promise<AddRateVersionResult> {
  const raw = asRecord(options.input, 'version');
  const problems = new Problems();
  const effectiveFrom = requiredDate(raw.effectiveFrom, 'effectiveFrom', problems);
  const effectiveTo = optionalDate(raw.effectiveTo, 'effectiveTo', problems);
  const definition = readDefinition(raw.definition, problems);
  problems.throwIfAny();
  assert(effectiveFrom !== undefined && definition !== undefined, 'a checked version has its dates and definition');
  const work = async (tx: Tx): Promise<AddRateVersionResult> => {
    const locked = await sql`select code from rate_schedule where code = ${options.rateCode} for update`.execute(tx);
    if (locked.rows.length === 0) throw notFound('rate schedule', options.rateCode);
    const existing = (await sql<RateVersionRow<RateDefinition>>`select ${versionColumns} from rate_version
      where rate_code = ${options.rateCode} order by effective_from`.execute(tx)).rows;
    const latest = existing.at(-1);
    const closing = latest && latest.effectiveTo === null && latest.effectiveFrom < effectiveFrom ? latest : null;
    const closedTo = addDays(effectiveFrom, -1);
    const resulting = existing.map((row) => (row === closing ? { ...row, effectiveTo: closedTo } : row));
    checkDates([...resulting, { effectiveFrom, effectiveTo }], existing.length);
    await checkRevenueAccounts(tx, definition);
    if (closing) await sql`update rate_version set effective_to = ${closedTo} where id = ${closing.id}`.execute(tx);
    const inserted = await sql<RateVersionRow<RateDefinition>>`insert into rate_version (rate_code, effective_from, effective_to, definition, created_by)
      values (${options.rateCode}, ${effectiveFrom}, ${effectiveTo}, ${JSON.stringify(definition)}::jsonb, ${options.actor.username})
      returning ${versionColumns}`.execute(tx);
    const version = inserted.rows[0];
    assert(version !== undefined, 'the insert returns the version');
    const closed = closing ? { ...closing, effectiveTo: closedTo } : null;
    await recordAudit(tx, {
      actor: options.actor, action: 'utility.add_rate_version', entityType: 'rate_version', entityId: version.id, after: version,
      details: { rateCode: options.rateCode, closedVersion: closing ? { id: closing.id, effectiveToBefore: null, effectiveToAfter: closedTo } : null },
    });
    return { version, closed };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/** The definition, typed, or undefined with all its problems added (each with its field). */
function readDefinition(value: unknown, problems: Problems): RateDefinition | undefined {
  try {
    return validateRateDefinition(value, 'definition');
  } catch (error) {
    if (!isAppError(error) || error.code !== 'invalid_input') throw error;
    problems.list.push(...((error.details.problems as FieldProblem[] | undefined) ?? []));
    return undefined;
  }
}

/** The dates of the schedule after the change; problems are named on the new version's fields. */
function checkDates(versions: Array<{ effectiveFrom: string; effectiveTo: string | null }>, newIndex: number): void {
  try {
    validateRateVersions(versions, 'versions');
  } catch (error) {
    if (!isAppError(error)) throw error;
    const list = (error.details.problems as FieldProblem[] | undefined) ?? [];
    throw invalidFields(list.map((problem) => ({
      field: problem.field === `versions[${newIndex}].effectiveTo` ? 'effectiveTo' : 'effectiveFrom',
      message: problem.message,
    })));
  }
}

/** Every revenue account the definition names, with the path of the field that names it. */
function revenueAccountsOf(definition: RateDefinition): Array<{ field: string; code: string }> {
  const found: Array<{ field: string; code: string }> = [];
  const single = ['fixed', 'tiers', 'uniform', 'winterAverage', 'minimum', 'flat'] as const;
  for (const key of single) {
    const component = definition[key];
    if (component) found.push({ field: `definition.${key}.revenueAccount`, code: component.revenueAccount });
  }
  (definition.surcharges ?? []).forEach((surcharge, index) => found.push({ field: `definition.surcharges[${index}].revenueAccount`, code: surcharge.revenueAccount }));
  (definition.percentFees ?? []).forEach((fee, index) => found.push({ field: `definition.percentFees[${index}].revenueAccount`, code: fee.revenueAccount }));
  return found;
}

async function checkRevenueAccounts(tx: Tx, definition: RateDefinition): Promise<void> {
  const named = revenueAccountsOf(definition);
  const accounts = await findAccounts(tx, named.map((entry) => entry.code));
  const problems: FieldProblem[] = [];
  for (const { field, code } of named) {
    const account = accounts.get(code);
    if (!account) problems.push({ field, message: `account ${code} does not exist` });
    else if (!account.isActive) problems.push({ field, message: `account ${code} (${account.name}) is inactive` });
    else if (account.accountType !== 'revenue') problems.push({ field, message: `account ${code} (${account.name}) is a ${account.accountType} account, not a revenue account` });
    else if (account.subledger) problems.push({ field, message: `account ${code} (${account.name}) is a control account` });
  }
  if (problems.length > 0) throw invalidFields(problems);
}
