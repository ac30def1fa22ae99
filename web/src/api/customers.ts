/**
 * Customers and receivables as the HTTP API answers them (see /api/openapi.json), and the queries
 * the customer screens share. Keys start with 'customers' so one invalidation after a posting,
 * a note or an edit refreshes every view of a customer. Amounts are integer cents.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ApprovalRequest, JournalEntry } from './types';

export type CustomerType = 'person' | 'business';

export interface CustomerFlags {
  isCashOnly: boolean;
  hasReturnedMail: boolean;
  isDeceased: boolean;
  inBankruptcy: boolean;
  hasCollectionsHold: boolean;
}

/** account_number, customer_number, merged_customer_number, phone, email, apn, name, address, words, similar_name... */
export type MatchedOn = string;

export interface CustomerSearchResult {
  customerId: number;
  customerNumber: string;
  legalName: string;
  dbaName: string | null;
  customerType: CustomerType;
  status: string;
  mailingAddress: string | null;
  accountNumbers: string[];
  flags: CustomerFlags;
  matchedOn: MatchedOn;
}

export interface Contact {
  id: number;
  kind: 'phone' | 'email';
  value: string;
  display: string;
  label: string;
  contactName: string | null;
  isActive: boolean;
}

export interface AddressRecord {
  id: number;
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip: string;
  validFrom: string;
  validTo: string | null;
  oneLine: string;
}

export interface PropertyRole {
  id: number;
  role: 'owner' | 'tenant';
  parcelId: number;
  apn: string;
  situs: string;
  ownerOfRecord: string | null;
  serviceLocationId: number | null;
  locationNumber: string | null;
  serviceAddress: string | null;
  startDate: string;
  endDate: string | null;
}

export interface Interaction {
  id: number;
  customerId: number;
  accountNumber: string | null;
  channel: string;
  topic: string;
  notes: string | null;
  occurredAt: string;
  recordedBy: string;
  followUpOn: string | null;
  followUpUser: string | null;
  followUpDoneAt: string | null;
  followUpDoneBy: string | null;
}

export interface FollowUp extends Interaction {
  customerNumber: string;
  customerName: string;
}

interface MergeLink {
  customerId: number;
  customerNumber: string;
  legalName: string;
  mergedAt: string;
}

export interface CustomerDetail {
  id: number;
  customerNumber: string;
  customerType: CustomerType;
  legalName: string;
  dbaName: string | null;
  preferredLanguage: string;
  flags: CustomerFlags;
  status: 'active' | 'inactive' | 'merged';
  notes: string | null;
  createdAt: string;
  createdBy: string;
  tin: { type: 'ssn' | 'ein' | 'itin'; display: string; canReveal: boolean } | null;
  contacts: Contact[];
  mailingAddress: AddressRecord | null;
  pastAddresses: AddressRecord[];
  properties: PropertyRole[];
  recentInteractions: Interaction[];
  openFollowUpCount: number;
  /** Its receivable accounts with the ledger balance (the 360 itself uses /receivables for aging). */
  accounts: CustomerAccountSummary[];
  merge: { mergedInto: MergeLink | null; mergedFrom: MergeLink[] };
}

export interface CustomerAccountSummary {
  id: number;
  accountNumber: string;
  kind: string;
  fundCode: string;
  status: string;
  description: string | null;
  openedOn: string;
  closedOn: string | null;
  balanceCents: number;
}

/** Why the server thinks two customers may be one (GET /api/customers/:id/duplicates). */
export interface DuplicateCandidate {
  customerId: number;
  customerNumber: string;
  legalName: string;
  dbaName: string | null;
  mailingAddress: string | null;
  reasons: string[];
}

export const duplicateReasonLabels: Record<string, string> = {
  same_tin_last4: 'Same TIN last four',
  same_phone: 'Same phone',
  same_email: 'Same email',
  same_name: 'Same name',
  similar_name_same_address: 'Similar name at the same address',
};

export interface Aging {
  current: number;
  days30: number;
  days60: number;
  days90: number;
  days120: number;
}

export type ChargeClass = 'charge' | 'penalty' | 'interest';

export interface ReceivableAccount {
  id: number;
  accountNumber: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  kind: string;
  kindName: string;
  fundCode: string;
  controlAccountCode: string;
  status: string;
  description: string | null;
  openedOn: string;
  closedOn: string | null;
}

export interface AccountBalance extends ReceivableAccount {
  balanceCents: number;
  aging: Aging;
  unappliedCreditCents: number;
  oldestDueDate: string | null;
}

export interface CustomerReceivables {
  customerId: number;
  asOf: string;
  accounts: AccountBalance[];
  totals: { balanceCents: number; aging: Aging; unappliedCreditCents: number };
}

export interface ReceivableItem {
  id: number;
  accountId: number;
  accountNumber: string;
  itemType: string;
  chargeClass: ChargeClass | null;
  amountCents: number;
  itemDate: string;
  dueDate: string | null;
  offsetAccountCode: string | null;
  description: string;
  reasonCode: string | null;
  documentRef: string | null;
  journalEntryId: number;
  reversesItemId: number | null;
  reversedByItemId: number | null;
  appliedCents: number;
  createdAt: string;
  createdBy: string;
}

export interface ActivityItem extends ReceivableItem {
  balanceAfterCents: number;
}

export interface ReceivablesSetup {
  kinds: Array<{ code: string; name: string; accountPrefix: string }>;
  controls: Array<{ kind: string; fundCode: string; controlAccountCode: string }>;
  reasons: Array<{ code: string; name: string; appliesTo: string }>;
}

export interface PostedResult {
  entry: JournalEntry;
  items: ReceivableItem[];
  isReplay: boolean;
}

