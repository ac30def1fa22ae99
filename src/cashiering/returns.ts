/**
 * Returned payments: a check the bank returns unpaid (NSF, account closed, stop payment) or an ACH
 * debit that comes back. The payment is reversed (the receivables module reopens what it paid);
 * when the money had reached the bank (a verified deposit, or a lockbox file) the bank account is
 * credited back instead of the undeposited funds; the returned-payment service charge of California
 * Civil Code 1719 is charged on the account ($25 for the customer's first returned payment, $35 for
 * each later one: the effective-dated schedule in returned_item_fee_schedule); after the setting
 * cashiering.returns_before_cash_only returns the customer is flagged cash-only; and the notice
 * letter is produced from what is stored here.
 *
 * A receipt paid by several tenders (a check and cash): only the returned tender comes back. The
 * receipt is reversed whole, and what the other tenders paid is applied again by a second entry
 * (the counter items first, then the accounts in line order), so the accounts owe exactly the
 * returned amount again. One return per receipt.
 * Errors: invalid_input, not_found, conflict, period_closed.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidFields, notFound } from '../shared/errors.js';
import { asRecord, optionalDate, Problems, text } from '../shared/input.js';
import { cents, formatDollars, type Cents } from '../shared/money.js';
import { normalizeEntry, postNormalizedEntry } from '../ledger/index.js';
import { findEntryItemsByDocument, postCharges, postReceivableEntry, reverseReceivableItems, type OffsetLine } from '../receivables/index.js';
import { updateCustomer } from '../customers/index.js';
import { getReceipt, type Receipt } from './receipts.js';
import { getCashieringSetup } from './setup.js';

export const returnReasons = {
  nsf: 'Insufficient funds',
  account_closed: 'Account closed',
  stop_payment: 'Payment stopped',
  no_account: 'No account / unable to locate account',
  unable_to_locate: 'Unable to locate account',
  ach_return: 'ACH debit returned',
  other: 'Returned unpaid',
} as const;
export type ReturnReason = keyof typeof returnReasons;

export interface ReturnedItem {
  id: number;
  receiptNumber: string;
  customerId: number | null;
  customerNumber: string | null;
  customerName: string | null;
  preferredLanguage: string | null;
  reason: ReturnReason;
  reasonText: string;
  returnCode: string | null;
  returnedOn: IsoDate;
  paymentDate: IsoDate;
  tenderType: string;
  checkNumber: string | null;
  bankName: string | null;
  amountCents: Cents;
  reversalEntryId: number;
  bankEntryId: number | null;
  feeCents: Cents;
  feeEntryId: number | null;
  feeAccountNumber: string | null;
  returnNumber: number;
  /** What the receipt's other tenders paid, applied again (0 when the returned tender paid it all). */
  keptCents: Cents;
  keptEntryId: number | null;
  flaggedCashOnly: boolean;
  createdAt: string;
  createdBy: string;
}

/** The Civil Code 1719 service charge for a customer's nth returned payment, as of a date. */
export async function returnedPaymentFee(db: Executor, returnNumber: number, asOf: IsoDate): Promise<Cents> {
  const result = await sql<{ first: number; later: number }>`select first_cents as first, later_cents as later
    from returned_item_fee_schedule where effective_from <= ${asOf} order by effective_from desc limit 1`.execute(db);
  const row = result.rows[0];
  if (!row) return cents(0);
  return cents(returnNumber <= 1 ? row.first : row.later);
}

