/**
 * Cashiering as the HTTP API answers it (src/http/routes/cashiering.schema.ts): drawers and their
 * sessions, counter payments and receipts, mail batches, deposits, the daily report, returns.
 * Query keys start with 'cashiering'; a posting also invalidates 'customers' (balances changed).
 * Amounts are integer cents.
 */
import { useQuery } from '@tanstack/react-query';
import { api, apiRequest } from './client';
import type { ApprovalRequest } from './types';

export interface Drawer {
  id: number;
  code: string;
  name: string;
  location: string | null;
  isActive: boolean;
}

export interface CounterItem {
  id: number;
  code: string;
  name: string;
  /** Null: the price is entered at the counter. */
  unitPriceCents: number | null;
  revenueAccountCode: string;
  fundCode: string;
  isActive: boolean;
}

export interface FundAccounts {
  fundCode: string;
  undepositedAccountCode: string;
  bankAccountCode: string;
  returnedFeeAccountCode: string | null;
}

export interface CashieringSetup {
  fundAccounts: FundAccounts[];
  drawers: Drawer[];
  items: CounterItem[];
  /** Denomination name (bill_20, coin_25...) to its value in cents. */
  denominations: Record<string, number>;
  overShortAccountCode: string | null;
  /** Where lockbox payments that match no open account wait for a clerk. */
  lockboxSuspenseAccountCode: string | null;
  overShortSignOffCents: number;
}

/** Pieces by denomination name. */
export type DenominationCount = Record<string, number>;

export interface TenderTotals {
  cashCents: number;
  checkCents: number;
  checkCount: number;
  moneyOrderCents: number;
  cardCents: number;
  achCents: number;
  changeCents: number;
}

export interface DrawerClosing {
  /** As stored at the close: { cash: DenominationCount, checkCount, checksCents, moneyOrdersCents }. */
  closingCount: unknown;
  countedCashCents: number;
  countedChecksCents: number;
  countedOtherCents: number;
  expectedCashCents: number;
  expectedChecksCents: number;
  expectedOtherCents: number;
  /** Positive: over; negative: short. */
  overShortCents: number;
  overShortEntryId: number | null;
  closedAt: string;
}

export interface DrawerSession {
  id: number;
  batchId: number;
  batchNumber: string;
  batchStatus: string;
  businessDate: string;
  drawerCode: string;
  drawerName: string;
  cashier: string;
  status: string;
  openingCount: DenominationCount;
  openingFloatCents: number;
  openedAt: string;
  relievesSessionId: number | null;
  transactionCount: number;
  receiptsCents: number;
  tenders: TenderTotals;
  expectedCashCents: number;
  closing: DrawerClosing | null;
  signOffStatus: 'none' | 'required' | 'signed_off' | string;
  signedOffBy: string | null;
  signOffNote: string | null;
}

export interface ReceiptLine {
  lineNumber: number;
  kind: string;
  accountNumber: string | null;
  itemCode: string | null;
  description: string;
  quantity: number;
  amountCents: number;
  balanceBeforeCents: number | null;
  balanceAfterCents: number | null;
  fundCode: string;
}

export interface ReceiptTender {
  lineNumber: number;
  type: string;
  amountCents: number;
  checkNumber: string | null;
  bankName: string | null;
  accountLast4: string | null;
  cardLast4: string | null;
  cardBrand: string | null;
  authorizationCode: string | null;
  status: string;
}

export interface Receipt {
  transactionId: number;
  receiptNumber: string;
  batchId: number;
  batchNumber: string;
  batchKind: string;
  batchStatus: string;
  drawerCode: string | null;
  businessDate: string;
  cashier: string;
  customer: { id: number; customerNumber: string; name: string } | null;
  payerName: string | null;
  lines: ReceiptLine[];
  tenders: ReceiptTender[];
  totalCents: number;
  tenderedCents: number;
  changeCents: number;
  status: string;
  voidReason: string | null;
  voidedBy: string | null;
  voidedAt: string | null;
  voidEntryId: number | null;
  journalEntryId: number;
  printCount: number;
  emailTo: string | null;
  emailedAt: string | null;
  createdAt: string;
}

