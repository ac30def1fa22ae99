/**
 * Conversion I/O: what the database already holds that an import's rows refer to, and the
 * set-based inserts (one statement per table per chunk of rows, from unnest'ed arrays; ids are
 * drawn from the tables' sequences first so each legacy row knows its new row without relying on
 * the order of RETURNING).
 */
import { sql } from 'kysely';
import type { Executor, Tx } from '../shared/db.js';
import type { CustomerRowValue, LocationRowValue, ParcelRowValue } from './validate.js';

export type MapKind = 'customer' | 'parcel' | 'location' | 'account' | 'balance';

export async function findMapped(db: Executor, kind: MapKind, legacyIds: readonly string[]): Promise<Map<string, number>> {
  if (legacyIds.length === 0) return new Map();
  const result = await sql<{ legacyId: string; newId: number }>`
    select legacy_id as "legacyId", new_id as "newId" from conversion_map
    where kind = ${kind} and legacy_id = any(${[...new Set(legacyIds)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.legacyId, row.newId]));
}

export async function findParcelIds(db: Executor, apns: readonly string[]): Promise<Map<string, number>> {
  if (apns.length === 0) return new Map();
  const result = await sql<{ apn: string; id: number }>`
    select apn, id from parcel where apn = any(${[...new Set(apns)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.apn, row.id]));
}

export async function findImportedLocationApns(db: Executor, legacyIds: readonly string[]): Promise<Map<string, string>> {
  if (legacyIds.length === 0) return new Map();
  const result = await sql<{ legacyId: string; apn: string }>`
    select m.legacy_id as "legacyId", p.apn from conversion_map m
    join service_location s on s.id = m.new_id join parcel p on p.id = s.parcel_id
    where m.kind = 'location' and m.legacy_id = any(${[...new Set(legacyIds)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.legacyId, row.apn]));
}

export async function findImportedAccountFunds(db: Executor, legacyIds: readonly string[]): Promise<Map<string, string>> {
  if (legacyIds.length === 0) return new Map();
  const result = await sql<{ legacyId: string; fundCode: string }>`
    select m.legacy_id as "legacyId", ra.fund_code as "fundCode" from conversion_map m
    join receivable_account ra on ra.id = m.new_id
    where m.kind = 'account' and m.legacy_id = any(${[...new Set(legacyIds)]}::text[])`.execute(db);
  return new Map(result.rows.map((row) => [row.legacyId, row.fundCode]));
}

export async function listOffsetAccounts(db: Executor): Promise<Array<{ fundCode: string; accountCode: string }>> {
  const result = await sql<{ fundCode: string; accountCode: string }>`
    select o.fund_code as "fundCode", a.code as "accountCode" from conversion_offset_account o
    join account a on a.id = o.account_id order by o.fund_code`.execute(db);
  return result.rows;
}

export async function upsertOffsetAccount(db: Executor, fundCode: string, accountId: number, username: string): Promise<void> {
  await sql`insert into conversion_offset_account (fund_code, account_id, updated_by)
    values (${fundCode}, ${accountId}, ${username})
    on conflict (fund_code) do update set account_id = excluded.account_id, updated_at = now(),
      updated_by = excluded.updated_by`.execute(db);
}

export async function insertImport(tx: Tx, files: unknown, isPartial: boolean, username: string): Promise<number> {
  const result = await sql<{ id: number }>`insert into conversion_import (files, is_partial, counts, problem_count, imported_by)
    values (${JSON.stringify(files)}::jsonb, ${isPartial}, '{}'::jsonb, 0, ${username}) returning id`.execute(tx);
  return result.rows[0]?.id as number;
}

export async function finishImport(tx: Tx, importId: number, counts: unknown, problemCount: number): Promise<void> {
  await sql`update conversion_import set counts = ${JSON.stringify(counts)}::jsonb, problem_count = ${problemCount}
    where id = ${importId}`.execute(tx);
}

export async function insertMappings(
  tx: Tx,
  kind: MapKind,
  pairs: ReadonlyArray<readonly [legacyId: string, newId: number]>,
  importId: number,
): Promise<void> {
  if (pairs.length === 0) return;
  await sql`insert into conversion_map (kind, legacy_id, new_id, import_id)
    select ${kind}, l, n, ${importId} from unnest(${pairs.map((pair) => pair[0])}::text[], ${pairs.map((pair) => pair[1])}::bigint[]) as t(l, n)`
    .execute(tx);
}

/** Draws `count` ids from an identity column's sequence. */
async function drawIds(tx: Tx, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::bigint as id from generate_series(1, ${count})`.execute(tx);
  return result.rows.map((row) => row.id);
}

