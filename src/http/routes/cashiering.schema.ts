/** Schemas of the cashiering routes: set-up, drawers, payments, receipts, voids, batches, deposits, reports, returns. */
import { Type, type TSchema } from 'typebox';
import { IdempotencyHeaders } from '../idempotency.js';
import { Cents, dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';
import { ApprovalRequest } from './approvals.schema.js';

const tags = ['cashiering'];
const Amount = Type.Union([Type.Integer(), Type.String()], { description: 'Whole cents (integer or digits)' });
const NullableCents = Type.Union([Cents, Type.Null()]);
const Pdf = { description: 'A PDF document', content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } } };
const Count = Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
  description: 'Pieces by denomination: bill_100, bill_50, bill_20, bill_10, bill_5, bill_2, bill_1, coin_100, coin_50, coin_25, coin_10, coin_5, coin_1',
  examples: [{ bill_20: 5, bill_1: 20, coin_25: 40 }],
});
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });
const NumberParam = (description: string) => Type.Object({ number: Type.String({ maxLength: 40, description }) });

export const Drawer = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), location: NullableString, isActive: Type.Boolean() });
export const CounterItem = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(),
  unitPriceCents: Type.Union([Cents, Type.Null()], { description: 'Null: the price is entered at the counter' }),
  revenueAccountCode: Type.String(), fundCode: Type.String(), isActive: Type.Boolean(),
});
const FundAccounts = Type.Object({ fundCode: Type.String(), undepositedAccountCode: Type.String(), bankAccountCode: Type.String(), returnedFeeAccountCode: NullableString });

const TenderTotals = Type.Object({
  cashCents: Cents, checkCents: Cents, checkCount: Type.Integer(), moneyOrderCents: Cents, cardCents: Cents, achCents: Cents, changeCents: Cents,
});

export const DrawerSession = Type.Object({
  id: Type.Integer(), batchId: Type.Integer(), batchNumber: Type.String(), batchStatus: Type.String(), businessDate: Type.String(),
  drawerCode: Type.String(), drawerName: Type.String(), cashier: Type.String(), status: Type.String(),
  openingCount: Count, openingFloatCents: Cents, openedAt: Type.String(), relievesSessionId: NullableInteger,
  transactionCount: Type.Integer(), receiptsCents: Cents, tenders: TenderTotals, expectedCashCents: Cents,
  closing: Type.Union([Type.Null(), Type.Object({
    closingCount: Type.Unknown(), countedCashCents: Cents, countedChecksCents: Cents, countedOtherCents: Cents,
    expectedCashCents: Cents, expectedChecksCents: Cents, expectedOtherCents: Cents,
    overShortCents: Type.Integer({ description: 'Positive: over; negative: short' }), overShortEntryId: NullableInteger, closedAt: Type.String(),
  })]),
  signOffStatus: Type.String({ description: 'none, required (over/short beyond the threshold) or signed_off' }),
  signedOffBy: NullableString, signOffNote: NullableString,
});

