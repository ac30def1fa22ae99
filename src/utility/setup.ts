/**
 * Utility billing set-up: customer classes, billing cycles and their routes, and the deposits
 * account of each utility fund. Each write is audited in its own transaction.
 * Errors: invalid_input (field named), conflict (the code exists).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { cents, parseCents, type Cents } from '../shared/money.js';
import { findAccounts } from '../ledger/index.js';

export interface UtilityClass {
  code: string;
  name: string;
  isResidential: boolean;
  tiersPerUnit: boolean;
  depositCents: Cents;
}

export interface BillingCycle {
  code: string;
  name: string;
  dueDays: number;
  isActive: boolean;
  routes: Array<{ code: string; name: string }>;
  accountCount: number;
}

export interface UtilitySetup {
  classes: UtilityClass[];
  cycles: BillingCycle[];
  fundAccounts: Array<{ fundCode: string; depositsAccountCode: string }>;
}

export async function getUtilitySetup(db: Executor): Promise<UtilitySetup> {
  const classes = await sql<UtilityClass>`select code, name, is_residential as "isResidential", tiers_per_unit as "tiersPerUnit",
      deposit_cents as "depositCents" from utility_class order by code`.execute(db);
  const cycles = await sql<BillingCycle>`select c.code, c.name, c.due_days as "dueDays", c.is_active as "isActive",
      coalesce((select json_agg(json_build_object('code', r.code, 'name', r.name) order by r.code) from billing_route r where r.cycle_code = c.code), '[]') as routes,
      (select count(*)::int from utility_account a where a.cycle_code = c.code and a.status = 'active') as "accountCount"
    from billing_cycle c order by c.code`.execute(db);
  const funds = await sql<{ fundCode: string; depositsAccountCode: string }>`select f.fund_code as "fundCode", a.code as "depositsAccountCode"
    from utility_fund_account f join account a on a.id = f.deposits_account_id order by f.fund_code`.execute(db);
  return { classes: classes.rows.map((row) => ({ ...row, depositCents: cents(Number(row.depositCents)) })), cycles: cycles.rows, fundAccounts: funds.rows };
}

const codePattern = /^[a-z][a-z0-9_]{1,30}$/;

export async function saveUtilityClass(database: Database, options: { input: unknown; actor: Actor }): Promise<UtilityClass> {
  const raw = asRecord(options.input, 'class');
  const problems = new Problems();
  const code = text(raw.code, 'code', problems, { required: true, max: 31 });
  if (code !== null && !codePattern.test(code)) problems.add('code', 'lower-case letters, digits and _, starting with a letter (single_family)');
  const name = text(raw.name, 'name', problems, { required: true, max: 100 });
  if (typeof raw.isResidential !== 'boolean') problems.add('isResidential', 'must be true or false');
  const depositCents = raw.depositCents === undefined ? cents(0) : problems.attempt(() => parseCents(raw.depositCents, 'depositCents'));
  if (depositCents !== undefined && depositCents < 0) problems.add('depositCents', 'cannot be negative');
  problems.throwIfAny();
  const row: UtilityClass = { code: code as string, name: name as string, isResidential: raw.isResidential as boolean,
    tiersPerUnit: raw.tiersPerUnit === true, depositCents: depositCents as Cents };
  return inTransaction(database, async (tx) => {
    await sql`insert into utility_class (code, name, is_residential, tiers_per_unit, deposit_cents)
      values (${row.code}, ${row.name}, ${row.isResidential}, ${row.tiersPerUnit}, ${row.depositCents})
      on conflict (code) do update set name = excluded.name, is_residential = excluded.is_residential,
        tiers_per_unit = excluded.tiers_per_unit, deposit_cents = excluded.deposit_cents`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'utility.save_class', entityType: 'utility_class', entityId: row.code, after: row });
    return row;
  });
}

export async function saveBillingCycle(database: Database, options: { input: unknown; actor: Actor }): Promise<BillingCycle> {
  const raw = asRecord(options.input, 'cycle');
  const problems = new Problems();
  const code = text(raw.code, 'code', problems, { required: true, max: 10 });
  if (code !== null && !/^[A-Z0-9][A-Z0-9-]{0,9}$/.test(code)) problems.add('code', 'capital letters, digits and -, up to 10 (C1)');
  const name = text(raw.name, 'name', problems, { required: true, max: 100 });
  const dueDays = raw.dueDays === undefined ? 21 : Number(raw.dueDays);
  if (!Number.isInteger(dueDays) || dueDays < 1 || dueDays > 90) problems.add('dueDays', 'a whole number of days from 1 to 90');
  const routes = Array.isArray(raw.routes) ? raw.routes : [];
  routes.forEach((route: unknown, index) => {
    const value = (route ?? {}) as Record<string, unknown>;
    if (typeof value.code !== 'string' || !/^[A-Z0-9][A-Z0-9-]{0,19}$/.test(value.code)) problems.add(`routes[${index}].code`, 'capital letters, digits and -, up to 20');
    if (typeof value.name !== 'string' || value.name.trim() === '') problems.add(`routes[${index}].name`, 'is required');
  });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    await sql`insert into billing_cycle (code, name, due_days) values (${code}, ${name}, ${dueDays})
      on conflict (code) do update set name = excluded.name, due_days = excluded.due_days`.execute(tx);
    for (const route of routes as Array<{ code: string; name: string }>) {
      const taken = await sql<{ cycle: string }>`select cycle_code as cycle from billing_route where code = ${route.code}`.execute(tx);
      if (taken.rows[0] && taken.rows[0].cycle !== code) {
        throw new AppError('conflict', `Route ${route.code} belongs to cycle ${taken.rows[0].cycle}`, { field: 'routes' });
      }
      await sql`insert into billing_route (code, cycle_code, name) values (${route.code}, ${code}, ${route.name.trim()})
        on conflict (code) do update set name = excluded.name`.execute(tx);
    }
    const saved = (await getUtilitySetup(tx)).cycles.find((cycle) => cycle.code === code) as BillingCycle;
    await recordAudit(tx, { actor: options.actor, action: 'utility.save_cycle', entityType: 'billing_cycle', entityId: code as string, after: saved });
    return saved;
  });
}

/** The liability account a fund holds utility deposits in. */
export async function setUtilityFundAccount(database: Database, options: { fundCode: string; depositsAccountCode: string; actor: Actor }): Promise<void> {
  await inTransaction(database, async (tx) => {
    const account = (await findAccounts(tx, [options.depositsAccountCode])).get(options.depositsAccountCode);
    if (!account) throw new AppError('invalid_input', `depositsAccountCode: ${options.depositsAccountCode} is not an account`, { field: 'depositsAccountCode' });
    if (account.accountType !== 'liability' || account.fundCode !== options.fundCode) {
      throw new AppError('invalid_input', `depositsAccountCode: ${account.code} is not a liability account of fund ${options.fundCode}`, { field: 'depositsAccountCode' });
    }
    await sql`insert into utility_fund_account (fund_code, deposits_account_id) values (${options.fundCode}, ${account.id})
      on conflict (fund_code) do update set deposits_account_id = excluded.deposits_account_id`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'utility.set_fund_account', entityType: 'utility_fund_account', entityId: options.fundCode,
      after: { depositsAccountCode: account.code } });
  });
}

