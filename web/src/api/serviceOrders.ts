/**
 * Service orders as the HTTP API answers them (src/http/routes/service-orders.schema.ts): the
 * office's board, create, assign, cancel; a field worker's own list; detail and completion.
 * Query keys start with ['utility', 'service-orders'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export const serviceOrderTypes = ['reread', 'leak_check', 'turn_on', 'turn_off', 'meter_exchange', 'high_bill', 'shutoff', 'reconnect'] as const;
export type ServiceOrderType = (typeof serviceOrderTypes)[number];
export const serviceOrderPriorities = ['emergency', 'high', 'normal', 'low'] as const;
export type ServiceOrderPriority = (typeof serviceOrderPriorities)[number];

export const orderTypeLabels: Record<ServiceOrderType, string> = {
  reread: 'Re-read',
  leak_check: 'Leak check',
  turn_on: 'Turn on',
  turn_off: 'Turn off',
  meter_exchange: 'Meter exchange',
  high_bill: 'High bill',
  shutoff: 'Shutoff',
  reconnect: 'Reconnect',
};

export const priorityColors: Record<ServiceOrderPriority, string> = { emergency: 'red', high: 'orange', normal: 'blue', low: 'gray' };

/** Types whose completion may carry a reading of the order's meter. */
export const readingOrderTypes: readonly ServiceOrderType[] = ['reread', 'leak_check', 'turn_on', 'turn_off', 'high_bill', 'shutoff', 'reconnect'];

export interface ServiceOrder {
  id: number;
  orderNumber: string;
  orderType: ServiceOrderType;
  status: 'open' | 'assigned' | 'completed' | 'cancelled';
  priority: ServiceOrderPriority;
  description: string;
  dueOn: string | null;
  serviceLocationId: number;
  locationNumber: string;
  serviceAddress: string;
  utilityAccountId: number | null;
  accountNumber: string | null;
  customerName: string | null;
  meterId: number | null;
  meterSerial: string | null;
  lastRead: { readDate: string; reading: number } | null;
  assignedTo: string | null;
  assignedAt: string | null;
  completionNotes: string | null;
  completion: Record<string, unknown> | null;
  completedAt: string | null;
  completedBy: string | null;
  cancelReason: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ServiceOrderBoard {
  open: ServiceOrder[];
  assigned: ServiceOrder[];
  completedToday: ServiceOrder[];
  today: string;
}

export interface FieldWorker {
  username: string;
  displayName: string;
}

export interface NewServiceOrder {
  orderType: ServiceOrderType;
  account?: string | null;
  serviceLocationId?: number | null;
  meterSerial?: string | null;
  priority: ServiceOrderPriority;
  description: string;
  dueOn?: string | null;
  assignTo?: string | null;
}

export interface Completion {
  notes: string;
  reading?: string | null;
  oldReading?: string | null;
  newMeterSerial?: string | null;
  newReading?: string | null;
  stopService?: boolean;
}

const base = '/api/utility/service-orders';

export function useServiceOrderBoard() {
  return useQuery({ queryKey: ['utility', 'service-orders', 'board'], queryFn: () => api.get<ServiceOrderBoard>(`${base}/board`), refetchInterval: 30_000 });
}

export function useFieldWorkers(enabled = true) {
  return useQuery({
    queryKey: ['utility', 'service-orders', 'field-workers'],
    queryFn: () => api.get<{ fieldWorkers: FieldWorker[] }>(`${base}/field-workers`),
    select: (data) => data.fieldWorkers,
    enabled,
    staleTime: 60_000,
  });
}

export function useMyOrders() {
  return useQuery({
    queryKey: ['utility', 'service-orders', 'mine'],
    queryFn: () => api.get<{ assigned: ServiceOrder[]; completedToday: ServiceOrder[]; today: string }>('/api/utility/my-orders'),
  });
}

export function useServiceOrder(orderNumber: string) {
  return useQuery({ queryKey: ['utility', 'service-orders', 'order', orderNumber], queryFn: () => api.get<ServiceOrder>(`${base}/${encodeURIComponent(orderNumber)}`) });
}

export function createServiceOrder(input: NewServiceOrder): Promise<ServiceOrder> {
  return api.post<ServiceOrder>(base, input);
}

export function assignServiceOrder(orderNumber: string, assignTo: string): Promise<ServiceOrder> {
  return api.post<ServiceOrder>(`${base}/${encodeURIComponent(orderNumber)}/assign`, { assignTo });
}

export function completeServiceOrder(orderNumber: string, completion: Completion): Promise<ServiceOrder> {
  return api.post<ServiceOrder>(`${base}/${encodeURIComponent(orderNumber)}/complete`, completion);
}

export function cancelServiceOrder(orderNumber: string, reason: string): Promise<ServiceOrder> {
  return api.post<ServiceOrder>(`${base}/${encodeURIComponent(orderNumber)}/cancel`, { reason });
}
