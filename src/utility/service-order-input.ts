/**
 * Service orders' vocabulary and the pure checks of what people send: a new order and a
 * completion. Every wrong field is named at once (`Problems`); nothing here reads the database.
 */
import type { IsoDate } from '../shared/dates.js';
import { asRecord, optionalDate, Problems, text } from '../shared/input.js';

export const serviceOrderTypes = ['reread', 'leak_check', 'turn_on', 'turn_off', 'meter_exchange', 'high_bill', 'shutoff', 'reconnect'] as const;
export type ServiceOrderType = (typeof serviceOrderTypes)[number];

export const serviceOrderStatuses = ['open', 'assigned', 'completed', 'cancelled'] as const;
export type ServiceOrderStatus = (typeof serviceOrderStatuses)[number];

/** Most urgent first: the board and the field list sort by this order. */
export const serviceOrderPriorities = ['emergency', 'high', 'normal', 'low'] as const;
export type ServiceOrderPriority = (typeof serviceOrderPriorities)[number];

/** Types that are about a meter: the order names one (the location's meter when not given). */
export const meterOrderTypes: readonly ServiceOrderType[] = ['reread', 'meter_exchange', 'high_bill', 'leak_check'];
/** Types that are about an account's service: the order names the account. */
export const accountOrderTypes: readonly ServiceOrderType[] = ['turn_off', 'shutoff', 'reconnect'];
/** Types whose completion may carry a reading of the order's meter. */
export const readingOrderTypes: readonly ServiceOrderType[] = ['reread', 'leak_check', 'turn_on', 'turn_off', 'high_bill', 'shutoff', 'reconnect'];

export const serviceOrderTypeLabels: Record<ServiceOrderType, string> = {
  reread: 'Re-read',
  leak_check: 'Leak check',
  turn_on: 'Turn on',
  turn_off: 'Turn off',
  meter_exchange: 'Meter exchange',
  high_bill: 'High bill investigation',
  shutoff: 'Shutoff',
  reconnect: 'Reconnect',
};

export interface NewServiceOrder {
  orderType: ServiceOrderType;
  /** A utility account, by number or id; the order's location is the account's. */
  account: string | number | null;
  serviceLocationId: number | null;
  meterSerial: string | null;
  priority: ServiceOrderPriority;
  description: string;
  dueOn: IsoDate | null;
  /** Assign at once to this field worker (optional). */
  assignTo: string | null;
}

export function parseNewServiceOrder(value: unknown): NewServiceOrder {
  const raw = asRecord(value, 'serviceOrder');
  const problems = new Problems();
  const orderType = raw.orderType as ServiceOrderType;
  if (!serviceOrderTypes.includes(orderType)) problems.add('orderType', `one of ${serviceOrderTypes.join(', ')}`);
  const priority = (raw.priority ?? 'normal') as ServiceOrderPriority;
  if (!serviceOrderPriorities.includes(priority)) problems.add('priority', `one of ${serviceOrderPriorities.join(', ')}`);
  const account = accountKey(raw.account, problems);
  const serviceLocationId = raw.serviceLocationId === undefined || raw.serviceLocationId === null || raw.serviceLocationId === '' ? null : Number(raw.serviceLocationId);
  if (serviceLocationId !== null && (!Number.isSafeInteger(serviceLocationId) || serviceLocationId <= 0)) problems.add('serviceLocationId', 'a service location id');
  if (account === null && serviceLocationId === null) problems.add('account', 'name the utility account or the service location');
  if (account === null && accountOrderTypes.includes(orderType)) problems.add('account', `a ${serviceOrderTypeLabels[orderType].toLowerCase()} order is for an account`);
  const meterSerial = text(raw.meterSerial, 'meterSerial', problems, { required: false, max: 30 })?.toUpperCase() ?? null;
  const description = text(raw.description, 'description', problems, { required: true, max: 1000 });
  const dueOn = optionalDate(raw.dueOn, 'dueOn', problems);
  const assignTo = text(raw.assignTo, 'assignTo', problems, { required: false, max: 63 })?.toLowerCase() ?? null;
  problems.throwIfAny();
  return { orderType, account, serviceLocationId, meterSerial, priority, description: description as string, dueOn, assignTo };
}

function accountKey(value: unknown, problems: Problems): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && value.trim().length > 0 && value.trim().length <= 40) return value.trim();
  problems.add('account', 'a utility account number or id');
  return null;
}

export interface ServiceOrderCompletion {
  notes: string;
  /** The day the work was done (today unless given); reads are dated by it. */
  on: IsoDate | null;
  reading: number | null;
  /** Meter exchange: the old meter's final reading, the new meter and its first reading. */
  oldReading: number | null;
  newMeterSerial: string | null;
  newReading: number | null;
  /** Turn off: stop the account's service on this day (the reading is its final read). */
  stopService: boolean;
}

export function parseCompletion(value: unknown, orderType: ServiceOrderType): ServiceOrderCompletion {
  const raw = asRecord(value, 'completion');
  const problems = new Problems();
  const notes = text(raw.notes, 'notes', problems, { required: true, max: 2000 });
  const on = optionalDate(raw.on, 'on', problems);
  const reading = wholeReading(raw.reading, 'reading', problems);
  const oldReading = wholeReading(raw.oldReading, 'oldReading', problems);
  const newReading = wholeReading(raw.newReading, 'newReading', problems);
  const newMeterSerial = text(raw.newMeterSerial, 'newMeterSerial', problems, { required: false, max: 30 })?.toUpperCase() ?? null;
  const stopService = raw.stopService === true;
  if (orderType === 'meter_exchange') {
    // A value given but malformed is already named by wholeReading; a missing one is named here.
    if (isBlank(raw.oldReading)) problems.add('oldReading', 'the old meter\'s final reading is required');
    if (isBlank(raw.newMeterSerial)) problems.add('newMeterSerial', 'the new meter\'s serial is required');
    if (isBlank(raw.newReading)) problems.add('newReading', 'the new meter\'s first reading is required');
    if (!isBlank(raw.reading)) problems.add('reading', 'a meter exchange takes oldReading and newReading');
  } else {
    if (reading !== null && !readingOrderTypes.includes(orderType)) problems.add('reading', `a ${orderType} order takes no reading`);
    for (const field of ['oldReading', 'newMeterSerial', 'newReading'] as const) {
      if (!isBlank(raw[field])) problems.add(field, 'only for a meter exchange');
    }
  }
  if (stopService && orderType !== 'turn_off') problems.add('stopService', 'only a turn-off order stops service');
  problems.throwIfAny();
  return { notes: notes as string, on, reading, oldReading, newMeterSerial, newReading, stopService };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function wholeReading(value: unknown, field: string, problems: Problems): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'string' && /^[0-9]{1,12}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    problems.add(field, 'a whole, non-negative number as the dials show it');
    return null;
  }
  return number;
}

/** A reading that does not fit the meter's dials was misread or mistyped. */
export function readingFitsDials(reading: number, dials: number): boolean {
  return reading < 10 ** dials;
}
