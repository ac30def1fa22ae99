/**
 * Taking a payment: one transaction pays one or several receivable accounts of any kind (a water
 * bill, a dog license and a citation) and any counter items (copies, transit passes), with one or
 * several tenders, and prints one receipt. It posts one journal entry at once: undeposited funds of
 * each fund debited, the receivables (through the receivables module, which applies each payment
 * by its kind's allocation order) and the items' revenue accounts credited.
 *
 * Rules: tenders cover the total and change comes only out of cash; paying an account less than it
 * owes is a partial payment the cashier confirms; a cash-only customer may not pay by check or
 * ACH; a closed account takes no payment; a closed batch takes no payment. The idempotency key
 * makes a retried request return the first receipt (a different request with the same key is refused).
 * Errors: invalid_input, not_found, conflict, idempotency_conflict, period_closed.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { auditAppendCall, recordAudit } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, prepared, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidFields, notFound, type FieldProblem } from '../shared/errors.js';
import { asRecord } from '../shared/input.js';
import { cents, formatDollars, parseCents, parseDollars, sumCents, type Cents } from '../shared/money.js';
import { findAccountsWithBalances, postReceivableEntry, type AccountWithBalance } from '../receivables/index.js';
import { getBatch, type BatchKind } from './batches.js';
import type { CardProcessor } from './card-processor.js';
import { getReceipt, type Receipt } from './receipts.js';
import { findOpenSession } from './sessions.js';
import { counterItemsSelect, fundAccountsSelect, type CounterItem, type FundAccounts } from './setup.js';
import { cashOnlyTenders, isPartialPayment, settleTenders, tenderLabels, tenderTypes, type TenderType } from './tenders.js';

export interface PaymentLineInput {
  /** A receivable account (number like UB-100234, or id) … */
  account?: string | number;
  /** … or a counter item code (COPIES) with a quantity. */
  item?: string;
  quantity?: number;
  amountCents?: number | string;
  amount?: string;
}

export interface TenderInput {
  type: TenderType;
  amountCents?: number | string;
  amount?: string;
  checkNumber?: string;
  bankName?: string;
  routingNumber?: string;
  accountLast4?: string;
  /** Card: the processor's token (never the card number). */
  cardToken?: string;
}

export interface TakePaymentInput {
  /** A mail batch to key into; without it, the cashier's open drawer session. */
  batch?: string | number;
  customerId?: number;
  payerName?: string;
  lines: PaymentLineInput[];
  tenders: TenderInput[];
  /** The cashier confirms paying an account less than it owes. */
  confirmPartial?: boolean;
  idempotencyKey: string;
  emailTo?: string;
}

interface ParsedLine {
  kind: 'account' | 'item';
  accountKey: string | number | null;
  itemCode: string | null;
  quantity: number;
  amountCents: Cents | null;
}

interface ParsedTender {
  type: TenderType;
  amountCents: Cents;
  checkNumber: string | null;
  bankName: string | null;
  routingNumber: string | null;
  accountLast4: string | null;
  cardToken: string | null;
}

function amountOf(raw: Record<string, unknown>, field: string, problems: FieldProblem[]): Cents | null {
  try {
    if (raw.amountCents !== undefined && raw.amountCents !== null && raw.amountCents !== '') return parseCents(raw.amountCents, `${field}.amountCents`);
    if (raw.amount !== undefined && raw.amount !== null && raw.amount !== '') return parseDollars(String(raw.amount), `${field}.amount`);
    return null;
  } catch (error) {
    if (error instanceof AppError) problems.push({ field: typeof error.details.field === 'string' ? error.details.field : field, message: error.message.replace(/^[^:]+: /, '') });
    else throw error;
    return null;
  }
}

const cleanText = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