export interface ReceiptSummary {
  receiptNumber: string;
  batchNumber: string;
  businessDate: string;
  cashier: string;
  customerName: string | null;
  payerName: string | null;
  totalCents: number;
  status: string;
  tenderTypes: string[];
  createdAt: string;
}

export interface PayableMatch {
  customerId: number;
  customerNumber: string;
  customerName: string;
  accountNumber: string | null;
  amountDueCents: number | null;
  isCashOnly: boolean;
}

export interface PaymentBatch {
  id: number;
  batchNumber: string;
  kind: string;
  status: string;
  businessDate: string;
  description: string | null;
  controlTotalCents: number | null;
  controlCount: number | null;
  paymentCount: number;
  totalCents: number;
  depositId: number | null;
  depositNumber: string | null;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  cashier: string | null;
  drawerCode: string | null;
}

export interface DepositSummary {
  id: number;
  depositNumber: string;
  businessDate: string;
  status: string;
  currencyCents: number;
  coinCents: number;
  checksCents: number;
  checkCount: number;
  cardCents: number;
  otherCents: number;
  totalCents: number;
  bagNumber: string | null;
  preparedBy: string;
  preparedAt: string;
  verifiedBy: string | null;
  verifiedAt: string | null;
  journalEntryId: number | null;
}

export interface Deposit extends DepositSummary {
  batches: Array<{ batchNumber: string; kind: string; cashier: string | null; totalCents: number; overShortCents: number }>;
  checks: Array<{
    receiptNumber: string;
    tenderType: string;
    checkNumber: string | null;
    bankName: string | null;
    payer: string | null;
    amountCents: number;
  }>;
  byFund: Array<{ fundCode: string; amountCents: number }>;
}

export interface DailyCashReport {
  date: string;
  byBatch: Array<{
    batchNumber: string;
    kind: string;
    cashier: string | null;
    drawerCode: string | null;
    status: string;
    count: number;
    totalCents: number;
    overShortCents: number | null;
    depositNumber: string | null;
  }>;
  byTender: Array<{ tenderType: string; count: number; amountCents: number }>;
  byFund: Array<{ fundCode: string; fundName: string; amountCents: number }>;
  byAccount: Array<{ accountCode: string; accountName: string; amountCents: number }>;
  voids: Array<{ receiptNumber: string; cashier: string; totalCents: number; reason: string | null; voidedBy: string | null }>;
  totals: {
    receiptCount: number;
    receiptsCents: number;
    changeCents: number;
    voidCount: number;
    voidedCents: number;
    overShortCents: number;
  };
}

export interface ReturnedItem {
  id: number;
  receiptNumber: string;
  customerId: number | null;
  customerNumber: string | null;
  customerName: string | null;
  preferredLanguage: string | null;
  reason: string;
  reasonText: string;
  returnCode: string | null;
  returnedOn: string;
  paymentDate: string;
  tenderType: string;
  checkNumber: string | null;
  bankName: string | null;
  amountCents: number;
  reversalEntryId: number;
  bankEntryId: number | null;
  feeCents: number;
  feeEntryId: number | null;
  feeAccountNumber: string | null;
  returnNumber: number;
  flaggedCashOnly: boolean;
  /** What the receipt's other tenders paid, applied again (0 when the returned tender paid it all). */
  keptCents: number;
  keptEntryId: number | null;
  createdAt: string;
  createdBy: string;
}

export type TenderType = 'cash' | 'check' | 'money_order' | 'card';

export interface PaymentLineInput {
  account?: string;
  item?: string;
  quantity?: number;
  amountCents?: number;
}

export interface TenderInput {
  type: TenderType;
  amountCents: number;
  checkNumber?: string;
  bankName?: string;
  cardToken?: string;
}

export interface TakePaymentInput {
  batch?: string;
  customerId?: number;
  payerName?: string;
  lines: PaymentLineInput[];
  tenders: TenderInput[];
  confirmPartial?: boolean;
  idempotencyKey: string;
  emailTo?: string;
}

export const tenderLabels: Record<string, string> = {
  cash: 'Cash',
  check: 'Check',
  money_order: 'Money order',
  card: 'Card',
  ach: 'ACH',
};

/**
 * The built-in test processor's cards (the card reader of a test counter): tokens shaped
 * tok_test_<brand>_<last4>; last four 0002 is declined, 0069 expired. Never a card number.
 */