const ReceiptLine = Type.Object({
  lineNumber: Type.Integer(), kind: Type.String(), accountNumber: NullableString, itemCode: NullableString, description: Type.String(),
  quantity: Type.Integer(), amountCents: Cents, balanceBeforeCents: NullableCents, balanceAfterCents: NullableCents, fundCode: Type.String(),
});
const ReceiptTender = Type.Object({
  lineNumber: Type.Integer(), type: Type.String(), amountCents: Cents, checkNumber: NullableString, bankName: NullableString,
  accountLast4: NullableString, cardLast4: NullableString, cardBrand: NullableString, authorizationCode: NullableString, status: Type.String(),
});
export const Receipt = Type.Object({
  transactionId: Type.Integer(), receiptNumber: Type.String(), batchId: Type.Integer(), batchNumber: Type.String(), batchKind: Type.String(),
  batchStatus: Type.String(), drawerCode: NullableString, businessDate: Type.String(), cashier: Type.String(),
  customer: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), customerNumber: Type.String(), name: Type.String() })]),
  payerName: NullableString, lines: Type.Array(ReceiptLine), tenders: Type.Array(ReceiptTender),
  totalCents: Cents, tenderedCents: Cents, changeCents: Cents, status: Type.String(), voidReason: NullableString, voidedBy: NullableString,
  voidedAt: NullableString, voidEntryId: NullableInteger, journalEntryId: Type.Integer(), printCount: Type.Integer(),
  emailTo: NullableString, emailedAt: NullableString, createdAt: Type.String(),
});
const ReceiptSummary = Type.Object({
  receiptNumber: Type.String(), batchNumber: Type.String(), businessDate: Type.String(), cashier: Type.String(), customerName: NullableString,
  payerName: NullableString, totalCents: Cents, status: Type.String(), tenderTypes: Type.Array(Type.String()), createdAt: Type.String(),
});
export const PaymentBatch = Type.Object({
  id: Type.Integer(), batchNumber: Type.String(), kind: Type.String(), status: Type.String(), businessDate: Type.String(), description: NullableString,
  controlTotalCents: NullableCents, controlCount: NullableInteger, paymentCount: Type.Integer(), totalCents: Cents,
  depositId: NullableInteger, depositNumber: NullableString, openedBy: Type.String(), openedAt: Type.String(), closedBy: NullableString,
  closedAt: NullableString, cashier: NullableString, drawerCode: NullableString,
});
const depositFields = {
  id: Type.Integer(), depositNumber: Type.String(), businessDate: Type.String(), status: Type.String(), currencyCents: Cents, coinCents: Cents,
  checksCents: Cents, checkCount: Type.Integer(), cardCents: Cents, otherCents: Cents, totalCents: Cents, bagNumber: NullableString,
  preparedBy: Type.String(), preparedAt: Type.String(), verifiedBy: NullableString, verifiedAt: NullableString, journalEntryId: NullableInteger,
};
export const Deposit = Type.Object({
  ...depositFields,
  batches: Type.Array(Type.Object({ batchNumber: Type.String(), kind: Type.String(), cashier: NullableString, totalCents: Cents, overShortCents: Type.Integer() })),
  checks: Type.Array(Type.Object({ receiptNumber: Type.String(), tenderType: Type.String(), checkNumber: NullableString, bankName: NullableString, payer: NullableString, amountCents: Cents })),
  byFund: Type.Array(Type.Object({ fundCode: Type.String(), amountCents: Type.Integer() })),
});
export const ReturnedItem = Type.Object({
  id: Type.Integer(), receiptNumber: Type.String(), customerId: NullableInteger, customerNumber: NullableString, customerName: NullableString,
  preferredLanguage: NullableString, reason: Type.String(), reasonText: Type.String(), returnCode: NullableString, returnedOn: Type.String(),
  paymentDate: Type.String(), tenderType: Type.String(), checkNumber: NullableString, bankName: NullableString, amountCents: Cents,
  reversalEntryId: Type.Integer(), bankEntryId: NullableInteger, feeCents: Cents, feeEntryId: NullableInteger, feeAccountNumber: NullableString,
  returnNumber: Type.Integer(), flaggedCashOnly: Type.Boolean(), keptCents: Cents, keptEntryId: NullableInteger, createdAt: Type.String(), createdBy: Type.String(),
});
const amountRows = (fields: Record<string, TSchema>) => Type.Array(Type.Object(fields));
const DailyReport = Type.Object({
  date: Type.String(),
  byBatch: amountRows({ batchNumber: Type.String(), kind: Type.String(), cashier: NullableString, drawerCode: NullableString, status: Type.String(),
    count: Type.Integer(), totalCents: Cents, overShortCents: Type.Union([Type.Integer(), Type.Null()]), depositNumber: NullableString }),
  byTender: amountRows({ tenderType: Type.String(), count: Type.Integer(), amountCents: Cents }),
  byFund: amountRows({ fundCode: Type.String(), fundName: Type.String(), amountCents: Cents }),
  byAccount: amountRows({ accountCode: Type.String(), accountName: Type.String(), amountCents: Cents }),
  voids: amountRows({ receiptNumber: Type.String(), cashier: Type.String(), totalCents: Cents, reason: NullableString, voidedBy: NullableString }),
  totals: Type.Object({ receiptCount: Type.Integer(), receiptsCents: Cents, changeCents: Cents, voidCount: Type.Integer(), voidedCents: Cents, overShortCents: Type.Integer() }),
});