export async function recordReturnedPayment(
  database: Database,
  options: { input: unknown; actor: Actor; clock: Clock; returnsBeforeCashOnly: number },
): Promise<ReturnedItem> {
  const raw = asRecord(options.input, 'returned payment');
  const problems = new Problems();
  const receiptNumber = text(raw.receiptNumber, 'receiptNumber', problems, { required: true, max: 30 })?.toUpperCase();
  const reason = raw.reason as ReturnReason;
  if (!Object.hasOwn(returnReasons, reason ?? '')) problems.add('reason', `one of ${Object.keys(returnReasons).join(', ')}`);
  const returnCode = text(raw.returnCode, 'returnCode', problems, { required: false, max: 10 });
  const returnedOn = optionalDate(raw.returnedOn, 'returnedOn', problems) ?? options.clock.today();
  const waiveFee = raw.waiveFee === true;
  const tenderLine = raw.tenderLine === undefined || raw.tenderLine === null ? null : raw.tenderLine;
  if (tenderLine !== null && !(Number.isInteger(tenderLine) && (tenderLine as number) > 0)) problems.add('tenderLine', 'the line number of the tender that came back (1, 2, …)');
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const receipt = await getReceipt(tx, receiptNumber as string);
    await sql`select id from cash_transaction where id = ${receipt.transactionId} for update`.execute(tx);
    const tender = returnableTender(receipt, returnedOn, tenderLine as number | null);
    // What came back is the tender, up to the receipt's total (a tender above it gave change in cash).
    const returnedCents = cents(Math.min(tender.amountCents, receipt.totalCents));
    const keptCents = cents(receipt.totalCents - returnedCents);
    const reachedBank = await sql<{ reached: boolean }>`select (b.kind = 'lockbox' or d.status = 'verified') as reached
      from payment_batch b left join deposit d on d.id = b.deposit_id where b.id = ${receipt.batchId}`.execute(tx);
    const label = `Returned ${tender.type === 'ach' ? 'ACH payment' : `check ${tender.checkNumber ?? ''}`.trim()}, receipt ${receipt.receiptNumber}: ${returnReasons[reason]}`;
    // Only this receipt's items are reversed (a lockbox deposit posts many receipts in one entry);
    // the other side is the bank when the money had reached it, else the undeposited funds, and the
    // revenue of any counter items.
    const setup = await getCashieringSetup(tx);
    const funds = new Map(setup.fundAccounts.map((row) => [row.fundCode, row]));
    const byFund = new Map<string, number>();
    for (const line of receipt.lines) byFund.set(line.fundCode, (byFund.get(line.fundCode) ?? 0) + line.amountCents);
    const toBank = reachedBank.rows[0]?.reached === true;
    const offsetLines: OffsetLine[] = [...byFund].map(([fund, amount]) => {
      const accounts = funds.get(fund);
      if (!accounts) throw new AppError('invalid_input', `Cashiering has no accounts for fund ${fund}`, { field: 'fund' });
      return { accountCode: toBank ? accounts.bankAccountCode : accounts.undepositedAccountCode, amountCents: cents(-amount), memo: label.slice(0, 200) };
    });
    const itemLines = receipt.lines.filter((line) => line.kind === 'item');
    if (itemLines.length > 0) {
      const revenue = await itemRevenueCodes(tx, receipt);
      for (const line of itemLines) {
        offsetLines.push({ accountCode: revenue.get(line.lineNumber) as string, amountCents: line.amountCents, memo: `${line.description}, ${label}`.slice(0, 200) });
      }
    }
    const items = await findEntryItemsByDocument(tx, receipt.journalEntryId, receipt.receiptNumber);
    const reversal = items.length > 0
      ? await reverseReceivableItems(database, {
          itemIds: items.map((item) => item.id), reason: label, reversalDate: returnedOn, documentRef: receipt.receiptNumber,
          idempotencyKey: `cashiering:return:${receipt.transactionId}`, offsetLines, actor: options.actor, inTx: tx,
        })
      : { entry: (await postNormalizedEntry(database, {
          entry: normalizeEntry({
            entryDate: returnedOn, description: `Reversal: ${label}`.slice(0, 500), source: { module: 'cashiering', reference: receipt.receiptNumber },
            idempotencyKey: `cashiering:return:${receipt.transactionId}`,
            lines: offsetLines.map((line) => ({ account: line.accountCode, ...(line.amountCents > 0 ? { debitCents: line.amountCents } : { creditCents: -line.amountCents }), memo: line.memo ?? null })),
          }, { sourceModule: 'cashiering' }),
          actor: options.actor, inTx: tx,
        })).entry };
    const kept = keptCents > 0
      ? await reapplyKept(database, tx, options.actor, { receipt, keptCents, label, returnedOn, toBank, funds, itemRevenue: await itemRevenueCodes(tx, receipt) })
      : null;
    const bankEntryId: number | null = null;
    const customerId = receipt.customer?.id ?? null;
    const earlier = customerId === null ? 0 : Number((await sql<{ n: number }>`select count(*)::int as n from returned_item
      where customer_id = ${customerId}`.execute(tx)).rows[0]?.n ?? 0);
    const returnNumber = earlier + 1;
    const feeLine = receipt.lines.find((line) => line.kind === 'account');
    let fee = cents(0);
    let feeEntryId: number | null = null;
    let feeAccountId: number | null = null;
    if (!waiveFee && feeLine && customerId !== null) {
      fee = await returnedPaymentFee(tx, returnNumber, returnedOn);
      const feeAccount = funds.get(feeLine.fundCode)?.returnedFeeAccountCode;
      if (fee > 0 && feeAccount) {
        const charged = await postCharges(database, {
          input: {
            account: feeLine.accountNumber,
            chargeDate: returnedOn,
            dueDate: returnedOn,
            description: `Returned payment charge (Civil Code 1719), receipt ${receipt.receiptNumber}`,
            documentRef: receipt.receiptNumber,
            idempotencyKey: `cashiering:return-fee:${receipt.transactionId}`,
            lines: [{ revenueAccount: feeAccount, amountCents: fee, description: `Returned payment charge, receipt ${receipt.receiptNumber}`, chargeClass: 'charge' }],
          },
          actor: options.actor,
          inTx: tx,
          itemType: 'debit_memo',
          reasonCode: 'NSF_FEE',
        });
        feeEntryId = charged.entry.id;
        feeAccountId = charged.account.id;
      } else fee = cents(0);
    }
    const flagCashOnly = customerId !== null && returnNumber >= options.returnsBeforeCashOnly;
    if (flagCashOnly) {
      await updateCustomer(database, { customerId: customerId as number, changes: { flags: { isCashOnly: true } }, actor: options.actor, inTx: tx });
    }
    const inserted = await sql<{ id: number }>`insert into returned_item (transaction_id, tender_line, customer_id, return_reason, return_code,
        returned_on, amount_cents, reversal_entry_id, bank_entry_id, fee_cents, fee_entry_id, fee_account_id, return_number,
        flagged_cash_only, kept_cents, kept_entry_id, created_by)
      values (${receipt.transactionId}, ${tender.lineNumber}, ${customerId}, ${reason}, ${returnCode}, ${returnedOn}, ${returnedCents},
        ${reversal.entry.id}, ${bankEntryId}, ${fee}, ${feeEntryId}, ${feeAccountId}, ${returnNumber}, ${flagCashOnly},
        ${keptCents}, ${kept?.id ?? null}, ${options.actor.username})
      returning id`.execute(tx);
    await sql`update cash_transaction set status = 'returned' where id = ${receipt.transactionId}`.execute(tx);
    await sql`update cash_tender set status = 'returned' where transaction_id = ${receipt.transactionId} and line_number = ${tender.lineNumber}`.execute(tx);
    const id = inserted.rows[0]?.id as number;
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.record_return', entityType: 'cash_transaction', entityId: receipt.receiptNumber,
      after: { returnedItemId: id, reason, tenderLine: tender.lineNumber, amountCents: returnedCents, keptCents, keptEntryId: kept?.id ?? null,
        feeCents: fee, returnNumber, flaggedCashOnly: flagCashOnly, reversalEntryId: reversal.entry.id, bankEntryId } });
    return getReturnedItem(tx, id);
  });
}

