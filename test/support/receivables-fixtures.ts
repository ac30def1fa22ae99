/**
 * Test data for receivables: the ledger fixtures' chart plus a fee revenue, refunds payable and bad
 * debt expense; 100-0000-12100 as the control account of miscellaneous billing in the General
 * Fund; customers inserted directly (the customers module has its own tests).
 */
import { sql } from 'kysely';
import type { Principal } from '../../src/shared/actor.js';
import type { Database } from '../../src/shared/db.js';
import { importChartCsv } from '../../src/ledger/index.js';
import { openReceivableAccount, setReceivableControl, type ReceivableAccountRow } from '../../src/receivables/index.js';
import { accounts, seedLedger, testActor } from './ledger-fixtures.js';

export const receivableAccounts = {
  control: accounts.generalReceivable,
  cash: accounts.generalCash,
  alarmFees: '100-2100-42100',
  penalties: '100-1510-47100',
  interest: '100-1510-47200',
  refundsPayable: '100-0000-20300',
  badDebt: '100-1510-58900',
} as const;

const extraChart = `account,name,type,active,fund_name,fund_type,department_name
100-2100-42100,False alarm fees,revenue,yes,General Fund,general,Police
100-1510-47100,Penalties,revenue,yes,General Fund,general,Finance
100-1510-47200,Interest on receivables,revenue,yes,General Fund,general,Finance
100-0000-20300,Refunds payable,liability,yes,General Fund,general,Non-departmental
100-1510-58900,Bad debt expense,expenditure,yes,General Fund,general,Finance
`;

export async function seedReceivables(database: Database): Promise<void> {
  await seedLedger(database);
  await importChartCsv(database, { csvText: extraChart, actor: testActor });
  await setReceivableControl(database, {
    kind: 'misc_billing',
    fundCode: '100',
    controlAccountCode: receivableAccounts.control,
    writeOffAccountCode: receivableAccounts.badDebt,
    refundAccountCode: receivableAccounts.refundsPayable,
    actor: testActor,
  });
}

let customerSequence = 0;

/** A customer row straight into the table, and a miscellaneous-billing account for them. */
export async function customerWithAccount(database: Database, name = 'Test Customer'): Promise<{ customerId: number; account: ReceivableAccountRow }> {
  customerSequence += 1;
  const inserted = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values (${`C-${String(900000 + customerSequence + process.pid % 1000 * 100).padStart(6, '0')}`}, 'person', ${name}, 'tester')
    returning id`.execute(database.kysely);
  const customerId = inserted.rows[0]?.id as number;
  const account = await openReceivableAccount(database, {
    input: { customerId, kind: 'misc_billing', fundCode: '100', openedOn: '2026-07-01' },
    actor: testActor,
  });
  return { customerId, account };
}

export function principal(username: string, permissions: string[]): Principal {
  return { userId: null, username, via: 'test', roles: [], permissions: new Set(permissions) };
}