export function parseTakePayment(input: unknown): {
  batch: string | number | null;
  customerId: number | null;
  payerName: string | null;
  lines: ParsedLine[];
  tenders: ParsedTender[];
  confirmPartial: boolean;
  idempotencyKey: string;
  emailTo: string | null;
} {
  const raw = asRecord(input, 'payment');
  const problems: FieldProblem[] = [];
  const lines: ParsedLine[] = [];
  const rawLines = Array.isArray(raw.lines) ? raw.lines : [];
  if (rawLines.length === 0) problems.push({ field: 'lines', message: 'add at least one account or item to pay' });
  if (rawLines.length > 50) problems.push({ field: 'lines', message: 'at most 50 lines in one transaction' });
  rawLines.forEach((value, index) => {
    const field = `lines[${index}]`;
    const line = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const hasAccount = line.account !== undefined && line.account !== null && line.account !== '';
    const hasItem = typeof line.item === 'string' && line.item.trim() !== '';
    if (hasAccount === hasItem) {
      problems.push({ field, message: 'name an account (UB-100234) or a counter item (COPIES), not both' });
      return;
    }
    const quantity = line.quantity === undefined || line.quantity === null ? 1 : Number(line.quantity);
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > 10_000) problems.push({ field: `${field}.quantity`, message: 'a whole number, 1 or more' });
    const amount = amountOf(line, field, problems);
    if (amount !== null && amount <= 0) problems.push({ field: `${field}.amountCents`, message: 'must be more than zero' });
    if (hasAccount && amount === null) problems.push({ field: `${field}.amountCents`, message: 'how much is paid on this account' });
    lines.push({
      kind: hasAccount ? 'account' : 'item',
      accountKey: hasAccount ? (typeof line.account === 'number' ? line.account : String(line.account).trim().toUpperCase()) : null,
      itemCode: hasItem ? String(line.item).trim().toUpperCase() : null,
      quantity,
      amountCents: amount,
    });
  });
  const accountKeys = lines.filter((line) => line.kind === 'account').map((line) => String(line.accountKey));
  const duplicate = accountKeys.find((key, index) => accountKeys.indexOf(key) !== index);
  if (duplicate) problems.push({ field: 'lines', message: `account ${duplicate} is on two lines; pay it once` });
  const tenders: ParsedTender[] = [];
  const rawTenders = Array.isArray(raw.tenders) ? raw.tenders : [];
  if (rawTenders.length === 0) problems.push({ field: 'tenders', message: 'give at least one tender (cash, check, money order, card)' });
  if (rawTenders.length > 10) problems.push({ field: 'tenders', message: 'at most 10 tenders in one transaction' });
  rawTenders.forEach((value, index) => {
    const field = `tenders[${index}]`;
    const tender = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const type = tender.type as TenderType;
    if (!tenderTypes.includes(type)) {
      problems.push({ field: `${field}.type`, message: `one of ${tenderTypes.join(', ')}` });
      return;
    }
    const amount = amountOf(tender, field, problems);
    if (amount === null) problems.push({ field: `${field}.amountCents`, message: 'how much was handed over' });
    else if (amount <= 0) problems.push({ field: `${field}.amountCents`, message: 'must be more than zero' });
    const checkNumber = cleanText(tender.checkNumber, 20);
    const routing = cleanText(tender.routingNumber, 9);
    const last4 = cleanText(tender.accountLast4, 4);
    const token = cleanText(tender.cardToken, 200);
    if (type === 'check' && !checkNumber) problems.push({ field: `${field}.checkNumber`, message: 'the check number is required' });
    if (checkNumber && !/^[0-9A-Za-z-]{1,20}$/.test(checkNumber)) problems.push({ field: `${field}.checkNumber`, message: 'digits (and letters) only' });
    if (routing && !/^[0-9]{9}$/.test(routing)) problems.push({ field: `${field}.routingNumber`, message: 'nine digits' });
    if (last4 && !/^[0-9]{4}$/.test(last4)) problems.push({ field: `${field}.accountLast4`, message: 'the last four digits of the account' });
    if (type === 'card' && !token) problems.push({ field: `${field}.cardToken`, message: 'the card reader\'s token is required (the card number is never sent)' });
    if (type !== 'card' && token) problems.push({ field: `${field}.cardToken`, message: 'only a card tender has a token' });
    if (typeof tender.cardNumber === 'string' || typeof tender.pan === 'string') {
      problems.push({ field: `${field}.cardNumber`, message: 'card numbers are never accepted; send the card reader\'s token' });
    }
    tenders.push({
      type,
      amountCents: amount ?? cents(0),
      checkNumber,
      bankName: cleanText(tender.bankName, 100),
      routingNumber: routing,
      accountLast4: last4,
      cardToken: token,
    });
  });
  const idempotencyKey = cleanText(raw.idempotencyKey, 200);
  if (!idempotencyKey) problems.push({ field: 'idempotencyKey', message: 'a key per payment is required, so a retry posts once' });
  const customerId = raw.customerId === undefined || raw.customerId === null ? null : Number(raw.customerId);
  if (customerId !== null && !Number.isSafeInteger(customerId)) problems.push({ field: 'customerId', message: 'must be a customer id' });
  const emailTo = cleanText(raw.emailTo, 254);
  if (emailTo && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailTo)) problems.push({ field: 'emailTo', message: 'is not an email address' });
  if (problems.length > 0) throw invalidFields(problems);
  return {
    batch: raw.batch === undefined || raw.batch === null || raw.batch === '' ? null : (raw.batch as string | number),
    customerId,
    payerName: cleanText(raw.payerName, 200),
    lines,
    tenders,
    confirmPartial: raw.confirmPartial === true,
    idempotencyKey: idempotencyKey as string,
    emailTo,
  };
}

