/**
 * Subledgers: a GL account can be the control account of a subledger (receivables, later
 * payables). Every journal line on a control account names one of its subledger accounts, so a
 * subledger account's balance is the sum of its journal lines, and the subledger accounts of a
 * control account together always equal it. Other modules keep the detail (customers, due dates,
 * which payment paid which charge); the balances come from here.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';
import { parseAccountCode } from './chart.js';
import { getAccount, type Account } from './chart-admin.js';

const SUBLEDGER_NAME = /^[a-z][a-z_]{1,30}$/;

/**
 * Makes an account the control account of a subledger. Refused once the account has postings
 * (they would name no subledger account); the database refuses it too.
 */
export async function designateControlAccount(
  database: Database,
  options: { accountCode: string; subledger: string; actor: Actor; inTx?: Tx },
): Promise<Account> {
  if (!SUBLEDGER_NAME.test(options.subledger)) {
    throw invalidInput('subledger', 'a subledger name is lower-case letters and underscores, e.g. receivable');
  }
  const code = parseAccountCode(options.accountCode, 'accountCode').code;
  const work = async (tx: Tx): Promise<Account> => {
    const account = await getAccount(tx, code);
    if (account.subledger === options.subledger) return account;
    if (account.accountType !== 'asset' && account.accountType !== 'liability') {
      throw invalidInput('accountCode', `account ${code} is ${account.accountType}; a control account is an asset or a liability`);
    }
    const posted = await sql<{ one: number }>`select 1 as one from journal_line where account_id = ${account.id} limit 1`.execute(tx);
    if (posted.rows.length > 0) {
      throw new AppError('conflict', `Account ${code} already has postings; make a new account the control account`, {
        field: 'accountCode',
      });
    }
    await sql`update account set subledger = ${options.subledger}, updated_at = now() where id = ${account.id}`.execute(tx);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'ledger.designate_control_account',
      entityType: 'account',
      entityId: code,
      before: { subledger: account.subledger },
      after: { subledger: options.subledger },
    });
    return getAccount(tx, code);
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/**
 * Opens subledger accounts under control accounts, one per element, in one statement; returns
 * their ids in the same order. Runs in the caller's transaction (the caller audits what it opens).
 */
export async function openSubledgerAccounts(
  tx: Tx,
  options: { subledger: string; controlAccountIds: readonly number[] },
): Promise<number[]> {
  if (options.controlAccountIds.length === 0) return [];
  const controls = await sql<{ id: number; subledger: string | null; code: string }>`
    select id, subledger, code from account where id = any(${[...new Set(options.controlAccountIds)]}::bigint[])`.execute(tx);
  const byId = new Map(controls.rows.map((row) => [row.id, row]));
  for (const id of new Set(options.controlAccountIds)) {
    const control = byId.get(id);
    if (!control) throw invalidInput('controlAccountId', `account id ${id} does not exist`);
    if (control.subledger !== options.subledger) {
      throw invalidInput('controlAccountId', `account ${control.code} is not a control account of the ${options.subledger} subledger`);
    }
  }
  const result = await sql<{ id: number; ord: number }>`
    insert into subledger_account (subledger, control_account_id)
    select ${options.subledger}, c from unnest(${[...options.controlAccountIds]}::bigint[]) with ordinality as t(c, ord)
    order by ord returning id`.execute(tx);
  return result.rows.map((row) => row.id);
}

/** Balances (debits - credits, in cents) of subledger accounts, from their journal lines. */
export async function getSubledgerBalances(
  db: Executor,
  ids: readonly number[],
  asOf: IsoDate | null = null,
): Promise<Map<number, Cents>> {
  const balances = new Map<number, Cents>(ids.map((id) => [id, cents(0)]));
  if (ids.length === 0) return balances;
  const result = await sql<{ id: number; balance: number }>`
    select subledger_account_id as id, sum(amount_cents)::bigint as balance from journal_line
    where subledger_account_id = any(${[...new Set(ids)]}::bigint[])
      and (${asOf}::date is null or entry_date <= ${asOf}::date)
    group by subledger_account_id`.execute(db);
  for (const row of result.rows) balances.set(row.id, cents(row.balance));
  return balances;
}

/** The control accounts of a subledger with their balances from the ledger's balance tables. */
export async function getControlAccountBalances(
  db: Executor,
  subledger: string,
): Promise<Array<{ accountId: number; accountCode: string; fundCode: string; balanceCents: Cents }>> {
  const result = await sql<{ accountId: number; accountCode: string; fundCode: string; balanceCents: number }>`
    select a.id as "accountId", a.code as "accountCode", a.fund_code as "fundCode",
      coalesce((select sum(b.debit_cents - b.credit_cents) from account_period_balance b where b.account_id = a.id), 0)::bigint as "balanceCents"
    from account a where a.subledger = ${subledger} order by a.code`.execute(db);
  return result.rows.map((row) => ({ ...row, balanceCents: cents(row.balanceCents) }));
}
