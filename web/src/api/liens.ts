/**
 * Liens on the tax roll and closed accounts' balances as the HTTP API answers them
 * (src/http/routes/collections-liens.schema.ts). Query keys start with ['collections', 'liens'] and
 * ['collections', 'closed'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export const lienStatuses = ['listed', 'noticed', 'recorded', 'paid_off', 'released', 'removed'] as const;
export type LienStatus = (typeof lienStatuses)[number];

export const lienStatusColors: Record<LienStatus, string> = {
  listed: 'blue', noticed: 'indigo', recorded: 'orange', paid_off: 'teal', released: 'green', removed: 'gray',
};

export interface LienRoll {
  id: number;
  fiscalYear: number;
  asOfDate: string;
  dueToCountyOn: string;
  status: 'draft' | 'submitted';
  submittedOn: string | null;
  submittedBy: string | null;
  lienCount: number;
  totalCents: number;
}

export interface MailingAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  source: 'customer' | 'situs';
}

export interface Lien {
  id: number;
  fiscalYear: number;
  rollStatus: 'draft' | 'submitted';
  utilityAccountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string | null;
  apn: string;
  ownerName: string;
  ownerAddress: MailingAddress;
  customerIsOwner: boolean;
  amountCents: number;
  payoffCents: number;
  oldestDueDate: string;
  status: LienStatus;
  noticedOn: string | null;
  noticeNumber: string | null;
  recordingNumber: string | null;
  recordedOn: string | null;
  expiresOn: string | null;
  paidOffOn: string | null;
  releaseRecordingNumber: string | null;
  releasedOn: string | null;
  removedOn: string | null;
  removedReason: string | null;
}

export interface ExcludedAccount {
  accountNumber: string;
  customerName: string;
  apn: string | null;
  delinquentCents: number;
  reasons: string[];
  message: string;
}

export interface PrepareResult {
  roll: LienRoll;
  listed: number;
  listedCents: number;
  feesCents: number;
  excluded: ExcludedAccount[];
}

export function useLienRolls() {
  return useQuery({ queryKey: ['collections', 'liens', 'rolls'], queryFn: () => api.get<{ rolls: LienRoll[] }>('/api/collections/liens/rolls') });
}

export function useLiens(fiscalYear: number | null) {
  return useQuery({
    queryKey: ['collections', 'liens', 'list', fiscalYear],
    queryFn: () => api.get<{ liens: Lien[] }>('/api/collections/liens', { fiscalYear }),
    enabled: fiscalYear !== null,
  });
}

const rolls = '/api/collections/liens/rolls';
export const prepareRoll = (fiscalYear: number, asOf: string) => api.post<PrepareResult>(`${rolls}/${fiscalYear}/prepare`, { asOf });
export const sendLienNotices = (fiscalYear: number) => api.post<{ noticed: number }>(`${rolls}/${fiscalYear}/notices`, {});
export const submitRoll = (fiscalYear: number) => api.post<LienRoll>(`${rolls}/${fiscalYear}/submit`, {});
export const exportRollUrl = (fiscalYear: number) => `${rolls}/${fiscalYear}/export.csv`;
export const recordLien = (id: number, recordingNumber: string, recordedOn: string) =>
  api.post<Lien>(`/api/collections/liens/${id}/record`, { recordingNumber, recordedOn });
export const removeLien = (id: number, reason: string) => api.post<Lien>(`/api/collections/liens/${id}/remove`, { reason });
export const payOffLien = (id: number) => api.post<Lien>(`/api/collections/liens/${id}/pay-off`, {});
export const releaseLien = (id: number, releaseRecordingNumber: string, releasedOn: string) =>
  api.post<Lien>(`/api/collections/liens/${id}/release`, { releaseRecordingNumber, releasedOn });

export interface ClosedAccount {
  utilityAccountId: number;
  accountNumber: string;
  customerId: number;
  customerName: string;
  status: string;
  stoppedOn: string | null;
  serviceAddress: string | null;
  balanceCents: number;
  aging: { current: number; days30: number; days60: number; days90: number; days120: number };
  oldestDueDate: string | null;
  activeAccountNumber: string | null;
  lastFinalNoticeOn: string | null;
  referredOn: string | null;
  agency: string | null;
  hasPendingWriteOff: boolean;
}

export function useClosedAccounts() {
  return useQuery({
    queryKey: ['collections', 'closed'],
    queryFn: () => api.get<{ accounts: ClosedAccount[]; asOf: string }>('/api/collections/closed-accounts'),
  });
}

const closed = '/api/collections/closed-accounts';
export const sendFinalNotices = (accounts: string[] | null) =>
  api.post<{ noticed: number; noticeNumbers: string[] }>(`${closed}/notices`, accounts ? { accounts } : {});
export const transferBalance = (account: string) =>
  api.post<{ fromAccountNumber: string; toAccountNumber: string; amountCents: number; journalEntryId: number }>(`${closed}/${account}/transfer`, {});
export const requestWriteOff = (account: string, reasonCode: string, description: string) =>
  api.post<{ approvalRequestId: number; status: string; summary: string }>(`${closed}/${account}/write-off`, { reasonCode, description });
export const referAccounts = (accounts: string[], agency: string) =>
  api.post<{ batch: string; referred: number; totalCents: number; fileName: string; csv: string }>(`${closed}/referrals`, { accounts, agency });
export const referralCsvUrl = (batch: string) => `${closed}/referrals/${batch}`;