export interface TakePaymentResult {
  receipt: Receipt;
  isReplay: boolean;
}

interface PricedLine {
  lineNumber: number;
  kind: 'account' | 'item';
  account: AccountWithBalance | null;
  item: CounterItem | null;
  quantity: number;
  description: string;
  amountCents: Cents;
  balanceBeforeCents: Cents | null;
  fundCode: string;
}

export async function takePayment(
  database: Database,
  options: { input: unknown; actor: Actor; clock: Clock; processor: CardProcessor },
): Promise<TakePaymentResult> {
  const request = parseTakePayment(options.input);
  const contentHash = createHash('sha256').update(JSON.stringify({ ...request, idempotencyKey: undefined })).digest('hex');
  const businessDate = options.clock.today();
  // What the payment needs to know, in two round trips side by side: the replay, the drawer's
  // batch, counter items, fund accounts and customers (cashiering), and the accounts with their
  // balances (receivables).
  const accountKeys = request.lines.flatMap((line) => (line.kind === 'account' ? [line.accountKey as string | number] : []));
  const [context, accounts] = await Promise.all([
    readPaymentContext(database, request, options.actor.username),
    findAccountsWithBalances(database.kysely, accountKeys, businessDate),
  ]);
  if (context.existing) return { receipt: await replayOf(database.kysely, context.existing, contentHash), isReplay: true };
  let batchId: number;
  if (request.batch === null) {
    if (!context.session) throw new AppError('conflict', 'Open your drawer first: counter payments go into your drawer session', { field: 'batch' });
    batchId = context.session.batchId;
  } else {
    batchId = await resolveBatch(database, request.batch, options.actor.username);
  }
  const priced = priceLines(request, accounts, context.items);
  const total = sumCents(priced.map((line) => line.amountCents));
  const settlement = settleTenders(total, request.tenders);
  const customerId = request.customerId ?? priced.find((line) => line.account)?.account?.customerId ?? null;
  const customers = await customersOf(database, context.customers, [customerId, ...priced.map((line) => line.account?.customerId ?? null)]);
  checkCustomer(customers, customerId, request.tenders);
  const funds = fundAccountsFor(context.fundAccounts, priced.map((line) => line.fundCode));
  // The card is charged before the transaction (an outside effect must not be retried with it);
  // the processor charges a key once, so a retried request is not charged twice. A payment that
  // then fails to post has its authorizations voided.
  const cards = await authorizeCards(database, options, request.tenders, request.idempotencyKey);
  return voidingCardsOnFailure(database, options, cards, request.idempotencyKey, () => inTransaction(database, async (tx) => {
    // No replay check here: a duplicate racing this one waits on the ledger's idempotency key
    // (or on the accounts' locks) and then answers as the replay below.
    const { batch, receiptNumber } = await lockBatchForPayment(tx, batchId, businessDate);
    const byFund = new Map<string, Cents>();
    for (const line of priced) byFund.set(line.fundCode, cents((byFund.get(line.fundCode) ?? 0) + line.amountCents));
    const accountLines = priced.filter((line) => line.account);
    // The receipt's rows and its audit row are written by the entry's own statement (companion
    // writes, after the receivable items): one round trip, and the ledger's balance rows stay
    // locked only for the rest of that statement and the commit. The audit call reads the other
    // writes' counts first, so it runs last (it holds its chain head until commit).
    const audit = auditAppendCall({ actor: options.actor, action: 'cashiering.take_payment', entityType: 'cash_transaction', entityId: receiptNumber,
      after: { batch: batch.batchNumber, totalCents: total, tenderedCents: settlement.tenderedCents, changeCents: settlement.changeCents,
        lines: priced.map((line) => ({ account: line.account?.accountNumber ?? null, item: line.item?.code ?? null, amountCents: line.amountCents })),
        tenders: request.tenders.map((t) => ({ type: t.type, amountCents: t.amountCents })) } }, undefined, sql`jsonb_build_object('journalEntryId', (select id from header))`);
    const companion = {
      ctes: sql`, cx as (
        insert into cash_transaction (receipt_number, batch_id, customer_id, payer_name,
          business_date, total_cents, tendered_cents, change_cents, journal_entry_id, idempotency_key, content_hash, email_to, created_by)
        select ${receiptNumber}::text, ${batch.id}::bigint, ${customerId}::bigint, ${request.payerName}::text, ${businessDate}::date, ${total}::bigint,
          ${settlement.tenderedCents}::bigint, ${settlement.changeCents}::bigint, h.id, ${request.idempotencyKey}::text, ${contentHash}::text,
          ${request.emailTo}::text, ${options.actor.username}::text
        from header h
        returning id, created_at
      ), cx_lines as (
        insert into cash_transaction_line (transaction_id, line_number, line_kind, receivable_account_id, counter_item_id,
          quantity, description, amount_cents, balance_before_cents, fund_code)
        select x.id, n, k, a, i, q, d, amt, bal, f
        from cx x cross join unnest(${priced.map((line) => line.lineNumber)}::int[], ${priced.map((line) => line.kind)}::text[],
          ${priced.map((line) => line.account?.id ?? null)}::bigint[], ${priced.map((line) => line.item?.id ?? null)}::bigint[],
          ${priced.map((line) => line.quantity)}::int[], ${priced.map((line) => line.description)}::text[],
          ${priced.map((line) => line.amountCents)}::bigint[], ${priced.map((line) => line.balanceBeforeCents)}::bigint[],
          ${priced.map((line) => line.fundCode)}::text[]) as t(n, k, a, i, q, d, amt, bal, f)
        returning 1
      ), cx_tenders as (
        insert into cash_tender (transaction_id, line_number, tender_type, amount_cents, check_number, bank_name,
          routing_number, account_last4, card_token, card_last4, card_brand, authorization_code)
        select x.id, n, ty, amt, cn, bn, rn, l4, tok, cl4, br, au
        from cx x cross join unnest(${request.tenders.map((_, index) => index + 1)}::int[], ${request.tenders.map((t) => t.type)}::text[],
          ${request.tenders.map((t) => t.amountCents)}::bigint[], ${request.tenders.map((t) => t.checkNumber)}::text[],
          ${request.tenders.map((t) => t.bankName)}::text[], ${request.tenders.map((t) => t.routingNumber)}::text[],
          ${request.tenders.map((t) => t.accountLast4)}::text[], ${request.tenders.map((t) => t.cardToken)}::text[],
          ${request.tenders.map((_, index) => cards.get(index)?.last4 ?? null)}::text[],
          ${request.tenders.map((_, index) => cards.get(index)?.brand ?? null)}::text[],
          ${request.tenders.map((_, index) => cards.get(index)?.authorizationCode ?? null)}::text[])
          as t(n, ty, amt, cn, bn, rn, l4, tok, cl4, br, au)
        returning 1
      )`,
      rowCount: sql`(select count(*) from cx_lines) + (select count(*) from cx_tenders)`,
      select: sql`(select id from cx) as "cashTransactionId", (select created_at from cx) as "cashCreatedAt", ${audit} as "cashAuditId"`,
    };
    // A duplicate racing this one (the same key) finds the ledger's key taken once the first
    // commits; the entry's content differs (its own receipt number), so the ledger says
    // idempotency_conflict. The first one's receipt is visible now: answer with it.
    const posted = await postReceivableEntry(database, tx, options.actor, {
      entryDate: businessDate,
      description: `Receipt ${receiptNumber}${request.payerName ? `, ${request.payerName}` : ''} (batch ${batch.batchNumber})`,
      documentRef: receiptNumber,
      idempotencyKey: `cashiering:${request.idempotencyKey}`,
      items: accountLines.map((line) => ({
        accountId: (line.account as AccountWithBalance).id,
        itemType: 'payment' as const,
        chargeClass: null,
        amountCents: cents(-line.amountCents),
        itemDate: businessDate,
        dueDate: null,
        penaltyEligible: false,
        offsetAccountCode: funds.get(line.fundCode)?.undepositedAccountCode ?? null,
        description: `Payment, receipt ${receiptNumber}`,
        reasonCode: null,
        documentRef: receiptNumber,
        reversesItemId: null,
      })),
      offsetLines: [
        ...[...byFund].map(([fund, amount]) => ({
          accountCode: funds.get(fund)?.undepositedAccountCode as string,
          amountCents: amount,
          memo: `Receipt ${receiptNumber}`,
        })),
        ...priced.filter((line) => line.item).map((line) => ({
          accountCode: (line.item as CounterItem).revenueAccountCode,
          amountCents: cents(-line.amountCents),
          memo: `${line.description}, receipt ${receiptNumber}`,
        })),
      ],
      companion,
    }).catch(async (error: unknown) => {
      if (!(error instanceof AppError) || error.code !== 'idempotency_conflict') throw error;
      const again = await findByKey(tx, request.idempotencyKey, contentHash);
      if (again) return { replayOf: again };
      throw error;
    });
    if ('replayOf' in posted) return { receipt: posted.replayOf, isReplay: true };
    if (posted.isReplay) {
      // A request with the same key committed meanwhile: its receipt is visible now.
      const again = await findByKey(tx, request.idempotencyKey, contentHash);
      if (again) return { receipt: again, isReplay: true };
      throw new AppError('conflict', `The idempotency key ${request.idempotencyKey} posted a journal entry without a receipt`, {});
    }
    const row = posted.companion as { cashTransactionId: number; cashCreatedAt: Date } | undefined;
    if (!row) throw new Error('the cash transaction was not written');
    const customer = customerId === null ? undefined : customers.get(customerId);
    // The receipt from what was just written (getReceipt would read the same back).
    const receipt: Receipt = {
      transactionId: row.cashTransactionId,
      receiptNumber,
      batchId: batch.id,
      batchNumber: batch.batchNumber,
      batchKind: batch.kind,
      batchStatus: 'open',
      drawerCode: batch.drawerCode,
      businessDate,
      cashier: options.actor.username,
      customer: customer ? { id: customer.id, customerNumber: customer.customerNumber, name: customer.name } : null,
      payerName: request.payerName,
      lines: priced.map((line) => ({
        lineNumber: line.lineNumber,
        kind: line.kind,
        accountNumber: line.account?.accountNumber ?? null,
        itemCode: line.item?.code ?? null,
        description: line.description,
        quantity: line.quantity,
        amountCents: line.amountCents,
        balanceBeforeCents: line.balanceBeforeCents,
        balanceAfterCents: line.balanceBeforeCents === null ? null : cents(line.balanceBeforeCents - line.amountCents),
        fundCode: line.fundCode,
      })),
      tenders: request.tenders.map((tender, index) => ({
        lineNumber: index + 1,
        type: tender.type,
        amountCents: tender.amountCents,
        checkNumber: tender.checkNumber,
        bankName: tender.bankName,
        accountLast4: tender.accountLast4,
        cardLast4: cards.get(index)?.last4 ?? null,
        cardBrand: cards.get(index)?.brand ?? null,
        authorizationCode: cards.get(index)?.authorizationCode ?? null,
        status: 'accepted' as const,
      })),
      totalCents: total,
      tenderedCents: settlement.tenderedCents,
      changeCents: settlement.changeCents,
      status: 'posted',
      voidReason: null,
      voidedBy: null,
      voidedAt: null,
      voidEntryId: null,
      journalEntryId: posted.entry.id,
      printCount: 0,
      emailTo: request.emailTo,
      emailedAt: null,
      createdAt: row.cashCreatedAt.toISOString(),
    };
    return { receipt, isReplay: false };
  }));
}

