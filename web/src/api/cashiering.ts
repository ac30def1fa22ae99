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

export interface CashieringSetup {
  drawers: Drawer[];
  items: CounterItem[];
  /** Denomination name (bill_20, coin_25...) to its value in cents. */
  denominations: Record<string, number>;
  overShortAccountCode: string | null;
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
  reason: string;
  reasonText: string;
  returnCode: string | null;
  returnedOn: string;
  paymentDate: string;
  tenderType: string;
  checkNumber: string | null;
  bankName: string | null;
  amountCents: number;
  feeCents: number;
  feeAccountNumber: string | null;
  returnNumber: number;
  flaggedCashOnly: boolean;
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

/** The built-in test processor's cards (the card reader of a test counter). Never a card number. */
export const testCards = [
  { token: 'tok_test_visa_4242', label: 'Visa ending 4242 (approves)' },
  { token: 'tok_test_visa_0002', label: 'Visa ending 0002 (declines)' },
] as const;

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
