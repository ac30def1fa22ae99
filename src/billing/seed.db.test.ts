import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { importChartCsv, setUpFiscalYear } from '../ledger/index.js';
import { buildDemoChartCsv } from '../demo/index.js';
import { BILLING_DEMO_ITEMS, createInvoice, listBillingItems, listDunningStages, listLateChargeAccounts, seedBillingCatalog, seedDunningStages } from './index.js';
import { insertCustomer } from '../../test/support/billing-fixtures.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await importChartCsv(database, { csvText: buildDemoChartCsv(), actor: testActor });
  await setUpFiscalYear(database, { fiscalYear: 2027, actor: testActor });
});
afterAll(async () => database?.close());

describe('demo seeds', () => {
  it('seed the catalog on the demo chart once, and it invoices', async () => {
    const first = await seedBillingCatalog(database, testActor);
    expect(first.itemsCreated).toHaveLength(BILLING_DEMO_ITEMS.length);
    expect((await seedBillingCatalog(database, testActor)).itemsCreated).toEqual([]);
    await seedDunningStages(database, testActor);
    expect((await listDunningStages(database.kysely)).map((stage) => stage.code)).toEqual(['reminder', 'second_notice', 'final_notice']);
    expect(await listLateChargeAccounts(database.kysely)).toEqual([{ fundCode: '100', penaltyAccountCode: '100-1510-47300', interestAccountCode: '100-1510-47400' }]);
    expect((await listBillingItems(database.kysely)).every((item) => item.fundCode === '100')).toBe(true);
    const customer = await insertCustomer(database);
    const { invoice } = await createInvoice(database, {
      input: { customer: customer.id, invoiceDate: '2026-09-01', lines: [{ item: 'RECORDS_COPIES', quantity: 12 }, { item: 'DUI_RESPONSE', unitPrice: '1850.00' }] },
      actor: testActor,
    });
    expect(invoice.totalCents).toBe(120 + 185_000);
  });
});