interface PaymentContext {
  existing: { receiptNumber: string; contentHash: string } | null;
  session: { batchId: number } | null;
  items: Map<string, CounterItem>;
  fundAccounts: FundAccounts[];
  /** The customers named by id in the request and those of the accounts named by id or number. */
  customers: Map<number, PaymentCustomer>;
}

interface PaymentCustomer {
  id: number;
  customerNumber: string;
  name: string;
  cashOnly: boolean;
}

/**
 * One round trip: the receipt already posted under the key, the cashier's open drawer session,
 * the counter items, every fund's cashiering accounts, and the customers the payment names.
 */
async function readPaymentContext(database: Database, request: ReturnType<typeof parseTakePayment>, cashier: string): Promise<PaymentContext> {
  const itemCodes = [...new Set(request.lines.flatMap((line) => (line.itemCode ? [line.itemCode] : [])))];
  const keys = request.lines.flatMap((line) => (line.kind === 'account' ? [line.accountKey as string | number] : []));
  const isNumber = (key: string | number): key is string => typeof key === 'string' && !/^\d+$/.test(key);
  const accountNumbers = keys.filter(isNumber).map((key) => key.toUpperCase());
  const accountIds = keys.filter((key) => !isNumber(key)).map(Number).filter((id) => Number.isSafeInteger(id));
  const result = await sql<{
    existing: { receiptNumber: string; contentHash: string } | null;
    session: { batchId: number } | null;
    items: CounterItem[] | null;
    fundAccounts: FundAccounts[] | null;
    customers: PaymentCustomer[] | null;
  }>`${prepared}select
      (select json_build_object('receiptNumber', x.receipt_number, 'contentHash', x.content_hash) from cash_transaction x
        where x.idempotency_key = ${request.idempotencyKey}::text) as existing,
      (select json_build_object('batchId', s.batch_id) from drawer_session s
        where s.cashier = ${cashier}::text and s.status = 'open') as session,
      (select json_agg(i) from (${counterItemsSelect(itemCodes)}) i) as items,
      (select json_agg(f) from (${fundAccountsSelect}) f) as "fundAccounts",
      (select json_agg(c) from (select c.id, c.customer_number as "customerNumber", c.legal_name as name, c.is_cash_only as "cashOnly"
        from customer c where c.id = any(array(select r.customer_id from receivable_account r
          where r.account_number = any(${accountNumbers}::text[]) or r.id = any(${accountIds}::bigint[])) || ${request.customerId}::bigint)) c) as customers`.execute(database.kysely);
  const row = result.rows[0];
  return {
    existing: row?.existing ?? null,
    session: row?.session ?? null,
    items: new Map((row?.items ?? []).map((item) => [item.code, item])),
    fundAccounts: row?.fundAccounts ?? [],
    customers: new Map((row?.customers ?? []).map((customer) => [customer.id, customer])),
  };
}

