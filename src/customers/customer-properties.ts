/**
 * A customer's relation to a property over time: owner, tenant, or both (two rows), optionally at
 * one service location of the parcel. Roles are ended, never deleted. Each change is audited and
 * refreshes the customer's search text (current roles' APNs and addresses find the customer).
 * Errors: invalid_input (field named), not_found, conflict (the same current role twice; already
 * ended; a merged customer).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { systemClock, type Clock } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { optionalDate } from './customer-input.js';
import { oneOf, ProblemList, propertyRoles, requirePositiveId } from './rules.js';
import { refreshCustomerSearch } from './search-text.js';
import { assertNotMerged, findCustomer, findPropertyRole, type PropertyRoleRecord } from './store.js';

export interface PropertyRoleInput {
  parcelId: number;
  serviceLocationId?: number | null;
  role: string;
  startDate?: string | null;
}

export async function linkCustomerToProperty(
  database: Database,
  options: { customerId: number; input: PropertyRoleInput; actor: Actor; clock?: Clock },
): Promise<PropertyRoleRecord> {
  const input = (options.input ?? {}) as unknown as Record<string, unknown>;
  const problems = new ProblemList();
  const parcelId = problems.check(() => requirePositiveId(input.parcelId, 'parcelId'));
  const locationId = problems.check(() =>
    input.serviceLocationId === undefined || input.serviceLocationId === null ? null : requirePositiveId(input.serviceLocationId, 'serviceLocationId'),
  );
  const role = problems.check(() => oneOf(propertyRoles, input.role, 'role'));
  const startInput = problems.check(() => optionalDate(input.startDate, 'startDate'));
  problems.throwIfAny();
  const startDate = startInput ?? (options.clock ?? systemClock).today();
  return inTransaction(database, async (tx) => {
    const customer = await findCustomer(tx, options.customerId, true);
    assertNotMerged(customer);
    const parcel = await sql<{ id: number }>`select id from parcel where id = ${parcelId}`.execute(tx);
    if (parcel.rows.length === 0) throw invalidInput('parcelId', `parcel ${parcelId} does not exist`);
    if (locationId !== null) {
      const location = await sql<{ parcelId: number }>`select parcel_id as "parcelId" from service_location where id = ${locationId}`.execute(tx);
      const found = location.rows[0];
      if (!found) throw invalidInput('serviceLocationId', `service location ${locationId} does not exist`);
      if (found.parcelId !== parcelId) {
        throw invalidInput('serviceLocationId', `service location ${locationId} is on another parcel, not parcel ${parcelId}`);
      }
    }
    const duplicate = await sql<{ id: number }>`select id from customer_property
      where customer_id = ${customer.id} and parcel_id = ${parcelId} and role = ${role} and end_date is null
        and service_location_id is not distinct from ${locationId}::bigint`.execute(tx);
    if (duplicate.rows[0]) {
      throw new AppError('conflict', `Customer ${customer.customerNumber} is already a current ${role} here`, {
        field: 'role',
        customerPropertyId: duplicate.rows[0].id,
      });
    }
    const inserted = await sql<{ id: number }>`insert into customer_property
        (customer_id, parcel_id, service_location_id, role, start_date, created_by)
      values (${customer.id}, ${parcelId}, ${locationId}, ${role}, ${startDate}::date, ${options.actor.username})
      returning id`.execute(tx);
    const id = inserted.rows[0]?.id as number;
    await refreshCustomerSearch(tx, [customer.id]);
    const record = await findPropertyRole(tx, id);
    await recordAudit(tx, { actor: options.actor, action: 'customers.link_property', entityType: 'customer', entityId: customer.id,
      after: { customerPropertyId: id, parcelId, apn: record.apn, serviceLocationId: locationId, role, startDate } });
    return record;
  });
}

export async function endCustomerPropertyRole(
  database: Database,
  options: { customerPropertyId: number; endDate?: string | null; actor: Actor; clock?: Clock },
): Promise<PropertyRoleRecord> {
  const endInput = new ProblemList();
  const parsed = endInput.check(() => optionalDate(options.endDate, 'endDate'));
  endInput.throwIfAny();
  const endDate = parsed ?? (options.clock ?? systemClock).today();
  return inTransaction(database, async (tx) => {
    const locked = await sql<{ id: number }>`select id from customer_property where id = ${options.customerPropertyId} for update`.execute(tx);
    if (locked.rows.length === 0) throw notFound('customer property role', options.customerPropertyId);
    const before = await findPropertyRole(tx, options.customerPropertyId);
    if (before.endDate !== null) {
      throw new AppError('conflict', `This ${before.role} role already ended on ${before.endDate}`, { field: 'endDate' });
    }
    if (endDate < before.startDate) {
      throw invalidInput('endDate', `the role began on ${before.startDate}; it cannot end before it began`);
    }
    await sql`update customer_property set end_date = ${endDate}::date where id = ${before.id}`.execute(tx);
    await refreshCustomerSearch(tx, [before.customerId]);
    await recordAudit(tx, { actor: options.actor, action: 'customers.end_property_role', entityType: 'customer',
      entityId: before.customerId, before: { customerPropertyId: before.id, endDate: null },
      after: { customerPropertyId: before.id, role: before.role, apn: before.apn, endDate } });
    return findPropertyRole(tx, before.id);
  });
}
