/**
 * What the cashier typed or scanned, turned into what to pay: a remittance stub's scan line (the
 * account and the amount due printed on the stub), an account number, or a customer (by the
 * customer search: names, numbers, addresses, phones).
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import { searchCustomers } from '../customers/index.js';
import { getReceivableAccount } from '../receivables/index.js';
import { parseScanLine } from './scan-line.js';

export interface PayableMatch {
  customerId: number;
  customerNumber: string;
  customerName: string;
  accountNumber: string | null;
  amountDueCents: Cents | null;
  isCashOnly: boolean;
}

const accountNumberPattern = /^[A-Za-z]{2,4}-?[0-9]{6,9}$/;

export async function lookupPayable(database: Database, query: string, asOf: IsoDate): Promise<{ scanned: boolean; matches: PayableMatch[] }> {
  const text = query.trim();
  const compact = text.replace(/\s+/g, '');
  if (/^[A-Za-z]{2,4}[0-9]{20}$/.test(compact)) {
    const stub = parseScanLine(compact);
    const match = await accountMatch(database, stub.accountNumber, asOf);
    if (match) return { scanned: true, matches: [{ ...match, amountDueCents: stub.amountDueCents }] };
    return { scanned: true, matches: [] };
  }
  if (accountNumberPattern.test(compact)) {
    const number = compact.toUpperCase().replace(/^([A-Z]{2,4})-?/, '$1-');
    const match = await accountMatch(database, number, asOf);
    if (match) return { scanned: false, matches: [match] };
  }
  const customers = await searchCustomers(database.kysely, { query: text, limit: 10 });
  return {
    scanned: false,
    matches: customers.map((customer) => ({
      customerId: customer.customerId,
      customerNumber: customer.customerNumber,
      customerName: customer.legalName,
      accountNumber: null,
      amountDueCents: null,
      isCashOnly: customer.flags.isCashOnly,
    })),
  };
}

async function accountMatch(database: Database, accountNumber: string, asOf: IsoDate): Promise<PayableMatch | null> {
  try {
    const account = await getReceivableAccount(database.kysely, accountNumber, asOf);
    const flags = await sql<{ cashOnly: boolean }>`select is_cash_only as "cashOnly" from customer where id = ${account.customerId}`.execute(database.kysely);
    return {
      customerId: account.customerId,
      customerNumber: account.customerNumber,
      customerName: account.customerName,
      accountNumber: account.accountNumber,
      amountDueCents: account.balanceCents,
      isCashOnly: flags.rows[0]?.cashOnly ?? false,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}