/** Customers named that the context did not hold (an account's customer changed meanwhile). */
async function customersOf(database: Database, known: Map<number, PaymentCustomer>, ids: ReadonlyArray<number | null>): Promise<Map<number, PaymentCustomer>> {
  const missing = [...new Set(ids.filter((id): id is number => id !== null && !known.has(id)))];
  if (missing.length === 0) return known;
  const result = await sql<PaymentCustomer>`select id, customer_number as "customerNumber", legal_name as name, is_cash_only as "cashOnly"
    from customer where id = any(${missing}::bigint[])`.execute(database.kysely);
  return new Map([...known, ...result.rows.map((row) => [row.id, row] as const)]);
}

function fundAccountsFor(rows: readonly FundAccounts[], fundCodes: readonly string[]): Map<string, FundAccounts> {
  const byFund = new Map(rows.map((row) => [row.fundCode, row]));
  const missing = [...new Set(fundCodes)].filter((fund) => !byFund.has(fund));
  if (missing.length > 0) {
    throw new AppError('invalid_input', `Cashiering has no undeposited-funds account for fund ${missing.join(', ')}; an accountant sets it in cashiering set-up`, {
      field: 'fund',
      funds: missing,
    });
  }
  return byFund;
}

/** Share-locks the batch (it must be open; closing it waits for this payment) and numbers the receipt. */
async function lockBatchForPayment(tx: Tx, batchId: number, businessDate: IsoDate): Promise<{
  batch: { id: number; batchNumber: string; kind: BatchKind; drawerCode: string | null };
  receiptNumber: string;
}> {
  const result = await sql<{ id: number; batchNumber: string; kind: BatchKind; status: string; drawerCode: string | null; n: number }>`${prepared}
    select b.id, b.batch_number as "batchNumber", b.kind, b.status, d.code as "drawerCode", nextval('receipt_number_seq')::bigint as n
    from payment_batch b left join drawer_session s on s.batch_id = b.id left join cash_drawer d on d.id = s.drawer_id
    where b.id = ${batchId}::bigint for share of b`.execute(tx);
  const batch = result.rows[0];
  if (!batch) throw notFound('payment batch', batchId);
  if (batch.status !== 'open') {
    throw new AppError('conflict', `Batch ${batch.batchNumber} is closed: it takes no more payments or voids`, { field: 'batch', batchNumber: batch.batchNumber });
  }
  return { batch, receiptNumber: receiptNumberOf(businessDate, batch.n) };
}

