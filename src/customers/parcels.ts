/**
 * Properties: parcels (APN, situs address, owner of record as the county rolls it) and the service
 * locations on them (L-100001). Each write is audited in its own transaction.
 * Errors: invalid_input (field named: apn, situsZip...), not_found, conflict (the APN exists).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { normalizeApn, normalizeName, normalizeOptionalText, normalizeZip, ProblemList } from './rules.js';

export interface ParcelInput {
  apn: string;
  situsLine1: string;
  situsCity: string;
  situsZip: string;
  ownerOfRecord?: string | null;
  landUse?: string | null;
}

export interface ServiceLocation {
  id: number;
  parcelId: number;
  locationNumber: string;
  addressLine1: string;
  unit: string | null;
  description: string | null;
  isActive: boolean;
}

export interface ParcelPerson {
  customerPropertyId: number;
  customerId: number;
  customerNumber: string;
  legalName: string;
  role: 'owner' | 'tenant';
  serviceLocationId: number | null;
  startDate: string;
  endDate: string | null;
}

export interface Parcel {
  id: number;
  apn: string;
  situsLine1: string;
  situsCity: string;
  situsZip: string;
  ownerOfRecord: string | null;
  landUse: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ParcelDetail extends Parcel {
  serviceLocations: ServiceLocation[];
  /** Customers who own or rent here, current first. */
  people: ParcelPerson[];
}

const parcelColumns = sql`id, apn, situs_line1 as "situsLine1", situs_city as "situsCity", situs_zip as "situsZip",
  owner_of_record as "ownerOfRecord", land_use as "landUse", created_at as "createdAt", created_by as "createdBy"`;

function toParcel(row: Omit<Parcel, 'createdAt'> & { createdAt: Date }): Parcel {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function createParcel(database: Database, options: { input: ParcelInput; actor: Actor }): Promise<ParcelDetail> {
  const input = (options.input ?? {}) as unknown as Record<string, unknown>;
  const problems = new ProblemList();
  const apn = problems.check(() => normalizeApn(input.apn, 'apn'));
  const situsLine1 = problems.check(() => normalizeName(input.situsLine1, 'situsLine1'));
  const situsCity = problems.check(() => normalizeName(input.situsCity, 'situsCity'));
  const situsZip = problems.check(() => normalizeZip(input.situsZip, 'situsZip'));
  const ownerOfRecord = problems.check(() => normalizeOptionalText(input.ownerOfRecord, 'ownerOfRecord', 200));
  const landUse = problems.check(() => normalizeOptionalText(input.landUse, 'landUse', 100));
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const inserted = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, owner_of_record, land_use, created_by)
      values (${apn}, ${situsLine1}, ${situsCity}, ${situsZip}, ${ownerOfRecord ?? null}, ${landUse ?? null}, ${options.actor.username})
      on conflict (apn) do nothing returning id`.execute(tx);
    const id = inserted.rows[0]?.id;
    if (id === undefined) throw new AppError('conflict', `Parcel ${apn} already exists`, { field: 'apn' });
    const parcel = await getParcel(tx, id);
    await recordAudit(tx, { actor: options.actor, action: 'customers.create_parcel', entityType: 'parcel', entityId: id,
      after: { apn, situsLine1, situsCity, situsZip, ownerOfRecord, landUse } });
    return parcel;
  });
}

export async function getParcel(db: Executor, id: number): Promise<ParcelDetail> {
  const result = await sql<Omit<Parcel, 'createdAt'> & { createdAt: Date }>`select ${parcelColumns} from parcel where id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('parcel', id);
  const locations = await sql<ServiceLocation>`select id, parcel_id as "parcelId", location_number as "locationNumber",
      address_line1 as "addressLine1", unit, description, is_active as "isActive"
    from service_location where parcel_id = ${id} order by location_number`.execute(db);
  const people = await sql<ParcelPerson>`select r.id as "customerPropertyId", r.customer_id as "customerId",
      c.customer_number as "customerNumber", c.legal_name as "legalName", r.role,
      r.service_location_id as "serviceLocationId", r.start_date as "startDate", r.end_date as "endDate"
    from customer_property r join customer c on c.id = r.customer_id
    where r.parcel_id = ${id} order by r.end_date is null desc, r.start_date desc, r.id desc`.execute(db);
  return { ...toParcel(row), serviceLocations: locations.rows, people: people.rows };
}

/** Parcels whose APN begins with what was typed (dashes optional): an exact APN finds one. */
export async function findParcels(db: Executor, options: { apn: string; limit?: number }): Promise<Parcel[]> {
  const digits = options.apn.replace(/[^0-9]/g, '');
  if (digits.length === 0) return [];
  const prefix = digits.length >= 8 ? normalizeApn(digits, 'apn') : apnPrefix(digits);
  const result = await sql<Omit<Parcel, 'createdAt'> & { createdAt: Date }>`select ${parcelColumns} from parcel
    where apn like ${`${prefix}%`} order by apn limit ${options.limit ?? 50}`.execute(db);
  return result.rows.map(toParcel);
}

/** The first digits of an APN in the county's dashed form: 12345 -> 123-45. */
export function apnPrefix(digits: string): string {
  return [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 9)].filter((part) => part !== '').join('-');
}

export interface ServiceLocationInput {
  addressLine1: string;
  unit?: string | null;
  description?: string | null;
}

export async function createServiceLocation(
  database: Database,
  options: { parcelId: number; input: ServiceLocationInput; actor: Actor },
): Promise<ServiceLocation> {
  const input = (options.input ?? {}) as unknown as Record<string, unknown>;
  const problems = new ProblemList();
  const addressLine1 = problems.check(() => normalizeName(input.addressLine1, 'addressLine1'));
  const unit = problems.check(() => normalizeOptionalText(input.unit, 'unit', 20));
  const description = problems.check(() => normalizeOptionalText(input.description, 'description', 500));
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const parcel = await sql<{ id: number }>`select id from parcel where id = ${options.parcelId} for update`.execute(tx);
    if (parcel.rows.length === 0) throw notFound('parcel', options.parcelId);
    const inserted = await sql<ServiceLocation>`insert into service_location
        (parcel_id, location_number, address_line1, unit, description, created_by)
      values (${options.parcelId}, 'L-' || lpad(nextval('service_location_number_seq')::text, 6, '0'),
        ${addressLine1}, ${unit ?? null}, ${description ?? null}, ${options.actor.username})
      returning id, parcel_id as "parcelId", location_number as "locationNumber", address_line1 as "addressLine1",
        unit, description, is_active as "isActive"`.execute(tx);
    const location = inserted.rows[0] as ServiceLocation;
    await recordAudit(tx, { actor: options.actor, action: 'customers.create_service_location', entityType: 'service_location',
      entityId: location.id, after: location });
    return location;
  });
}
