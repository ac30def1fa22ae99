/**
 * Reversing an invoice: the receivables engine reverses its journal entry (each charge settled
 * by a linked reversal item); what payments had paid on it is released and becomes a credit on
 * the account, which pays the account's other open charges by the allocation rule and otherwise
 * stays as a visible credit balance. The invoice is marked reversed, with the reason; audited.
 * Errors: invalid_input (no reason), not_found, already_reversed, period_closed.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { formatDollars, type Cents } from '../shared/money.js';
import { getReceivableAccount, reverseReceivableEntry } from '../receivables/index.js';
import { getInvoice, type Invoice } from './invoices.js';

export interface InvoiceReversal {
  invoice: Invoice;
  reversalEntryId: number;
  /** What payments and credits had paid on the invoice: released, now credit on the account. */
  releasedPaymentCents: Cents;
  /** The account's unapplied credit after the reversal (after paying its other open charges). */
  accountCreditCents: Cents;
  message: string;
}

export async function reverseInvoice(
  database: Database,
  options: { invoice: number | string; reason: string; reversalDate?: string | null; actor: Actor; clock: Clock },
): Promise<InvoiceReversal> {
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (!reason) throw invalidInput('reason', 'reversing an invoice needs a reason');
  if (reason.length > 500) throw invalidInput('reason', 'must be at most 500 characters');
  return inTransaction(database, async (tx) => {
    const before = await getInvoice(tx, options.invoice);
    await sql`select id from invoice where id = ${before.id} for update`.execute(tx);
    if (before.reversalEntryId !== null) {
      throw new AppError('already_reversed', `Invoice ${before.invoiceNumber} was already reversed by journal entry ${before.reversalEntryId}`, {
        invoiceNumber: before.invoiceNumber,
      });
    }
    const { entry } = await reverseReceivableEntry(database, {
      journalEntryId: before.journalEntryId,
      reason: `Invoice ${before.invoiceNumber}: ${reason}`,
      reversalDate: options.reversalDate ?? null,
      actor: options.actor,
      clock: options.clock,
      inTx: tx,
    });
    await sql`update invoice set reversal_entry_id = ${entry.id}, reversal_reason = ${reason}, reversed_at = now(),
      reversed_by = ${options.actor.username} where id = ${before.id}`.execute(tx);
    const invoice = await getInvoice(tx, before.id);
    const account = await getReceivableAccount(tx, invoice.receivableAccountId, entry.entryDate);
    const released = before.paidCents;
    const message = released > 0
      ? `Invoice ${invoice.invoiceNumber} reversed. ${formatDollars(released)} paid on it is now a credit on account ` +
        `${invoice.accountNumber}; the account's unapplied credit is ${formatDollars(account.unappliedCreditCents)}.`
      : `Invoice ${invoice.invoiceNumber} reversed. Nothing had been paid on it.`;
    await recordAudit(tx, { actor: options.actor, action: 'billing.reverse_invoice', entityType: 'invoice', entityId: invoice.invoiceNumber,
      before: { status: before.status, paidCents: before.paidCents }, after: { status: invoice.status, reversalEntryId: entry.id },
      details: { reason, releasedPaymentCents: released } });
    return { invoice, reversalEntryId: entry.id, releasedPaymentCents: released, accountCreditCents: account.unappliedCreditCents, message };
  });
}
