import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { seedReceivables } from '../../test/support/receivables-fixtures.js';
import { customerChecks, searchCustomers } from '../customers/index.js';
import { getAccountActivity, importChartCsv, verifyLedger } from '../ledger/index.js';
import { getCustomerReceivables, receivableChecks } from '../receivables/index.js';
import {
  exportConversionXref,
  importConversionFiles,
  problemReportCsv,
  setConversionOffsetAccount,
  type ConversionFileInput,
  type ConversionKind,
} from './index.js';

let database: Database;
// The sample files hold a TIN: encrypt it with a fixed test key (PGlite would write a key file).
process.env.CIVIC_FIELD_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const clearing = '100-0000-29900';

function sample(kind: ConversionKind): ConversionFileInput {
  return { kind, name: `${kind}.csv`, text: readFileSync(new URL(`../../docs/samples/${kind}.csv`, import.meta.url), 'utf8') };
}

const allSamples = (): ConversionFileInput[] => (['customers', 'parcels', 'locations', 'accounts', 'balances'] as const).map(sample);

async function countRows(table: 'customer' | 'parcel' | 'receivable_account' | 'receivable_item' | 'conversion_map'): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.kysely);
  return result.rows[0]?.n ?? 0;
}

async function expectClean(): Promise<void> {
  expect(await verifyLedger(database.kysely)).toEqual([]);
  for (const check of [...receivableChecks, ...customerChecks]) expect(await check.run(database.kysely)).toEqual([]);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReceivables(database);
  await importChartCsv(database, {
    csvText: `account,name,type,active,fund_name,fund_type,department_name\n${clearing},Conversion clearing,liability,yes,General Fund,general,Non-departmental\n`,
    actor: testActor,
  });
  await setConversionOffsetAccount(database, { fundCode: '100', accountCode: clearing, actor: testActor });
});
afterAll(async () => database?.close());

