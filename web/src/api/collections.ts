/**
 * The Collections desk's own calls (src/http/routes/collections.ts): today's work, an account's
 * collection, the chains, the daily job. Query keys start with ['collections'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export interface AccountLine {
  accountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
}

export interface WorkList<T> {
  count: number;
  rows: T[];
}

export interface TodaysWork {
  asOf: string;
  run: null | { status: string; figures: Record<string, unknown>; startedAt: string; finishedAt: string | null };
  openCases: Array<{ stepName: string; count: number }>;
  noticesToday: Array<{ noticeType: string; delivery: string; count: number }>;
  shutoffsPending: WorkList<AccountLine & { shutoffId: number; eligibleOn: string | null; refusedRules: string[] }>;
  shutoffsBlockedToday: WorkList<AccountLine & { summary: string }>;
  arrangementsInDefault: WorkList<AccountLine & { arrangementNumber: string; status: string; defaultSince: string }>;
  holdsEnding: WorkList<AccountLine & { holdId: number; reason: string; endsOn: string }>;
  reconnectDue: WorkList<AccountLine & { shutoffId: number; disconnectedOn: string }>;
  protectionsExpiring: WorkList<AccountLine & { protectionId: number; protectionType: string; validUntil: string }>;
}

export interface ChainStep {
  stepOrder: number;
  stepType: string;
  name: string;
  daysPastDue: number;
  waitBusinessDays: number;
  isActive: boolean;
}

export interface ClassChain {
  classCode: string;
  className: string;
  isResidential: boolean;
  steps: ChainStep[];
}

export interface TimelineEvent {
  id: number;
  eventDate: string;
  eventType: string;
  summary: string;
  stepOrder: number | null;
  details: Record<string, unknown>;
  createdBy: string;
}

export interface CollectionAccount {
  account: {
    id: number; accountNumber: string; customerId: number; customerNumber: string; customerName: string; preferredLanguage: string;
    classCode: string; className: string; isResidential: boolean; status: string; serviceAddress: string; apn: string | null;
  };
  balanceCents: number;
  pastDueCents: number;
  oldestUnpaidDueDate: string | null;
  daysPastDue: number | null;
  openCase: null | {
    id: number; openedOn: string; delinquentSince: string; stepOrder: number; stepName: string | null; stepDoneOn: string | null;
    nextStep: null | { stepOrder: number; name: string; stepType: string; notBefore: string | null };
  };
  steps: ChainStep[];
  timeline: TimelineEvent[];
  notices: Array<{ id: number; noticeNumber: string; noticeType: string; noticeDate: string; delivery: string; language: string; amountDueCents: number; disconnectOnOrAfter: string | null }>;
  holds: Array<{ id: number; reason: string; startsOn: string; endsOn: string; releasedOn: string | null; createdBy: string }>;
  arrangements: Array<{ id: number; arrangementNumber: string; arrangementType: string; status: string; principalCents: number; startsOn: string; defaultSince: string | null }>;
  protections: Array<{ id: number; protectionType: string; receivedOn: string; validUntil: string | null; status: string; documentRef: string }>;
  shutoffOrders: Array<{ id: number; status: string; eligibleOn: string | null; releasedOn: string | null; disconnectedOn: string | null; reconnectedOn: string | null; refusedRules: string[] }>;
}

export const noticeTypeLabels: Record<string, string> = {
  late_notice: 'Late notice',
  sb998_notice: 'SB 998 notice',
  door_hanger: 'Door hanger',
  final_notice: 'Final notice',
  shutoff_notice: 'Shutoff notice',
  arrangement_offer: 'Arrangement offer',
  arrangement_default: 'Arrangement default',
  reconnection: 'Reconnection',
  lien_notice: 'Lien notice',
  closed_account_final: 'Closed account final notice',
  tenant_notice: 'Tenant notice',
};

export const stepTypeLabels: Record<string, string> = {
  late_notice: 'Late notice (mailed)',
  sb998_notice: 'SB 998 notice (mailed)',
  door_hanger: 'Door hanger (posted)',
  final_notice: 'Final notice (posted)',
  shutoff_order: 'Shutoff order (after the SB 998 rules)',
};

export function useTodaysWork(asOf?: string) {
  return useQuery({
    queryKey: ['collections', 'today', asOf ?? null],
    queryFn: () => api.get<TodaysWork>(`/api/collections/today${asOf ? `?asOf=${asOf}` : ''}`),
    refetchInterval: 60_000,
  });
}

export function useCollectionAccount(accountKey: string | null) {
  return useQuery({
    queryKey: ['collections', 'account', accountKey],
    queryFn: () => api.get<CollectionAccount>(`/api/collections/accounts/${encodeURIComponent(accountKey ?? '')}`),
    enabled: accountKey !== null && accountKey !== '',
  });
}

export function useChains() {
  return useQuery({ queryKey: ['collections', 'chains'], queryFn: () => api.get<{ chains: ClassChain[] }>('/api/collections/chains'), select: (data) => data.chains });
}

export function saveChain(classCode: string, steps: Array<Omit<ChainStep, 'isActive'>>): Promise<ClassChain> {
  return api.put<ClassChain>(`/api/collections/chains/${encodeURIComponent(classCode)}`, { steps });
}

export function runDailyJob(asOf?: string): Promise<Record<string, unknown>> {
  return api.post<Record<string, unknown>>('/api/collections/run', asOf ? { asOf } : {});
}