function receiptNumberOf(businessDate: IsoDate, n: number): string {
  return `R-${businessDate.slice(0, 4)}-${String(n).padStart(6, '0')}`;
}

async function replayOf(db: Executor, existing: { receiptNumber: string; contentHash: string }, contentHash: string): Promise<Receipt> {
  if (existing.contentHash !== contentHash) {
    throw new AppError('idempotency_conflict', `The idempotency key was already used for receipt ${existing.receiptNumber}, a different payment`, {
      receiptNumber: existing.receiptNumber,
    });
  }
  return getReceipt(db, existing.receiptNumber);
}

async function findByKey(db: Database | Tx, key: string, contentHash: string): Promise<Receipt | null> {
  const executor = 'kysely' in db ? db.kysely : db;
  const result = await sql<{ receiptNumber: string; contentHash: string }>`select receipt_number as "receiptNumber", content_hash as "contentHash"
    from cash_transaction where idempotency_key = ${key}`.execute(executor);
  const row = result.rows[0];
  if (!row) return null;
  if (row.contentHash !== contentHash) {
    throw new AppError('idempotency_conflict', `The idempotency key was already used for receipt ${row.receiptNumber}, a different payment`, {
      receiptNumber: row.receiptNumber,
    });
  }
  return getReceipt(executor, row.receiptNumber);
}

