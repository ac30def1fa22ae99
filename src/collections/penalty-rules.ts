/**
 * Keeping the penalty rules: list them, add a version (validated, every wrong field named), and
 * deactivate one. A version is scoped to a utility class, a rate schedule, both, or neither (the
 * default); versions of one scope never overlap: adding one after an open-ended version closes
 * that one the day before, every other overlap is refused naming the versions. Each write and its
 * audit row are one transaction. The pure rules are in penalties.ts.
 *
 * Errors: invalid_input (naming the field), not_found (a rule), conflict (deactivating twice).
 */
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, requiredDate, text } from '../shared/input.js';
import { parseCents, parseDollars, type Cents } from '../shared/money.js';
import { findAccounts } from '../ledger/index.js';
import { describeScope, overlappingVersions, type PenaltyRule } from './penalties.js';

const ruleColumns = sql`r.id, r.class_code as "classCode", r.rate_code as "rateCode", r.effective_from as "effectiveFrom",
  r.effective_to as "effectiveTo", r.grace_days as "graceDays", r.current_rate::text as "currentRate",
  r.past_due_rate::text as "pastDueRate", r.minimum_cents as "minimumCents", r.maximum_cents as "maximumCents",
  a.code as "revenueAccountCode", r.description, r.is_active as "isActive"`;

export interface PenaltyRuleRow extends PenaltyRule {
  revenueFundCode: string;
  createdAt: string;
  createdBy: string;
  updatedBy: string;
  deactivatedBy: string | null;
}

/** The rules, by scope and date; inactive ones too unless `activeOnly`. */
export async function listPenaltyRules(db: Executor, options: { activeOnly?: boolean } = {}): Promise<PenaltyRuleRow[]> {
  const activeOnly = options.activeOnly ?? false;
  const result = await sql<PenaltyRuleRow & { createdAt: Date }>`select ${ruleColumns}, a.fund_code as "revenueFundCode",
      r.created_at as "createdAt", r.created_by as "createdBy", r.updated_by as "updatedBy", r.deactivated_by as "deactivatedBy"
    from penalty_rule r join account a on a.id = r.revenue_account_id
    where not ${activeOnly} or r.is_active
    order by r.class_code nulls first, r.rate_code nulls first, r.effective_from, r.id`.execute(db);
  return result.rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}

/** The active rules: what the penalty job decides by. */
export async function loadActivePenaltyRules(db: Executor): Promise<Array<PenaltyRule & { revenueFundCode: string }>> {
  const result = await sql<PenaltyRule & { revenueFundCode: string }>`select ${ruleColumns}, a.fund_code as "revenueFundCode"
    from penalty_rule r join account a on a.id = r.revenue_account_id
    where r.is_active order by r.id`.execute(db);
  return result.rows;
}

export interface PenaltyRuleInput {
  classCode?: string | null;
  rateCode?: string | null;
  effectiveFrom: string;
  effectiveTo?: string | null;
  graceDays: number;
  /** Decimal text or number: 0.10 = 10% of the unpaid current charges. */
  currentRate: string | number;
  /** 0.01 = 1% of the unpaid previous balance. */
  pastDueRate: string | number;
  /** Integer cents, or `minimum` in dollars. */
  minimumCents?: number | string | null;
  minimum?: string | null;
  maximumCents?: number | string | null;
  maximum?: string | null;
  revenueAccount: string;
  description?: string | null;
}

function readRate(value: unknown, field: string, problems: Problems): string | undefined {
  const written = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d(\.\d{1,6})?$|^\.\d{1,6}$/.test(written) || new Decimal(written).gt(1)) {
    problems.add(field, 'must be a rate from 0 to 1 with at most 6 decimals (0.10 = 10%)');
    return undefined;
  }
  return new Decimal(written).toFixed(6);
}

