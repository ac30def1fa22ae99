/**
 * Transferring what an account owes to another account of the same customer (a closed utility
 * account's balance to the customer's new one): one balanced journal entry with a credit on the
 * old account (a transfer_out item, which the allocation rule applies to its open debits, so they
 * are paid) and a debit on the new one (transfer_in items, one per charge class, so penalties stay
 * penalties in the allocation order). Both items name the other account and share the entry and
 * the document reference: the link. Both accounts must be kept on the same control account.
 * Errors: invalid_input (naming the field), not_found, idempotency_conflict, period_closed.
 */
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { invalidInput } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, requiredDate, text } from '../shared/input.js';
import { cents, formatDollars, sumCents, type Cents } from '../shared/money.js';
import type { ChargeClass } from './allocation.js';
import { postReceivableEntry, type ReceivableEntryResult } from './posting.js';
import { findOpenDebits, getAccountRow, lockAccounts, type NewItem } from './store.js';

export interface TransferBalanceInput {
  fromAccount: number | string;
  toAccount: number | string;
  transferDate: string;
  /** When the moved balance is due on the new account (defaults to the transfer date). */
  dueDate?: string | null;
  description: string;
}

export interface BalanceTransfer extends ReceivableEntryResult {
  fromAccountNumber: string;
  toAccountNumber: string;
  amountCents: Cents;
}

export async function transferBalance(
  database: Database,
  options: { input: unknown; actor: Actor; inTx?: Tx },
): Promise<BalanceTransfer> {
  const raw = asRecord(options.input, 'transfer');
  const problems = new Problems();
  if (raw.fromAccount === undefined || raw.fromAccount === null || raw.fromAccount === '') problems.add('fromAccount', 'is required');
  if (raw.toAccount === undefined || raw.toAccount === null || raw.toAccount === '') problems.add('toAccount', 'is required');
  const transferDate = requiredDate(raw.transferDate, 'transferDate', problems);
  const dueDate = optionalDate(raw.dueDate, 'dueDate', problems) ?? transferDate;
  const description = text(raw.description, 'description', problems, { required: true, max: 200 });
  problems.throwIfAny();
  const work = async (tx: Tx): Promise<BalanceTransfer> => {
    const from = await getAccountRow(tx, raw.fromAccount as number | string);
    const to = await getAccountRow(tx, raw.toAccount as number | string);
    if (to.id === from.id) throw invalidInput('toAccount', 'is the account the balance is on');
    if (to.customerId !== from.customerId) {
      throw invalidInput('toAccount', `${to.accountNumber} belongs to ${to.customerName}, not to ${from.customerName}`);
    }
    if (to.controlAccountId !== from.controlAccountId) {
      throw invalidInput('toAccount', `${to.accountNumber} is kept on another control account (fund ${to.fundCode}) than ${from.accountNumber} (fund ${from.fundCode})`);
    }
    if (to.status === 'closed') throw invalidInput('toAccount', `${to.accountNumber} is closed`);
    await lockAccounts(tx, [from.id, to.id]);
    const byClass = new Map<ChargeClass, Cents>();
    for (const debit of await findOpenDebits(tx, [from.id])) {
      const chargeClass = debit.chargeClass ?? 'charge';
      byClass.set(chargeClass, cents((byClass.get(chargeClass) ?? 0) + debit.openCents));
    }
    const amount = sumCents(byClass.values());
    if (amount <= 0) throw invalidInput('fromAccount', `${from.accountNumber} owes nothing to transfer`);
    const date = transferDate as IsoDate;
    const documentRef = `BT-${from.accountNumber}`;
    const base = { itemDate: date, penaltyEligible: false, offsetAccountCode: null, reasonCode: null, documentRef, reversesItemId: null };
    const items: NewItem[] = [
      { ...base, accountId: from.id, itemType: 'transfer_out', chargeClass: null, amountCents: cents(-amount), dueDate: null,
        description: `Balance moved to ${to.accountNumber}: ${description}` },
      ...[...byClass].filter(([, open]) => open > 0).map(([chargeClass, open]): NewItem => ({
        ...base, accountId: to.id, itemType: 'transfer_in', chargeClass, amountCents: open, dueDate: dueDate as IsoDate,
        description: `Balance moved from ${from.accountNumber}${chargeClass === 'charge' ? '' : ` (${chargeClass})`}: ${description}`,
      })),
    ];
    const result = await postReceivableEntry(database, tx, options.actor, {
      entryDate: date,
      description: `Balance transfer of ${formatDollars(amount)} from ${from.accountNumber} to ${to.accountNumber}: ${description}`,
      documentRef,
      idempotencyKey: `balance-transfer:${from.id}:${to.id}:${date}:${amount}`,
      items,
      offsetLines: [],
    });
    if (!result.isReplay) {
      await recordAudit(tx, { actor: options.actor, action: 'receivables.transfer_balance', entityType: 'receivable_account', entityId: from.accountNumber,
        after: { journalEntryId: result.entry.id, from: from.accountNumber, to: to.accountNumber, amountCents: amount, items: result.items.map((item) => item.id) } });
    }
    return { ...result, fromAccountNumber: from.accountNumber, toAccountNumber: to.accountNumber, amountCents: amount };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}
