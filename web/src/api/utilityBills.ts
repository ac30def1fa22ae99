/**
 * Utility bill runs and bills as the HTTP API answers them (src/http/routes/utility-bills.schema.ts):
 * cycles for the run wizard, runs with their progress, the pre-bill register, bills, and the
 * utility account. Query keys start with 'utility'; a posting (finalize, release of a final run's
 * bill, cancel/rebill) also invalidates 'customers' (balances changed). Amounts are integer cents.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type BillRunStatus = 'calculating' | 'tentative' | 'finalizing' | 'finalized' | 'cancelled';
export type BillStatus = 'tentative' | 'held' | 'final' | 'cancelled';
export type BillException = 'no_rate' | 'no_read' | 'read_exception' | 'estimated' | 'zero' | 'negative' | 'high';

export const exceptionLabels: Record<BillException, string> = {
  no_rate: 'No rate',
  no_read: 'No read',
  read_exception: 'Read exception',
  estimated: 'Estimated',
  zero: 'Zero bill',
  negative: 'Negative',
  high: 'High bill',
};

export const exceptionHelp: Record<BillException, string> = {
  no_rate: 'A service has no rate in effect for the period: the bill is held',
  no_read: 'No accepted read in the period: the bill is held',
  read_exception: 'A read of the period waits in the exception queue: the bill is held',
  estimated: 'Billed on an estimated read',
  zero: 'The bill comes to $0.00',
  negative: 'The bill comes to less than zero: held (correct it with a credit memo)',
  high: 'More than 50% above the account\'s 12-month average',
};

export const runStatusColors: Record<BillRunStatus, string> = {
  calculating: 'blue', tentative: 'yellow', finalizing: 'blue', finalized: 'green', cancelled: 'gray',
};
export const billStatusColors: Record<BillStatus, string> = { tentative: 'yellow', held: 'orange', final: 'green', cancelled: 'gray' };

export interface BillingCycle {
  code: string;
  name: string;
  dueDays: number;
  isActive: boolean;
  routes: Array<{ code: string; name: string }>;
  accountCount: number;
}

export interface UtilitySetup {
  classes: Array<{ code: string; name: string; isResidential: boolean; tiersPerUnit: boolean; depositCents: number }>;
  cycles: BillingCycle[];
}

export interface BillRun {
  id: number;
  runNumber: string;
  cycleCode: string;
  throughDate: string;
  billDate: string;
  dueDate: string;
  status: BillRunStatus;
  accountCount: number;
  billCount: number;
  exceptionCount: number;
  heldCount: number;
  totalCents: number;
  createdAt: string;
  createdBy: string;
  finalizedAt: string | null;
  finalizedBy: string | null;
}

/**
 * running: the server works on it now; failed: its last attempt stopped with an error; stalled:
 * mid-way with nobody on it (the server restarted): start it again to continue; idle: not mid-way.
 */
export interface RunProgress {
  state: 'running' | 'failed' | 'stalled' | 'idle';
  phase: 'calculate' | 'finalize' | null;
  done: number;
  total: number | null;
  startedAt: string | null;
  error: { code: string; message: string } | null;
}

export interface RunWithProgress {
  run: BillRun;
  progress: RunProgress;
}

export interface BillSummary {
  id: number;
  billNumber: string;
  runId: number | null;
  accountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
  billKind: 'regular' | 'first' | 'final' | 'rebill';
  periodFrom: string;
  periodTo: string;
  billDate: string;
  dueDate: string;
  status: BillStatus;
  consumption: string | null;
  isEstimated: boolean;
  currentChargesCents: number;
  previousBalanceCents: number;
  exceptions: BillException[];
  holdReason: string | null;
  replacesBillId: number | null;
  replacedByBillId: number | null;
}

export interface BillDetail extends BillSummary {
  lines: Array<{ lineNumber: number; serviceType: string; component: string; description: string; quantity: string | null; unitPrice: string | null; amountCents: number; revenueAccount: string }>;
  reads: Array<{ meterSerial: string; unit: string; fromDate: string | null; fromReading: number | null; toDate: string | null; toReading: number | null; consumption: string; estimated: boolean }>;
  cancelReason: string | null;
  journalEntryId: number | null;
  cancelledEntryId: number | null;
}

export interface BillRegister {
  run: BillRun;
  byService: Array<{ serviceType: string; revenueAccount: string; lineCount: number; amountCents: number }>;
  byStatus: Array<{ status: BillStatus; count: number; amountCents: number }>;
  exceptions: Array<{ code: BillException; count: number }>;
  bills: BillSummary[];
  billsTotal: number;
}

export interface RegisterQuery {
  exception?: BillException | null;
  status?: BillStatus | null;
  all?: boolean;
  offset?: number;
  limit?: number;
}