export const testCards = [
  { token: 'tok_test_visa_4242', label: 'Visa ending 4242 (approves)' },
  { token: 'tok_test_mastercard_4444', label: 'Mastercard ending 4444 (approves)' },
  { token: 'tok_test_discover_1117', label: 'Discover ending 1117 (approves)' },
  { token: 'tok_test_visa_0002', label: 'Visa ending 0002 (declines)' },
  { token: 'tok_test_visa_0069', label: 'Visa ending 0069 (expired)' },
] as const;

/** Reasons a check or ACH payment comes back (POST /api/cashiering/returns). */
export const returnReasons: Record<string, string> = {
  nsf: 'Insufficient funds (NSF)',
  account_closed: 'Account closed',
  stop_payment: 'Stop payment',
  no_account: 'No account',
  unable_to_locate: 'Unable to locate account',
  ach_return: 'ACH return',
  other: 'Other',
};

/** "bill_20" -> "$20 bills", "coin_25" -> "25¢ coins", "coin_100" -> "$1 coins". */
export function denominationLabel(name: string, valueCents: number): string {
  const isBill = name.startsWith('bill_');
  const value = valueCents >= 100 ? `$${valueCents / 100}` : `${valueCents}\u00a2`;
  return `${value} ${isBill ? 'bills' : 'coins'}`;
}

/** Posting a payment: the idempotency key travels in the body, so a retried click posts once. */
export function takePayment(input: TakePaymentInput): Promise<{ receipt: Receipt; isReplay: boolean }> {
  return apiRequest('POST', '/api/cashiering/payments', { body: input });
}

export function useCashieringSetup() {
  return useQuery({
    queryKey: ['cashiering', 'setup'],
    queryFn: () => api.get<CashieringSetup>('/api/cashiering/setup'),
    staleTime: 5 * 60_000,
  });
}

/** The drawer's denominations, largest first: [name, value in cents]. */
export function denominationsByValue(denominations: Record<string, number>): Array<[string, number]> {
  return Object.entries(denominations).sort((a, b) => b[1] - a[1] || (a[0].startsWith('bill_') ? -1 : 1));
}

export function useMyDrawerSession() {
  return useQuery({
    queryKey: ['cashiering', 'my-session'],
    queryFn: () => api.get<{ session: DrawerSession | null }>('/api/cashiering/session'),
    select: (data) => data.session,
  });
}

export function useReceipts(query: { batch?: string; businessDate?: string; customerId?: number }, enabled = true) {
  return useQuery({
    queryKey: ['cashiering', 'receipts', query],
    queryFn: () => api.get<{ receipts: ReceiptSummary[] }>('/api/cashiering/receipts', { ...query, limit: 500 }),
    enabled,
    select: (data) => data.receipts,
  });
}

export function useBatches(query: { kind?: string; status?: string; businessDate?: string; undeposited?: boolean }) {
  return useQuery({
    queryKey: ['cashiering', 'batches', query],
    queryFn: () => api.get<{ batches: PaymentBatch[] }>('/api/cashiering/batches', query),
    select: (data) => data.batches,
  });
}

export function useBatch(batchNumber: string | null) {
  return useQuery({
    queryKey: ['cashiering', 'batch', batchNumber],
    queryFn: () => api.get<PaymentBatch>(`/api/cashiering/batches/${encodeURIComponent(batchNumber ?? '')}`),
    enabled: batchNumber !== null,
  });
}

export function lookupPayable(query: string): Promise<{ scanned: boolean; matches: PayableMatch[] }> {
  return api.get('/api/cashiering/lookup', { q: query });
}

export function recordReceiptPrint(receiptNumber: string): Promise<{ receipt: Receipt; isCopy: boolean; copyNumber: number }> {
  return api.post(`/api/cashiering/receipts/${encodeURIComponent(receiptNumber)}/print`);
}

export function requestVoid(receiptNumber: string, reason: string): Promise<{ approvalRequest: ApprovalRequest }> {
  return api.post(`/api/cashiering/receipts/${encodeURIComponent(receiptNumber)}/void`, { reason });
}

export function openDrawerSession(input: { drawer: string; openingCount: DenominationCount }): Promise<DrawerSession> {
  return api.post('/api/cashiering/sessions', input);
}

