/**
 * Payment arrangements and collection holds as the HTTP API answers them
 * (src/http/routes/collections-arrangements.schema.ts). Query keys start with ['collections'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export const arrangementTypes = ['amortization', 'alternative_schedule', 'reduced', 'deferred'] as const;
export type ArrangementType = (typeof arrangementTypes)[number];

export const arrangementTypeLabels: Record<ArrangementType, string> = {
  amortization: 'Amortization (equal installments)',
  alternative_schedule: 'Alternative schedule (own dates)',
  reduced: 'Reduced payment (needs a write-off request)',
  deferred: 'Deferred (first installment later)',
};

export interface Installment {
  installmentNumber: number;
  dueOn: string;
  amountCents: number;
}

export interface ArrangementInput {
  accountId: string;
  months: number;
  type: ArrangementType;
  dueWithBills: boolean;
  firstDueOn?: string | null;
  dueDates?: string[] | null;
  reducedPrincipalCents?: number | null;
  writeOffRequestId?: number | null;
}

export interface ArrangementProposal {
  accountId: number;
  accountNumber: string;
  customerName: string;
  arrangementType: ArrangementType;
  pastDueCents: number;
  principalCents: number;
  reductionCents: number;
  months: number;
  maxMonths: number;
  dueWithBills: boolean;
  startsOn: string;
  caseId: number | null;
  installments: Installment[];
}

export interface Arrangement {
  id: number;
  arrangementNumber: string;
  accountId: number;
  accountNumber: string;
  customerName: string;
  caseId: number | null;
  arrangementType: ArrangementType;
  status: 'active' | 'completed' | 'defaulted' | 'cancelled';
  principalCents: number;
  reductionCents: number;
  writeOffRequestId: number | null;
  startsOn: string;
  dueWithBills: boolean;
  defaultSince: string | null;
  endedOn: string | null;
  endReason: string | null;
  endedBy: string | null;
  createdAt: string;
  createdBy: string;
  installments: Installment[];
}

export interface Hold {
  id: number;
  accountId: number;
  accountNumber: string;
  customerName: string;
  reason: string;
  startsOn: string;
  endsOn: string;
  releasedOn: string | null;
  releaseReason: string | null;
  releasedBy: string | null;
  resumedOn: string | null;
  createdAt: string;
  createdBy: string;
}

const arrangements = '/api/collections/arrangements';
const holds = '/api/collections/holds';

export function previewArrangement(input: ArrangementInput): Promise<ArrangementProposal> {
  return api.post<ArrangementProposal>(`${arrangements}/preview`, input);
}

export function createArrangement(input: ArrangementInput): Promise<Arrangement> {
  return api.post<Arrangement>(arrangements, input);
}

export function cancelArrangement(number: string, reason: string): Promise<Arrangement> {
  return api.post<Arrangement>(`${arrangements}/${encodeURIComponent(number)}/cancel`, { reason });
}

export function useAccountArrangements(account: string) {
  return useQuery({
    queryKey: ['collections', 'arrangements', account],
    queryFn: () => api.get<{ arrangements: Arrangement[] }>(arrangements, { account }),
    select: (data) => data.arrangements,
    enabled: account.trim() !== '',
  });
}

export function useHolds(filter: { account?: string; inForceOn?: string }) {
  return useQuery({
    queryKey: ['collections', 'holds', filter.account ?? '', filter.inForceOn ?? ''],
    queryFn: () => api.get<{ holds: Hold[]; today: string }>(holds, { account: filter.account, inForceOn: filter.inForceOn }),
  });
}

export function placeHold(input: { accountId: string; reason: string; endsOn: string }): Promise<Hold> {
  return api.post<Hold>(holds, input);
}

export function releaseHold(id: number, reason: string): Promise<Hold> {
  return api.post<Hold>(`${holds}/${id}/release`, { reason });
}
