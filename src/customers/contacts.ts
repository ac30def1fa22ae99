/**
 * A customer's phones and emails: added, and deactivated (kept, never deleted, so old notes and
 * letters still make sense). Each change is audited in its own transaction and refreshes the
 * customer's search text.
 * Errors: invalid_input (field named), not_found, conflict (already active on the customer; a
 * merged customer).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database } from '../shared/db.js';
import { AppError, notFound } from '../shared/errors.js';
import { normalizeContact, type ContactInput } from './customer-input.js';
import { contactKinds, oneOf, ProblemList } from './rules.js';
import { refreshCustomerSearch } from './search-text.js';
import { assertNotMerged, findCustomer, insertContacts, listContacts, type Contact } from './store.js';

export async function addContact(
  database: Database,
  options: { customerId: number; input: ContactInput & { kind: string }; actor: Actor },
): Promise<Contact> {
  const problems = new ProblemList();
  const kind = problems.check(() => oneOf(contactKinds, options.input?.kind, 'kind'));
  const contact = kind ? normalizeContact(kind, options.input, '', problems) : undefined;
  // Fields of a single contact are named plainly (value, label), not ".value".
  for (const problem of problems.problems) problem.field = problem.field.replace(/^\./, '');
  problems.throwIfAny();
  if (!contact) throw new Error('Assertion failed: a checked contact');
  return inTransaction(database, async (tx) => {
    const customer = await findCustomer(tx, options.customerId, true);
    assertNotMerged(customer);
    const existing = await sql<{ id: number }>`select id from customer_contact
      where customer_id = ${customer.id} and kind = ${contact.kind} and value = ${contact.value} and is_active`.execute(tx);
    if (existing.rows.length > 0) {
      throw new AppError('conflict', `Customer ${customer.customerNumber} already has this ${contact.kind}`, {
        field: 'value',
        contactId: existing.rows[0]?.id,
      });
    }
    const [id] = await insertContacts(tx, customer.id, [contact], options.actor.username);
    await refreshCustomerSearch(tx, [customer.id]);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'customers.add_contact',
      entityType: 'customer',
      entityId: customer.id,
      after: { contactId: id, ...contact },
    });
    const added = (await listContacts(tx, customer.id)).find((row) => row.id === id);
    if (!added) throw new Error('Assertion failed: the contact just added is listed');
    return added;
  });
}

export async function deactivateContact(
  database: Database,
  options: { customerId: number; contactId: number; actor: Actor },
): Promise<Contact> {
  return inTransaction(database, async (tx) => {
    const customer = await findCustomer(tx, options.customerId, true);
    assertNotMerged(customer);
    const contact = (await listContacts(tx, customer.id)).find((row) => row.id === options.contactId);
    if (!contact) throw notFound('contact', options.contactId);
    if (!contact.isActive) {
      throw new AppError('conflict', `Contact ${contact.id} is already inactive`, { field: 'contactId' });
    }
    await sql`update customer_contact set is_active = false where id = ${contact.id}`.execute(tx);
    await refreshCustomerSearch(tx, [customer.id]);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'customers.deactivate_contact',
      entityType: 'customer',
      entityId: customer.id,
      before: { contactId: contact.id, kind: contact.kind, value: contact.value, isActive: true },
      after: { contactId: contact.id, isActive: false },
    });
    return { ...contact, isActive: false };
  });
}
