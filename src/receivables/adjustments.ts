/**
 * Adjustments to what an account owes, each with a reason code:
 * - debit and credit memos: posted at once up to the approval threshold (setting
 *   approvals.adjustment_threshold_cents), filed for approval above it;
 * - write-offs: always approved by someone else;
 * - refunds of a credit balance: approved, then listed for payables to pay;
 * - transfers of a misapplied payment to the right account.
 * Errors: invalid_input (naming the field), forbidden, not_found, conflict, period_closed.
 */
import { sql } from 'kysely';
import type { Actor, Principal } from '../shared/actor.js';
import { hasPermission } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { cents, formatDollars, sumCents, type Cents } from '../shared/money.js';
import { getAccount, type EntryApproval } from '../ledger/index.js';
import { requestApproval, type ApprovalHandler, type ApprovalHandlers, type ApprovalRequest } from '../approvals/index.js';
import { getSettings } from '../settings/index.js';
import { asRecord, positiveAmount, Problems, requiredDate, text } from '../shared/input.js';
import { postReceivableEntry, type ReceivableEntryResult } from './posting.js';
import {
  findApplicationsOf,
  findItemsByIds,
  insertApplications,
  findOpenCredits,
  findOpenDebits,
  getAccountRow,
  listControlRows,
  lockAccounts,
  type ReceivableAccountRow,
} from './store.js';

// ---------------------------------------------------------------------------------------------
// Parsing

export interface MemoInput {
  account: number | string;
  memoType: 'debit' | 'credit';
  memoDate: string;
  amountCents?: number | string;
  amount?: string;
  /** The other side: usually the revenue account the charge went to (credit memo) or goes to (debit memo). */
  offsetAccount: string;
  reasonCode: string;
  description: string;
  /** Debit memos: when it is due (defaults to the memo date). */
  dueDate?: string | null;
}

interface Memo {
  account: number | string;
  memoType: 'debit' | 'credit';
  memoDate: IsoDate;
  amountCents: Cents;
  offsetAccount: string;
  reasonCode: string;
  description: string;
  dueDate: IsoDate;
}

function parseMemo(value: unknown): Memo {
  const raw = asRecord(value, 'memo');
  const problems = new Problems();
  if (raw.account === undefined || raw.account === null || raw.account === '') problems.add('account', 'is required');
  if (raw.memoType !== 'debit' && raw.memoType !== 'credit') problems.add('memoType', 'must be debit or credit');
  const memoDate = requiredDate(raw.memoDate, 'memoDate', problems);
  const amountCents = positiveAmount(raw, '', problems);
  const offsetAccount = text(raw.offsetAccount, 'offsetAccount', problems, { required: true, max: 20 });
  const reasonCode = text(raw.reasonCode, 'reasonCode', problems, { required: true, max: 20 });
  const description = text(raw.description, 'description', problems, { required: true, max: 200 });
  const dueDate = raw.dueDate ? requiredDate(raw.dueDate, 'dueDate', problems) : memoDate;
  problems.throwIfAny();
  return {
    account: raw.account as number | string,
    memoType: raw.memoType as 'debit' | 'credit',
    memoDate: memoDate as IsoDate,
    amountCents: amountCents as Cents,
    offsetAccount: offsetAccount as string,
    reasonCode: (reasonCode as string).toUpperCase(),
    description: description as string,
    dueDate: dueDate as IsoDate,
  };
}

async function checkReason(db: Executor, code: string, appliesTo: string): Promise<void> {
  const result = await sql<{ appliesTo: string; isActive: boolean }>`select applies_to as "appliesTo", is_active as "isActive"
    from adjustment_reason where code = ${code}`.execute(db);
  const reason = result.rows[0];
  if (!reason || !reason.isActive) throw invalidInput('reasonCode', `"${code}" is not an active reason code`);
  if (reason.appliesTo !== 'any' && reason.appliesTo !== appliesTo) {
    throw invalidInput('reasonCode', `"${code}" is a reason for a ${reason.appliesTo.replace('_', ' ')}, not a ${appliesTo.replace('_', ' ')}`);
  }
}