export const setupSchema = op('getCashieringSetup', 'Drawers, counter items, denominations and the accounts cashiering posts to', {
  response: withErrors({ 200: Type.Object({
    fundAccounts: Type.Array(FundAccounts), overShortAccountCode: NullableString, lockboxSuspenseAccountCode: NullableString, drawers: Type.Array(Drawer), items: Type.Array(CounterItem),
    denominations: Type.Record(Type.String(), Type.Integer()), overShortSignOffCents: Cents,
  }) }),
});
export const setFundAccountsSchema = op('setCashieringFundAccounts', 'Set a fund\'s undeposited-funds, bank and returned-fee accounts', {
  body: Type.Object({ fundCode: Type.String(), undepositedAccount: Type.String(), bankAccount: Type.String(), returnedFeeAccount: Type.Optional(NullableString) }, { additionalProperties: false }),
  response: withErrors({ 200: FundAccounts }),
});
export const setAccountsSchema = op('setCashieringAccounts', 'Set the drawer over/short account and the lockbox suspense account (an account not given stays)', {
  body: Type.Object({ overShortAccount: Type.Optional(Type.String()), lockboxSuspenseAccount: Type.Optional(Type.String()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ fundAccounts: Type.Array(FundAccounts), overShortAccountCode: NullableString, lockboxSuspenseAccountCode: NullableString }) }),
});
export const createDrawerSchema = op('createDrawer', 'Add a cash drawer', {
  body: Type.Object({ code: Type.String(), name: Type.String(), location: Type.Optional(NullableString) }, { additionalProperties: false }),
  response: withErrors({ 201: Drawer }),
});
export const saveItemSchema = op('saveCounterItem', 'Add or change an item sold at the counter', {
  body: Type.Object({ code: Type.String(), name: Type.String(), unitPriceCents: Type.Optional(Type.Union([Amount, Type.Null()])), revenueAccount: Type.String(),
    isActive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: withErrors({ 200: CounterItem }),
});
export const mySessionSchema = op('getMyDrawerSession', 'The signed-in cashier\'s open drawer session, if any', {
  response: withErrors({ 200: Type.Object({ session: Type.Union([DrawerSession, Type.Null()]) }) }),
});
export const openSessionSchema = op('openDrawerSession', 'Open a drawer with a counted float', {
  body: Type.Object({ drawer: Type.String(), openingCount: Count, relievesSessionId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }, { additionalProperties: false }),
  response: withErrors({ 201: DrawerSession }),
});
const SessionId = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const getSessionSchema = op('getDrawerSession', 'A drawer session with its takings', { params: SessionId, response: withErrors({ 200: DrawerSession }) });
export const closeSessionSchema = op('closeDrawerSession', 'Close a drawer with the blind count; posts the over/short', {
  params: SessionId,
  body: Type.Object({ cash: Count, checkCount: Type.Optional(Type.Integer({ minimum: 0 })), checksCents: Type.Optional(Amount),
    moneyOrdersCents: Type.Optional(Amount) }, { additionalProperties: false }),
  response: withErrors({ 200: DrawerSession }),
});
export const signOffSchema = op('signOffDrawerSession', 'A supervisor signs off an over/short beyond the threshold', {
  params: SessionId, body: Type.Object({ note: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: DrawerSession }),
});
export const listSessionsSchema = op('listDrawerSessions', 'Drawer sessions by day, status or sign-off', {
  querystring: Type.Object({ businessDate: Type.Optional(dateText()), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    signOff: Type.Optional(Type.Literal('required')), cashier: Type.Optional(Type.String()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ sessions: Type.Array(DrawerSession) }) }),
});
export const lookupSchema = op('cashieringLookup', 'Find what to pay from a scanned stub, an account number or a customer', {
  querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({
    scanned: Type.Boolean({ description: 'The text was a remittance stub scan line' }),
    matches: Type.Array(Type.Object({ customerId: Type.Integer(), customerNumber: Type.String(), customerName: Type.String(),
      accountNumber: NullableString, amountDueCents: NullableCents, isCashOnly: Type.Boolean() })),
  }) }),
});
const PaymentLine = Type.Object({
  account: Type.Optional(Type.Union([Type.String(), Type.Integer()])), item: Type.Optional(Type.String()), quantity: Type.Optional(Type.Integer()),
  amountCents: Type.Optional(Amount), amount: Type.Optional(Type.String()),
});
const Tender = Type.Object({
  type: Type.String({ description: 'cash, check, money_order, card, ach' }), amountCents: Type.Optional(Amount), amount: Type.Optional(Type.String()),
  checkNumber: Type.Optional(Type.String()), bankName: Type.Optional(Type.String()), routingNumber: Type.Optional(Type.String()),
  accountLast4: Type.Optional(Type.String()), cardToken: Type.Optional(Type.String({ description: 'The card reader\'s token; never a card number' })),
});
export const takePaymentSchema = op('takePayment', 'Take a payment: accounts and counter items, one or more tenders, one receipt', {
  headers: IdempotencyHeaders,
  body: Type.Object({
    batch: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: 'A mail batch to key into; default the cashier\'s drawer' })),
    customerId: Type.Optional(Type.Integer()), payerName: Type.Optional(Type.String()), lines: Type.Array(PaymentLine), tenders: Type.Array(Tender),
    confirmPartial: Type.Optional(Type.Boolean()), idempotencyKey: Type.Optional(Type.String()), emailTo: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ receipt: Receipt, isReplay: Type.Boolean() }), 201: Type.Object({ receipt: Receipt, isReplay: Type.Boolean() }) }),
});
export const listReceiptsSchema = op('listReceipts', 'Receipts by batch, customer, day or cashier', {
  querystring: Type.Object({ batch: Type.Optional(Type.String()), customerId: Type.Optional(Type.Integer()), businessDate: Type.Optional(dateText()),
    cashier: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ receipts: Type.Array(ReceiptSummary) }) }),
});
export const getReceiptSchema = op('getReceipt', 'A receipt', { params: NumberParam('Receipt number, e.g. R-2026-000123'), response: withErrors({ 200: Receipt }) });
export const printReceiptSchema = op('printReceipt', 'Count a print of a receipt: the first is the original, every later one a COPY', {
  params: NumberParam('Receipt number'),
  response: withErrors({ 200: Type.Object({ receipt: Receipt, isCopy: Type.Boolean(), copyNumber: Type.Integer() }) }),
});
export const receiptPdfSchema = op('getReceiptPdf', 'The receipt as an 80 mm PDF (counts as a print: reprints say COPY)', {
  params: NumberParam('Receipt number'), response: withErrors({ 200: Pdf }),
});
export const emailReceiptSchema = op('emailReceipt', 'Email a receipt (queued in the outbox with its PDF)', {
  params: NumberParam('Receipt number'), body: Type.Object({ to: Type.String({ maxLength: 254 }) }, { additionalProperties: false }),
  response: withErrors({ 202: Type.Object({ outboxId: Type.Integer() }) }),
});
export const voidReceiptSchema = op('requestReceiptVoid', 'Ask a supervisor to void a receipt (same day, batch open)', {
  params: NumberParam('Receipt number'), body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 202: Type.Object({ approvalRequest: ApprovalRequest }) }),
});
export const openMailBatchSchema = op('openMailBatch', 'Open a mail payment batch with its control total and count', {
  body: Type.Object({ controlTotalCents: Amount, controlCount: Type.Integer({ minimum: 1 }), description: Type.Optional(Type.String()) }, { additionalProperties: false }),
  response: withErrors({ 201: PaymentBatch }),
});
export const closeMailBatchSchema = op('closeMailBatch', 'Close a mail batch once it matches its control total and count', {
  params: NumberParam('Batch number, e.g. B-001002'), response: withErrors({ 200: PaymentBatch }),
});
export const listBatchesSchema = op('listPaymentBatches', 'Payment batches by day, kind and status', {
  querystring: Type.Object({ businessDate: Type.Optional(dateText()), kind: Type.Optional(Type.String()), status: Type.Optional(Type.String()),
    undeposited: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ batches: Type.Array(PaymentBatch) }) }),
});
export const getBatchSchema = op('getPaymentBatch', 'A payment batch', { params: NumberParam('Batch number'), response: withErrors({ 200: PaymentBatch }) });
export const prepareDepositSchema = op('prepareDeposit', 'Prepare a deposit of closed batches (the slip)', {
  body: Type.Object({ batches: Type.Array(Type.String(), { minItems: 1 }), bagNumber: Type.Optional(Type.String()) }, { additionalProperties: false }),
  response: withErrors({ 201: Deposit }),
});
export const verifyDepositSchema = op('verifyDeposit', 'A second person verifies a deposit; it posts to the bank', {
  params: NumberParam('Deposit number, e.g. DEP-001001'), response: withErrors({ 200: Deposit }),
});
export const getDepositSchema = op('getDeposit', 'A deposit with its slip', { params: NumberParam('Deposit number'), response: withErrors({ 200: Deposit }) });
export const listDepositsSchema = op('listDeposits', 'Deposits', {
  querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('prepared'), Type.Literal('verified')])), businessDate: Type.Optional(dateText()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ deposits: Type.Array(Type.Object(depositFields)) }) }),
});
export const dailyReportSchema = op('getDailyCashReport', 'The daily cash receipts report', {
  querystring: Type.Object({ date: Type.Optional(dateText()), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false }),
  response: withErrors({ 200: DailyReport }),
});
export const recordReturnSchema = op('recordReturnedPayment', 'Record a returned check or ACH payment: reversal, Civil Code 1719 fee, notice', {
  body: Type.Object({ receiptNumber: Type.String(), reason: Type.String({ description: 'nsf, account_closed, stop_payment, no_account, unable_to_locate, ach_return, other' }),
    returnCode: Type.Optional(Type.String()), returnedOn: Type.Optional(dateText()), waiveFee: Type.Optional(Type.Boolean()),
    tenderLine: Type.Optional(Type.Integer({ minimum: 1, description: 'Which tender came back, when the receipt has several checks' })) }, { additionalProperties: false }),
  response: withErrors({ 201: ReturnedItem }),
});
export const listReturnsSchema = op('listReturnedPayments', 'Returned payments', {
  querystring: Type.Object({ customerId: Type.Optional(Type.Integer()), from: Type.Optional(dateText()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ returns: Type.Array(ReturnedItem) }) }),
});
export const returnNoticeSchema = op('getReturnedPaymentNotice', 'The notice letter of a returned payment (PDF)', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: withErrors({ 200: Pdf }),
});