export interface UtilityAccount {
  id: number;
  accountNumber: string;
  customerId: number;
  customerName: string;
  serviceLocationId: number;
  locationNumber: string;
  serviceAddress: string;
  classCode: string;
  cycleCode: string;
  routeCode: string | null;
  dwellingUnits: number;
  status: 'active' | 'final_billed' | 'closed';
  startedOn: string;
  stoppedOn: string | null;
  billedThrough: string | null;
  paperless: boolean;
  balanceCents: number;
  agreements: Array<{ id: number; serviceType: string; rateCode: string; meterSerial: string | null; startedOn: string; endedOn: string | null }>;
  deposits: Array<{ id: number; amountCents: number; status: string; appliedCents: number; reason: string }>;
}

export interface UtilityAccountView {
  account: UtilityAccount;
  meters: Array<{ serial: string; size: string; dials: number; multiplier: string; unit: string; status: string; manufacturer: string | null; installedOn: string | null }>;
  bills: BillSummary[];
}

export type StartedRun = RunWithProgress & { isStarted: boolean };

/** How often a run under way is asked for its progress. */
const PROGRESS_POLL_MS = 750;

const isUnderWay = (progress: RunProgress | undefined) => progress?.state === 'running';

export function useUtilitySetup() {
  return useQuery({ queryKey: ['utility', 'setup'], queryFn: () => api.get<UtilitySetup>('/api/utility/setup') });
}

export function useBillRuns(cycle: string | null = null) {
  return useQuery({
    queryKey: ['utility', 'bill-runs', cycle],
    queryFn: () => api.get<{ runs: RunWithProgress[] }>('/api/utility/bill-runs', { cycle }),
    refetchInterval: (query) => (query.state.data?.runs.some((row) => isUnderWay(row.progress)) ? PROGRESS_POLL_MS * 2 : false),
  });
}

/** A run and its progress, polled while the server works on it. */
export function useBillRun(runKey: string | null) {
  return useQuery({
    queryKey: ['utility', 'bill-run', runKey],
    queryFn: () => api.get<RunWithProgress>(`/api/utility/bill-runs/${encodeURIComponent(runKey ?? '')}`),
    enabled: runKey !== null,
    refetchInterval: (query) => (isUnderWay(query.state.data?.progress) ? PROGRESS_POLL_MS : false),
  });
}

export function useBillRegister(runKey: string | null, query: RegisterQuery, enabled = true) {
  return useQuery({
    queryKey: ['utility', 'register', runKey, query],
    queryFn: () => api.get<BillRegister>(`/api/utility/bill-runs/${encodeURIComponent(runKey ?? '')}/register`, {
      exception: query.exception, status: query.status, all: query.all || undefined, offset: query.offset, limit: query.limit,
    }),
    enabled: runKey !== null && enabled,
    placeholderData: (previous) => previous,
  });
}

export function useBill(billKey: string | null) {
  return useQuery({
    queryKey: ['utility', 'bill', billKey],
    queryFn: () => api.get<BillDetail>(`/api/utility/bills/${encodeURIComponent(billKey ?? '')}`),
    enabled: billKey !== null,
  });
}

export function useUtilityAccount(accountKey: string | null) {
  return useQuery({
    queryKey: ['utility', 'account', accountKey],
    queryFn: () => api.get<UtilityAccountView>(`/api/utility/accounts/${encodeURIComponent(accountKey ?? '')}`),
    enabled: accountKey !== null,
    retry: false,
  });
}

export function startBillRun(input: { cycleCode: string; throughDate: string; billDate: string | null }) {
  return api.post<StartedRun>('/api/utility/bill-runs', input);
}

export function finalizeBillRun(runKey: string | number) {
  return api.post<StartedRun>(`/api/utility/bill-runs/${encodeURIComponent(String(runKey))}/finalize`, {});
}

export function holdBill(billNumber: string, reason: string) {
  return api.post<BillDetail>(`/api/utility/bills/${encodeURIComponent(billNumber)}/hold`, { reason });
}

export function releaseBill(billNumber: string, note: string | null = null) {
  return api.post<BillDetail>(`/api/utility/bills/${encodeURIComponent(billNumber)}/release`, { note });
}

export function cancelBill(billNumber: string, input: { reason: string; rebill: boolean }) {
  return api.post<{ cancelled: BillDetail; corrected: BillDetail | null }>(`/api/utility/bills/${encodeURIComponent(billNumber)}/cancel`, input);
}

/** "Nov 1 – Nov 30, 2026" from two ISO dates. */
export function formatPeriod(from: string, to: string): string {
  const short = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
  const long = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${from} – ${to}`;
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return `${sameYear ? short.format(start) : long.format(start)} – ${long.format(end)}`;
}

/** "8.0000" -> "8"; "12.5000" -> "12.5". */
export function formatQuantity(value: string | null): string {
  if (value === null) return '';
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