async function resolveBatch(database: Database, batch: string | number | null, cashier: string): Promise<number> {
  if (batch === null) {
    const session = await findOpenSession(database.kysely, cashier);
    if (!session) throw new AppError('conflict', 'Open your drawer first: counter payments go into your drawer session', { field: 'batch' });
    return session.batchId;
  }
  const found = await getBatch(database.kysely, batch);
  if (found.kind === 'counter' && found.cashier !== cashier) {
    throw new AppError('forbidden', `Batch ${found.batchNumber} is ${found.cashier}'s drawer`, { field: 'batch' });
  }
  if (found.kind === 'lockbox') throw new AppError('invalid_input', `Batch ${found.batchNumber} is a lockbox file: it takes no keyed payments`, { field: 'batch' });
  return found.id;
}

function priceLines(request: ReturnType<typeof parseTakePayment>, accounts: ReadonlyMap<number | string, AccountWithBalance>, items: ReadonlyMap<string, CounterItem>): PricedLine[] {
  const problems: FieldProblem[] = [];
  const priced: PricedLine[] = [];
  for (const [index, line] of request.lines.entries()) {
    const field = `lines[${index}]`;
    if (line.kind === 'account') {
      const account = accounts.get(line.accountKey as string | number);
      if (!account) {
        problems.push({ field: `${field}.account`, message: `account ${line.accountKey} was not found` });
        continue;
      }
      if (account.status === 'closed') {
        problems.push({ field: `${field}.account`, message: `account ${account.accountNumber} is closed; a payment on it goes to the customer's open account` });
        continue;
      }
      const amount = line.amountCents as Cents;
      if (!request.confirmPartial && isPartialPayment(amount, account.balanceCents)) {
        problems.push({ field: `${field}.amountCents`, message: `${formatDollars(amount)} is less than the ${formatDollars(account.balanceCents)} owed on ${account.accountNumber}: confirm a partial payment` });
      }
      priced.push({ lineNumber: index + 1, kind: 'account', account, item: null, quantity: 1, description: `${account.kindName} ${account.accountNumber}`,
        amountCents: amount, balanceBeforeCents: account.balanceCents, fundCode: account.fundCode });
    } else {
      const item = items.get(line.itemCode as string);
      if (!item || !item.isActive) {
        problems.push({ field: `${field}.item`, message: `${line.itemCode} is not an item sold at the counter` });
        continue;
      }
      const amount = item.unitPriceCents !== null ? cents(item.unitPriceCents * line.quantity) : line.amountCents;
      if (item.unitPriceCents !== null && line.amountCents !== null && line.amountCents !== amount) {
        problems.push({ field: `${field}.amountCents`, message: `${item.name} is ${formatDollars(item.unitPriceCents)} each: ${line.quantity} make ${formatDollars(amount as Cents)}` });
      }
      if (amount === null) {
        problems.push({ field: `${field}.amountCents`, message: `${item.name} has no set price: enter the amount` });
        continue;
      }
      priced.push({ lineNumber: index + 1, kind: 'item', account: null, item, quantity: line.quantity,
        description: line.quantity > 1 ? `${item.name} x ${line.quantity}` : item.name, amountCents: amount, balanceBeforeCents: null, fundCode: item.fundCode });
    }
  }
  if (problems.length > 0) throw invalidFields(problems);
  return priced;
}

