/**
 * A new mailing address for a customer. Addresses keep their history: the current row is ended
 * (valid_to = the day the new one takes over) and the new row inserted, in one transaction with
 * its audit row. A new address also clears the returned-mail flag: that flag says the address on
 * file is bad, and it no longer is the address on file.
 * Errors: invalid_input (mailingAddress fields named; a date before the current address began),
 * not_found, conflict (a merged customer; the same address again).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { systemClock, type Clock } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { AppError, invalidInput } from '../shared/errors.js';
import { optionalDate } from './customer-input.js';
import { normalizeAddress, ProblemList, type AddressInput } from './rules.js';
import { refreshCustomerSearch } from './search-text.js';
import { assertNotMerged, findCustomer, insertAddress, listAddresses, type AddressRecord } from './store.js';

export async function changeMailingAddress(
  database: Database,
  options: { customerId: number; address: AddressInput; validFrom?: string | null; actor: Actor; clock?: Clock },
): Promise<AddressRecord> {
  const problems = new ProblemList();
  const address = normalizeAddress(options.address, 'mailingAddress', problems);
  const validFromInput = problems.check(() => optionalDate(options.validFrom, 'validFrom'));
  problems.throwIfAny();
  if (!address || validFromInput === undefined) throw new Error('Assertion failed: a checked address');
  const validFrom = validFromInput ?? (options.clock ?? systemClock).today();
  return inTransaction(database, async (tx) => {
    const customer = await findCustomer(tx, options.customerId, true);
    assertNotMerged(customer);
    const current = (await listAddresses(tx, customer.id)).find((row) => row.validTo === null) ?? null;
    if (current) {
      if (validFrom < current.validFrom) {
        throw invalidInput('validFrom', `the current address began on ${current.validFrom}; a new one cannot begin before it`);
      }
      const isSame = current.line1 === address.line1 && current.line2 === address.line2 && current.city === address.city &&
        current.state === address.state && current.zip === address.zip;
      if (isSame) throw new AppError('conflict', 'This is already the customer\'s mailing address', { field: 'mailingAddress' });
      await sql`update customer_address set valid_to = ${validFrom}::date where id = ${current.id}`.execute(tx);
    }
    const id = await insertAddress(tx, customer.id, address, validFrom, options.actor.username);
    if (customer.flags.hasReturnedMail) {
      await sql`update customer set has_returned_mail = false, updated_at = now() where id = ${customer.id}`.execute(tx);
    }
    await refreshCustomerSearch(tx, [customer.id]);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'customers.change_mailing_address',
      entityType: 'customer',
      entityId: customer.id,
      before: current ? { addressId: current.id, address: current.oneLine, validFrom: current.validFrom } : null,
      after: { addressId: id, ...address, validFrom, clearedReturnedMail: customer.flags.hasReturnedMail },
    });
    const added = (await listAddresses(tx, customer.id)).find((row) => row.id === id);
    if (!added) throw new Error('Assertion failed: the address just added is listed');
    return added;
  });
}
