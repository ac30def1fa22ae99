/**
 * Cashiering set-up: the undeposited-funds and bank account of each fund, the over/short and
 * returned-payment fee accounts, drawers, and the items sold at the counter. Audited.
 * Errors: invalid_input, not_found.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';
import { parseCents, type Cents } from '../shared/money.js';
import { findAccounts, type Account } from '../ledger/index.js';

export interface FundAccounts {
  fundCode: string;
  undepositedAccountCode: string;
  bankAccountCode: string;
  returnedFeeAccountCode: string | null;
}

export interface CashieringSetup {
  fundAccounts: FundAccounts[];
  overShortAccountCode: string | null;
  /** Lockbox payments that match no open account wait here (a liability) until applied. */
  lockboxSuspenseAccountCode: string | null;
}

export interface Drawer {
  id: number;
  code: string;
  name: string;
  location: string | null;
  isActive: boolean;
}

export interface CounterItem {
  id: number;
  code: string;
  name: string;
  unitPriceCents: Cents | null;
  revenueAccountCode: string;
  fundCode: string;
  isActive: boolean;
}

export async function getCashieringSetup(db: Executor): Promise<CashieringSetup> {
  const funds = await sql<FundAccounts>`${fundAccountsSelect}`.execute(db);
  const config = await sql<{ overShort: string | null; suspense: string | null }>`select o.code as "overShort", s.code as suspense
    from cashiering_config c left join account o on o.id = c.over_short_account_id
    left join account s on s.id = c.lockbox_suspense_account_id`.execute(db);
  return {
    fundAccounts: funds.rows,
    overShortAccountCode: config.rows[0]?.overShort ?? null,
    lockboxSuspenseAccountCode: config.rows[0]?.suspense ?? null,
  };
}

/** The undeposited-funds account of each fund named; a fund without one cannot take payments. */
export async function undepositedAccounts(db: Executor, fundCodes: readonly string[]): Promise<Map<string, FundAccounts>> {
  const setup = await getCashieringSetup(db);
  const byFund = new Map(setup.fundAccounts.map((row) => [row.fundCode, row]));
  const missing = [...new Set(fundCodes)].filter((fund) => !byFund.has(fund));
  if (missing.length > 0) {
    throw new AppError('invalid_input', `Cashiering has no undeposited-funds account for fund ${missing.join(', ')}; an accountant sets it in cashiering set-up`, {
      field: 'fund',
      funds: missing,
    });
  }
  return byFund;
}

async function requireAccount(
  tx: Executor,
  code: string | null,
  field: string,
  problems: Problems,
  check: (account: Account) => string | null,
): Promise<Account | null> {
  if (!code) return null;
  const account = (await findAccounts(tx, [code])).get(code);
  if (!account) {
    problems.add(field, `account ${code} does not exist`);
    return null;
  }
  const wrong = !account.isActive ? `account ${code} is inactive` : account.subledger ? `account ${code} is a control account` : check(account);
  if (wrong) {
    problems.add(field, wrong);
    return null;
  }
  return account;
}

const isAsset = (account: Account): string | null => (account.accountType === 'asset' ? null : `account ${account.code} is not an asset account`);

export async function setFundAccounts(
  database: Database,
  options: { input: unknown; actor: Actor },
): Promise<FundAccounts> {
  const raw = asRecord(options.input, 'fund accounts');
  const problems = new Problems();
  const fundCode = text(raw.fundCode, 'fundCode', problems, { required: true, max: 3 });
  const undepositedCode = text(raw.undepositedAccount, 'undepositedAccount', problems, { required: true, max: 20 });
  const bankCode = text(raw.bankAccount, 'bankAccount', problems, { required: true, max: 20 });
  const feeCode = text(raw.returnedFeeAccount, 'returnedFeeAccount', problems, { required: false, max: 20 });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const undeposited = await requireAccount(tx, undepositedCode, 'undepositedAccount', problems, isAsset);
    const bank = await requireAccount(tx, bankCode, 'bankAccount', problems, isAsset);
    if (undeposited && undeposited.fundCode !== fundCode) problems.add('undepositedAccount', `account ${undeposited.code} is not in fund ${fundCode}`);
    if (bank && bank.fundCode !== fundCode) problems.add('bankAccount', `account ${bank.code} is not in fund ${fundCode}`);
    if (undeposited && bank && undeposited.id === bank.id) problems.add('bankAccount', 'must differ from the undeposited-funds account');
    const fee = await requireAccount(tx, feeCode, 'returnedFeeAccount', problems, (account) =>
      account.accountType !== 'revenue' ? `account ${account.code} is not a revenue account`
        : account.fundCode !== fundCode ? `account ${account.code} is not in fund ${fundCode}` : null);
    problems.throwIfAny();
    await sql`insert into cashiering_fund_account (fund_code, undeposited_account_id, bank_account_id, returned_fee_account_id, updated_by)
      values (${fundCode}, ${undeposited?.id}, ${bank?.id}, ${fee?.id ?? null}, ${options.actor.username})
      on conflict (fund_code) do update set undeposited_account_id = excluded.undeposited_account_id,
        bank_account_id = excluded.bank_account_id, returned_fee_account_id = excluded.returned_fee_account_id,
        updated_by = excluded.updated_by, updated_at = now()`.execute(tx);
    const after = { fundCode: fundCode as string, undepositedAccountCode: undepositedCode as string, bankAccountCode: bankCode as string,
      returnedFeeAccountCode: feeCode };
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.set_fund_accounts', entityType: 'fund', entityId: fundCode as string, after });
    return after;
  });
}

