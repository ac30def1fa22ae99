/**
 * Adds a customer (a person or a business) with its contacts, mailing address, TIN and flags, in
 * one transaction with its audit row. The customer number comes from customer_number_seq
 * (C-100001); the TIN is encrypted before it reaches the database and only its last four digits
 * are kept in clear.
 * Errors: invalid_input (every wrong field named at once; nothing is written).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { systemClock, type Clock } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { fieldCipher } from '../shared/field-crypto.js';
import { normalizeCustomerInput, type CustomerInput } from './customer-input.js';
import { refreshCustomerSearch } from './search-text.js';
import { findCustomer, insertAddress, insertContacts, type CustomerRow } from './store.js';

export async function createCustomer(
  database: Database,
  options: { input: CustomerInput; actor: Actor; clock?: Clock },
): Promise<CustomerRow> {
  const customer = normalizeCustomerInput(options.input);
  const today = (options.clock ?? systemClock).today();
  // Encrypt before the transaction: it needs the key, and a missing key must write nothing.
  const tinCiphertext = customer.tin ? fieldCipher({ engine: database.engine }).encrypt(customer.tin.digits) : null;
  return inTransaction(database, async (tx) => {
    const { flags, tin } = customer;
    const inserted = await sql<{ id: number }>`insert into customer
        (customer_number, customer_type, legal_name, dba_name, preferred_language, tin_type, tin_ciphertext,
         tin_last4, is_cash_only, has_returned_mail, is_deceased, in_bankruptcy, collections_hold, notes, created_by)
      values ('C-' || lpad(nextval('customer_number_seq')::text, 6, '0'), ${customer.customerType},
        ${customer.legalName}, ${customer.dbaName}, ${customer.preferredLanguage}, ${tin?.type ?? null},
        ${tinCiphertext}, ${tin ? tin.digits.slice(-4) : null}, ${flags.isCashOnly}, ${flags.hasReturnedMail},
        ${flags.isDeceased}, ${flags.inBankruptcy}, ${flags.hasCollectionsHold}, ${customer.notes},
        ${options.actor.username})
      returning id`.execute(tx);
    const id = inserted.rows[0]?.id as number;
    const contactIds = await insertContacts(tx, id, customer.contacts, options.actor.username);
    const address = customer.mailingAddress;
    const addressId = address
      ? await insertAddress(tx, id, address, address.validFrom ?? today, options.actor.username)
      : null;
    await refreshCustomerSearch(tx, [id]);
    const created = await findCustomer(tx, id);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'customers.create',
      entityType: 'customer',
      entityId: id,
      after: {
        customerNumber: created.customerNumber,
        customerType: created.customerType,
        legalName: created.legalName,
        dbaName: created.dbaName,
        preferredLanguage: created.preferredLanguage,
        hasTin: tin !== null,
        flags: created.flags,
        contactIds,
        addressId,
      },
    });
    return created;
  });
}
