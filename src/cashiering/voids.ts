/**
 * Voids: a receipt taken in error is voided the same business day, while its batch is open, with a
 * reason and a supervisor's approval (the cashier asks, another person with cashiering.supervise
 * approves; nobody approves their own). The void posts the linked reversal of the receipt's journal
 * entry (the receivables module reopens what the payment paid). After the batch closes a void is
 * refused: the correction is a reversal or a refund through receivables.
 * Errors: invalid_input, not_found, conflict, forbidden.
 */
import { sql } from 'kysely';
import { requestApproval, type ApprovalHandler, type ApprovalHandlers, type ApprovalRequest } from '../approvals/index.js';
import { recordAudit } from '../shared/audit.js';
import type { Principal } from '../shared/actor.js';
import type { Clock } from '../shared/dates.js';
import type { Database, Executor, Tx } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { formatDollars } from '../shared/money.js';
import { reverseJournalEntry } from '../ledger/index.js';
import { reverseReceivableEntry } from '../receivables/index.js';
import { lockOpenBatch } from './batches.js';
import { getReceipt, type Receipt } from './receipts.js';

export const VOID_KIND = 'cashiering.void';

interface VoidPayload {
  receiptNumber: string;
  reason: string;
}

function parsePayload(payload: unknown): VoidPayload {
  const value = (payload ?? {}) as Record<string, unknown>;
  const receiptNumber = typeof value.receiptNumber === 'string' ? value.receiptNumber.trim().toUpperCase() : '';
  const reason = typeof value.reason === 'string' ? value.reason.trim() : '';
  if (!receiptNumber) throw invalidInput('receiptNumber', 'the receipt to void is required');
  if (reason.length < 3) throw invalidInput('reason', 'say why the receipt is voided');
  if (reason.length > 500) throw invalidInput('reason', 'at most 500 characters');
  return { receiptNumber, reason };
}

async function checkVoidable(db: Executor, receipt: Receipt, clock: Clock): Promise<void> {
  if (receipt.status !== 'posted') throw new AppError('conflict', `Receipt ${receipt.receiptNumber} is already ${receipt.status}`, { field: 'receiptNumber' });
  if (receipt.batchKind === 'lockbox') {
    throw new AppError('invalid_input', `Receipt ${receipt.receiptNumber} came in a lockbox file: the bank deposited it; correct it with a reversal or a transfer`, { field: 'receiptNumber' });
  }
  if (receipt.batchStatus !== 'open') {
    throw new AppError('conflict', `Batch ${receipt.batchNumber} of receipt ${receipt.receiptNumber} is closed: void no longer; reverse the payment or refund it through receivables`, {
      field: 'receiptNumber', batchNumber: receipt.batchNumber,
    });
  }
  if (receipt.businessDate !== clock.today()) {
    throw new AppError('conflict', `Receipt ${receipt.receiptNumber} is from ${receipt.businessDate}: voids are same-day only; reverse it instead`, { field: 'receiptNumber' });
  }
  const pending = await sql`select 1 from approval_request where kind = ${VOID_KIND} and status = 'pending'
    and payload->>'receiptNumber' = ${receipt.receiptNumber}`.execute(db);
  if (pending.rows.length > 0) throw new AppError('conflict', `A void of receipt ${receipt.receiptNumber} already awaits approval`, { field: 'receiptNumber' });
}

/** The approval kind: a supervisor approves, then the void posts. */
export function voidHandler(clock: Clock): ApprovalHandler {
  return {
    kind: VOID_KIND,
    requiredPermission: 'cashiering.supervise',
    async validate(payload, database) {
      const request = parsePayload(payload);
      const receipt = await getReceipt(database.kysely, request.receiptNumber);
      await checkVoidable(database.kysely, receipt, clock);
      return {
        summary: `Void receipt ${receipt.receiptNumber} (${formatDollars(receipt.totalCents)}, ${receipt.cashier}): ${request.reason}`,
        amountCents: receipt.totalCents,
      };
    },
    async execute(payload, execution) {
      const request = parsePayload(payload);
      return executeVoid(execution.database, execution.tx, {
        ...request,
        approver: execution.approver,
        requestedBy: execution.requestedBy.username,
        requestId: execution.requestId,
        clock,
      });
    },
  };
}

async function executeVoid(
  database: Database,
  tx: Tx,
  options: VoidPayload & { approver: Principal; requestedBy: string; requestId: number; clock: Clock },
): Promise<Record<string, unknown>> {
  const receipt = await getReceipt(tx, options.receiptNumber);
  await lockOpenBatch(tx, receipt.batchId);
  await sql`select id from cash_transaction where id = ${receipt.transactionId} for update`.execute(tx);
  const current = await getReceipt(tx, options.receiptNumber);
  if (current.status !== 'posted') throw new AppError('conflict', `Receipt ${receipt.receiptNumber} is already ${current.status}`, {});
  if (current.businessDate !== options.clock.today()) throw new AppError('conflict', `Receipt ${receipt.receiptNumber} is no longer same-day`, {});
  const approval = { requestId: options.requestId, enteredBy: options.requestedBy, approvedBy: options.approver.username };
  const reason = `void of receipt ${receipt.receiptNumber}: ${options.reason}`;
  const hasAccounts = receipt.lines.some((line) => line.kind === 'account');
  const reversal = hasAccounts
    ? (await reverseReceivableEntry(database, {
        journalEntryId: receipt.journalEntryId, reason, reversalDate: receipt.businessDate, actor: options.approver,
        clock: options.clock, approval, inTx: tx,
      })).entry
    : (await reverseJournalEntry(database, {
        entryId: receipt.journalEntryId, entryDate: receipt.businessDate, description: `Reversal: ${reason}`.slice(0, 500),
        idempotencyKey: `cashiering:void:${receipt.transactionId}`, actor: options.approver, clock: options.clock, approval, inTx: tx,
      })).entry;
  await sql`update cash_transaction set status = 'voided', void_reason = ${options.reason}, void_entry_id = ${reversal.id},
    voided_by = ${options.approver.username}, voided_at = now() where id = ${receipt.transactionId}`.execute(tx);
  await recordAudit(tx, { actor: options.approver, action: 'cashiering.void', entityType: 'cash_transaction', entityId: receipt.receiptNumber,
    after: { reversalEntryId: reversal.id, requestedBy: options.requestedBy }, details: { reason: options.reason } });
  return { receiptNumber: receipt.receiptNumber, reversalEntryId: reversal.id };
}

/** Checks before a void request is filed (the approvals module files it through the handler). */
export async function assertVoidable(database: Database, receiptNumber: string, clock: Clock): Promise<Receipt> {
  const receipt = await getReceipt(database.kysely, receiptNumber);
  await checkVoidable(database.kysely, receipt, clock);
  return receipt;
}

/** Files the void request; a supervisor approves it in My approvals. */
export async function requestVoid(
  database: Database,
  options: { receiptNumber: string; reason: unknown; principal: Principal; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  return requestApproval(database, {
    kind: VOID_KIND,
    payload: { receiptNumber: options.receiptNumber.toUpperCase(), reason: options.reason },
    principal: options.principal,
    handlers: options.handlers,
    requestPermission: 'cashiering.counter',
  });
}