/** The over/short account and the lockbox suspense account; an account not given stays as it is. */
export async function setCashieringAccounts(
  database: Database,
  options: { input: unknown; actor: Actor },
): Promise<CashieringSetup> {
  const raw = asRecord(options.input, 'cashiering accounts');
  const problems = new Problems();
  const overShortCode = text(raw.overShortAccount, 'overShortAccount', problems, { required: false, max: 20 });
  const suspenseCode = text(raw.lockboxSuspenseAccount, 'lockboxSuspenseAccount', problems, { required: false, max: 20 });
  if (!overShortCode && !suspenseCode) problems.add('overShortAccount', 'give the over/short account, the lockbox suspense account or both');
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const nominal = (account: Account): string | null =>
      account.accountType === 'revenue' || account.accountType === 'expenditure'
        ? null
        : `account ${account.code} is not a revenue or expense account`;
    const liability = (account: Account): string | null =>
      account.accountType === 'liability' ? null : `account ${account.code} is not a liability account`;
    const overShort = await requireAccount(tx, overShortCode, 'overShortAccount', problems, nominal);
    const suspense = await requireAccount(tx, suspenseCode, 'lockboxSuspenseAccount', problems, liability);
    problems.throwIfAny();
    // The other side of an over/short posting is its fund's undeposited-funds account; the
    // suspense account holds money in its fund's bank account.
    await undepositedAccounts(tx, [overShort?.fundCode, suspense?.fundCode].filter((fund): fund is string => Boolean(fund)));
    const before = await getCashieringSetup(tx);
    await sql`insert into cashiering_config (id, over_short_account_id, lockbox_suspense_account_id, updated_by)
      values (true, ${overShort?.id ?? null}, ${suspense?.id ?? null}, ${options.actor.username})
      on conflict (id) do update set
        over_short_account_id = coalesce(excluded.over_short_account_id, cashiering_config.over_short_account_id),
        lockbox_suspense_account_id = coalesce(excluded.lockbox_suspense_account_id, cashiering_config.lockbox_suspense_account_id),
        updated_by = excluded.updated_by, updated_at = now()`.execute(tx);
    const setup = await getCashieringSetup(tx);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.set_accounts', entityType: 'cashiering_config', entityId: 'accounts',
      before: { overShortAccountCode: before.overShortAccountCode, lockboxSuspenseAccountCode: before.lockboxSuspenseAccountCode },
      after: { overShortAccountCode: setup.overShortAccountCode, lockboxSuspenseAccountCode: setup.lockboxSuspenseAccountCode } });
    return setup;
  });
}

export async function listDrawers(db: Executor): Promise<Drawer[]> {
  const result = await sql<Drawer>`select id, code, name, location, is_active as "isActive" from cash_drawer order by code`.execute(db);
  return result.rows;
}

export async function createDrawer(database: Database, options: { input: unknown; actor: Actor }): Promise<Drawer> {
  const raw = asRecord(options.input, 'drawer');
  const problems = new Problems();
  const code = text(raw.code, 'code', problems, { required: true, max: 16 })?.toUpperCase() ?? null;
  const name = text(raw.name, 'name', problems, { required: true, max: 100 });
  const location = text(raw.location, 'location', problems, { required: false, max: 100 });
  if (code && !/^[A-Z0-9][A-Z0-9-]{0,15}$/.test(code)) problems.add('code', 'letters, digits and dashes, e.g. "D1" or "CH-2"');
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const taken = await sql`select 1 from cash_drawer where code = ${code}`.execute(tx);
    if (taken.rows.length > 0) throw new AppError('conflict', `Drawer ${code} already exists`, { field: 'code' });
    const result = await sql<Drawer>`insert into cash_drawer (code, name, location, created_by)
      values (${code}, ${name}, ${location}, ${options.actor.username})
      returning id, code, name, location, is_active as "isActive"`.execute(tx);
    const drawer = result.rows[0] as Drawer;
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.create_drawer', entityType: 'cash_drawer', entityId: drawer.code, after: drawer });
    return drawer;
  });
}

