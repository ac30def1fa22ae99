/**
 * SB 998 as the HTTP API answers it (src/http/routes/collections-sb998.schema.ts): an account's
 * shutoff eligibility rule by rule, its protections, shutoff orders. Query keys start with
 * ['collections', 'sb998'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export interface Rule {
  code: string;
  passed: boolean;
  applies: boolean;
  reason: string;
}

export interface Eligibility {
  accountId: number;
  asOf: string;
  eligible: boolean;
  earliestDate: string | null;
  mustOfferArrangement: boolean;
  rules: Rule[];
}

export const protectionTypes = ['appeal', 'bill_investigation', 'medical_certification', 'inability_to_pay', 'willing_arrangement', 'low_income'] as const;
export type ProtectionType = (typeof protectionTypes)[number];
export const protectionLabels: Record<ProtectionType, string> = {
  appeal: 'Appeal',
  bill_investigation: 'Bill investigation',
  medical_certification: 'Medical certification',
  inability_to_pay: 'Inability to pay',
  willing_arrangement: 'Willing to enter an arrangement',
  low_income: 'Low household income',
};
export const assistancePrograms = [
  { value: 'calworks', label: 'CalWORKs' },
  { value: 'calfresh', label: 'CalFresh' },
  { value: 'general_assistance', label: 'General assistance' },
  { value: 'medi_cal', label: 'Medi-Cal' },
  { value: 'ssi_ssp', label: 'SSI/SSP' },
  { value: 'wic', label: 'WIC' },
];

export interface Protection {
  id: number;
  utilityAccountId: number;
  accountNumber: string;
  protectionType: ProtectionType;
  receivedOn: string;
  validUntil: string | null;
  documentRef: string;
  details: Record<string, unknown>;
  status: 'active' | 'resolved' | 'withdrawn';
  resolvedOn: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  createdBy: string;
}

export interface NewProtection {
  protectionType: ProtectionType;
  receivedOn?: string | null;
  validUntil?: string | null;
  documentRef?: string | null;
  providerName?: string | null;
  licenseNumber?: string | null;
  program?: string | null;
  caseNumber?: string | null;
  householdSize?: number | null;
  annualIncomeCents?: number | null;
  documented?: boolean;
}

export interface ShutoffOrder {
  id: number;
  utilityAccountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
  status: 'pending' | 'released' | 'completed' | 'cancelled' | 'reconnected';
  eligibleOn: string | null;
  serviceOrderNumber: string | null;
  releasedOn: string | null;
  refusedRules: string[];
  refusal: { code: string; reason: string }[] | null;
  refusedOn: string | null;
  disconnectedOn: string | null;
  reconnectOrderNumber: string | null;
  reconnectedOn: string | null;
  reconnectionFeeCents: number | null;
  lowIncome: boolean | null;
  cancelReason: string | null;
}

const base = '/api/collections';

export function useEligibility(account: string | null) {
  return useQuery({
    queryKey: ['collections', 'sb998', 'eligibility', account],
    queryFn: () => api.get<Eligibility>(`${base}/accounts/${encodeURIComponent(account ?? '')}/eligibility`),
    enabled: account !== null,
  });
}

export function useProtections(account: string | null) {
  return useQuery({
    queryKey: ['collections', 'sb998', 'protections', account],
    queryFn: () => api.get<{ protections: Protection[] }>(`${base}/accounts/${encodeURIComponent(account ?? '')}/protections`, { includeEnded: true }),
    select: (data) => data.protections,
    enabled: account !== null,
  });
}

export function useShutoffOrders(filter: { account: string | null; status?: ShutoffOrder['status'] }) {
  return useQuery({
    queryKey: ['collections', 'sb998', 'shutoff-orders', filter.account, filter.status ?? null],
    queryFn: () => api.get<{ shutoffOrders: ShutoffOrder[] }>(`${base}/shutoff-orders`, { account: filter.account, status: filter.status }),
    select: (data) => data.shutoffOrders,
  });
}

export function recordProtection(account: string, input: NewProtection) {
  return api.post<{ protection: Protection; mustOfferArrangement: boolean; offerNoticeNumber: string | null }>(
    `${base}/accounts/${encodeURIComponent(account)}/protections`, input);
}

export function resolveProtection(id: number, outcome: 'resolved' | 'withdrawn', reason: string) {
  return api.post<Protection>(`${base}/protections/${id}/resolve`, { outcome, reason });
}

export function releaseShutoffOrder(id: number) {
  return api.post<ShutoffOrder>(`${base}/shutoff-orders/${id}/release`, {});
}

export function cancelShutoffOrder(id: number, reason: string) {
  return api.post<ShutoffOrder>(`${base}/shutoff-orders/${id}/cancel`, { reason });
}

export function orderReconnection(id: number, afterHours: boolean) {
  return api.post<ShutoffOrder>(`${base}/shutoff-orders/${id}/reconnect`, { afterHours });
}
