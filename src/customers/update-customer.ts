/**
 * Changes a customer's names, type, language, flags, status, notes or TIN (null removes it), in
 * one transaction with its audit row (before and after; the TIN itself never reaches the trail).
 * Errors: invalid_input (fields named), not_found, conflict (a merged customer is changed on its
 * survivor).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { fieldCipher } from '../shared/field-crypto.js';
import { NOTES_MAX_LENGTH, normalizeFlags, type TinInput } from './customer-input.js';
import {
  customerTypes,
  normalizeLanguage,
  normalizeName,
  normalizeOptionalText,
  normalizeTin,
  oneOf,
  ProblemList,
} from './rules.js';
import { refreshCustomerSearch } from './search-text.js';
import { assertNotMerged, findCustomer, type CustomerFlags, type CustomerRow } from './store.js';

export interface CustomerChanges {
  customerType?: string;
  legalName?: string;
  dbaName?: string | null;
  preferredLanguage?: string;
  flags?: Partial<CustomerFlags>;
  status?: 'active' | 'inactive';
  notes?: string | null;
  /** A new TIN, or null to remove the one on file. */
  tin?: TinInput | null;
}

const statuses = ['active', 'inactive'] as const;

export async function updateCustomer(
  database: Database,
  options: { customerId: number; changes: CustomerChanges; actor: Actor; inTx?: Tx },
): Promise<CustomerRow> {
  const changes = (options.changes ?? {}) as Record<string, unknown>;
  const problems = new ProblemList();
  const has = (name: string) => changes[name] !== undefined;
  const customerType = has('customerType') ? problems.check(() => oneOf(customerTypes, changes.customerType, 'customerType')) : undefined;
  const legalName = has('legalName') ? problems.check(() => normalizeName(changes.legalName, 'legalName')) : undefined;
  const dbaName = has('dbaName')
    ? problems.check(() => (changes.dbaName === null || changes.dbaName === '' ? null : normalizeName(changes.dbaName, 'dbaName')))
    : undefined;
  const language = has('preferredLanguage') ? problems.check(() => normalizeLanguage(changes.preferredLanguage, 'preferredLanguage')) : undefined;
  const status = has('status') ? problems.check(() => oneOf(statuses, changes.status, 'status')) : undefined;
  const notes = has('notes') ? problems.check(() => normalizeOptionalText(changes.notes, 'notes', NOTES_MAX_LENGTH)) : undefined;
  const tinInput = changes.tin as Record<string, unknown> | null | undefined;
  const tin = has('tin') ? problems.check(() => (tinInput ? normalizeTin(tinInput.type, tinInput.value, 'tin') : null)) : undefined;
  const flagProblems = new ProblemList();
  normalizeFlags(changes.flags, 'flags', flagProblems);
  problems.problems.push(...flagProblems.problems);
  problems.throwIfAny();
  const tinCiphertext = tin ? fieldCipher({ engine: database.engine }).encrypt(tin.digits) : null;

  const work = async (tx: Tx): Promise<CustomerRow> => {
    const before = await findCustomer(tx, options.customerId, true);
    assertNotMerged(before);
    const flags = normalizeFlags(changes.flags, 'flags', new ProblemList(), before.flags);
    const isTinChanged = tin !== undefined;
    await sql`update customer set
        customer_type = ${customerType ?? before.customerType},
        legal_name = ${legalName ?? before.legalName},
        dba_name = ${dbaName === undefined ? before.dbaName : dbaName},
        preferred_language = ${language ?? before.preferredLanguage},
        status = ${status ?? before.status},
        notes = ${notes === undefined ? before.notes : notes},
        is_cash_only = ${flags.isCashOnly}, has_returned_mail = ${flags.hasReturnedMail},
        is_deceased = ${flags.isDeceased}, in_bankruptcy = ${flags.inBankruptcy},
        collections_hold = ${flags.hasCollectionsHold},
        tin_type = case when ${isTinChanged} then ${tin?.type ?? null} else tin_type end,
        tin_ciphertext = case when ${isTinChanged} then ${tinCiphertext} else tin_ciphertext end,
        tin_last4 = case when ${isTinChanged} then ${tin ? tin.digits.slice(-4) : null} else tin_last4 end,
        updated_at = now()
      where id = ${before.id}`.execute(tx);
    if (legalName !== undefined || dbaName !== undefined) await refreshCustomerSearch(tx, [before.id]);
    const after = await findCustomer(tx, before.id);
    await recordAudit(tx, {
      actor: options.actor,
      action: 'customers.update',
      entityType: 'customer',
      entityId: before.id,
      before: auditView(before),
      after: auditView(after),
      details: isTinChanged ? { taxIdChanged: tin === null ? 'removed' : 'replaced' } : null,
    });
    return after;
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

/** What the audit trail keeps of a customer (the TIN only as its type and whether one is on file). */
export function auditView(customer: CustomerRow): Record<string, unknown> {
  return {
    customerType: customer.customerType,
    legalName: customer.legalName,
    dbaName: customer.dbaName,
    preferredLanguage: customer.preferredLanguage,
    status: customer.status,
    notes: customer.notes,
    flags: customer.flags,
    taxIdType: customer.tinType,
  };
}
