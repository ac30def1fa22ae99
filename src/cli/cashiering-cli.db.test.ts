/** `civic cashiering ...` in-process on a real database: the daily report, sessions, receipt PDF, deposit, a returned check with its notice. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDrawerSession, emailReceipt, openDrawerSession, takePayment, testCardProcessor } from '../cashiering/index.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { customerOwing, seedCashiering } from '../../test/support/cashiering-fixtures.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';

let database: Database;
let receiptNumber: string;
let batchNumber: string;
const folder = mkdtempSync(join(tmpdir(), 'civic-cashiering-'));

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCashiering(database);
  // Mailing addresses so the notice has somewhere to go.
  const cashier = principal('lee', ['cashiering.counter']);
  const session = await openDrawerSession(database, { input: { drawer: 'D1', openingCount: { bill_20: 5 } }, actor: cashier, clock: testClock });
  const { water, customerId } = await customerOwing(database, { water: 4_200 }, 'Notice Person');
  await sql`insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
    values (${customerId}, '12 Oak St', 'Alder Creek', 'CA', '95999', '2026-01-01', 'tester')`.execute(database.kysely);
  const paid = await takePayment(database, { input: { lines: [{ account: water.accountNumber, amountCents: 4_200 }], tenders: [{ type: 'check', amountCents: 4_200, checkNumber: '501' }],
    idempotencyKey: 'cli-1' }, actor: cashier, clock: testClock, processor: testCardProcessor });
  receiptNumber = paid.receipt.receiptNumber;
  batchNumber = session.batchNumber;
  await closeDrawerSession(database, { sessionId: session.id, input: { cash: { bill_20: 5 }, checksCents: 4_200 }, actor: cashier, clock: testClock, signOffThresholdCents: cents(500) });
});
afterAll(async () => database?.close());

const civicArgs = civicRunner(() => database, { clock: testClock });
const civic = (args: string[]) => civicArgs(...args);

describe('civic cashiering', () => {
  it('prints the daily report, the sessions and a receipt as a PDF marked COPY', async () => {
    const report = await civic(['cashiering', 'report']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('1 receipts, $42.00');
    expect(report.stdout).toContain('510-0000-12200');
    const sessions = await civic(['cashiering', 'sessions']);
    expect(sessions.stdout).toContain(batchNumber);
    const pdf = join(folder, 'receipt.pdf');
    const written = await civic(['cashiering', 'receipt', receiptNumber, '--pdf', pdf]);
    expect(written.code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('deposits the batch (two people) and records the check coming back, with its notice', async () => {
    const prepared = await civic(['cashiering', 'deposit', 'prepare', batchNumber, '--bag', 'B-77']);
    expect(prepared.code).toBe(0);
    const depositNumber = /Prepared (DEP-\d+)/.exec(prepared.stdout)?.[1] as string;
    const refused = await civic(['cashiering', 'deposit', 'verify', depositNumber]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('second person');
    const notice = join(folder, 'notice.pdf');
    const returned = await civic(['cashiering', 'return', receiptNumber, '--reason', 'nsf', '--notice', notice]);
    expect(returned.code).toBe(0);
    expect(returned.stdout).toContain('fee $25.00');
    expect(readFileSync(notice).subarray(0, 4).toString()).toBe('%PDF');
    const bad = await civic(['cashiering', 'return', receiptNumber, '--reason', 'nsf']);
    expect(bad.code).not.toBe(0);
  });

  it('imports a lockbox file once, lists what it could not match, and applies it', async () => {
    const { water } = await customerOwing(database, { water: 3_000 }, 'Lockbox Person');
    const file = join(folder, 'lockbox.csv');
    writeFileSync(file, `Deposit Date,Account,Amount,Check No,Routing,Check Account,Remitter\r\n11/23/2026,${water.accountNumber},30.00,5012,321076470,11223344,Lockbox Person\r\n` +
      '11/23/2026,UB-999999,12.00,88,321076470,55667788,Somebody Else\r\n');
    const imported = await civic(['cashiering', 'lockbox', 'import', file, '--layout', 'credit_union_csv']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('1 payments posted, $30.00; 1 held for a clerk, $12.00');
    const again = await civic(['cashiering', 'lockbox', 'import', file, '--layout', 'credit_union_csv']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('imported already');
    const exceptions = await civic(['cashiering', 'lockbox', 'exceptions']);
    const id = /^\s*(\d+)\s+B-/m.exec(exceptions.stdout)?.[1] as string;
    expect(id).toBeDefined();
    const { water: other } = await customerOwing(database, { water: 1_200 }, 'Somebody Else');
    const applied = await civic(['cashiering', 'lockbox', 'apply', id, other.accountNumber, '--note', 'found by name']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied $12.00');
  });

  it('lists an emailed receipt in the mail outbox, waiting for SMTP_URL', async () => {
    await emailReceipt(database, { receiptNumber, to: 'Payer@Example.com', pdf: new Uint8Array([37, 80, 68, 70]), actor: principal('lee', ['cashiering.counter']), cityName: 'City of Alder Creek' });
    const outbox = await civic(['mail', 'outbox']);
    expect(outbox.code).toBe(0);
    expect(outbox.stdout).toContain('payer@example.com');
    expect(outbox.stdout).toContain(`Receipt ${receiptNumber}`);
    expect(outbox.stdout).toContain('queued');
    expect(outbox.stderr).toContain('SMTP_URL is not set');
    const send = await civic(['mail', 'send']);
    expect(send.code).not.toBe(0);
    expect(send.stderr).toMatch(/SMTP_URL/);
    const badStatus = await civic(['mail', 'outbox', '--status', 'lost']);
    expect(badStatus.code).not.toBe(0);
    expect(badStatus.stderr).toContain('--status');
  });
});