const returnableTypes = new Set(['check', 'ach', 'money_order']);

/** The tender that came back: the only check/ACH/money order, or the one `tenderLine` names. */
function returnableTender(receipt: Receipt, returnedOn: IsoDate, tenderLine: number | null): Receipt['tenders'][number] {
  if (receipt.status !== 'posted') throw new AppError('conflict', `Receipt ${receipt.receiptNumber} is ${receipt.status}: it cannot be returned`, { field: 'receiptNumber' });
  const returnable = receipt.tenders.filter((tender) => returnableTypes.has(tender.type));
  if (returnable.length === 0) {
    throw invalidFields([{ field: 'receiptNumber', message: `receipt ${receipt.receiptNumber} was paid by ${receipt.tenders.map((t) => t.type).join(' and ')}: only checks and ACH payments come back` }]);
  }
  if (returnedOn < receipt.businessDate) throw invalidFields([{ field: 'returnedOn', message: `is before the payment (${receipt.businessDate})` }]);
  const describe = (tender: Receipt['tenders'][number]) => `${tender.lineNumber} (${tender.type}${tender.checkNumber ? ` ${tender.checkNumber}` : ''}, ${formatDollars(tender.amountCents)})`;
  if (tenderLine === null) {
    if (returnable.length > 1) {
      throw invalidFields([{ field: 'tenderLine', message: `receipt ${receipt.receiptNumber} has ${returnable.length} checks or ACH payments: say which came back, ${returnable.map(describe).join(' or ')}` }]);
    }
    return returnable[0] as Receipt['tenders'][number];
  }
  const named = receipt.tenders.find((tender) => tender.lineNumber === tenderLine);
  if (!named || !returnableTypes.has(named.type)) {
    throw invalidFields([{ field: 'tenderLine', message: `is not a check or ACH payment of receipt ${receipt.receiptNumber}: ${returnable.map(describe).join(' or ')}` }]);
  }
  return named;
}

