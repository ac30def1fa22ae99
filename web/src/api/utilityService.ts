/**
 * Utility service, meters and rates as the HTTP API answers them (src/http/routes/utility-service,
 * utility-meters and utility-rates): start, stop and transfer service, the deposit a start would
 * charge, service locations, a customer's utility accounts; meters by serial, add, install,
 * remove, exchange; rate schedules and their versions. Query keys start with 'utility'; a start,
 * stop or transfer also invalidates 'customers' (accounts and balances changed). Amounts are cents.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { UtilityAccount } from './utilityBills';

export const serviceTypes = ['water', 'sewer', 'refuse', 'fire_line', 'irrigation', 'stormwater'] as const;
export type ServiceType = (typeof serviceTypes)[number];
export const meterSizes = ['5/8', '3/4', '1', '1-1/2', '2', '3', '4', '6', '8'] as const;

export interface Meter {
  id: number;
  serial: string;
  size: string;
  dials: number;
  multiplier: string;
  unit: string;
  status: 'in_stock' | 'installed' | 'removed' | 'retired';
  manufacturer: string | null;
  serviceLocationId: number | null;
  locationNumber: string | null;
  installedOn: string | null;
}

export interface MeterFound extends Meter {
  serviceAddress: string | null;
  accountNumber: string | null;
  customerName: string | null;
  lastRead: { readDate: string; reading: number } | null;
}

export interface ServiceLocationFound {
  id: number;
  locationNumber: string;
  serviceAddress: string;
  apn: string;
  accountNumber: string | null;
  customerName: string | null;
  meters: MeterFound[];
}

export interface CustomerUtilityAccount {
  id: number;
  accountNumber: string;
  serviceLocationId: number;
  locationNumber: string;
  serviceAddress: string;
  classCode: string;
  status: 'active' | 'final_billed' | 'closed';
  startedOn: string;
  stoppedOn: string | null;
  balanceCents: number;
}

export interface StartServiceInput {
  customerId: number;
  serviceLocationId: number;
  classCode: string;
  cycleCode: string;
  routeCode: string | null;
  dwellingUnits: number;
  startedOn: string;
  paperless: boolean;
  agreements: Array<{ serviceType: ServiceType; rateCode: string; meterSerial: string | null }>;
  readings: Record<string, number>;
  waiveDepositReason: string | null;
}

export interface RateVersion {
  id: number;
  rateCode: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: RateDefinition;
}

export interface RateSchedule {
  code: string;
  name: string;
  serviceType: string;
  versions: RateVersion[];
}

interface Tier {
  from: string;
  to: string | null;
  rate: string;
}

/** What a version says (src/utility/rate-definition.ts); read for display only, the server checks it. */
export interface RateDefinition {
  billingUnit?: string;
  rounding?: string;
  fixed?: { description?: string; revenueAccount: string; amountCentsPerMonthBySize: Record<string, number> };
  tiers?: { description?: string; revenueAccount: string; blocks?: Tier[]; byClass?: Record<string, Tier[]> };
  uniform?: { description?: string; revenueAccount: string; rate: string };
  winterAverage?: { description?: string; revenueAccount: string; rate: string; capPerMonth?: string; defaultPerMonth: string };
  minimum?: { description?: string; revenueAccount: string; amountCentsPerMonth: number };
  flat?: { description?: string; revenueAccount: string; amountCentsPerMonth: number; perDwellingUnit?: boolean };
  surcharges?: Array<{ code: string; description: string; revenueAccount: string; per: string; amountCentsPerMonth?: number; rate?: string }>;
  percentFees?: Array<{ code: string; description: string; revenueAccount: string; percent: string; of?: string[] }>;
}

export function useServiceLocations(query: string) {
  return useQuery({
    queryKey: ['utility', 'locations', query],
    queryFn: ({ signal }) => api.get<{ locations: ServiceLocationFound[] }>('/api/utility/locations', { q: query }, signal),
    enabled: query.trim().length >= 2,
    placeholderData: (previous) => previous,
    staleTime: 5_000,
  });
}