export async function insertCustomers(
  tx: Tx,
  rows: readonly CustomerRowValue[],
  tinCiphertexts: ReadonlyArray<string | null>,
  username: string,
  today: string,
): Promise<number[]> {
  const ids = await drawIds(tx, 'customer', rows.length);
  const c = rows.map((row) => row.customer);
  await sql`insert into customer (id, customer_number, customer_type, legal_name, dba_name, preferred_language,
      tin_type, tin_ciphertext, tin_last4, is_cash_only, has_returned_mail, is_deceased, in_bankruptcy,
      collections_hold, notes, created_by)
    select id, 'C-' || lpad(nextval('customer_number_seq')::text, 6, '0'), type, legal, dba, lang, tin_type, tin_ct,
      tin4, cash, mail, deceased, bankrupt, hold, notes, ${username}
    from unnest(${ids}::bigint[], ${c.map((x) => x.customerType)}::text[], ${c.map((x) => x.legalName)}::text[],
      ${c.map((x) => x.dbaName)}::text[], ${c.map((x) => x.preferredLanguage)}::text[],
      ${c.map((x) => x.tin?.type ?? null)}::text[], ${[...tinCiphertexts]}::text[],
      ${c.map((x) => x.tin?.digits.slice(-4) ?? null)}::text[], ${c.map((x) => x.flags.isCashOnly)}::boolean[],
      ${c.map((x) => x.flags.hasReturnedMail)}::boolean[], ${c.map((x) => x.flags.isDeceased)}::boolean[],
      ${c.map((x) => x.flags.inBankruptcy)}::boolean[], ${c.map((x) => x.flags.hasCollectionsHold)}::boolean[],
      ${c.map((x) => x.notes)}::text[]) with ordinality
      as t(id, type, legal, dba, lang, tin_type, tin_ct, tin4, cash, mail, deceased, bankrupt, hold, notes, ord)
    order by ord`.execute(tx);
  const contacts = c.flatMap((customer, index) => customer.contacts.map((contact) => ({ ...contact, customerId: ids[index] as number })));
  if (contacts.length > 0) {
    await sql`insert into customer_contact (customer_id, kind, value, label, contact_name, created_by)
      select c, k, v, l, n, ${username}
      from unnest(${contacts.map((x) => x.customerId)}::bigint[], ${contacts.map((x) => x.kind)}::text[],
        ${contacts.map((x) => x.value)}::text[], ${contacts.map((x) => x.label)}::text[],
        ${contacts.map((x) => x.contactName)}::text[]) as t(c, k, v, l, n)`.execute(tx);
  }
  const addresses = c.flatMap((customer, index) =>
    customer.mailingAddress ? [{ ...customer.mailingAddress, customerId: ids[index] as number }] : []);
  if (addresses.length > 0) {
    await sql`insert into customer_address (customer_id, line1, line2, city, state, zip, country, valid_from, created_by)
      select c, l1, l2, city, st, zip, 'US', coalesce(f, ${today}::date), ${username}
      from unnest(${addresses.map((x) => x.customerId)}::bigint[], ${addresses.map((x) => x.line1)}::text[],
        ${addresses.map((x) => x.line2)}::text[], ${addresses.map((x) => x.city)}::text[],
        ${addresses.map((x) => x.state)}::text[], ${addresses.map((x) => x.zip)}::text[],
        ${addresses.map((x) => x.validFrom)}::date[]) as t(c, l1, l2, city, st, zip, f)`.execute(tx);
  }
  return ids;
}

export async function insertParcels(tx: Tx, rows: readonly ParcelRowValue[], username: string): Promise<number[]> {
  const ids = await drawIds(tx, 'parcel', rows.length);
  await sql`insert into parcel (id, apn, situs_line1, situs_city, situs_zip, owner_of_record, land_use, created_by)
    select * , ${username} from unnest(${ids}::bigint[], ${rows.map((r) => r.apn)}::text[], ${rows.map((r) => r.situsLine1)}::text[],
      ${rows.map((r) => r.situsCity)}::text[], ${rows.map((r) => r.situsZip)}::text[],
      ${rows.map((r) => r.ownerOfRecord)}::text[], ${rows.map((r) => r.landUse)}::text[])`.execute(tx);
  return ids;
}

