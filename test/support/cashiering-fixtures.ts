/**
 * Test data for cashiering: the receivables fixtures plus undeposited funds in the General and
 * Water funds, a water receivable control account, returned-payment fee revenue, a cash over/short
 * account, two drawers and three counter items.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/shared/db.js';
import { createDrawer, saveCounterItem, seedLockboxLayouts, setCashieringAccounts, setFundAccounts } from '../../src/cashiering/index.js';
import { importChartCsv } from '../../src/ledger/index.js';
import { openReceivableAccount, postCharges, setReceivableControl, type ReceivableAccountRow } from '../../src/receivables/index.js';
import { accounts, testActor } from './ledger-fixtures.js';
import { receivableAccounts, seedReceivables } from './receivables-fixtures.js';

export const cashieringAccounts = {
  generalUndeposited: '100-0000-10500',
  waterUndeposited: '510-0000-10500',
  waterReceivable: '510-0000-12200',
  generalFees: '100-1510-46100',
  waterFees: '510-7100-46100',
  overShort: '100-1510-58100',
  copies: '100-1510-43100',
  transit: '100-1510-43200',
  lockboxSuspense: '100-0000-22900',
} as const;

const chart = `account,name,type,active,fund_name,fund_type,department_name
100-0000-10500,Undeposited funds,asset,yes,General Fund,general,Non-departmental
510-0000-10500,Undeposited funds - Water,asset,yes,Water Fund,enterprise,Non-departmental
510-0000-12200,Utility accounts receivable,asset,yes,Water Fund,enterprise,Non-departmental
100-1510-46100,Returned payment charges,revenue,yes,General Fund,general,Finance
510-7100-46100,Returned payment charges - Water,revenue,yes,Water Fund,enterprise,Water Operations
100-1510-58100,Cash over and short,expenditure,yes,General Fund,general,Finance
100-1510-43100,Copies and records,revenue,yes,General Fund,general,Finance
100-1510-43200,Transit pass sales,revenue,yes,General Fund,general,Finance
100-0000-22900,Unapplied lockbox receipts,liability,yes,General Fund,general,Non-departmental
`;

export async function seedCashiering(database: Database): Promise<void> {
  await seedReceivables(database);
  await importChartCsv(database, { csvText: chart, actor: testActor });
  await setReceivableControl(database, { kind: 'utility', fundCode: '510', controlAccountCode: cashieringAccounts.waterReceivable, actor: testActor });
  await setFundAccounts(database, { input: { fundCode: '100', undepositedAccount: cashieringAccounts.generalUndeposited,
    bankAccount: accounts.generalCash, returnedFeeAccount: cashieringAccounts.generalFees }, actor: testActor });
  await setFundAccounts(database, { input: { fundCode: '510', undepositedAccount: cashieringAccounts.waterUndeposited,
    bankAccount: accounts.waterCash, returnedFeeAccount: cashieringAccounts.waterFees }, actor: testActor });
  await setCashieringAccounts(database, { input: { overShortAccount: cashieringAccounts.overShort,
    lockboxSuspenseAccount: cashieringAccounts.lockboxSuspense }, actor: testActor });
  await seedLockboxLayouts(database, testActor);
  await createDrawer(database, { input: { code: 'D1', name: 'Front counter 1' }, actor: testActor });
  await createDrawer(database, { input: { code: 'D2', name: 'Front counter 2' }, actor: testActor });
  await saveCounterItem(database, { input: { code: 'COPIES', name: 'Copies', unitPriceCents: 25, revenueAccount: cashieringAccounts.copies }, actor: testActor });
  await saveCounterItem(database, { input: { code: 'TRANSIT_PASS', name: 'Monthly transit pass', unitPriceCents: 4000, revenueAccount: cashieringAccounts.transit }, actor: testActor });
  await saveCounterItem(database, { input: { code: 'MISC_FEE', name: 'Miscellaneous fee', revenueAccount: cashieringAccounts.copies }, actor: testActor });
}

let sequence = 0;

/** A customer with a water account and a misc account, each owing what is given (cents). */
export async function customerOwing(
  database: Database,
  owed: { water?: number; misc?: number },
  name = 'Counter Customer',
): Promise<{ customerId: number; water: ReceivableAccountRow; misc: ReceivableAccountRow }> {
  sequence += 1;
  const inserted = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values (${`C-${String(700000 + sequence + (process.pid % 1000) * 100).padStart(6, '0')}`}, 'person', ${name}, 'tester')
    returning id`.execute(database.kysely);
  const customerId = inserted.rows[0]?.id as number;
  const water = await openReceivableAccount(database, { input: { customerId, kind: 'utility', fundCode: '510', openedOn: '2026-07-01' }, actor: testActor });
  const misc = await openReceivableAccount(database, { input: { customerId, kind: 'misc_billing', fundCode: '100', openedOn: '2026-07-01' }, actor: testActor });
  if (owed.water) {
    await postCharges(database, { input: { account: water.accountNumber, chargeDate: '2026-11-01', dueDate: '2026-11-20',
      lines: [{ revenueAccount: accounts.waterSales, amountCents: owed.water, description: 'Water, October' }] }, actor: testActor });
  }
  if (owed.misc) {
    await postCharges(database, { input: { account: misc.accountNumber, chargeDate: '2026-11-01', dueDate: '2026-11-20',
      lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents: owed.misc, description: 'False alarm' }] }, actor: testActor });
  }
  return { customerId, water, misc };
}