describe('conversion import', () => {
  it('reports bad rows by file, row and column and writes nothing', async () => {
    const customers = `legacy_id,type,legal_name,phone,email,mail_line1,mail_city,mail_state,mail_zip
B1,person,Good Person,530-555-0101,good@example.com,1 Oak St,Alder Creek,CA,95603
B2,person,Bad Zip,,,2 Oak St,Alder Creek,CA,9560
B3,person,Bad Email,,not-an-email,,,,
B1,person,Duplicate Id,,,,,,
`;
    const parcels = `apn,situs_line1,situs_city,situs_zip
12-34,1 Oak St,Alder Creek,95603
`;
    const accounts = `legacy_account_id,customer_legacy_id,kind,fund,opened_on
BA1,B1,misc_billing,100,2020-01-01
BA2,NOPE,misc_billing,100,2020-01-01
`;
    const balances = `legacy_account_id,as_of,amount,due_date
BA1,2026-07-01,12.345,2026-06-01
BA1,2026-07-01,10.00,2026-06-02
`;
    const before = await countRows('customer');
    const report = await importConversionFiles(database, {
      files: [
        { kind: 'customers', name: 'cust.csv', text: customers },
        { kind: 'parcels', name: 'parcels.csv', text: parcels },
        { kind: 'accounts', name: 'acct.csv', text: accounts },
        { kind: 'balances', name: 'bal.csv', text: balances },
      ],
      actor: testActor,
    });
    expect(report.status).toBe('rejected');
    const found = report.problems.map((p) => `${p.file}:${p.row}:${p.column}`);
    expect(found).toEqual(expect.arrayContaining([
      'cust.csv:3:mail_zip', 'cust.csv:4:email', 'cust.csv:5:legacy_id', 'parcels.csv:2:apn',
      'acct.csv:3:customer_legacy_id', 'bal.csv:2:amount',
    ]));
    expect(report.problems.find((p) => p.column === 'amount')?.value).toBe('12.345');
    expect(report.counts.customers).toMatchObject({ rows: 4, created: 1, rowsWithProblems: 3 });
    expect(await countRows('customer')).toBe(before);
    expect(problemReportCsv(report.problems)).toContain('cust.csv,customers,3,mail_zip,9560,');

    const partial = await importConversionFiles(database, {
      files: [
        { kind: 'customers', name: 'cust.csv', text: customers },
        { kind: 'accounts', name: 'acct.csv', text: accounts },
        { kind: 'balances', name: 'bal.csv', text: balances },
      ],
      actor: testActor,
      acceptPartial: true,
    });
    expect(partial.status).toBe('imported');
    expect(partial.isPartial).toBe(true);
    expect(partial.counts).toMatchObject({ customers: { created: 1 }, accounts: { created: 1 }, balances: { created: 1 } });
    expect(await countRows('customer')).toBe(before + 1);
    const [hit] = await searchCustomers(database.kysely, { query: 'Good Person' });
    const receivables = await getCustomerReceivables(database.kysely, hit?.customerId as number, '2026-07-01' as never);
    expect(receivables.totals.balanceCents).toBe(1000);
    await expectClean();
  });

  it('dry-runs, imports the sample files, and skips them when run again', async () => {
    const dry = await importConversionFiles(database, { files: allSamples(), actor: testActor, isDryRun: true });
    expect(dry.status).toBe('dry_run');
    expect(dry.problems).toEqual([]);
    expect(dry.counts).toMatchObject({ customers: { created: 4 }, parcels: { created: 3 }, locations: { created: 3 },
      accounts: { created: 4 }, balances: { created: 5 } });
    expect(dry.openingBalanceTotalCents).toBe(12_540 + 1_254 + 120_400 - 3_500 + 6_000);
    const mapped = await countRows('conversion_map');

    const report = await importConversionFiles(database, { files: allSamples(), actor: testActor });
    expect(report.status).toBe('imported');
    expect(report.journalEntryIds).toHaveLength(1);
    expect(await countRows('conversion_map')).toBe(mapped + 19);
    const clearingActivity = await getAccountActivity(database.kysely, { accountCode: clearing, from: '2026-07-01', to: '2026-07-31', clock: testClock });
    expect(JSON.stringify(clearingActivity)).toContain('Conversion offset');

    const [maria] = await searchCustomers(database.kysely, { query: 'Maria Elena' });
    expect(maria?.accountNumbers).toHaveLength(1);
    const balances = await getCustomerReceivables(database.kysely, maria?.customerId as number, '2026-07-01' as never);
    expect(balances.totals.balanceCents).toBe(12_540 + 1_254);
    const [bakery] = await searchCustomers(database.kysely, { query: 'Golden Poppy' });
    const credit = await getCustomerReceivables(database.kysely, bakery?.customerId as number, '2026-07-01' as never);
    expect(credit.totals.balanceCents).toBe(-3_500);
    // The legacy account number stays on the account and in the customer's search text.
    const legacy = await sql<{ legalName: string }>`select c.legal_name as "legalName" from receivable_account ra
      join customer c on c.id = ra.customer_id
      where ra.legacy_account_number = '07-2231-01' and c.search_text like '%07-2231-01%'`.execute(database.kysely);
    expect(legacy.rows.map((row) => row.legalName)).toEqual(['Tran Van Minh']);
    // A clerk can type it as printed on an old bill.
    expect((await searchCustomers(database.kysely, { query: '07-2231-01' }))[0]?.legalName).toBe('Tran Van Minh');
    expect((await searchCustomers(database.kysely, { query: '07-2231' }))[0]?.legalName).toBe('Tran Van Minh');
    await expectClean();

    const counts = await Promise.all((['customer', 'parcel', 'receivable_account', 'receivable_item'] as const).map(countRows));
    const again = await importConversionFiles(database, { files: allSamples(), actor: testActor });
    expect(again.status).toBe('imported');
    expect(again.counts).toMatchObject({ customers: { created: 0, skipped: 4 }, balances: { created: 0, skipped: 5 } });
    expect(again.journalEntryIds).toEqual([]);
    expect(await Promise.all((['customer', 'parcel', 'receivable_account', 'receivable_item'] as const).map(countRows))).toEqual(counts);
    await expectClean();
  });

  it('keeps a formula-like name as given and neutralizes it in the CSV export', async () => {
    const stored = await sql<{ legalName: string }>`select legal_name as "legalName" from customer
      where legal_name like '=HYPERLINK%'`.execute(database.kysely);
    expect(stored.rows[0]?.legalName).toBe('=HYPERLINK("http://x","y")');
    const csv = await exportConversionXref(database.kysely);
    const records = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const row = records.find((record) => record.legacy_id === 'C0004');
    expect(row?.name).toBe(`'=HYPERLINK("http://x","y")`);
    const report = problemReportCsv([{ kind: 'customers', file: 'x.csv', row: 2, column: 'legal_name', value: '=cmd|calc', message: 'x' }]);
    expect(report).toContain(`'=cmd|calc`);
  });
});
