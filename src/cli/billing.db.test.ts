/** `civic billing ...` and `civic customers statement` in-process on a real database. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { insertCustomer, seedBilling } from '../../test/support/billing-fixtures.js';

let database: Database;
let directory: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedBilling(database);
  directory = mkdtempSync(path.join(tmpdir(), 'civic-billing-'));
});
afterAll(async () => {
  await database?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const civic = civicRunner(() => database);

describe('civic billing', () => {
  it('lists items, invoices, accrues, runs dunning with a PDF and writes a statement', async () => {
    const items = await civic('billing', 'items');
    expect(items.stdout).toContain('FALSE_ALARM');
    const customer = await insertCustomer(database, { name: 'Cli Customer' });
    const invoiced = await civic('billing', 'invoice', '--customer', customer.customerNumber, '--item', 'FALSE_ALARM', '--qty', '1', '--date', '2026-08-01');
    expect(invoiced.code, invoiced.stderr).toBe(0);
    expect(invoiced.stdout).toMatch(/Invoiced INV-2026-\d{6}: \$150\.00/);
    const bad = await civic('billing', 'invoice', '--customer', customer.customerNumber, '--item', 'PROPERTY_DAMAGE', '--date', '2026-08-01');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('lines[0].unitPriceCents');

    const accrued = await civic('billing', 'accrue', '--as-of', '2026-09-30');
    expect(accrued.code, accrued.stderr).toBe(0);
    expect(accrued.stdout).toContain('penalties $15.00');

    const pdfFile = path.join(directory, 'letters.pdf');
    const dunning = await civic('billing', 'dunning', '--as-of', '2026-10-01', '--pdf', pdfFile);
    expect(dunning.code, dunning.stderr).toBe(0);
    expect(dunning.stdout).toContain(customer.customerNumber);
    const letters = readFileSync(pdfFile);
    expect(letters.subarray(0, 5).toString()).toBe('%PDF-');

    const statementFile = path.join(directory, 'statement.pdf');
    const statement = await civic('customers', 'statement', customer.customerNumber, '--from', '2026-08-01', '--to', '2026-10-31', '--pdf', statementFile);
    expect(statement.code, statement.stderr).toBe(0);
    expect(statement.stdout).toContain('amount due $166.50');
    expect(readFileSync(statementFile).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a user without billing.invoice', async () => {
    const answer = await civic('--as', 'nobody', 'billing', 'items');
    expect(answer.code).toBe(1);
  });
});