export interface ClosingCountInput {
  cash: DenominationCount;
  checkCount?: number;
  checksCents?: number;
  moneyOrdersCents?: number;
}

export function closeDrawerSession(sessionId: number, input: ClosingCountInput): Promise<DrawerSession> {
  return api.post(`/api/cashiering/sessions/${sessionId}/close`, input);
}

export function signOffDrawerSession(sessionId: number, note: string): Promise<DrawerSession> {
  return api.post(`/api/cashiering/sessions/${sessionId}/sign-off`, { note });
}

export function useDrawerSessions(query: { businessDate?: string; status?: 'open' | 'closed'; signOff?: 'required'; cashier?: string }) {
  return useQuery({
    queryKey: ['cashiering', 'sessions', query],
    queryFn: () => api.get<{ sessions: DrawerSession[] }>('/api/cashiering/sessions', query),
    select: (data) => data.sessions,
  });
}

export function useReceipt(receiptNumber: string | null) {
  return useQuery({
    queryKey: ['cashiering', 'receipt', receiptNumber],
    queryFn: () => getReceipt(receiptNumber ?? ''),
    enabled: receiptNumber !== null && receiptNumber !== '',
  });
}

export function getReceipt(receiptNumber: string): Promise<Receipt> {
  return api.get(`/api/cashiering/receipts/${encodeURIComponent(receiptNumber)}`);
}

/** The receipt as an 80 mm PDF; opening it counts as a print (a reprint says COPY). */
export function receiptPdfUrl(receiptNumber: string): string {
  return `/api/cashiering/receipts/${encodeURIComponent(receiptNumber)}/pdf`;
}

export function emailReceipt(receiptNumber: string, to: string): Promise<{ outboxId: number }> {
  return api.post(`/api/cashiering/receipts/${encodeURIComponent(receiptNumber)}/email`, { to });
}

export function openMailBatch(input: { controlTotalCents: number; controlCount: number; description?: string }): Promise<PaymentBatch> {
  return api.post('/api/cashiering/mail-batches', input);
}

export function closeMailBatch(batchNumber: string): Promise<PaymentBatch> {
  return api.post(`/api/cashiering/mail-batches/${encodeURIComponent(batchNumber)}/close`);
}

export function prepareDeposit(input: { batches: string[]; bagNumber?: string }): Promise<Deposit> {
  return api.post('/api/cashiering/deposits', input);
}

export function verifyDeposit(depositNumber: string): Promise<Deposit> {
  return api.post(`/api/cashiering/deposits/${encodeURIComponent(depositNumber)}/verify`);
}

export function useDeposits(query: { status?: 'prepared' | 'verified'; businessDate?: string }) {
  return useQuery({
    queryKey: ['cashiering', 'deposits', query],
    queryFn: () => api.get<{ deposits: DepositSummary[] }>('/api/cashiering/deposits', query),
    select: (data) => data.deposits,
  });
}

export function useDeposit(depositNumber: string | null) {
  return useQuery({
    queryKey: ['cashiering', 'deposit', depositNumber],
    queryFn: () => api.get<Deposit>(`/api/cashiering/deposits/${encodeURIComponent(depositNumber ?? '')}`),
    enabled: depositNumber !== null,
  });
}

export function useDailyCashReport(date: string) {
  return useQuery({
    queryKey: ['cashiering', 'daily-report', date],
    queryFn: () => api.get<DailyCashReport>('/api/cashiering/reports/daily', { date }),
    enabled: date !== '',
  });
}

export function dailyReportCsvUrl(date: string): string {
  return `/api/cashiering/reports/daily?date=${encodeURIComponent(date)}&format=csv`;
}

export function recordReturnedPayment(input: {
  receiptNumber: string;
  reason: string;
  returnCode?: string;
  returnedOn?: string;
  waiveFee?: boolean;
  tenderLine?: number;
}): Promise<ReturnedItem> {
  return api.post('/api/cashiering/returns', input);
}

export function useReturnedItems(query: { customerId?: number; from?: string }) {
  return useQuery({
    queryKey: ['cashiering', 'returns', query],
    queryFn: () => api.get<{ returns: ReturnedItem[] }>('/api/cashiering/returns', query),
    select: (data) => data.returns,
  });
}

