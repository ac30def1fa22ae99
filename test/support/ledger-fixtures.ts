/**
 * Test data factories for the ledger: a small chart with two funds and the periods of FY2027,
 * and entries with overridable fields.
 */
import type { Actor } from '../../src/shared/actor.js';
import { fixedClock } from '../../src/shared/dates.js';
import type { Database } from '../../src/shared/db.js';
import { importChartCsv, setUpFiscalYear, type JournalEntryInput } from '../../src/ledger/index.js';

export const testActor: Actor = { userId: null, username: 'tester', via: 'test' };
export const testClock = fixedClock(new Date('2026-11-23T18:00:00Z'));

export const accounts = {
  generalCash: '100-0000-10100',
  generalReceivable: '100-0000-12100',
  generalDueFromWater: '100-0000-13100',
  generalPayable: '100-0000-20100',
  generalFundBalance: '100-0000-39000',
  licenseTax: '100-1510-41100',
  propertyTax: '100-0000-40100',
  financeSalaries: '100-1510-51100',
  waterCash: '510-0000-10100',
  waterDueToGeneral: '510-0000-21100',
  waterFundBalance: '510-0000-39000',
  waterSales: '510-7100-44100',
  waterSupplies: '510-7100-53100',
  retiredAccount: '100-1510-59999',
} as const;

export const chartCsv = `account,name,type,active,fund_name,fund_type,department_name
100-0000-10100,Cash - pooled,asset,yes,General Fund,general,Non-departmental
100-0000-12100,Accounts receivable,asset,yes,General Fund,general,Non-departmental
100-0000-13100,Due from Water Fund,asset,yes,General Fund,general,Non-departmental
100-0000-20100,Accounts payable,liability,yes,General Fund,general,Non-departmental
100-0000-39000,Fund balance - unassigned,fund_balance,yes,General Fund,general,Non-departmental
100-0000-40100,Property tax,revenue,yes,General Fund,general,Non-departmental
100-1510-41100,Business license tax,revenue,yes,General Fund,general,Finance
100-1510-51100,Salaries,expenditure,yes,General Fund,general,Finance
100-1510-59999,Retired account,expenditure,no,General Fund,general,Finance
510-0000-10100,Cash - Water,asset,yes,Water Fund,enterprise,Non-departmental
510-0000-21100,Due to General Fund,liability,yes,Water Fund,enterprise,Non-departmental
510-0000-39000,Net position,fund_balance,yes,Water Fund,enterprise,Non-departmental
510-7100-44100,Water sales,revenue,yes,Water Fund,enterprise,Water Operations
510-7100-53100,Supplies,expenditure,yes,Water Fund,enterprise,Water Operations
`;

export async function seedLedger(database: Database): Promise<void> {
  await importChartCsv(database, { csvText: chartCsv, actor: testActor });
  await setUpFiscalYear(database, { fiscalYear: 2027, actor: testActor });
}

let sequence = 0;

export function entryInput(overrides: Partial<JournalEntryInput> = {}): JournalEntryInput {
  sequence += 1;
  return {
    entryDate: '2026-08-15',
    description: `Business license payments ${sequence}`,
    idempotencyKey: `test-${process.pid}-${sequence}-${Math.random()}`,
    lines: [
      { account: accounts.generalCash, debitCents: 12_500 },
      { account: accounts.licenseTax, creditCents: 12_500 },
    ],
    ...overrides,
  };
}

/** A third fund (special revenue) with its due-to/due-from pair in the General Fund. */
export const gasTaxAccounts = {
  cash: '220-0000-10100',
  dueToGeneral: '220-0000-21100',
  fundBalance: '220-0000-39000',
  gasTax: '220-3100-43100',
  streetMaintenance: '220-3100-52100',
  generalDueFromGasTax: '100-0000-13200',
} as const;

export const gasTaxChartCsv = `account,name,type,active,fund_name,fund_type,department_name
220-0000-10100,Cash - Gas Tax,asset,yes,Gas Tax Fund,special_revenue,Non-departmental
220-0000-21100,Due to General Fund,liability,yes,Gas Tax Fund,special_revenue,Non-departmental
220-0000-39000,Fund balance - restricted,fund_balance,yes,Gas Tax Fund,special_revenue,Non-departmental
220-3100-43100,Gas tax (HUTA),revenue,yes,Gas Tax Fund,special_revenue,Public Works
220-3100-52100,Street maintenance,expenditure,yes,Gas Tax Fund,special_revenue,Public Works
100-0000-13200,Due from Gas Tax Fund,asset,yes,General Fund,general,Non-departmental
`;

/** seedLedger plus the Gas Tax fund: three funds, two due-to/due-from pairs, FY2027 open. */
export async function seedThreeFundLedger(database: Database): Promise<void> {
  await seedLedger(database);
  await importChartCsv(database, { csvText: gasTaxChartCsv, actor: testActor });
}
