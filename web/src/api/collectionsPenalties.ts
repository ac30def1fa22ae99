/**
 * Penalty rules and the penalty job as the HTTP API answers them
 * (src/http/routes/collections-penalties.schema.ts). Query keys start with ['collections', 'penalty-rules'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export interface PenaltyRule {
  id: number;
  classCode: string | null;
  rateCode: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  graceDays: number;
  currentRate: string;
  pastDueRate: string;
  minimumCents: number;
  maximumCents: number | null;
  revenueAccountCode: string;
  revenueFundCode: string;
  description: string | null;
  isActive: boolean;
  createdAt: string;
  createdBy: string;
  updatedBy: string;
  deactivatedBy: string | null;
}

export interface NewPenaltyRule {
  classCode: string | null;
  rateCode: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  graceDays: string;
  currentRate: string;
  pastDueRate: string;
  minimum: string | null;
  maximum: string | null;
  revenueAccount: string;
  description: string | null;
}

export interface ApplyPenaltiesResult {
  billsAssessed: number;
  penaltiesPosted: number;
  waived: number;
  totalCents: number;
}

const base = '/api/collections/penalty-rules';

export function usePenaltyRules() {
  return useQuery({ queryKey: ['collections', 'penalty-rules'], queryFn: () => api.get<{ rules: PenaltyRule[] }>(base), select: (data) => data.rules });
}

export function addPenaltyRule(input: NewPenaltyRule): Promise<PenaltyRule> {
  return api.post<PenaltyRule>(base, input);
}

export function deactivatePenaltyRule(id: number): Promise<PenaltyRule> {
  return api.post<PenaltyRule>(`${base}/${id}/deactivate`);
}

export function applyPenalties(date: string): Promise<ApplyPenaltiesResult> {
  return api.post<ApplyPenaltiesResult>('/api/collections/penalties/apply', { date });
}