export async function insertLocations(
  tx: Tx,
  rows: readonly LocationRowValue[],
  parcelIds: readonly number[],
  username: string,
): Promise<number[]> {
  const ids = await drawIds(tx, 'service_location', rows.length);
  await sql`insert into service_location (id, parcel_id, location_number, address_line1, unit, description, created_by)
    select id, parcel, 'L-' || lpad(nextval('service_location_number_seq')::text, 6, '0'), line1, unit, description, ${username}
    from unnest(${ids}::bigint[], ${[...parcelIds]}::bigint[], ${rows.map((r) => r.addressLine1)}::text[],
      ${rows.map((r) => r.unit)}::text[], ${rows.map((r) => r.description)}::text[]) with ordinality
      as t(id, parcel, line1, unit, description, ord)
    order by ord`.execute(tx);
  return ids;
}

export interface NewReceivableAccount {
  id: number;
  customerId: number;
  kind: string;
  accountPrefix: string;
  fundCode: string;
  controlAccountId: number;
  description: string | null;
  parcelId: number | null;
  serviceLocationId: number | null;
  openedOn: string;
  legacyAccountNumber: string | null;
}

export async function insertReceivableAccounts(tx: Tx, rows: readonly NewReceivableAccount[], username: string): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into receivable_account (id, account_number, customer_id, kind, fund_code, control_account_id,
      description, parcel_id, service_location_id, opened_on, legacy_account_number, created_by)
    select id, prefix || '-' || nextval('receivable_account_number_seq')::text, customer, kind, fund, control,
      description, parcel, location, opened, legacy, ${username}
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.accountPrefix)}::text[],
      ${rows.map((r) => r.customerId)}::bigint[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.fundCode)}::text[],
      ${rows.map((r) => r.controlAccountId)}::bigint[], ${rows.map((r) => r.description)}::text[],
      ${rows.map((r) => r.parcelId)}::bigint[], ${rows.map((r) => r.serviceLocationId)}::bigint[],
      ${rows.map((r) => r.openedOn)}::date[], ${rows.map((r) => r.legacyAccountNumber)}::text[]) with ordinality
      as t(id, prefix, customer, kind, fund, control, description, parcel, location, opened, legacy, ord)
    order by ord`.execute(tx);
}

/** Owner or tenant roles for the accounts' properties, once each, unless already current. */
export async function insertPropertyRoles(
  tx: Tx,
  rows: ReadonlyArray<{ customerId: number; parcelId: number; serviceLocationId: number | null; role: string; startDate: string }>,
  username: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await sql`insert into customer_property (customer_id, parcel_id, service_location_id, role, start_date, created_by)
    select distinct on (c, p, l, r) c, p, l, r, s, ${username}
    from unnest(${rows.map((x) => x.customerId)}::bigint[], ${rows.map((x) => x.parcelId)}::bigint[],
      ${rows.map((x) => x.serviceLocationId)}::bigint[], ${rows.map((x) => x.role)}::text[],
      ${rows.map((x) => x.startDate)}::date[]) as t(c, p, l, r, s)
    where not exists (select 1 from customer_property e where e.customer_id = t.c and e.parcel_id = t.p
      and e.service_location_id is not distinct from t.l and e.role = t.r and e.end_date is null)
    order by c, p, l, r, s`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}

export interface XrefRow {
  kind: MapKind;
  legacyId: string;
  newNumber: string | null;
  name: string | null;
  importId: number;
}

/** Legacy id → new number (and name) for one import, or all: the cross-reference a city keeps. */
export async function listXref(db: Executor, importId: number | null): Promise<XrefRow[]> {
  const result = await sql<XrefRow>`
    select m.kind, m.legacy_id as "legacyId", m.import_id as "importId",
      case m.kind when 'customer' then c.customer_number when 'parcel' then p.apn
        when 'location' then s.location_number when 'account' then ra.account_number
        else 'item ' || m.new_id::text end as "newNumber",
      case m.kind when 'customer' then c.legal_name when 'parcel' then p.situs_line1
        when 'location' then s.address_line1 when 'account' then rc.legal_name else null end as name
    from conversion_map m
    left join customer c on m.kind = 'customer' and c.id = m.new_id
    left join parcel p on m.kind = 'parcel' and p.id = m.new_id
    left join service_location s on m.kind = 'location' and s.id = m.new_id
    left join receivable_account ra on m.kind = 'account' and ra.id = m.new_id
    left join customer rc on rc.id = ra.customer_id
    where ${importId}::bigint is null or m.import_id = ${importId}::bigint
    order by m.import_id, array_position(array['customer', 'parcel', 'location', 'account', 'balance'], m.kind), m.legacy_id`
    .execute(db);
  return result.rows;
}