export async function listAdjustmentReasons(db: Executor): Promise<Array<{ code: string; name: string; appliesTo: string }>> {
  const result = await sql<{ code: string; name: string; appliesTo: string }>`select code, name, applies_to as "appliesTo"
    from adjustment_reason where is_active order by code`.execute(db);
  return result.rows;
}

async function checkMemo(db: Executor, memo: Memo): Promise<ReceivableAccountRow> {
  const account = await getAccountRow(db, memo.account);
  await checkReason(db, memo.reasonCode, memo.memoType === 'debit' ? 'debit_memo' : 'credit_memo');
  const offset = await getAccount(db, memo.offsetAccount);
  if (offset.fundCode !== account.fundCode) {
    throw invalidInput('offsetAccount', `account ${offset.code} is in fund ${offset.fundCode}; ${account.accountNumber} is in fund ${account.fundCode}`);
  }
  if (offset.subledger) throw invalidInput('offsetAccount', `account ${offset.code} is a control account`);
  if (memo.memoType === 'credit') {
    const owed = sumCents((await findOpenDebits(db, [account.id])).map((debit) => debit.openCents));
    if (memo.amountCents > owed) {
      throw invalidInput('amountCents', `a credit memo of ${formatDollars(memo.amountCents)} is more than the ${formatDollars(owed)} open on ${account.accountNumber}; refund a credit balance instead`);
    }
  }
  return account;
}

async function postMemoNow(database: Database, tx: Tx, memo: Memo, actor: Actor, approval: EntryApproval | null, key: string | null): Promise<ReceivableEntryResult> {
  const account = await checkMemo(tx, memo);
  const signed = memo.memoType === 'debit' ? memo.amountCents : cents(-memo.amountCents);
  const result = await postReceivableEntry(database, tx, actor, {
    entryDate: memo.memoDate,
    description: `${memo.memoType === 'debit' ? 'Debit' : 'Credit'} memo ${account.accountNumber} (${memo.reasonCode}): ${memo.description}`,
    documentRef: account.accountNumber,
    idempotencyKey: key,
    approval,
    items: [{
      accountId: account.id,
      itemType: memo.memoType === 'debit' ? 'debit_memo' : 'credit_memo',
      chargeClass: memo.memoType === 'debit' ? 'charge' : null,
      amountCents: signed,
      itemDate: memo.memoDate,
      dueDate: memo.memoType === 'debit' ? memo.dueDate : null,
      penaltyEligible: false,
      offsetAccountCode: memo.offsetAccount,
      description: memo.description,
      reasonCode: memo.reasonCode,
      documentRef: null,
      reversesItemId: null,
    }],
    offsetLines: [{ accountCode: memo.offsetAccount, amountCents: cents(-signed) }],
  });
  if (!result.isReplay) {
    await recordAudit(tx, { actor, action: `receivables.${memo.memoType}_memo`, entityType: 'receivable_account', entityId: account.accountNumber,
      after: { journalEntryId: result.entry.id, amountCents: memo.amountCents, reasonCode: memo.reasonCode, description: memo.description },
      details: approval ? { approvalRequestId: approval.requestId, enteredBy: approval.enteredBy } : null });
  }
  return result;
}

export type AdjustmentOutcome =
  | { status: 'posted'; result: ReceivableEntryResult }
  | { status: 'pending_approval'; request: ApprovalRequest };

