/**
 * The meter-read review queue as the HTTP API answers it (src/http/routes/utility-reads.ts): reads
 * held by the range checks, and accepting (an override, with a reason) or rejecting them.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export type ReadExceptionCode = 'high' | 'low' | 'zero_use' | 'rollover' | 'lower_than_last' | 'out_of_cycle' | 'estimated';

export const readExceptionLabels: Record<ReadExceptionCode, string> = {
  high: 'High', low: 'Low', zero_use: 'Zero use', rollover: 'Rollover', lower_than_last: 'Lower than last', out_of_cycle: 'Out of cycle', estimated: 'Estimated',
};

export interface QueuedRead {
  id: number;
  meterSerial: string;
  unit: 'HCF' | 'GAL';
  readDate: string;
  reading: number;
  readType: string;
  source: string;
  consumption: string | null;
  previousReadDate: string | null;
  previousReading: number | null;
  status: string;
  exceptionCodes: ReadExceptionCode[];
  exceptionText: string[];
  accountNumber: string | null;
  locationAddress: string | null;
  cycleCode: string | null;
  routeCode: string | null;
  fileName: string | null;
  rowNumber: number | null;
  createdBy: string;
}

export interface ReadQueue {
  reads: QueuedRead[];
  total: number;
  byCode: Partial<Record<ReadExceptionCode, number>>;
}

export function useReadQueue(code: ReadExceptionCode | null) {
  return useQuery({
    queryKey: ['utility', 'reads', 'exceptions', code],
    queryFn: () => api.get<ReadQueue>('/api/utility/reads/exceptions', { ...(code ? { code } : {}), limit: 200 }),
  });
}

export function decideRead(readId: number, decision: 'accept' | 'reject', reason: string): Promise<QueuedRead> {
  return api.post<QueuedRead>(`/api/utility/reads/${readId}/${decision}`, { reason });
}