export function useDepositQuote(input: { classCode: string; customerId: number | null; startedOn: string }) {
  return useQuery({
    queryKey: ['utility', 'deposit-quote', input],
    queryFn: () => api.get<{ amountCents: number; reason: string | null }>('/api/utility/deposit-quote', {
      classCode: input.classCode, customerId: input.customerId, startedOn: input.startedOn,
    }),
    enabled: input.classCode !== '' && /^\d{4}-\d{2}-\d{2}$/.test(input.startedOn),
    retry: false,
  });
}

export function useCustomerUtilityAccounts(customerId: number | null, enabled = true) {
  return useQuery({
    queryKey: ['utility', 'customer-accounts', customerId],
    queryFn: () => api.get<{ accounts: CustomerUtilityAccount[] }>(`/api/customers/${customerId}/utility-accounts`),
    enabled: enabled && customerId !== null,
    select: (data) => data.accounts,
  });
}

export function useMeterSearch(serial: string) {
  return useQuery({
    queryKey: ['utility', 'meters', serial],
    queryFn: ({ signal }) => api.get<{ meters: MeterFound[] }>('/api/utility/meters', { serial }, signal),
    enabled: serial.trim().length >= 1,
    placeholderData: (previous) => previous,
    select: (data) => data.meters,
  });
}

export function useRateSchedules() {
  return useQuery({
    queryKey: ['utility', 'rate-schedules'],
    queryFn: () => api.get<{ schedules: RateSchedule[] }>('/api/utility/rate-schedules'),
    select: (data) => data.schedules,
  });
}

export function startService(input: StartServiceInput) {
  return api.post<UtilityAccount>('/api/utility/accounts', input);
}

export function stopService(accountNumber: string, input: { stoppedOn: string; readings: Record<string, number> }) {
  return api.post<UtilityAccount>(`/api/utility/accounts/${encodeURIComponent(accountNumber)}/stop`, input);
}

export function transferService(accountNumber: string, input: { toCustomerId: number; on: string; readings: Record<string, number> }) {
  return api.post<{ stopped: UtilityAccount; started: UtilityAccount }>(`/api/utility/accounts/${encodeURIComponent(accountNumber)}/transfer`, input);
}

export function addMeter(input: { serial: string; size: string; dials: number; unit: string; manufacturer: string | null }) {
  return api.post<Meter>('/api/utility/meters', input);
}

export function installMeter(serial: string, input: { serviceLocationId: number; installedOn: string; reading: number }) {
  return api.post<Meter>(`/api/utility/meters/${encodeURIComponent(serial)}/install`, input);
}

export function removeMeter(serial: string, input: { removedOn: string; reading: number }) {
  return api.post<Meter>(`/api/utility/meters/${encodeURIComponent(serial)}/remove`, input);
}

export function exchangeMeter(serial: string, input: { newSerial: string; on: string; oldReading: number; newReading: number }) {
  return api.post<{ removed: Meter; installed: Meter; agreementsMoved: number }>(`/api/utility/meters/${encodeURIComponent(serial)}/exchange`, input);
}

export function addRateVersion(code: string, input: { effectiveFrom: string; effectiveTo: string | null; definition: unknown }) {
  return api.post<{ version: RateVersion; closed: RateVersion | null }>(`/api/utility/rate-schedules/${encodeURIComponent(code)}/versions`, input);
}

/** A whole, non-negative reading typed by a person, or an error to show on the field. */
export function readingOf(text: string): { reading: number; error?: undefined } | { reading?: undefined; error: string } {
  const trimmed = text.trim();
  if (!/^\d{1,12}$/.test(trimmed)) return { error: 'a whole number as the dials show it' };
  return { reading: Number(trimmed) };
}
