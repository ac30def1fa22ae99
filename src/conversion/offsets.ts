/**
 * The conversion offset account of each fund: the other side of converted opening balances (see
 * migration 009 and docs/conversion.md). Set once per fund before balances are imported; a row of
 * the balances file may still name its own offset account.
 * Errors: invalid_input (unknown fund or account, an account of another fund, a control account),
 * not_found.
 */
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';
import { getAccount } from '../ledger/index.js';
import { listOffsetAccounts, upsertOffsetAccount } from './store.js';

export async function setConversionOffsetAccount(
  database: Database,
  options: { fundCode: string; accountCode: string; actor: Actor },
): Promise<{ fundCode: string; accountCode: string }> {
  return inTransaction(database, async (tx) => {
    const account = await getAccount(tx, options.accountCode);
    if (account.fundCode !== options.fundCode) {
      throw invalidInput('accountCode', `account ${account.code} is in fund ${account.fundCode}, not ${options.fundCode}`);
    }
    if (account.subledger) throw invalidInput('accountCode', `account ${account.code} is a control account`);
    if (!['liability', 'fund_balance', 'asset'].includes(account.accountType)) {
      throw invalidInput('accountCode', `account ${account.code} is ${account.accountType}; use a clearing account (asset or liability) or fund balance`);
    }
    const before = (await listOffsetAccounts(tx)).find((row) => row.fundCode === options.fundCode) ?? null;
    await upsertOffsetAccount(tx, options.fundCode, account.id, options.actor.username);
    const after = { fundCode: options.fundCode, accountCode: account.code };
    await recordAudit(tx, { actor: options.actor, action: 'conversion.set_offset_account', entityType: 'fund',
      entityId: options.fundCode, before, after });
    return after;
  });
}

export async function listConversionOffsetAccounts(db: Executor): Promise<Array<{ fundCode: string; accountCode: string }>> {
  return listOffsetAccounts(db);
}