/** A debit or credit memo: posted now up to the threshold, filed for approval above it. */
export async function enterMemo(
  database: Database,
  options: { input: unknown; principal: Principal; handlers: ApprovalHandlers; idempotencyKey?: string | null },
): Promise<AdjustmentOutcome> {
  if (!hasPermission(options.principal, 'receivables.adjust')) {
    throw new AppError('forbidden', 'Adjustments need the permission receivables.adjust', { permission: 'receivables.adjust' });
  }
  const memo = parseMemo(options.input);
  const threshold = (await getSettings(database.kysely))['approvals.adjustment_threshold_cents'];
  if (memo.amountCents > threshold) {
    const request = await requestApproval(database, {
      kind: 'receivables.adjustment', payload: options.input, principal: options.principal,
      handlers: options.handlers, requestPermission: 'receivables.adjust',
    });
    return { status: 'pending_approval', request };
  }
  const result = await inTransaction(database, (tx) => postMemoNow(database, tx, memo, options.principal, null, options.idempotencyKey ?? null));
  return { status: 'posted', result };
}

// ---------------------------------------------------------------------------------------------
// Write-offs

export interface WriteOffInput {
  account: number | string;
  writeOffDate: string;
  /** Defaults to everything open on the account. */
  amountCents?: number | string | null;
  amount?: string | null;
  reasonCode: string;
  description: string;
}

interface WriteOff {
  account: number | string;
  writeOffDate: IsoDate;
  amountCents: Cents | null;
  reasonCode: string;
  description: string;
}

function parseWriteOff(value: unknown): WriteOff {
  const raw = asRecord(value, 'writeOff');
  const problems = new Problems();
  if (raw.account === undefined || raw.account === null || raw.account === '') problems.add('account', 'is required');
  const writeOffDate = requiredDate(raw.writeOffDate, 'writeOffDate', problems);
  const hasAmount = (raw.amountCents ?? raw.amount ?? null) !== null;
  const amountCents = hasAmount ? positiveAmount(raw, '', problems) : null;
  const reasonCode = text(raw.reasonCode, 'reasonCode', problems, { required: true, max: 20 });
  const description = text(raw.description, 'description', problems, { required: true, max: 200 });
  problems.throwIfAny();
  return {
    account: raw.account as number | string,
    writeOffDate: writeOffDate as IsoDate,
    amountCents: amountCents ?? null,
    reasonCode: (reasonCode as string).toUpperCase(),
    description: description as string,
  };
}

async function checkWriteOff(db: Executor, writeOff: WriteOff): Promise<{ account: ReceivableAccountRow; amount: Cents; writeOffAccount: string }> {
  const account = await getAccountRow(db, writeOff.account);
  await checkReason(db, writeOff.reasonCode, 'write_off');
  const control = (await listControlRows(db)).find((row) => row.kind === account.kind && row.fundCode === account.fundCode);
  if (!control?.writeOffAccountCode) {
    throw invalidInput('account', `no write-off account is set up for ${account.kindName.toLowerCase()} accounts in fund ${account.fundCode}`);
  }
  const owed = sumCents((await findOpenDebits(db, [account.id])).map((debit) => debit.openCents));
  const amount = writeOff.amountCents ?? owed;
  if (amount <= 0) throw invalidInput('amountCents', `${account.accountNumber} owes nothing to write off`);
  if (amount > owed) throw invalidInput('amountCents', `${formatDollars(amount)} is more than the ${formatDollars(owed)} open on ${account.accountNumber}`);
  return { account, amount, writeOffAccount: control.writeOffAccountCode };
}