function readAmount(raw: Record<string, unknown>, name: 'minimum' | 'maximum', problems: Problems): Cents | null | undefined {
  const centsValue = raw[`${name}Cents`];
  const dollars = raw[name];
  const hasCents = centsValue !== undefined && centsValue !== null && centsValue !== '';
  const hasDollars = dollars !== undefined && dollars !== null && dollars !== '';
  if (hasCents && hasDollars) {
    problems.add(`${name}Cents`, `give one amount: ${name}Cents (integer cents) or ${name} (dollars)`);
    return undefined;
  }
  if (!hasCents && !hasDollars) return null;
  const amount = problems.attempt(() => hasCents ? parseCents(centsValue, `${name}Cents`) : parseDollars(String(dollars), name));
  if (amount !== undefined && amount < 0) {
    problems.add(hasCents ? `${name}Cents` : name, 'cannot be negative');
    return undefined;
  }
  return amount;
}

function readGraceDays(value: unknown, problems: Problems): number | undefined {
  const days = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 365) {
    problems.add('graceDays', 'must be a whole number of days from 0 to 365');
    return undefined;
  }
  return days;
}

interface ValidRule {
  classCode: string | null;
  rateCode: string | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  graceDays: number;
  currentRate: string;
  pastDueRate: string;
  minimumCents: Cents;
  maximumCents: Cents | null;
  revenueAccount: string;
  description: string | null;
}

/** Checks the form alone (no database): every wrong field named at once. */
export function parsePenaltyRuleInput(input: unknown): ValidRule {
  const raw = asRecord(input, 'rule');
  const problems = new Problems();
  const classCode = text(raw.classCode, 'classCode', problems, { required: false, max: 31 });
  const rateCode = text(raw.rateCode, 'rateCode', problems, { required: false, max: 30 });
  const effectiveFrom = requiredDate(raw.effectiveFrom, 'effectiveFrom', problems);
  const effectiveTo = optionalDate(raw.effectiveTo, 'effectiveTo', problems);
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) problems.add('effectiveTo', 'cannot be before effectiveFrom');
  const graceDays = readGraceDays(raw.graceDays, problems);
  const currentRate = readRate(raw.currentRate, 'currentRate', problems);
  const pastDueRate = readRate(raw.pastDueRate, 'pastDueRate', problems);
  const minimumCents = readAmount(raw, 'minimum', problems);
  const maximumCents = readAmount(raw, 'maximum', problems);
  if (typeof minimumCents === 'number' && typeof maximumCents === 'number' && maximumCents < minimumCents) {
    problems.add(raw.maximumCents !== undefined && raw.maximumCents !== null ? 'maximumCents' : 'maximum', 'cannot be less than the minimum');
  }
  const revenueAccount = text(raw.revenueAccount, 'revenueAccount', problems, { required: true, max: 20 });
  const description = text(raw.description, 'description', problems, { required: false, max: 200 });
  problems.throwIfAny();
  return {
    classCode, rateCode, effectiveFrom: effectiveFrom as IsoDate, effectiveTo, graceDays: graceDays as number,
    currentRate: currentRate as string, pastDueRate: pastDueRate as string, minimumCents: (minimumCents ?? 0) as Cents,
    maximumCents: maximumCents ?? null, revenueAccount: revenueAccount as string, description,
  };
}

