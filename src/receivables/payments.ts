/**
 * Applying a payment to a receivable account: cash (or the account the cashiering module names)
 * debited, the receivable credited; the payment pays open items by the kind's allocation order,
 * and what is left is a visible credit on the account.
 * Errors: invalid_input, not_found, period_closed, idempotency_conflict.
 */
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';
import { getAccount } from '../ledger/index.js';
import { asRecord, positiveAmount, Problems, requiredDate, text } from '../shared/input.js';
import { postReceivableEntry, type ReceivableEntryResult } from './posting.js';
import { getAccountRow, type ReceivableAccountRow } from './store.js';

export interface PostPaymentInput {
  account: number | string;
  paymentDate: string;
  amountCents?: number | string;
  amount?: string;
  /** The account debited: cash, undeposited funds, a clearing account of the cashiering module. */
  cashAccount: string;
  reference?: string | null;
  description?: string | null;
  idempotencyKey?: string | null;
}

export interface PaymentResult extends ReceivableEntryResult {
  account: ReceivableAccountRow;
  /** What of this payment paid items, and what is left as a credit on the account. */
  appliedCents: Cents;
  creditLeftCents: Cents;
}

export async function postPayment(
  database: Database,
  options: { input: unknown; actor: Actor; inTx?: Tx },
): Promise<PaymentResult> {
  const raw = asRecord(options.input, 'payment');
  const problems = new Problems();
  const paymentDate = requiredDate(raw.paymentDate, 'paymentDate', problems);
  const amount = positiveAmount(raw, '', problems);
  const cashAccount = text(raw.cashAccount, 'cashAccount', problems, { required: true, max: 20 });
  const reference = text(raw.reference, 'reference', problems, { required: false, max: 100 });
  const description = text(raw.description, 'description', problems, { required: false });
  const idempotencyKey = text(raw.idempotencyKey, 'idempotencyKey', problems, { required: false });
  problems.throwIfAny();
  const work = async (tx: Tx): Promise<PaymentResult> => {
    const account = await getAccountRow(tx, raw.account as number | string);
    const cash = await getAccount(tx, cashAccount as string).catch(() => null);
    if (!cash) problems.add('cashAccount', `account ${cashAccount} does not exist`);
    else if (cash.fundCode !== account.fundCode) {
      problems.add('cashAccount', `account ${cash.code} is in fund ${cash.fundCode}; account ${account.accountNumber} is in fund ${account.fundCode}`);
    } else if (cash.subledger) problems.add('cashAccount', `account ${cash.code} is a control account`);
    problems.throwIfAny();
    const result = await postReceivableEntry(database, tx, options.actor, {
      entryDate: paymentDate as NonNullable<typeof paymentDate>,
      description: description ?? `Payment on ${account.accountNumber} (${account.customerName})${reference ? ` ref ${reference}` : ''}`,
      documentRef: reference ?? account.accountNumber,
      idempotencyKey,
      items: [{
        accountId: account.id,
        itemType: 'payment',
        chargeClass: null,
        amountCents: cents(-(amount as Cents)),
        itemDate: paymentDate as NonNullable<typeof paymentDate>,
        dueDate: null,
        penaltyEligible: false,
        offsetAccountCode: cash?.code ?? null,
        description: description ?? `Payment${reference ? ` ${reference}` : ''}`,
        reasonCode: null,
        documentRef: reference,
        reversesItemId: null,
      }],
      offsetLines: [{ accountCode: cash?.code as string, amountCents: amount as Cents }],
    });
    const payment = result.items[0];
    const appliedCents = cents(payment?.appliedCents ?? 0);
    if (!result.isReplay) {
      await recordAudit(tx, { actor: options.actor, action: 'receivables.post_payment', entityType: 'receivable_account',
        entityId: account.accountNumber, after: { journalEntryId: result.entry.id, amountCents: amount, appliedCents, reference } });
    }
    return { ...result, account, appliedCents, creditLeftCents: cents((amount as Cents) - appliedCents) };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}