/** Files a write-off for approval (always: nobody writes off alone). */
export async function requestWriteOff(
  database: Database,
  options: { input: unknown; principal: Principal; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  parseWriteOff(options.input);
  return requestApproval(database, {
    kind: 'receivables.write_off', payload: options.input, principal: options.principal,
    handlers: options.handlers, requestPermission: 'receivables.adjust',
  });
}

async function postWriteOff(database: Database, tx: Tx, writeOff: WriteOff, actor: Actor, approval: EntryApproval): Promise<ReceivableEntryResult> {
  const account = await getAccountRow(tx, writeOff.account);
  await lockAccounts(tx, [account.id]);
  const { amount, writeOffAccount } = await checkWriteOff(tx, writeOff);
  const result = await postReceivableEntry(database, tx, actor, {
    entryDate: writeOff.writeOffDate,
    description: `Write-off ${account.accountNumber} (${writeOff.reasonCode}): ${writeOff.description}`,
    documentRef: account.accountNumber,
    idempotencyKey: `write-off:${approval.requestId}`,
    approval,
    items: [{
      accountId: account.id, itemType: 'write_off', chargeClass: null, amountCents: cents(-amount),
      itemDate: writeOff.writeOffDate, dueDate: null, penaltyEligible: false, offsetAccountCode: writeOffAccount,
      description: writeOff.description, reasonCode: writeOff.reasonCode, documentRef: null, reversesItemId: null,
    }],
    offsetLines: [{ accountCode: writeOffAccount, amountCents: amount }],
  });
  await recordAudit(tx, { actor, action: 'receivables.write_off', entityType: 'receivable_account', entityId: account.accountNumber,
    after: { journalEntryId: result.entry.id, amountCents: amount, reasonCode: writeOff.reasonCode },
    details: { approvalRequestId: approval.requestId, enteredBy: approval.enteredBy } });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Refunds of credit balances

export interface RefundInput {
  account: number | string;
  amountCents?: number | string;
  amount?: string;
  payeeName: string;
  payeeAddress: string;
  reason: string;
  refundDate: string;
}

interface Refund {
  account: number | string;
  amountCents: Cents;
  payeeName: string;
  payeeAddress: string;
  reason: string;
  refundDate: IsoDate;
}

function parseRefund(value: unknown): Refund {
  const raw = asRecord(value, 'refund');
  const problems = new Problems();
  if (raw.account === undefined || raw.account === null || raw.account === '') problems.add('account', 'is required');
  const amountCents = positiveAmount(raw, '', problems);
  const payeeName = text(raw.payeeName, 'payeeName', problems, { required: true, max: 200 });
  const payeeAddress = text(raw.payeeAddress, 'payeeAddress', problems, { required: true, max: 300 });
  const reason = text(raw.reason, 'reason', problems, { required: true, max: 200 });
  const refundDate = requiredDate(raw.refundDate, 'refundDate', problems);
  problems.throwIfAny();
  return {
    account: raw.account as number | string, amountCents: amountCents as Cents, payeeName: payeeName as string,
    payeeAddress: payeeAddress as string, reason: reason as string, refundDate: refundDate as IsoDate,
  };
}

async function checkRefund(db: Executor, refund: Refund): Promise<{ account: ReceivableAccountRow; refundAccount: string }> {
  const account = await getAccountRow(db, refund.account);
  const control = (await listControlRows(db)).find((row) => row.kind === account.kind && row.fundCode === account.fundCode);
  if (!control?.refundAccountCode) {
    throw invalidInput('account', `no refunds-payable account is set up for ${account.kindName.toLowerCase()} accounts in fund ${account.fundCode}`);
  }
  const credit = sumCents((await findOpenCredits(db, [account.id])).map((row) => row.availableCents));
  if (refund.amountCents > credit) {
    throw invalidInput('amountCents', `${account.accountNumber} has a credit of ${formatDollars(credit)}; a refund cannot be more`);
  }
  return { account, refundAccount: control.refundAccountCode };
}

/** Files a refund of a credit balance for approval; it is listed until payables pays it. */
export async function requestRefund(
  database: Database,
  options: { input: unknown; principal: Principal; handlers: ApprovalHandlers },
): Promise<ApprovalRequest> {
  const refund = parseRefund(options.input);
  const request = await requestApproval(database, {
    kind: 'receivables.refund', payload: options.input, principal: options.principal,
    handlers: options.handlers, requestPermission: 'receivables.adjust',
  });
  await inTransaction(database, async (tx) => {
    const account = await getAccountRow(tx, refund.account);
    await sql`insert into refund_request (receivable_account_id, amount_cents, payee_name, payee_address, reason,
        approval_request_id, requested_by)
      values (${account.id}, ${refund.amountCents}, ${refund.payeeName}, ${refund.payeeAddress}, ${refund.reason},
        ${request.id}, ${options.principal.username})`.execute(tx);
  });
  return request;
}

async function postRefund(database: Database, tx: Tx, refund: Refund, actor: Actor, approval: EntryApproval): Promise<ReceivableEntryResult> {
  const account = await getAccountRow(tx, refund.account);
  await lockAccounts(tx, [account.id]);
  const { refundAccount } = await checkRefund(tx, refund);
  const result = await postReceivableEntry(database, tx, actor, {
    entryDate: refund.refundDate,
    description: `Refund of credit ${account.accountNumber} to ${refund.payeeName}: ${refund.reason}`,
    documentRef: account.accountNumber,
    idempotencyKey: `refund:${approval.requestId}`,
    approval,
    items: [{
      accountId: account.id, itemType: 'refund', chargeClass: 'charge', amountCents: refund.amountCents,
      itemDate: refund.refundDate, dueDate: refund.refundDate, penaltyEligible: false, offsetAccountCode: refundAccount,
      description: `Refund to ${refund.payeeName}`, reasonCode: null, documentRef: null, reversesItemId: null,
    }],
    offsetLines: [{ accountCode: refundAccount, amountCents: cents(-refund.amountCents) }],
  });
  const itemId = result.items[0]?.id ?? null;
  await sql`update refund_request set status = 'approved', item_id = ${itemId}, decided_at = now()
    where approval_request_id = ${approval.requestId}`.execute(tx);
  await recordAudit(tx, { actor, action: 'receivables.refund', entityType: 'receivable_account', entityId: account.accountNumber,
    after: { journalEntryId: result.entry.id, amountCents: refund.amountCents, payeeName: refund.payeeName },
    details: { approvalRequestId: approval.requestId, enteredBy: approval.enteredBy } });
  return result;
}

export interface RefundRequestRow {
  id: number;
  accountNumber: string;
  customerName: string;
  amountCents: Cents;
  payeeName: string;
  payeeAddress: string;
  reason: string;
  status: 'requested' | 'approved' | 'rejected' | 'paid' | 'cancelled';
  approvalRequestId: number | null;
  requestedBy: string;
  /** ISO 8601 instant. */
  requestedAt: string;
}

/** Refund requests (approved ones wait for payables to pay them). */
export async function listRefundRequests(db: Executor, options: { status?: string | undefined } = {}): Promise<RefundRequestRow[]> {
  const result = await sql<Omit<RefundRequestRow, 'requestedAt'> & { requestedAt: Date }>`
    select * from (
      select f.id, r.account_number as "accountNumber", c.legal_name as "customerName", f.amount_cents as "amountCents",
        f.payee_name as "payeeName", f.payee_address as "payeeAddress", f.reason,
        case when f.status = 'requested' and q.status = 'rejected' then 'rejected'
             when f.status = 'requested' and q.status = 'cancelled' then 'cancelled' else f.status end as status,
        f.approval_request_id as "approvalRequestId", f.requested_by as "requestedBy", f.requested_at as "requestedAt"
      from refund_request f join receivable_account r on r.id = f.receivable_account_id
      join customer c on c.id = r.customer_id
      left join approval_request q on q.id = f.approval_request_id
    ) refunds
    where ${options.status ?? null}::text is null or status = ${options.status ?? null}
    order by "requestedAt" desc`.execute(db);
  return result.rows.map((row) => ({ ...row, requestedAt: row.requestedAt.toISOString() }));
}

// ---------------------------------------------------------------------------------------------
// Transfers of misapplied payments

export async function transferPayment(
  database: Database,
  options: {
    input: unknown;
    actor: Actor;
  },
): Promise<ReceivableEntryResult> {
  const raw = asRecord(options.input, 'transfer');
  const problems = new Problems();
  const paymentItemId = typeof raw.paymentItemId === 'number' && Number.isSafeInteger(raw.paymentItemId) ? raw.paymentItemId : null;
  if (paymentItemId === null) problems.add('paymentItemId', 'the payment to move is required');
  if (raw.toAccount === undefined || raw.toAccount === null || raw.toAccount === '') problems.add('toAccount', 'is required');
  const transferDate = requiredDate(raw.transferDate, 'transferDate', problems);
  const hasAmount = (raw.amountCents ?? raw.amount ?? null) !== null;
  const amount = hasAmount ? positiveAmount(raw, '', problems) : null;
  const reasonCode = text(raw.reasonCode, 'reasonCode', problems, { required: false, max: 20 })?.toUpperCase() ?? 'MISAPPLIED';
  const description = text(raw.description, 'description', problems, { required: true, max: 200 });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    await checkReason(tx, reasonCode, 'transfer');
    const [payment] = await findItemsByIds(tx, [paymentItemId as number]);
    if (!payment) throw notFound('receivable item', paymentItemId as number);
    if (payment.itemType !== 'payment' && payment.itemType !== 'transfer_in') {
      throw invalidInput('paymentItemId', `item ${payment.id} is a ${payment.itemType.replace('_', ' ')}, not a payment`);
    }
    if (payment.reversedByItemId !== null) throw invalidInput('paymentItemId', `payment ${payment.id} was reversed`);
    const from = await getAccountRow(tx, payment.accountId);
    const to = await getAccountRow(tx, raw.toAccount as number | string);
    if (to.id === from.id) throw invalidInput('toAccount', 'is the account the payment is already on');
    if (to.fundCode !== from.fundCode || to.controlAccountId !== from.controlAccountId) {
      throw invalidInput('toAccount', `${to.accountNumber} is kept in fund ${to.fundCode} on another control account; refund the payment and receipt it again there`);
    }
    await lockAccounts(tx, [from.id, to.id]);
    const moved = await movedAmount(tx, payment.id, amount);
    // What the payment paid on the wrong account is open again; the transfer-out then takes the
    // moved part of the payment, and the rest of it is applied again by the allocation rule.
    const applied = (await findApplicationsOf(tx, [payment.id])).filter((row) => row.creditItemId === payment.id);
    const debitTypes = new Map((await findItemsByIds(tx, applied.map((row) => row.debitItemId))).map((item) => [item.id, item.itemType]));
    await insertApplications(
      tx,
      applied
        .filter((row) => debitTypes.get(row.debitItemId) !== 'transfer_out')
        .map((row) => ({ ...row, amountCents: cents(-row.amountCents) })),
      transferDate as IsoDate,
      options.actor.username,
    );
    const result = await postReceivableEntry(database, tx, options.actor, {
      entryDate: transferDate as IsoDate,
      description: `Transfer of payment ${payment.documentRef ?? payment.id} from ${from.accountNumber} to ${to.accountNumber}: ${description}`,
      documentRef: payment.documentRef ?? from.accountNumber,
      idempotencyKey: `transfer:${payment.id}:${transferDate}:${moved}:${to.id}`,
      items: [
        { accountId: from.id, itemType: 'transfer_out', chargeClass: null, amountCents: moved, itemDate: transferDate as IsoDate,
          dueDate: null, penaltyEligible: false, offsetAccountCode: null, description: `Payment moved to ${to.accountNumber}: ${description}`,
          reasonCode, documentRef: payment.documentRef, reversesItemId: null },
        { accountId: to.id, itemType: 'transfer_in', chargeClass: null, amountCents: cents(-moved), itemDate: transferDate as IsoDate,
          dueDate: null, penaltyEligible: false, offsetAccountCode: null, description: `Payment moved from ${from.accountNumber}: ${description}`,
          reasonCode, documentRef: payment.documentRef, reversesItemId: null },
      ],
      offsetLines: [],
      directApplications: [{ creditIndexOrId: { itemId: payment.id }, debitIndexOrId: { newItem: 0 }, amountCents: moved }],
    });
    await recordAudit(tx, { actor: options.actor, action: 'receivables.transfer_payment', entityType: 'receivable_item', entityId: payment.id,
      after: { journalEntryId: result.entry.id, from: from.accountNumber, to: to.accountNumber, amountCents: moved, reasonCode } });
    return result;
  });
}