export function returnNoticeUrl(id: number): string {
  return `/api/cashiering/returns/${id}/notice`;
}

// Set-up (cashiering.setup)

export function setFundAccounts(input: { fundCode: string; undepositedAccount: string; bankAccount: string; returnedFeeAccount?: string | null }): Promise<FundAccounts> {
  return api.put('/api/cashiering/fund-accounts', input);
}

export function setCashieringAccounts(input: { overShortAccount?: string; lockboxSuspenseAccount?: string }): Promise<unknown> {
  return api.put('/api/cashiering/accounts', input);
}

export function createDrawer(input: { code: string; name: string; location?: string | null }): Promise<Drawer> {
  return api.post('/api/cashiering/drawers', input);
}

export function saveCounterItem(input: { code: string; name: string; unitPriceCents: number | null; revenueAccount: string; isActive?: boolean }): Promise<CounterItem> {
  return api.put('/api/cashiering/items', input);
}

// Lockbox (cashiering.batch; the layouts also for cashiering.setup)

export interface LockboxLayout {
  code: string;
  bankName: string;
  format: 'fixed' | 'csv' | string;
  isActive: boolean;
  /** The layout as data (samples/lockbox/*.json). */
  spec: Record<string, unknown>;
}

export interface LockboxFile {
  id: number;
  layoutCode: string;
  bankName: string;
  fileName: string;
  sha256: string;
  batchNumber: string;
  depositDate: string;
  paymentCount: number;
  totalCents: number;
  postedCount: number;
  postedCents: number;
  exceptionCount: number;
  exceptionCents: number;
  openExceptionCount: number;
  journalEntryIds: number[];
  importedAt: string;
  importedBy: string;
}

export interface LockboxException {
  id: number;
  fileId: number;
  fileName: string;
  batchNumber: string;
  depositDate: string;
  rowNumber: number;
  /** The account as the bank read it from the stub. */
  accountReference: string | null;
  /** The account number read from it, if it reads as one. */
  accountNumber: string | null;
  amountCents: number;
  checkNumber: string | null;
  payerName: string | null;
  reason: string;
  reasonText: string;
  status: 'open' | 'resolved';
  resolvedReceiptNumber: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolvedNote: string | null;
}

export function useLockboxLayouts() {
  return useQuery({
    queryKey: ['cashiering', 'lockbox', 'layouts'],
    queryFn: () => api.get<{ layouts: LockboxLayout[] }>('/api/cashiering/lockbox/layouts'),
    select: (data) => data.layouts,
  });
}

export function saveLockboxLayout(code: string, input: { bankName: string; spec: Record<string, unknown>; isActive?: boolean }): Promise<LockboxLayout> {
  return api.put(`/api/cashiering/lockbox/layouts/${encodeURIComponent(code)}`, input);
}

export function useLockboxFiles() {
  return useQuery({
    queryKey: ['cashiering', 'lockbox', 'files'],
    queryFn: () => api.get<{ files: LockboxFile[] }>('/api/cashiering/lockbox/files'),
    select: (data) => data.files,
  });
}

export function useLockboxFile(id: number | null) {
  return useQuery({
    queryKey: ['cashiering', 'lockbox', 'file', id],
    queryFn: () => api.get<{ file: LockboxFile; exceptions: LockboxException[] }>(`/api/cashiering/lockbox/files/${id ?? 0}`),
    enabled: id !== null,
  });
}

export function useLockboxExceptions(query: { status?: 'open' | 'resolved' }) {
  return useQuery({
    queryKey: ['cashiering', 'lockbox', 'exceptions', query],
    queryFn: () => api.get<{ exceptions: LockboxException[] }>('/api/cashiering/lockbox/exceptions', query),
    select: (data) => data.exceptions,
  });
}

/** The whole file as text; the server refuses it whole (400, every problem by row) or posts it whole. */
export function importLockboxFile(input: { layout: string; fileName: string; content: string }): Promise<{ file: LockboxFile; batch: PaymentBatch; exceptions: LockboxException[] }> {
  return api.post('/api/cashiering/lockbox/files', input);
}

export function resolveLockboxException(id: number, input: { account: string; note: string }): Promise<{ exception: LockboxException; receipt: Receipt }> {
  return api.post(`/api/cashiering/lockbox/exceptions/${id}/resolve`, input);
}