/** Each counter-item line's revenue account code, by line number. */
async function itemRevenueCodes(tx: Executor, receipt: Receipt): Promise<Map<number, string>> {
  if (!receipt.lines.some((line) => line.kind === 'item')) return new Map();
  const revenue = await sql<{ lineNumber: number; code: string }>`select l.line_number as "lineNumber", a.code from cash_transaction_line l
    join counter_item i on i.id = l.counter_item_id join account a on a.id = i.revenue_account_id
    where l.transaction_id = ${receipt.transactionId}`.execute(tx);
  return new Map(revenue.rows.map((row) => [row.lineNumber, row.code]));
}

/**
 * Applies again what the receipt's other tenders paid: `keptCents` over its lines, items first and
 * then accounts in line order (each line up to its amount), debiting where the reversal credited (the bank or the undeposited
 * funds of each line's fund) and crediting the accounts as payments and the items' revenue.
 */
async function reapplyKept(
  database: Database,
  tx: Tx,
  actor: Actor,
  options: { receipt: Receipt; keptCents: Cents; label: string; returnedOn: IsoDate; toBank: boolean; itemRevenue: Map<number, string>;
    funds: Map<string, { bankAccountCode: string; undepositedAccountCode: string }> },
): Promise<{ id: number }> {
  const { receipt, label } = options;
  let left = options.keptCents as number;
  const shares: Array<{ line: Receipt['lines'][number]; amountCents: Cents }> = [];
  // Counter items first (they were handed over and are on no account to owe them on), then the
  // accounts in line order: what stays owed is on the accounts.
  const ordered = [...receipt.lines.filter((line) => line.kind === 'item'), ...receipt.lines.filter((line) => line.kind === 'account')];
  for (const line of ordered) {
    if (left <= 0) break;
    const share = Math.min(left, line.amountCents);
    if (share > 0) shares.push({ line, amountCents: cents(share) });
    left -= share;
  }
  const accountNumbers = [...new Set(shares.flatMap((share) => (share.line.kind === 'account' && share.line.accountNumber ? [share.line.accountNumber] : [])))];
  const ids = accountNumbers.length === 0 ? [] : (await sql<{ id: number; accountNumber: string }>`select id::int as id, account_number as "accountNumber"
    from receivable_account where account_number = any(${accountNumbers}::text[])`.execute(tx)).rows;
  const idOf = new Map(ids.map((row) => [row.accountNumber, row.id]));
  const memo = `Kept from receipt ${receipt.receiptNumber} after ${label.charAt(0).toLowerCase()}${label.slice(1)}`.slice(0, 200);
  const cashAccountOf = (fund: string) => {
    const accounts = options.funds.get(fund) as { bankAccountCode: string; undepositedAccountCode: string };
    return options.toBank ? accounts.bankAccountCode : accounts.undepositedAccountCode;
  };
  const byFund = new Map<string, number>();
  for (const share of shares) byFund.set(share.line.fundCode, (byFund.get(share.line.fundCode) ?? 0) + share.amountCents);
  const posted = await postReceivableEntry(database, tx, actor, {
    entryDate: options.returnedOn,
    description: memo,
    documentRef: receipt.receiptNumber,
    idempotencyKey: `cashiering:return-kept:${receipt.transactionId}`,
    items: shares.filter((share) => share.line.kind === 'account').map((share) => ({
      accountId: idOf.get(share.line.accountNumber as string) as number,
      itemType: 'payment' as const,
      chargeClass: null,
      amountCents: cents(-share.amountCents),
      itemDate: options.returnedOn,
      dueDate: null,
      penaltyEligible: false,
      offsetAccountCode: cashAccountOf(share.line.fundCode),
      description: `Payment kept, receipt ${receipt.receiptNumber}`,
      reasonCode: null,
      documentRef: receipt.receiptNumber,
      reversesItemId: null,
    })),
    offsetLines: [
      ...[...byFund].map(([fund, amount]) => ({ accountCode: cashAccountOf(fund), amountCents: cents(amount), memo })),
      ...shares.filter((share) => share.line.kind === 'item').map((share) => ({
        accountCode: options.itemRevenue.get(share.line.lineNumber) as string,
        amountCents: cents(-share.amountCents),
        memo: `${share.line.description}, ${memo}`.slice(0, 200),
      })),
    ],
  });
  return { id: posted.entry.id };
}

