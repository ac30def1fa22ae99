/** Queries over the ledger shared by several screens. Keys start with 'ledger' so one
 *  invalidation refreshes every ledger view after a posting. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Account, FiscalPeriod, Fund } from './types';

export function useFunds() {
  return useQuery({
    queryKey: ['ledger', 'funds'],
    queryFn: () => api.get<{ funds: Fund[] }>('/api/funds'),
    staleTime: 5 * 60_000,
    select: (data) => data.funds,
  });
}

/** Every account (active and not): the chart is a few thousand rows at most. */
export function useAllAccounts(enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['ledger', 'accounts', 'all'],
    queryFn: () => api.get<{ accounts: Account[] }>('/api/accounts'),
    staleTime: 60_000,
    select: (data) => data.accounts,
  });
}

export function usePeriods() {
  return useQuery({
    queryKey: ['ledger', 'periods'],
    queryFn: () => api.get<{ periods: FiscalPeriod[] }>('/api/periods'),
    select: (data) => data.periods,
  });
}
