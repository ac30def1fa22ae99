/**
 * Keeping the late-charge rules (per receivable kind) and the revenue accounts penalties and
 * interest post to (per fund). Both are data, edited by people holding billing.catalog; audited.
 * Errors: invalid_input (naming the field), not_found.
 */
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';
import { getAccount } from '../ledger/index.js';
import { listReceivableKinds } from '../receivables/index.js';
import { asRecord, Problems, readBoolean, readInteger, readOptionalAmount } from './input.js';
import type { LateChargeRule } from './late-charges.js';

export async function listLateChargeRules(db: Executor): Promise<LateChargeRule[]> {
  const result = await sql<LateChargeRule>`select kind, penalty_rate::text as "penaltyRate", penalty_after_days as "penaltyAfterDays",
      penalty_minimum_cents as "penaltyMinimumCents", interest_rate_monthly::text as "interestRateMonthly", is_active as "isActive"
    from late_charge_rule order by kind`.execute(db);
  return result.rows;
}

function readRate(value: unknown, field: string, problems: Problems, max: string): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,2}(\.\d{1,6})?$/.test(text) || new Decimal(text).gt(max)) {
    problems.add(field, `must be a rate from 0 to ${max} with at most 6 decimals (0.10 = 10%)`);
    return null;
  }
  return new Decimal(text).toFixed(6);
}

/** Creates or changes the rule of a receivable kind (what is not given keeps its value). */
export async function setLateChargeRule(database: Database, options: { kind: string; input: unknown; actor: Actor; inTx?: Tx }): Promise<LateChargeRule> {
  const raw = asRecord(options.input, 'rule');
  const problems = new Problems();
  const penaltyRate = readRate(raw.penaltyRate, 'penaltyRate', problems, '1');
  const interestRate = readRate(raw.interestRateMonthly, 'interestRateMonthly', problems, '0.1');
  const afterDays = readInteger(raw.penaltyAfterDays, 'penaltyAfterDays', problems, { required: false, min: 0, max: 3650 });
  const minimum = readOptionalAmount(raw, 'penaltyMinimum', '', problems);
  const isActive = readBoolean(raw.isActive, 'isActive', problems);
  problems.throwIfAny();
  const work = async (tx: Tx) => {
    if (!(await listReceivableKinds(tx)).some((kind) => kind.code === options.kind)) {
      throw invalidInput('kind', `"${options.kind}" is not a receivable kind`);
    }
    const before = (await listLateChargeRules(tx)).find((rule) => rule.kind === options.kind) ?? null;
    await sql`insert into late_charge_rule (kind, penalty_rate, penalty_after_days, penalty_minimum_cents, interest_rate_monthly, is_active, updated_by)
      values (${options.kind}, coalesce(${penaltyRate}::numeric, 0), coalesce(${afterDays}::int, 30), coalesce(${minimum ?? null}::bigint, 0),
        coalesce(${interestRate}::numeric, 0), coalesce(${isActive}::boolean, true), ${options.actor.username})
      on conflict (kind) do update set
        penalty_rate = coalesce(${penaltyRate}::numeric, late_charge_rule.penalty_rate),
        penalty_after_days = coalesce(${afterDays}::int, late_charge_rule.penalty_after_days),
        penalty_minimum_cents = coalesce(${minimum ?? null}::bigint, late_charge_rule.penalty_minimum_cents),
        interest_rate_monthly = coalesce(${interestRate}::numeric, late_charge_rule.interest_rate_monthly),
        is_active = coalesce(${isActive}::boolean, late_charge_rule.is_active),
        updated_at = now(), updated_by = ${options.actor.username}`.execute(tx);
    const after = (await listLateChargeRules(tx)).find((rule) => rule.kind === options.kind) as LateChargeRule;
    await recordAudit(tx, { actor: options.actor, action: 'billing.set_late_charge_rule', entityType: 'late_charge_rule', entityId: options.kind, before, after });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

export interface LateChargeAccounts {
  fundCode: string;
  penaltyAccountCode: string;
  interestAccountCode: string;
}

export async function listLateChargeAccounts(db: Executor): Promise<LateChargeAccounts[]> {
  const result = await sql<LateChargeAccounts>`select l.fund_code as "fundCode", p.code as "penaltyAccountCode", i.code as "interestAccountCode"
    from late_charge_account l join account p on p.id = l.penalty_account_id join account i on i.id = l.interest_account_id
    order by l.fund_code`.execute(db);
  return result.rows;
}

/** The revenue accounts a fund's penalties and interest post to. */
export async function setLateChargeAccounts(
  database: Database,
  options: { fundCode: string; penaltyAccountCode: string; interestAccountCode: string; actor: Actor; inTx?: Tx },
): Promise<LateChargeAccounts> {
  const work = async (tx: Tx) => {
    const problems = new Problems();
    const ids: number[] = [];
    for (const [field, code] of [['penaltyAccountCode', options.penaltyAccountCode], ['interestAccountCode', options.interestAccountCode]] as const) {
      const account = await getAccount(tx, code).catch(() => null);
      if (!account) problems.add(field, `account ${code} does not exist`);
      else if (account.fundCode !== options.fundCode) problems.add(field, `account ${account.code} is in fund ${account.fundCode}, not ${options.fundCode}`);
      else if (account.accountType !== 'revenue' || account.subledger) problems.add(field, `account ${account.code} is not a revenue account`);
      else ids.push(account.id);
    }
    problems.throwIfAny();
    const before = (await listLateChargeAccounts(tx)).find((row) => row.fundCode === options.fundCode) ?? null;
    await sql`insert into late_charge_account (fund_code, penalty_account_id, interest_account_id, updated_by)
      values (${options.fundCode}, ${ids[0]}, ${ids[1]}, ${options.actor.username})
      on conflict (fund_code) do update set penalty_account_id = excluded.penalty_account_id,
        interest_account_id = excluded.interest_account_id, updated_at = now(), updated_by = excluded.updated_by`.execute(tx);
    const after = (await listLateChargeAccounts(tx)).find((row) => row.fundCode === options.fundCode) as LateChargeAccounts;
    await recordAudit(tx, { actor: options.actor, action: 'billing.set_late_charge_accounts', entityType: 'fund', entityId: options.fundCode, before, after });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}
