/**
 * Customers over HTTP on a real database: permissions (a cashier reads but cannot add), bad input
 * named by field, the Customer 360, the audited TIN look, search, properties, interactions and
 * follow-ups, and a merge requested by one person and approved by another.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { FieldProblem } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { useTestFieldKey } from '../../test/support/customer-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { seedLedger, testClock } from '../../test/support/ledger-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let cashier: TestSession;
let manager: TestSession;
let current: TestSession | null = null;

beforeAll(async () => {
  useTestFieldKey();
  database = await createTestDatabase();
  await seedLedger(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
  manager = await testSession(app, database, { permissions: ['customers.read', 'customers.tin', 'receivables.approve'] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const call = callerFor(() => ({ app, session: current }));
function as(session: TestSession) {
  current = session;
  return call;
}
const json = (method: 'POST' | 'PATCH', url: string, payload: unknown) => ({
  method, url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' },
});

function problemFields(error: { details: Record<string, unknown> }): string[] {
  const problems = error.details.problems as FieldProblem[] | undefined;
  return (problems ?? [{ field: String(error.details.field), message: '' }]).map((problem) => problem.field).sort();
}

interface Customer { id: number; customerNumber: string; legalName: string }

async function createCustomer(body: Record<string, unknown>): Promise<Customer> {
  const answer = await as(clerk)<Customer>(json('POST', '/api/customers', body));
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

describe('customers', () => {
  it('lets a clerk add a customer and refuses a cashier', async () => {
    const body = { customerType: 'person', legalName: 'Ana Reyes', phones: [{ value: '530.555.0199' }] };
    const refused = await as(cashier)(json('POST', '/api/customers', body));
    expect(refused.status).toBe(403);
    const customer = await createCustomer({ ...body, tin: { type: 'ssn', value: '123-45-6789' }, mailingAddress: { line1: '5 Birch Ct', city: 'Davis', state: 'CA', zip: '95616' } });
    expect(customer.customerNumber).toMatch(/^C-\d{6}$/);
    const seen = await as(cashier)<{ tin: unknown; contacts: Array<{ display: string }>; mailingAddress: { oneLine: string } }>({ method: 'GET', url: `/api/customers/${customer.id}` });
    expect(seen.status).toBe(200);
    expect(seen.body.tin).toEqual({ type: 'ssn', display: '***-**-6789', canReveal: false });
    expect(seen.body.contacts[0]?.display).toBe('(530) 555-0199');
    expect(seen.text).not.toContain('123456789');
    expect(seen.text).not.toContain('tinCiphertext');
  });

  it('names every bad field in a 400 and writes nothing', async () => {
    const answer = await as(clerk)(json('POST', '/api/customers', {
      customerType: 'person', legalName: 'X', emails: [{ value: 'x@' }],
      mailingAddress: { line1: '1 A St', city: 'Davis', state: 'CA', zip: '1234' },
    }));
    expect(answer.status).toBe(400);
    expect(answer.error.code).toBe('invalid_input');
    expect(problemFields(answer.error)).toEqual(['emails[0].value', 'mailingAddress.zip']);
    const unknownField = await as(clerk)(json('POST', '/api/customers', { customerType: 'person', legalName: 'X', ssn: '1' }));
    expect(unknownField.status).toBe(400);
    expect(problemFields(unknownField.error)).toEqual(['ssn']);
  });

  it('shows the full TIN only to customers.tin, without caching, and audits it', async () => {
    const customer = await createCustomer({ customerType: 'business', legalName: 'Delta Farms Inc', tin: { type: 'ein', value: '12-3456789' } });
    expect((await as(clerk)({ method: 'GET', url: `/api/customers/${customer.id}/tin` })).status).toBe(403);
    const shown = await as(manager)<{ tin: string }>({ method: 'GET', url: `/api/customers/${customer.id}/tin` });
    expect(shown.status).toBe(200);
    expect(shown.body.tin).toBe('12-3456789');
    expect(shown.headers['cache-control']).toBe('no-store');
    const detail = await as(manager)<{ tin: { canReveal: boolean; display: string } }>({ method: 'GET', url: `/api/customers/${customer.id}` });
    expect(detail.body.tin).toEqual({ type: 'ein', display: '**-***6789', canReveal: true });
  });

  it('updates, adds and deactivates contacts, changes the address', async () => {
    const customer = await createCustomer({ customerType: 'person', legalName: 'Sam Lee', mailingAddress: { line1: '1 Old Rd', city: 'Davis', state: 'CA', zip: '95616' } });
    const patched = await as(clerk)<{ flags: { hasCollectionsHold: boolean } }>(json('PATCH', `/api/customers/${customer.id}`, { flags: { hasCollectionsHold: true } }));
    expect(patched.status).toBe(200);
    expect(patched.body.flags.hasCollectionsHold).toBe(true);
    const contact = await as(clerk)<{ id: number }>(json('POST', `/api/customers/${customer.id}/contacts`, { kind: 'email', value: 'Sam@Example.com' }));
    expect(contact.status).toBe(201);
    const off = await as(clerk)<{ isActive: boolean }>(json('POST', `/api/customers/${customer.id}/contacts/${contact.body.id}/deactivate`, {}));
    expect(off.body.isActive).toBe(false);
    const moved = await as(clerk)<{ oneLine: string }>(json('POST', `/api/customers/${customer.id}/mailing-address`, { line1: '2 New Rd', city: 'Davis', state: 'CA', zip: '95618' }));
    expect(moved.status).toBe(201);
    const badZip = await as(clerk)(json('POST', `/api/customers/${customer.id}/mailing-address`, { line1: '3 Rd', city: 'Davis', state: 'CA', zip: 'nope' }));
    expect(problemFields(badZip.error)).toEqual(['mailingAddress.zip']);
    const detail = await as(clerk)<{ mailingAddress: { oneLine: string }; pastAddresses: unknown[] }>({ method: 'GET', url: `/api/customers/${customer.id}` });
    expect(detail.body.mailingAddress.oneLine).toBe('2 New Rd, Davis, CA 95618');
    expect(detail.body.pastAddresses).toHaveLength(1);
  });

  it('searches as you type', async () => {
    await createCustomer({ customerType: 'person', legalName: 'Jonathan Whitfield', phones: [{ value: '(916) 555-7788' }] });
    const byPhone = await as(cashier)<{ results: Array<{ legalName: string; matchedOn: string }> }>({ method: 'GET', url: '/api/customers?q=916.555.7788' });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.results[0]).toMatchObject({ legalName: 'Jonathan Whitfield', matchedOn: 'phone' });
    const typo = await as(cashier)<{ results: Array<{ legalName: string }> }>({ method: 'GET', url: '/api/customers?q=jonathon%20whitfeld' });
    expect(typo.body.results.map((row) => row.legalName)).toContain('Jonathan Whitfield');
    const tooMany = await as(cashier)({ method: 'GET', url: '/api/customers?q=a&limit=50' });
    expect(tooMany.status).toBe(400);
  });
});

describe('properties and interactions', () => {
  it('adds a parcel and a service location, and links an owner who is also a tenant', async () => {
    const bad = await as(clerk)(json('POST', '/api/parcels', { apn: '12-34', situsLine1: '1 Main St', situsCity: 'Davis', situsZip: '95616' }));
    expect(bad.status).toBe(400);
    expect(problemFields(bad.error)).toEqual(['apn']);
    const parcel = await as(clerk)<{ id: number; apn: string }>(json('POST', '/api/parcels', { apn: '045123009', situsLine1: '10 Main St', situsCity: 'Davis', situsZip: '95616', ownerOfRecord: 'Lee Family Trust' }));
    expect(parcel.status).toBe(201);
    expect(parcel.body.apn).toBe('045-123-009');
    expect((await as(cashier)(json('POST', '/api/parcels', { apn: '045123010', situsLine1: 'x', situsCity: 'Davis', situsZip: '95616' }))).status).toBe(403);
    const location = await as(clerk)<{ id: number }>(json('POST', `/api/parcels/${parcel.body.id}/service-locations`, { addressLine1: '10 Main St', unit: 'B' }));
    expect(location.status).toBe(201);
    const customer = await createCustomer({ customerType: 'person', legalName: 'Pat Lee' });
    const owner = await as(clerk)<{ id: number }>(json('POST', `/api/customers/${customer.id}/properties`, { parcelId: parcel.body.id, role: 'owner' }));
    expect(owner.status).toBe(201);
    const tenant = await as(clerk)(json('POST', `/api/customers/${customer.id}/properties`, { parcelId: parcel.body.id, serviceLocationId: location.body.id, role: 'tenant' }));
    expect(tenant.status).toBe(201);
    const found = await as(cashier)<{ parcels: Array<{ apn: string }> }>({ method: 'GET', url: '/api/parcels?apn=045-123' });
    expect(found.body.parcels.map((row) => row.apn)).toEqual(['045-123-009']);
    const detail = await as(cashier)<{ people: unknown[]; serviceLocations: unknown[] }>({ method: 'GET', url: `/api/parcels/${parcel.body.id}` });
    expect(detail.body.people).toHaveLength(2);
    const ended = await as(clerk)<{ endDate: string }>(json('POST', `/api/customer-properties/${owner.body.id}/end`, { endDate: '2026-12-31' }));
    expect(ended.body.endDate).toBe('2026-12-31');
    const byApn = await as(cashier)<{ results: Array<{ customerId: number; matchedOn: string }> }>({ method: 'GET', url: '/api/customers?q=045123009' });
    expect(byApn.body.results[0]).toMatchObject({ customerId: customer.id, matchedOn: 'apn' });
  });

  it('notes interactions and lists my follow-ups', async () => {
    const customer = await createCustomer({ customerType: 'person', legalName: 'Kim Tran' });
    const noted = await as(clerk)<{ id: number; followUpUser: string }>(json('POST', `/api/customers/${customer.id}/interactions`, {
      channel: 'counter', topic: 'Asked about a payment plan', followUpOn: '2026-11-25',
    }));
    expect(noted.status).toBe(201);
    expect(noted.body.followUpUser).toBe(clerk.username);
    const bad = await as(clerk)(json('POST', `/api/customers/${customer.id}/interactions`, { channel: 'fax', topic: 'x' }));
    expect(problemFields(bad.error)).toEqual(['channel']);
    const mine = await as(clerk)<{ followUps: Array<{ id: number; customerName: string }> }>({ method: 'GET', url: '/api/follow-ups' });
    expect(mine.body.followUps.map((row) => row.customerName)).toEqual(['Kim Tran']);
    expect((await as(cashier)<{ followUps: unknown[] }>({ method: 'GET', url: '/api/follow-ups' })).body.followUps).toEqual([]);
    const list = await as(cashier)<{ interactions: unknown[] }>({ method: 'GET', url: `/api/customers/${customer.id}/interactions` });
    expect(list.body.interactions).toHaveLength(1);
    expect((await as(cashier)(json('POST', `/api/interactions/${noted.body.id}/complete`, {}))).status).toBe(403);
    const done = await as(clerk)<{ followUpDoneBy: string }>(json('POST', `/api/interactions/${noted.body.id}/complete`, {}));
    expect(done.body.followUpDoneBy).toBe(clerk.username);
  });
});

describe('merging duplicates', () => {
  it('is requested by one person and carried out when another approves', async () => {
    const survivor = await createCustomer({ customerType: 'person', legalName: 'Robert Nguyen', phones: [{ value: '530-555-0142' }] });
    const duplicate = await createCustomer({ customerType: 'person', legalName: 'Bob Nguyen', phones: [{ value: '(530) 555-0142' }] });
    const candidates = await as(clerk)<{ candidates: Array<{ customerId: number; reasons: string[] }> }>({ method: 'GET', url: `/api/customers/${survivor.id}/duplicates` });
    expect(candidates.body.candidates).toEqual([expect.objectContaining({ customerId: duplicate.id, reasons: ['same_phone'] })]);

    const self = await as(clerk)(json('POST', '/api/customer-merges', { survivorId: survivor.id, mergedId: survivor.id, reason: 'same' }));
    expect(problemFields(self.error)).toEqual(['mergedId']);
    const request = await as(clerk)<{ id: number; kind: string; status: string }>(json('POST', '/api/customer-merges', {
      survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person: same phone, nickname',
    }));
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ kind: 'customers.merge', status: 'pending' });
    const again = await as(clerk)(json('POST', '/api/customer-merges', { survivorId: survivor.id, mergedId: duplicate.id, reason: 'again' }));
    expect(again.status).toBe(409);
    expect((await as(clerk)(json('POST', `/api/approvals/${request.body.id}/approve`, {}))).status).toBe(403);
    const approved = await as(manager)<{ status: string; result: { customerMergeId: number } }>(json('POST', `/api/approvals/${request.body.id}/approve`, {}));
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');

    const merged = await as(clerk)<{ status: string; merge: { mergedInto: { customerId: number } } }>({ method: 'GET', url: `/api/customers/${duplicate.id}` });
    expect(merged.body.status).toBe('merged');
    expect(merged.body.merge.mergedInto.customerId).toBe(survivor.id);
    const kept = await as(clerk)<{ contacts: Array<{ isActive: boolean }>; merge: { mergedFrom: Array<{ customerId: number }> } }>({ method: 'GET', url: `/api/customers/${survivor.id}` });
    expect(kept.body.merge.mergedFrom.map((row) => row.customerId)).toEqual([duplicate.id]);
    expect(kept.body.contacts.map((contact) => contact.isActive).sort()).toEqual([false, true]);
    const oldNumber = await as(cashier)<{ results: Array<{ customerId: number; matchedOn: string }> }>({ method: 'GET', url: `/api/customers?q=${duplicate.customerNumber}` });
    expect(oldNumber.body.results[0]).toMatchObject({ customerId: survivor.id, matchedOn: 'merged_customer_number' });
    const twice = await as(clerk)(json('POST', '/api/customer-merges', { survivorId: survivor.id, mergedId: duplicate.id, reason: 'again' }));
    expect(twice.status).toBe(409);
    const intoMerged = await as(clerk)(json('POST', '/api/customer-merges', { survivorId: duplicate.id, mergedId: survivor.id, reason: 'backwards' }));
    expect(intoMerged.status).toBe(409);
    const changeMerged = await as(clerk)(json('PATCH', `/api/customers/${duplicate.id}`, { legalName: 'Bobby' }));
    expect(changeMerged.status).toBe(409);
  });
});