async function movedAmount(tx: Tx, paymentId: number, requested: Cents | null | undefined): Promise<Cents> {
  const [payment] = await findItemsByIds(tx, [paymentId]);
  const whole = cents(-(payment?.amountCents ?? 0));
  // Earlier transfers out of this payment are applications to transfer_out items: they stay moved.
  const earlier = await sql<{ moved: number }>`select coalesce(sum(a.amount_cents), 0)::bigint as moved
    from receivable_application a join receivable_item d on d.id = a.debit_item_id
    where a.credit_item_id = ${paymentId} and d.item_type = 'transfer_out'`.execute(tx);
  const left = cents(whole - (earlier.rows[0]?.moved ?? 0));
  const amount = requested ?? left;
  if (amount > left) throw invalidInput('amountCents', `only ${formatDollars(left)} of the payment is left to move`);
  if (amount <= 0) throw invalidInput('paymentItemId', 'nothing of this payment is left to move');
  return amount;
}

// ---------------------------------------------------------------------------------------------
// The approval kinds receivables offers (registered by src/app)

export function receivableApprovalHandlers(): ApprovalHandler[] {
  const approvalOf = (execution: { requestId: number; requestedBy: { username: string }; approver: { username: string } }): EntryApproval => ({
    requestId: execution.requestId,
    enteredBy: execution.requestedBy.username,
    approvedBy: execution.approver.username,
  });
  return [
    {
      kind: 'receivables.adjustment',
      requiredPermission: 'receivables.approve',
      async validate(payload, database) {
        const memo = parseMemo(payload);
        const account = await checkMemo(database.kysely, memo);
        return {
          summary: `${memo.memoType === 'debit' ? 'Debit' : 'Credit'} memo ${account.accountNumber} (${account.customerName}), ${memo.reasonCode}: ${memo.description} (${formatDollars(memo.amountCents)})`,
          amountCents: memo.amountCents,
        };
      },
      async execute(payload, execution) {
        const result = await postMemoNow(execution.database, execution.tx, parseMemo(payload), execution.approver, approvalOf(execution), `adjustment:${execution.requestId}`);
        return { entryId: result.entry.id, itemIds: result.items.map((item) => item.id) };
      },
    },
    {
      kind: 'receivables.write_off',
      requiredPermission: 'receivables.approve',
      async validate(payload, database) {
        const writeOff = parseWriteOff(payload);
        const { account, amount } = await checkWriteOff(database.kysely, writeOff);
        return {
          summary: `Write off ${formatDollars(amount)} on ${account.accountNumber} (${account.customerName}), ${writeOff.reasonCode}: ${writeOff.description}`,
          amountCents: amount,
        };
      },
      async execute(payload, execution) {
        const result = await postWriteOff(execution.database, execution.tx, parseWriteOff(payload), execution.approver, approvalOf(execution));
        return { entryId: result.entry.id, itemIds: result.items.map((item) => item.id) };
      },
    },
    {
      kind: 'receivables.refund',
      requiredPermission: 'receivables.approve',
      async validate(payload, database) {
        const refund = parseRefund(payload);
        const { account } = await checkRefund(database.kysely, refund);
        return {
          summary: `Refund ${formatDollars(refund.amountCents)} of the credit on ${account.accountNumber} to ${refund.payeeName}: ${refund.reason}`,
          amountCents: refund.amountCents,
        };
      },
      async execute(payload, execution) {
        const result = await postRefund(execution.database, execution.tx, parseRefund(payload), execution.approver, approvalOf(execution));
        return { entryId: result.entry.id, itemIds: result.items.map((item) => item.id) };
      },
    },
  ];
}