/** The due-to account (in the account's fund) and due-from account (in the revenue's fund) a bill's other-fund revenue goes through. */
export async function setUtilityInterfund(
  database: Database,
  options: { receivableFundCode: string; revenueFundCode: string; dueToAccountCode: string; dueFromAccountCode: string; actor: Actor },
): Promise<void> {
  await inTransaction(database, async (tx) => {
    const found = await findAccounts(tx, [options.dueToAccountCode, options.dueFromAccountCode]);
    const dueTo = found.get(options.dueToAccountCode);
    const dueFrom = found.get(options.dueFromAccountCode);
    if (!dueTo || dueTo.fundCode !== options.receivableFundCode || dueTo.accountType !== 'liability') {
      throw new AppError('invalid_input', `dueToAccountCode: ${options.dueToAccountCode} is not a liability account of fund ${options.receivableFundCode}`, { field: 'dueToAccountCode' });
    }
    if (!dueFrom || dueFrom.fundCode !== options.revenueFundCode || dueFrom.accountType !== 'asset') {
      throw new AppError('invalid_input', `dueFromAccountCode: ${options.dueFromAccountCode} is not an asset account of fund ${options.revenueFundCode}`, { field: 'dueFromAccountCode' });
    }
    await sql`insert into utility_interfund (receivable_fund_code, revenue_fund_code, due_to_account_id, due_from_account_id)
      values (${options.receivableFundCode}, ${options.revenueFundCode}, ${dueTo.id}, ${dueFrom.id})
      on conflict (receivable_fund_code, revenue_fund_code) do update set due_to_account_id = excluded.due_to_account_id, due_from_account_id = excluded.due_from_account_id`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'utility.set_interfund', entityType: 'utility_interfund',
      entityId: `${options.receivableFundCode}>${options.revenueFundCode}`, after: { dueTo: dueTo.code, dueFrom: dueFrom.code } });
  });
}