function checkCustomer(customers: ReadonlyMap<number, PaymentCustomer>, customerId: number | null, tenders: readonly ParsedTender[]): void {
  if (customerId !== null && !customers.has(customerId)) {
    throw invalidFields([{ field: 'customerId', message: `customer ${customerId} was not found` }]);
  }
  const cashOnly = [...customers.values()].find((row) => row.cashOnly);
  if (!cashOnly) return;
  const refused = tenders.map((tender, index) => ({ tender, index })).filter(({ tender }) => !cashOnlyTenders.includes(tender.type));
  if (refused.length > 0) {
    throw invalidFields(refused.map(({ tender, index }) => ({
      field: `tenders[${index}].type`,
      message: `${cashOnly.name} (${cashOnly.customerNumber}) is cash-only after returned payments: no ${tenderLabels[tender.type].toLowerCase()}; take cash, a money order, a cashier's check or a card`,
    })), `${cashOnly.name} is cash-only: a ${tenderLabels[refused[0]?.tender.type ?? 'check'].toLowerCase()} is not accepted`);
  }
}

interface ApprovedCard {
  last4: string;
  brand: string;
  authorizationCode: string;
  processorReference: string;
  idempotencyKey: string;
}

type CardOptions = { actor: Actor; processor: CardProcessor };

async function authorizeCards(
  database: Database,
  options: CardOptions,
  tenders: readonly ParsedTender[],
  key: string,
): Promise<Map<number, ApprovedCard>> {
  const approved = new Map<number, ApprovedCard>();
  for (const [index, tender] of tenders.entries()) {
    if (tender.type !== 'card') continue;
    const idempotencyKey = `${key}:${index}`;
    const result = await options.processor.authorize({ token: tender.cardToken as string, amountCents: tender.amountCents, idempotencyKey });
    if (!result.approved) {
      // A second card declined: the first one's authorization goes back.
      await voidCards(database, options, approved, key, 'another card of the payment was declined');
      throw invalidFields([{ field: `tenders[${index}].cardToken`, message: `the card was not approved: ${result.message}` }], `Card declined: ${result.message}`);
    }
    approved.set(index, { last4: result.last4, brand: result.brand, authorizationCode: result.authorizationCode, processorReference: result.processorReference, idempotencyKey });
  }
  return approved;
}

/**
 * Runs the posting; when it fails after cards were authorized, and no receipt holds the key (a
 * commit whose answer was lost would), the authorizations are voided before the error goes on.
 */
async function voidingCardsOnFailure<T>(
  database: Database,
  options: CardOptions,
  cards: Map<number, ApprovedCard>,
  key: string,
  post: () => Promise<T>,
): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (cards.size > 0) {
      const posted = await sql<{ found: number }>`select 1 as found from cash_transaction where idempotency_key = ${key}`.execute(database.kysely)
        .then((result) => result.rows.length > 0, () => false);
      if (!posted) await voidCards(database, options, cards, key, error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
}

/** Voids each authorization, auditing each outcome; a void that fails is audited for a supervisor to follow up. */
async function voidCards(database: Database, options: CardOptions, cards: Map<number, ApprovedCard>, key: string, why: string): Promise<void> {
  for (const card of cards.values()) {
    let failure: string | null = null;
    try {
      await options.processor.voidAuthorization({ processorReference: card.processorReference, idempotencyKey: card.idempotencyKey });
    } catch (caught) {
      failure = caught instanceof Error ? caught.message : String(caught);
    }
    await recordAudit(database.kysely, {
      actor: options.actor, action: 'cashiering.void_card_authorization', entityType: 'card_authorization', entityId: card.processorReference,
      outcome: failure === null ? 'success' : 'failed',
      details: { idempotencyKey: key, processor: options.processor.name, last4: card.last4, brand: card.brand, authorizationCode: card.authorizationCode,
        reason: why.slice(0, 300), ...(failure === null ? {} : { error: failure.slice(0, 300) }) },
    }).catch(() => undefined);
  }
}

export async function nextReceiptNumber(tx: Tx, businessDate: IsoDate): Promise<string> {
  const result = await sql<{ n: number }>`select nextval('receipt_number_seq')::bigint as n`.execute(tx);
  return receiptNumberOf(businessDate, result.rows[0]?.n as number);
}
