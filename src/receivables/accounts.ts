/** Opening receivable accounts (one per thing a customer owes on) and changing their status. */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { parseIsoDate, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { refreshCustomerSearch } from '../customers/index.js';
import { openSubledgerAccounts } from '../ledger/index.js';
import { RECEIVABLE_SUBLEDGER } from './setup.js';
import { findKind, getAccountRow, listControlRows, type ReceivableAccountRow } from './store.js';

export interface OpenAccountInput {
  customerId: number;
  kind: string;
  fundCode: string;
  description?: string | null;
  parcelId?: number | null;
  serviceLocationId?: number | null;
  openedOn: string;
}

export async function openReceivableAccount(
  database: Database,
  options: { input: OpenAccountInput; actor: Actor; inTx?: Tx },
): Promise<ReceivableAccountRow> {
  const input = options.input;
  const openedOn = parseIsoDate(input.openedOn, 'openedOn');
  const work = async (tx: Tx): Promise<ReceivableAccountRow> => {
    const kind = await findKind(tx, input.kind);
    if (!kind) throw invalidInput('kind', `"${input.kind}" is not a receivable kind`);
    const control = (await listControlRows(tx)).find((row) => row.kind === kind.code && row.fundCode === input.fundCode);
    if (!control) {
      throw invalidInput('fundCode', `no receivable control account is set up for ${kind.name.toLowerCase()} accounts in fund ${input.fundCode}`);
    }
    const customer = await sql<{ status: string }>`select status from customer where id = ${input.customerId}`.execute(tx);
    const status = customer.rows[0]?.status;
    if (!status) throw notFound('customer', input.customerId);
    if (status === 'merged') throw new AppError('conflict', `Customer ${input.customerId} was merged into another; open the account on the survivor`, { field: 'customerId' });
    const [id] = await openSubledgerAccounts(tx, { subledger: RECEIVABLE_SUBLEDGER, controlAccountIds: [control.controlAccountId] });
    await sql`insert into receivable_account (id, account_number, customer_id, kind, fund_code, control_account_id,
        description, parcel_id, service_location_id, opened_on, created_by)
      values (${id}, ${kind.accountPrefix} || '-' || nextval('receivable_account_number_seq')::text, ${input.customerId},
        ${kind.code}, ${input.fundCode}, ${control.controlAccountId}, ${input.description?.trim() || null},
        ${input.parcelId ?? null}, ${input.serviceLocationId ?? null}, ${openedOn}, ${options.actor.username})`.execute(tx);
    const account = await getAccountRow(tx, id as number);
    await refreshCustomerSearch(tx, [input.customerId]);
    await recordAudit(tx, { actor: options.actor, action: 'receivables.open_account', entityType: 'receivable_account',
      entityId: account.accountNumber, after: account });
    return account;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

export async function setReceivableAccountStatus(
  database: Database,
  options: { accountKey: number | string; status: 'active' | 'inactive' | 'closed'; asOf: IsoDate; actor: Actor },
): Promise<ReceivableAccountRow> {
  return inTransaction(database, async (tx) => {
    const before = await getAccountRow(tx, options.accountKey);
    await sql`update receivable_account set status = ${options.status},
      closed_on = ${options.status === 'closed' ? options.asOf : null}::date where id = ${before.id}`.execute(tx);
    const after = await getAccountRow(tx, before.id);
    await recordAudit(tx, { actor: options.actor, action: 'receivables.set_account_status', entityType: 'receivable_account',
      entityId: before.accountNumber, before: { status: before.status }, after: { status: after.status } });
    return after;
  });
}