export interface AdjustmentOutcome {
  status: 'posted' | 'pending_approval';
  result?: PostedResult;
  request?: ApprovalRequest;
}

export const flagLabels: Record<keyof CustomerFlags, { label: string; color: string; hint: string }> = {
  isCashOnly: { label: 'Cash only', color: 'red', hint: 'No checks: take cash, card or money order' },
  hasReturnedMail: { label: 'Returned mail', color: 'orange', hint: 'Mail came back: confirm the address' },
  isDeceased: { label: 'Deceased', color: 'gray', hint: 'The customer has died' },
  inBankruptcy: { label: 'Bankruptcy', color: 'grape', hint: 'In bankruptcy: collection is stayed' },
  hasCollectionsHold: { label: 'Collections hold', color: 'yellow', hint: 'Collections are paused' },
};

export const flagKeys = Object.keys(flagLabels) as Array<keyof CustomerFlags>;

export const matchedOnLabels: Record<string, string> = {
  account_number: 'account number',
  legacy_account_number: 'old account number',
  customer_number: 'customer number',
  merged_customer_number: 'number of a merged customer',
  phone: 'phone',
  email: 'email',
  apn: 'APN',
  name: 'name',
  address: 'address',
  words: 'words',
  similar: 'similar spelling',
  similar_name: 'similar spelling',
};

export const channelLabels: Record<string, string> = {
  phone: 'Phone call',
  counter: 'Counter visit',
  email: 'Email',
  letter: 'Letter',
  web: 'Web',
  other: 'Other',
};

export const itemTypeLabels: Record<string, string> = {
  charge: 'Charge',
  opening_balance: 'Opening balance',
  payment: 'Payment',
  debit_memo: 'Debit memo',
  credit_memo: 'Credit memo',
  write_off: 'Write-off',
  refund: 'Refund',
  transfer_in: 'Transfer in',
  transfer_out: 'Transfer out',
  reversal: 'Reversal',
};

/** "opening_balance" -> "Opening balance" for item types this screen does not know yet. */
export function itemTypeLabel(itemType: string): string {
  return itemTypeLabels[itemType] ?? (itemType.charAt(0).toUpperCase() + itemType.slice(1)).replaceAll('_', ' ');
}

export const languageLabels: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  zh: 'Chinese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ko: 'Korean',
  hy: 'Armenian',
  fa: 'Persian',
  ru: 'Russian',
  ja: 'Japanese',
  ar: 'Arabic',
  pa: 'Punjabi',
  km: 'Khmer',
  hmn: 'Hmong',
  hi: 'Hindi',
  th: 'Thai',
  pt: 'Portuguese',
  fr: 'French',
  lo: 'Lao',
  uk: 'Ukrainian',
};

export function searchCustomers(query: string, signal?: AbortSignal): Promise<{ results: CustomerSearchResult[] }> {
  return api.get<{ results: CustomerSearchResult[] }>('/api/customers', { q: query }, signal);
}

/** Search as you type; the key holds the query, so an answer to an older query never shows. */
export function useCustomerSearch(query: string, enabled = true) {
  return useQuery({
    queryKey: ['customers', 'search', query],
    queryFn: ({ signal }) => searchCustomers(query, signal),
    enabled: enabled && query.length >= 2,
    staleTime: 15_000,
    placeholderData: (previous) => previous,
    select: (data) => data.results,
  });
}

export function useCustomer(id: string | undefined) {
  return useQuery({
    queryKey: ['customers', 'detail', id],
    queryFn: () => api.get<CustomerDetail>(`/api/customers/${id}`),
    enabled: id !== undefined,
  });
}

/** Possible duplicates of a customer, for a clerk who may ask for a merge. */
export function useDuplicateCandidates(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['customers', 'duplicates', id],
    queryFn: () => api.get<{ candidates: DuplicateCandidate[] }>(`/api/customers/${id}/duplicates`),
    enabled: enabled && id !== undefined,
    select: (data) => data.candidates,
  });
}

export function useCustomerReceivables(id: string | undefined) {
  return useQuery({
    queryKey: ['customers', 'receivables', id],
    queryFn: () => api.get<CustomerReceivables>(`/api/customers/${id}/receivables`),
    enabled: id !== undefined,
  });
}

export function useAccountActivity(accountNumber: string | null) {
  return useQuery({
    queryKey: ['customers', 'activity', accountNumber],
    queryFn: () =>
      api.get<{ account: ReceivableAccount; items: ActivityItem[] }>(
        `/api/receivable-accounts/${encodeURIComponent(accountNumber ?? '')}/activity`,
        { limit: 200 },
      ),
    enabled: accountNumber !== null,
  });
}

export function useReceivablesSetup() {
  return useQuery({
    queryKey: ['customers', 'receivables-setup'],
    queryFn: () => api.get<ReceivablesSetup>('/api/receivables/setup'),
    staleTime: 5 * 60_000,
  });
}

/** A key for one posting attempt: a retry after a timeout sends the same key and posts once. */
export function newIdempotencyKey(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

export interface BillingItem {
  id: number;
  code: string;
  name: string;
  description: string | null;
  /** Null: the price is entered at invoicing. */
  unitPriceCents: number | null;
  unit: string;
  revenueAccountCode: string;
  fundCode: string;
  receivableKind: string;
  isActive: boolean;
}

export interface Invoice {
  id: number;
  invoiceNumber: string;
  accountNumber: string;
  invoiceDate: string;
  dueDate: string;
  status: 'open' | 'paid' | 'reversed';
  totalCents: number;
  amountDueCents: number;
}

export function useBillingItems(enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['customers', 'billing-items'],
    queryFn: () => api.get<{ items: BillingItem[] }>('/api/billing/items'),
    staleTime: 5 * 60_000,
    select: (data) => data.items.filter((item) => item.isActive),
  });
}
