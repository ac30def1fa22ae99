/**
 * Receivables set-up: which GL account is the receivable control account for each kind and fund
 * (and where its write-offs and refunds post), and each kind's allocation order.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';
import { designateControlAccount, getAccount } from '../ledger/index.js';
import { chargeClasses, type ChargeClass } from './allocation.js';
import { findKind, listControlRows, listKindRows, type ReceivableControl, type ReceivableKind } from './store.js';

export const RECEIVABLE_SUBLEDGER = 'receivable';

export async function listReceivableKinds(db: Executor): Promise<ReceivableKind[]> {
  return listKindRows(db);
}

export async function listReceivableControls(db: Executor): Promise<ReceivableControl[]> {
  return listControlRows(db);
}

/**
 * Sets the control account of a kind in a fund (designating it in the ledger if it is not yet a
 * receivable control account), and optionally the write-off and refund accounts of that fund.
 */
export async function setReceivableControl(
  database: Database,
  options: {
    kind: string;
    fundCode: string;
    controlAccountCode: string;
    writeOffAccountCode?: string | null;
    refundAccountCode?: string | null;
    actor: Actor;
    inTx?: Tx;
  },
): Promise<ReceivableControl> {
  const work = async (tx: Tx): Promise<ReceivableControl> => {
    const kind = await findKind(tx, options.kind);
    if (!kind) throw invalidInput('kind', `"${options.kind}" is not a receivable kind`);
    const control = await getAccount(tx, options.controlAccountCode);
    if (control.fundCode !== options.fundCode) {
      throw invalidInput('controlAccountCode', `account ${control.code} is in fund ${control.fundCode}, not ${options.fundCode}`);
    }
    if (control.subledger !== RECEIVABLE_SUBLEDGER) {
      await designateControlAccount(database, { accountCode: control.code, subledger: RECEIVABLE_SUBLEDGER, actor: options.actor, inTx: tx });
    }
    const writeOff = options.writeOffAccountCode ? await getAccount(tx, options.writeOffAccountCode) : null;
    const refund = options.refundAccountCode ? await getAccount(tx, options.refundAccountCode) : null;
    for (const [field, account] of [['writeOffAccountCode', writeOff], ['refundAccountCode', refund]] as const) {
      if (account && account.fundCode !== options.fundCode) {
        throw invalidInput(field, `account ${account.code} is in fund ${account.fundCode}, not ${options.fundCode}`);
      }
      if (account?.subledger) throw invalidInput(field, `account ${account.code} is a control account`);
    }
    const before = (await listControlRows(tx)).find((row) => row.kind === kind.code && row.fundCode === options.fundCode) ?? null;
    await sql`insert into receivable_control (kind, fund_code, control_account_id, write_off_account_id, refund_account_id)
      values (${kind.code}, ${options.fundCode}, ${control.id}, ${writeOff?.id ?? null}, ${refund?.id ?? null})
      on conflict (kind, fund_code) do update set control_account_id = excluded.control_account_id,
        write_off_account_id = coalesce(excluded.write_off_account_id, receivable_control.write_off_account_id),
        refund_account_id = coalesce(excluded.refund_account_id, receivable_control.refund_account_id)`.execute(tx);
    const after = (await listControlRows(tx)).find((row) => row.kind === kind.code && row.fundCode === options.fundCode) as ReceivableControl;
    await recordAudit(tx, { actor: options.actor, action: 'receivables.set_control', entityType: 'receivable_control',
      entityId: `${kind.code}/${options.fundCode}`, before, after });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

export async function setAllocationOrder(
  database: Database,
  options: { kind: string; order: readonly string[]; actor: Actor },
): Promise<ReceivableKind> {
  const unknown = options.order.filter((name) => !(chargeClasses as readonly string[]).includes(name));
  if (unknown.length > 0) throw invalidInput('order', `unknown charge class(es): ${unknown.join(', ')}; use ${chargeClasses.join(', ')}`);
  if (new Set(options.order).size !== options.order.length) throw invalidInput('order', 'a class may appear once');
  return inTransaction(database, async (tx) => {
    const before = await findKind(tx, options.kind);
    if (!before) throw invalidInput('kind', `"${options.kind}" is not a receivable kind`);
    await sql`update receivable_kind set allocation_order = ${[...options.order]}::text[] where code = ${options.kind}`.execute(tx);
    const after = (await findKind(tx, options.kind)) as ReceivableKind;
    await recordAudit(tx, { actor: options.actor, action: 'receivables.set_allocation_order', entityType: 'receivable_kind',
      entityId: options.kind, before: { order: before.allocationOrder }, after: { order: after.allocationOrder } });
    return after;
  });
}

export function parseChargeClass(value: unknown, field: string): ChargeClass {
  if (value === undefined || value === null || value === '') return 'charge';
  if (typeof value !== 'string' || !(chargeClasses as readonly string[]).includes(value)) {
    throw invalidInput(field, `must be one of ${chargeClasses.join(', ')}`);
  }
  return value as ChargeClass;
}