const itemColumns = sql`i.id, i.code, i.name, i.unit_price_cents as "unitPriceCents", a.code as "revenueAccountCode",
  a.fund_code as "fundCode", i.is_active as "isActive"`;

export async function listCounterItems(db: Executor, options: { activeOnly?: boolean } = {}): Promise<CounterItem[]> {
  const result = await sql<CounterItem>`select ${itemColumns} from counter_item i join account a on a.id = i.revenue_account_id
    where (${options.activeOnly ?? false} = false or i.is_active) order by i.name`.execute(db);
  return result.rows;
}

/** The select of findCounterItems, to embed in a larger query (the payment's context). */
export function counterItemsSelect(codes: readonly string[]): RawBuilder<unknown> {
  return sql`select ${itemColumns} from counter_item i join account a on a.id = i.revenue_account_id
    where i.code = any(${[...new Set(codes)]}::text[])`;
}

/** The select of the fund accounts in getCashieringSetup, to embed in a larger query. */
export const fundAccountsSelect = sql`select f.fund_code as "fundCode", u.code as "undepositedAccountCode", b.code as "bankAccountCode",
      r.code as "returnedFeeAccountCode"
    from cashiering_fund_account f join account u on u.id = f.undeposited_account_id join account b on b.id = f.bank_account_id
    left join account r on r.id = f.returned_fee_account_id
    order by f.fund_code`;

export async function findCounterItems(db: Executor, codes: readonly string[]): Promise<Map<string, CounterItem>> {
  if (codes.length === 0) return new Map();
  const result = await sql<CounterItem>`select ${itemColumns} from counter_item i join account a on a.id = i.revenue_account_id
    where i.code = any(${[...new Set(codes)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.code, row]));
}

/** Adds a counter item or changes one (by code). */
export async function saveCounterItem(database: Database, options: { input: unknown; actor: Actor }): Promise<CounterItem> {
  const raw = asRecord(options.input, 'counter item');
  const problems = new Problems();
  const code = text(raw.code, 'code', problems, { required: true, max: 30 })?.toUpperCase() ?? null;
  const name = text(raw.name, 'name', problems, { required: true, max: 100 });
  const revenueCode = text(raw.revenueAccount, 'revenueAccount', problems, { required: true, max: 20 });
  if (code && !/^[A-Z][A-Z0-9_]{1,29}$/.test(code)) problems.add('code', 'capital letters, digits and underscores, e.g. "COPIES"');
  let price: Cents | null = null;
  if (raw.unitPriceCents !== undefined && raw.unitPriceCents !== null) {
    price = problems.attempt(() => parseCents(raw.unitPriceCents, 'unitPriceCents')) ?? null;
    if (price !== null && price <= 0) problems.add('unitPriceCents', 'must be more than zero (leave it out when the price is entered at the counter)');
  }
  const isActive = raw.isActive === undefined ? true : raw.isActive === true;
  problems.throwIfAny();
  return inTransaction(database, async (tx: Tx) => {
    const revenue = await requireAccount(tx, revenueCode, 'revenueAccount', problems, (account) =>
      account.accountType === 'revenue' ? null : `account ${account.code} is not a revenue account`);
    problems.throwIfAny();
    await undepositedAccounts(tx, [revenue?.fundCode as string]);
    const before = (await findCounterItems(tx, [code as string])).get(code as string) ?? null;
    await sql`insert into counter_item (code, name, unit_price_cents, revenue_account_id, is_active, created_by, updated_by)
      values (${code}, ${name}, ${price}, ${revenue?.id}, ${isActive}, ${options.actor.username}, ${options.actor.username})
      on conflict (code) do update set name = excluded.name, unit_price_cents = excluded.unit_price_cents,
        revenue_account_id = excluded.revenue_account_id, is_active = excluded.is_active,
        updated_by = excluded.updated_by, updated_at = now()`.execute(tx);
    const item = (await findCounterItems(tx, [code as string])).get(code as string) as CounterItem;
    await recordAudit(tx, { actor: options.actor, action: before ? 'cashiering.update_item' : 'cashiering.create_item',
      entityType: 'counter_item', entityId: item.code, before, after: item });
    return item;
  });
}

export function requireDrawer(drawers: readonly Drawer[], code: string): Drawer {
  const drawer = drawers.find((row) => row.code === code.toUpperCase());
  if (!drawer) throw invalidInput('drawer', `drawer ${code} does not exist`);
  if (!drawer.isActive) throw invalidInput('drawer', `drawer ${code} is not in use`);
  return drawer;
}
