/**
 * The customers module's I/O: reading customers, contacts, addresses, properties and
 * interactions. Rules live in rules.ts; the use cases write in their own transactions.
 */
import { sql } from 'kysely';
import type { Executor } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import type { ContactKind, ContactLabel, CustomerType, InteractionChannel, PropertyRole, TinType } from './rules.js';

export interface CustomerFlags {
  isCashOnly: boolean;
  hasReturnedMail: boolean;
  isDeceased: boolean;
  inBankruptcy: boolean;
  hasCollectionsHold: boolean;
}

export type CustomerStatus = 'active' | 'inactive' | 'merged';

/** A customer's own row, with the TIN reduced to its type and last four digits. */
export interface CustomerRow {
  id: number;
  customerNumber: string;
  customerType: CustomerType;
  legalName: string;
  dbaName: string | null;
  preferredLanguage: string;
  tinType: TinType | null;
  tinLast4: string | null;
  flags: CustomerFlags;
  status: CustomerStatus;
  mergedIntoId: number | null;
  notes: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

interface RawCustomerRow extends Omit<CustomerRow, 'flags' | 'createdAt' | 'updatedAt'> {
  isCashOnly: boolean;
  hasReturnedMail: boolean;
  isDeceased: boolean;
  inBankruptcy: boolean;
  hasCollectionsHold: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const flagColumns = {
  isCashOnly: 'is_cash_only',
  hasReturnedMail: 'has_returned_mail',
  isDeceased: 'is_deceased',
  inBankruptcy: 'in_bankruptcy',
  hasCollectionsHold: 'collections_hold',
} as const satisfies Record<keyof CustomerFlags, string>;

const customerColumns = sql`c.id, c.customer_number as "customerNumber", c.customer_type as "customerType",
  c.legal_name as "legalName", c.dba_name as "dbaName", c.preferred_language as "preferredLanguage",
  c.tin_type as "tinType", c.tin_last4 as "tinLast4", c.is_cash_only as "isCashOnly",
  c.has_returned_mail as "hasReturnedMail", c.is_deceased as "isDeceased", c.in_bankruptcy as "inBankruptcy",
  c.collections_hold as "hasCollectionsHold", c.status, c.merged_into_id as "mergedIntoId", c.notes,
  c.created_at as "createdAt", c.created_by as "createdBy", c.updated_at as "updatedAt"`;

function toCustomer(row: RawCustomerRow): CustomerRow {
  const { isCashOnly, hasReturnedMail, isDeceased, inBankruptcy, hasCollectionsHold, createdAt, updatedAt, ...rest } = row;
  return {
    ...rest,
    flags: { isCashOnly, hasReturnedMail, isDeceased, inBankruptcy, hasCollectionsHold },
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

/** One customer by id; `forUpdate` locks the row for the rest of the transaction. */
export async function findCustomer(db: Executor, id: number, forUpdate = false): Promise<CustomerRow> {
  const lock = forUpdate ? sql`for update` : sql``;
  const result = await sql<RawCustomerRow>`select ${customerColumns} from customer c where c.id = ${id} ${lock}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('customer', id);
  return toCustomer(row);
}

/** Customers by id, in one query (for lists). */
export async function findCustomers(db: Executor, ids: readonly number[]): Promise<Map<number, CustomerRow>> {
  if (ids.length === 0) return new Map();
  const result = await sql<RawCustomerRow>`select ${customerColumns} from customer c
    where c.id = any(${[...new Set(ids)]}::bigint[])`.execute(db);
  return new Map(result.rows.map((row) => [row.id, toCustomer(row)]));
}

/** A customer id from "123" or a customer number "C-100001" (any case). */
export async function resolveCustomerId(db: Executor, key: string | number): Promise<number> {
  if (typeof key === 'number') return key;
  const trimmed = key.trim();
  if (/^\d{1,15}$/.test(trimmed)) return Number(trimmed);
  const number = trimmed.toUpperCase();
  const result = await sql<{ id: number }>`select id from customer where customer_number = ${number}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('customer', number);
  return row.id;
}

/** Refuses changes to a customer merged into another (its life continues on the survivor). */
export function assertNotMerged(customer: CustomerRow, field = 'customerId'): void {
  if (customer.status === 'merged') {
    throw new AppError('conflict', `Customer ${customer.customerNumber} was merged into customer id ${customer.mergedIntoId}; change the survivor instead`, {
      field,
      mergedIntoId: customer.mergedIntoId,
    });
  }
}

export interface Contact {
  id: number;
  kind: ContactKind;
  /** Phones as 10 digits, emails lower-cased. */
  value: string;
  /** For people to read: (530) 555-0101, or the email. */
  display: string;
  label: ContactLabel;
  contactName: string | null;
  isActive: boolean;
  createdAt: string;
  createdBy: string;
}

export async function listContacts(db: Executor, customerId: number): Promise<Contact[]> {
  const result = await sql<Omit<Contact, 'display' | 'createdAt'> & { createdAt: Date }>`
    select id, kind, value, label, contact_name as "contactName", is_active as "isActive",
      created_at as "createdAt", created_by as "createdBy"
    from customer_contact where customer_id = ${customerId} order by is_active desc, kind, id`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    display: row.kind === 'phone' ? formatPhoneDigits(row.value) : row.value,
    createdAt: row.createdAt.toISOString(),
  }));
}

function formatPhoneDigits(digits: string): string {
  return /^\d{10}$/.test(digits) ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : digits;
}

export interface AddressRecord {
  id: number;
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip: string;
  country: string;
  validFrom: string;
  validTo: string | null;
  /** One line: 12 Oak St, Davis, CA 95616. */
  oneLine: string;
  createdBy: string;
}

export async function listAddresses(db: Executor, customerId: number): Promise<AddressRecord[]> {
  const result = await sql<AddressRecord>`
    select id, line1, line2, city, state, zip, country, valid_from as "validFrom", valid_to as "validTo",
      line1 || coalesce(' ' || line2, '') || ', ' || city || ', ' || state || ' ' || zip as "oneLine",
      created_by as "createdBy"
    from customer_address where customer_id = ${customerId}
    order by valid_to is null desc, valid_from desc, id desc`.execute(db);
  return result.rows;
}

export interface PropertyRoleRecord {
  id: number;
  customerId: number;
  role: PropertyRole;
  parcelId: number;
  apn: string;
  situs: string;
  ownerOfRecord: string | null;
  serviceLocationId: number | null;
  locationNumber: string | null;
  serviceAddress: string | null;
  startDate: string;
  endDate: string | null;
}

const propertyRoleColumns = sql`r.id, r.customer_id as "customerId", r.role, r.parcel_id as "parcelId", p.apn,
  p.situs_line1 || ', ' || p.situs_city || ' ' || p.situs_zip as situs, p.owner_of_record as "ownerOfRecord",
  r.service_location_id as "serviceLocationId", s.location_number as "locationNumber",
  s.address_line1 || coalesce(' ' || s.unit, '') as "serviceAddress",
  r.start_date as "startDate", r.end_date as "endDate"`;

export async function listPropertyRoles(db: Executor, customerId: number): Promise<PropertyRoleRecord[]> {
  const result = await sql<PropertyRoleRecord>`select ${propertyRoleColumns}
    from customer_property r join parcel p on p.id = r.parcel_id
    left join service_location s on s.id = r.service_location_id
    where r.customer_id = ${customerId}
    order by r.end_date is null desc, r.start_date desc, r.id desc`.execute(db);
  return result.rows;
}

export async function findPropertyRole(db: Executor, id: number): Promise<PropertyRoleRecord> {
  const result = await sql<PropertyRoleRecord>`select ${propertyRoleColumns}
    from customer_property r join parcel p on p.id = r.parcel_id
    left join service_location s on s.id = r.service_location_id
    where r.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('customer property role', id);
  return row;
}

export interface Interaction {
  id: number;
  customerId: number;
  accountNumber: string | null;
  channel: InteractionChannel;
  topic: string;
  notes: string | null;
  occurredAt: string;
  recordedBy: string;
  followUpOn: string | null;
  followUpUser: string | null;
  followUpDoneAt: string | null;
  followUpDoneBy: string | null;
}

type RawInteraction = Omit<Interaction, 'occurredAt' | 'followUpDoneAt'> & { occurredAt: Date; followUpDoneAt: Date | null };

const interactionColumns = sql`i.id, i.customer_id as "customerId", ra.account_number as "accountNumber",
  i.channel, i.topic, i.notes, i.occurred_at as "occurredAt", i.recorded_by as "recordedBy",
  i.follow_up_on as "followUpOn", i.follow_up_user as "followUpUser",
  i.follow_up_done_at as "followUpDoneAt", i.follow_up_done_by as "followUpDoneBy"`;

function toInteraction(row: RawInteraction): Interaction {
  return { ...row, occurredAt: row.occurredAt.toISOString(), followUpDoneAt: row.followUpDoneAt?.toISOString() ?? null };
}

export async function listInteractionRows(
  db: Executor,
  options: { customerId: number; limit: number; beforeId?: number | null },
): Promise<Interaction[]> {
  const result = await sql<RawInteraction>`select ${interactionColumns}
    from interaction i left join receivable_account ra on ra.id = i.receivable_account_id
    where i.customer_id = ${options.customerId}
      and (${options.beforeId ?? null}::bigint is null or i.id < ${options.beforeId ?? null}::bigint)
    order by i.occurred_at desc, i.id desc limit ${options.limit}`.execute(db);
  return result.rows.map(toInteraction);
}

export async function findInteraction(db: Executor, id: number, forUpdate = false): Promise<Interaction> {
  const lock = forUpdate ? sql`for update of i` : sql``;
  const result = await sql<RawInteraction>`select ${interactionColumns}
    from interaction i left join receivable_account ra on ra.id = i.receivable_account_id
    where i.id = ${id} ${lock}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('interaction', id);
  return toInteraction(row);
}

export interface FollowUp extends Interaction {
  customerNumber: string;
  customerName: string;
}

export async function listFollowUpRows(
  db: Executor,
  options: { username: string; through: string | null; limit: number },
): Promise<FollowUp[]> {
  const result = await sql<RawInteraction & { customerNumber: string; customerName: string }>`
    select ${interactionColumns}, c.customer_number as "customerNumber", c.legal_name as "customerName"
    from interaction i join customer c on c.id = i.customer_id
    left join receivable_account ra on ra.id = i.receivable_account_id
    where i.follow_up_user = ${options.username} and i.follow_up_on is not null and i.follow_up_done_at is null
      and (${options.through}::date is null or i.follow_up_on <= ${options.through}::date)
    order by i.follow_up_on, i.id limit ${options.limit}`.execute(db);
  return result.rows.map((row) => {
    const { customerNumber, customerName, ...rest } = row;
    return { ...toInteraction(rest), customerNumber, customerName };
  });
}

export interface CustomerAccount {
  id: number;
  accountNumber: string;
  kind: string;
  fundCode: string;
  status: string;
  description: string | null;
  openedOn: string;
  closedOn: string | null;
}

export async function listCustomerAccounts(db: Executor, customerId: number): Promise<CustomerAccount[]> {
  const result = await sql<CustomerAccount>`select id, account_number as "accountNumber", kind, fund_code as "fundCode",
      status, description, opened_on as "openedOn", closed_on as "closedOn"
    from receivable_account where customer_id = ${customerId} order by status = 'active' desc, account_number`.execute(db);
  return result.rows;
}

/** Whether an active staff user has this username (for follow-up assignment). */
export async function isActiveUser(db: Executor, username: string): Promise<boolean> {
  const result = await sql<{ one: number }>`select 1 as one from app_user
    where username = ${username} and not is_disabled`.execute(db);
  return result.rows.length > 0;
}

export async function insertContacts(
  tx: Executor,
  customerId: number,
  contacts: ReadonlyArray<{ kind: ContactKind; value: string; label: ContactLabel; contactName: string | null }>,
  createdBy: string,
): Promise<number[]> {
  if (contacts.length === 0) return [];
  const result = await sql<{ id: number }>`insert into customer_contact (customer_id, kind, value, label, contact_name, created_by)
    select ${customerId}, k, v, l, n, ${createdBy}
    from unnest(${contacts.map((c) => c.kind)}::text[], ${contacts.map((c) => c.value)}::text[],
      ${contacts.map((c) => c.label)}::text[], ${contacts.map((c) => c.contactName)}::text[]) with ordinality as t(k, v, l, n, ord)
    order by ord returning id`.execute(tx);
  return result.rows.map((row) => row.id);
}

export interface AddressValues {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export async function insertAddress(
  tx: Executor,
  customerId: number,
  address: AddressValues,
  validFrom: string,
  createdBy: string,
): Promise<number> {
  const result = await sql<{ id: number }>`insert into customer_address
      (customer_id, line1, line2, city, state, zip, country, valid_from, created_by)
    values (${customerId}, ${address.line1}, ${address.line2}, ${address.city}, ${address.state}, ${address.zip},
      ${address.country}, ${validFrom}::date, ${createdBy})
    returning id`.execute(tx);
  return result.rows[0]?.id as number;
}