/** Adds a rule version (see the module comment); returns it. */
export async function addPenaltyRule(database: Database, options: { input: unknown; actor: Actor; inTx?: Tx }): Promise<PenaltyRuleRow> {
  const rule = parsePenaltyRuleInput(options.input);
  const work = async (tx: Tx): Promise<PenaltyRuleRow> => {
    // One writer of rules at a time, so two overlapping versions cannot both pass the check.
    await sql`lock table penalty_rule in share row exclusive mode`.execute(tx);
    const revenueAccountId = await checkReferences(tx, rule);
    const existing = await listPenaltyRules(tx, { activeOnly: true });
    const overlaps = overlappingVersions(existing, rule);
    const toClose = overlaps.filter((version) => version.effectiveTo === null && version.effectiveFrom < rule.effectiveFrom);
    const refused = overlaps.filter((version) => !toClose.includes(version));
    if (refused.length > 0) {
      const named = refused.map((version) => `rule ${version.id} (${describeScope(version)}, ${version.effectiveFrom} to ${version.effectiveTo ?? 'open'})`);
      throw new AppError('invalid_input', `effectiveFrom: the version overlaps ${named.join(', ')}`, { field: 'effectiveFrom', overlaps: refused.map((version) => version.id) });
    }
    for (const version of toClose) {
      const closedOn = addDays(rule.effectiveFrom, -1);
      await sql`update penalty_rule set effective_to = ${closedOn}, updated_at = now(), updated_by = ${options.actor.username}
        where id = ${version.id}`.execute(tx);
      await recordAudit(tx, { actor: options.actor, action: 'collections.close_penalty_rule', entityType: 'penalty_rule', entityId: version.id,
        before: { effectiveTo: null }, after: { effectiveTo: closedOn }, details: { supersededFrom: rule.effectiveFrom } });
    }
    const inserted = await sql<{ id: number }>`insert into penalty_rule (class_code, rate_code, effective_from, effective_to, grace_days,
        current_rate, past_due_rate, minimum_cents, maximum_cents, revenue_account_id, description, created_by, updated_by)
      values (${rule.classCode}, ${rule.rateCode}, ${rule.effectiveFrom}, ${rule.effectiveTo}, ${rule.graceDays}, ${rule.currentRate}::numeric,
        ${rule.pastDueRate}::numeric, ${rule.minimumCents}, ${rule.maximumCents}, ${revenueAccountId}, ${rule.description},
        ${options.actor.username}, ${options.actor.username})
      returning id`.execute(tx);
    const after = await getPenaltyRule(tx, inserted.rows[0]?.id as number);
    await recordAudit(tx, { actor: options.actor, action: 'collections.add_penalty_rule', entityType: 'penalty_rule', entityId: after.id, after });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

async function checkReferences(tx: Tx, rule: ValidRule): Promise<number> {
  const problems = new Problems();
  const found = await sql<{ hasClass: boolean; hasRate: boolean }>`select
      exists (select 1 from utility_class where code = ${rule.classCode}) as "hasClass",
      exists (select 1 from rate_schedule where code = ${rule.rateCode}) as "hasRate"`.execute(tx);
  const row = found.rows[0];
  if (rule.classCode !== null && !row?.hasClass) problems.add('classCode', `utility class ${rule.classCode} does not exist`);
  if (rule.rateCode !== null && !row?.hasRate) problems.add('rateCode', `rate schedule ${rule.rateCode} does not exist`);
  const account = (await findAccounts(tx, [rule.revenueAccount])).get(rule.revenueAccount);
  if (!account) problems.add('revenueAccount', `account ${rule.revenueAccount} does not exist`);
  else if (!account.isActive) problems.add('revenueAccount', `account ${account.code} is inactive`);
  else if (account.accountType !== 'revenue' || account.subledger) problems.add('revenueAccount', `account ${account.code} is not a revenue account`);
  problems.throwIfAny();
  return (account as { id: number }).id;
}

export async function getPenaltyRule(db: Executor, id: number): Promise<PenaltyRuleRow> {
  const rule = (await listPenaltyRules(db)).find((row) => row.id === id);
  if (!rule) throw notFound('penalty rule', id);
  return rule;
}

/** Deactivates a rule version: it no longer decides bills (those decided by it stay as they are). */
export async function deactivatePenaltyRule(database: Database, options: { ruleId: number; actor: Actor; inTx?: Tx }): Promise<PenaltyRuleRow> {
  const work = async (tx: Tx): Promise<PenaltyRuleRow> => {
    const before = await getPenaltyRule(tx, options.ruleId);
    if (!before.isActive) throw new AppError('conflict', `Penalty rule ${before.id} is already inactive`, { field: 'ruleId' });
    await sql`update penalty_rule set is_active = false, deactivated_at = now(), deactivated_by = ${options.actor.username},
      updated_at = now(), updated_by = ${options.actor.username} where id = ${options.ruleId}`.execute(tx);
    const after = await getPenaltyRule(tx, options.ruleId);
    await recordAudit(tx, { actor: options.actor, action: 'collections.deactivate_penalty_rule', entityType: 'penalty_rule', entityId: after.id,
      before: { isActive: true }, after: { isActive: false } });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}