const returnedSelect = sql`select r.id, x.receipt_number as "receiptNumber", r.customer_id as "customerId", c.customer_number as "customerNumber",
    c.legal_name as "customerName", c.preferred_language as "preferredLanguage", r.return_reason as reason, r.return_code as "returnCode",
    r.returned_on as "returnedOn", x.business_date as "paymentDate", t.tender_type as "tenderType", t.check_number as "checkNumber",
    t.bank_name as "bankName", r.amount_cents as "amountCents", r.reversal_entry_id as "reversalEntryId", r.bank_entry_id as "bankEntryId",
    r.fee_cents as "feeCents", r.fee_entry_id as "feeEntryId", ra.account_number as "feeAccountNumber", r.return_number as "returnNumber",
    r.flagged_cash_only as "flaggedCashOnly", r.kept_cents as "keptCents", r.kept_entry_id as "keptEntryId", r.created_at as "createdAt", r.created_by as "createdBy"
  from returned_item r join cash_transaction x on x.id = r.transaction_id
  join cash_tender t on t.transaction_id = r.transaction_id and t.line_number = r.tender_line
  left join customer c on c.id = r.customer_id left join receivable_account ra on ra.id = r.fee_account_id`;

type ReturnedDbRow = Omit<ReturnedItem, 'createdAt' | 'reasonText'> & { createdAt: Date };
const toReturned = (row: ReturnedDbRow): ReturnedItem => ({ ...row, reasonText: returnReasons[row.reason], createdAt: row.createdAt.toISOString() });

export async function getReturnedItem(db: Executor, id: number): Promise<ReturnedItem> {
  const result = await sql<ReturnedDbRow>`${returnedSelect} where r.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('returned payment', id);
  return toReturned(row);
}

export async function listReturnedItems(db: Executor, filter: { customerId?: number | null; from?: IsoDate | null } = {}): Promise<ReturnedItem[]> {
  const result = await sql<ReturnedDbRow>`${returnedSelect}
    where (${filter.customerId ?? null}::bigint is null or r.customer_id = ${filter.customerId ?? null})
      and (${filter.from ?? null}::date is null or r.returned_on >= ${filter.from ?? null})
    order by r.id desc limit 500`.execute(db);
  return result.rows.map(toReturned);
}