// Lockbox
const LockboxLayout = Type.Object({
  code: Type.String(), bankName: Type.String(), format: Type.String(), isActive: Type.Boolean(),
  spec: Type.Record(Type.String(), Type.Unknown(), { description: 'The layout as data (see samples/lockbox/*.json)' }),
});
const LockboxFile = Type.Object({
  id: Type.Integer(), layoutCode: Type.String(), bankName: Type.String(), fileName: Type.String(), sha256: Type.String(),
  batchNumber: Type.String(), depositDate: Type.String(), paymentCount: Type.Integer(), totalCents: Cents, postedCount: Type.Integer(),
  postedCents: Cents, exceptionCount: Type.Integer(), exceptionCents: Cents, openExceptionCount: Type.Integer(),
  journalEntryIds: Type.Array(Type.Integer()), importedAt: Type.String(), importedBy: Type.String(),
});
const LockboxException = Type.Object({
  id: Type.Integer(), fileId: Type.Integer(), fileName: Type.String(), batchNumber: Type.String(), depositDate: Type.String(),
  rowNumber: Type.Integer(), accountReference: NullableString, accountNumber: NullableString, amountCents: Cents,
  checkNumber: NullableString, payerName: NullableString, reason: Type.String(), reasonText: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]), resolvedReceiptNumber: NullableString,
  resolvedBy: NullableString, resolvedAt: NullableString, resolvedNote: NullableString,
});
export const listLockboxLayoutsSchema = op('listLockboxLayouts', 'The banks\' lockbox file layouts', {
  response: withErrors({ 200: Type.Object({ layouts: Type.Array(LockboxLayout) }) }),
});
export const saveLockboxLayoutSchema = op('saveLockboxLayout', 'Add or change a bank\'s lockbox layout (fixed-width or CSV, as data)', {
  params: Type.Object({ code: Type.String({ maxLength: 31 }) }),
  body: Type.Object({ bankName: Type.String(), spec: Type.Record(Type.String(), Type.Unknown()), isActive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: withErrors({ 200: LockboxLayout }),
});
export const importLockboxSchema = op('importLockboxFile', 'Import a bank lockbox file: all or nothing; the same file twice is refused (409); ' +
  'malformed lines are refused with every problem by row and field (400, nothing posted); unmatched payments become exceptions', {
  body: Type.Object({ layout: Type.String(), fileName: Type.String({ maxLength: 200 }), content: Type.String({ description: 'The file as text' }) },
    { additionalProperties: false }),
  response: withErrors({ 201: Type.Object({ file: LockboxFile, batch: PaymentBatch, exceptions: Type.Array(LockboxException) }) }),
});
export const listLockboxFilesSchema = op('listLockboxFiles', 'Imported lockbox files, newest first', {
  response: withErrors({ 200: Type.Object({ files: Type.Array(LockboxFile) }) }),
});
export const getLockboxFileSchema = op('getLockboxFile', 'An imported lockbox file with its exceptions', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  response: withErrors({ 200: Type.Object({ file: LockboxFile, exceptions: Type.Array(LockboxException) }) }),
});
export const listLockboxExceptionsSchema = op('listLockboxExceptions', 'Lockbox payments that matched no open account', {
  querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])), fileId: Type.Optional(Type.Integer()) },
    { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ exceptions: Type.Array(LockboxException) }) }),
});
export const resolveLockboxExceptionSchema = op('resolveLockboxException', 'Apply a held lockbox payment to an account (a receipt; suspense cleared)', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  body: Type.Object({ account: Type.String(), note: Type.String() }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ exception: LockboxException, receipt: Receipt }) }),
});
