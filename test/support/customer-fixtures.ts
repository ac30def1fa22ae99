/**
 * Test data for customers: a form with overridable fields, a principal with chosen permissions,
 * and a receivable account opened by plain SQL (the receivables module opens real ones).
 */
import { sql } from 'kysely';
import type { Principal } from '../../src/shared/actor.js';
import type { Database } from '../../src/shared/db.js';
import type { CustomerInput } from '../../src/customers/index.js';

/** A fixed test key for the TIN cipher (PostgreSQL needs one; PGlite would write a key file). */
export const TEST_FIELD_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

export function useTestFieldKey(): void {
  process.env.CIVIC_FIELD_KEY = TEST_FIELD_KEY;
}

export function principalWith(username: string, permissions: readonly string[]): Principal {
  return { userId: null, username, via: 'test', roles: [], permissions: new Set(permissions) };
}

let sequence = 0;

export function customerInput(overrides: Partial<CustomerInput> = {}): CustomerInput {
  sequence += 1;
  return {
    customerType: 'person',
    legalName: `Test Person ${sequence}`,
    mailingAddress: { line1: `${100 + sequence} Oak St`, city: 'Davis', state: 'CA', zip: '95616' },
    ...overrides,
  };
}

/**
 * Opens a receivable account for a customer straight in SQL: a control account on the chart's
 * receivable account, a subledger account, and the receivable_account row.
 */
export async function openTestReceivableAccount(
  database: Database,
  options: { customerId: number; accountNumber: string; controlAccountCode?: string },
): Promise<number> {
  const code = options.controlAccountCode ?? '100-0000-12100';
  return database.kysely.transaction().execute(async (tx) => {
    await sql`update account set subledger = 'receivable' where code = ${code} and subledger is null`.execute(tx);
    const control = await sql<{ id: number; fundCode: string }>`select id, fund_code as "fundCode" from account where code = ${code}`.execute(tx);
    const account = control.rows[0];
    if (!account) throw new Error(`no account ${code}: seed the ledger first`);
    const opened = await sql<{ id: number }>`insert into subledger_account (subledger, control_account_id)
      values ('receivable', ${account.id}) returning id`.execute(tx);
    const id = opened.rows[0]?.id as number;
    await sql`insert into receivable_account (id, account_number, customer_id, kind, fund_code, control_account_id, opened_on, created_by)
      values (${id}, ${options.accountNumber}, ${options.customerId}, 'utility', ${account.fundCode}, ${account.id}, '2026-07-01', 'tester')`.execute(tx);
    return id;
  });
}
