/**
 * One customer, everything about them on one page (the Customer 360): flags, the TIN masked,
 * contacts, the current and past mailing addresses, properties,
 * receivable accounts with their balances from the ledger, recent interactions and where a merge
 * left them. `revealTin` shows the full TIN to those holding customers.tin, and the trail records who looked.
 * Errors: not_found, forbidden (revealTin without customers.tin).
 */
import { sql } from 'kysely';
import { getSubledgerBalances } from '../ledger/index.js';
import { hasPermission, type Principal } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { fieldCipher } from '../shared/field-crypto.js';
import { AppError } from '../shared/errors.js';
import { formatTin, maskTin, type TinType } from './rules.js';
import {
  findCustomer,
  listAddresses,
  listContacts,
  listCustomerAccounts,
  listInteractionRows,
  listPropertyRoles,
  type AddressRecord,
  type Contact,
  type CustomerAccount,
  type CustomerRow,
  type Interaction,
  type PropertyRoleRecord,
} from './store.js';

export interface MergeStatus {
  /** Set when this customer was merged into another: go there instead. */
  mergedInto: { customerId: number; customerNumber: string; legalName: string; mergedAt: string } | null;
  /** Customers merged into this one. */
  mergedFrom: Array<{ customerId: number; customerNumber: string; legalName: string; mergedAt: string }>;
}

export interface CustomerDetail extends Omit<CustomerRow, 'tinType' | 'tinLast4'> {
  /**
   * Always masked (***-**-1234); null when none is on file. `canReveal` says the reader holds
   * customers.tin and may ask `revealTin` (GET /api/customers/:id/tin) for the full number: a
   * deliberate, audited act, so opening a customer's page never puts an SSN on the screen.
   */
  tin: { type: TinType; display: string; canReveal: boolean } | null;
  contacts: Contact[];
  mailingAddress: AddressRecord | null;
  pastAddresses: AddressRecord[];
  properties: PropertyRoleRecord[];
  accounts: Array<CustomerAccount & { balanceCents: number }>;
  recentInteractions: Interaction[];
  openFollowUpCount: number;
  merge: MergeStatus;
}

export async function getCustomer(
  db: Executor,
  options: { customerId: number; principal: Principal; interactionLimit?: number },
): Promise<CustomerDetail> {
  const customer = await findCustomer(db, options.customerId);
  const [contacts, addresses, properties, accounts, interactions, merge, followUps] = [
    await listContacts(db, customer.id),
    await listAddresses(db, customer.id),
    await listPropertyRoles(db, customer.id),
    await listCustomerAccounts(db, customer.id),
    await listInteractionRows(db, { customerId: customer.id, limit: options.interactionLimit ?? 20 }),
    await mergeStatusOf(db, customer.id),
    await sql<{ count: number }>`select count(*)::bigint as count from interaction where customer_id = ${customer.id}
      and follow_up_on is not null and follow_up_done_at is null`.execute(db),
  ];
  const balances = await getSubledgerBalances(db, accounts.map((account) => account.id));
  const { tinType, tinLast4, ...rest } = customer;
  let tin: CustomerDetail['tin'] = null;
  if (tinType && tinLast4) {
    tin = { type: tinType, display: maskTin(tinType, tinLast4), canReveal: hasPermission(options.principal, 'customers.tin') };
  }
  return {
    ...rest,
    tin,
    contacts,
    mailingAddress: addresses.find((address) => address.validTo === null) ?? null,
    pastAddresses: addresses.filter((address) => address.validTo !== null),
    properties,
    accounts: accounts.map((account) => ({ ...account, balanceCents: balances.get(account.id) ?? 0 })),
    recentInteractions: interactions,
    openFollowUpCount: followUps.rows[0]?.count ?? 0,
    merge,
  };
}

async function mergeStatusOf(db: Executor, customerId: number): Promise<MergeStatus> {
  const result = await sql<{ direction: 'into' | 'from'; customerId: number; customerNumber: string; legalName: string; mergedAt: Date }>`
    select 'into' as direction, m.survivor_id as "customerId", c.customer_number as "customerNumber",
      c.legal_name as "legalName", m.merged_at as "mergedAt"
    from customer_merge m join customer c on c.id = m.survivor_id where m.merged_id = ${customerId}
    union all
    select 'from', m.merged_id, c.customer_number, c.legal_name, m.merged_at
    from customer_merge m join customer c on c.id = m.merged_id where m.survivor_id = ${customerId}
    order by 5`.execute(db);
  const rows = result.rows.map((row) => ({ ...row, mergedAt: row.mergedAt.toISOString() }));
  const into = rows.find((row) => row.direction === 'into');
  const strip = ({ direction: _direction, ...row }: (typeof rows)[number]) => row;
  return {
    mergedInto: into ? strip(into) : null,
    mergedFrom: rows.filter((row) => row.direction === 'from').map(strip),
  };
}

/** The full TIN, for someone holding customers.tin; every look is in the audit trail. */
export async function revealTin(
  database: Database,
  options: { customerId: number; principal: Principal },
): Promise<{ customerId: number; type: TinType; tin: string }> {
  if (!hasPermission(options.principal, 'customers.tin')) {
    throw new AppError('forbidden', 'Seeing a full SSN/TIN needs the permission customers.tin', { permission: 'customers.tin' });
  }
  return inTransaction(database, async (tx) => {
    const customer = await findCustomer(tx, options.customerId);
    if (!customer.tinType) throw new AppError('not_found', `Customer ${customer.customerNumber} has no TIN on file`, { field: 'tin' });
    const result = await sql<{ ciphertext: string }>`select tin_ciphertext as ciphertext from customer where id = ${customer.id}`.execute(tx);
    const digits = fieldCipher({ engine: database.engine }).decrypt(result.rows[0]?.ciphertext ?? '');
    await recordAudit(tx, { actor: options.principal, action: 'customers.reveal_tin', entityType: 'customer', entityId: customer.id,
      details: { taxIdType: customer.tinType } });
    return { customerId: customer.id, type: customer.tinType, tin: formatTin(customer.tinType, digits) };
  });
}
