/** `civic utility …` and `civic bills …` in-process on a real database: a move-in, a bill run from the command line, the PDFs, a move-out. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, seedUtility } from '../../test/support/utility-fixtures.js';

let database: Database;
const civic = civicRunner(() => database, { clock: testClock });

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
  await createTestUser(database, { roles: ['billing_clerk'], username: 'linh.nguyen' });
  await createTestUser(database, { roles: ['cashier'], username: 'jo.cashier' });
});
afterAll(async () => database?.close());

describe('civic utility and civic bills', () => {
  it('starts service, runs, reviews, finalizes and prints a cycle, and stops service', async () => {
    const customer = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
      values ('C-555001', 'person', 'Rita Moreno', 'tester') returning id`.execute(database.kysely);
    const parcel = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
      values ('066-100-101', '12 Elm St', 'Alder Creek', '95603', 'tester') returning id`.execute(database.kysely);
    const location = await sql<{ id: number }>`insert into service_location (parcel_id, location_number, address_line1, created_by)
      values (${parcel.rows[0]?.id}, 'L-955001', '12 Elm St', 'tester') returning id`.execute(database.kysely);
    const clerk = ['--as', 'linh.nguyen'];
    expect((await civic(...clerk, 'utility', 'meter', 'add', 'CLI-100', '--size', '5/8')).stdout).toContain('added to stock');
    expect((await civic(...clerk, 'utility', 'meter', 'install', 'CLI-100', '--location', String(location.rows[0]?.id), '--on', '2026-09-15', '--reading', '500')).stdout)
      .toContain('installed');
    const started = await civic(...clerk, 'utility', 'start', '--customer', String(customer.rows[0]?.id), '--location', String(location.rows[0]?.id),
      '--class', 'single_family', '--cycle', 'C1', '--route', 'R1', '--on', '2026-10-01', '--water', 'WATER-T', '--meter', 'CLI-100', '--sewer', 'SEWER-F');
    expect(started.stderr).toBe('');
    const accountNumber = /Started (UB-\d+)/.exec(started.stdout)?.[1] as string;
    expect(accountNumber).toBeDefined();
    expect((await civic(...clerk, 'utility', 'start', '--customer', String(customer.rows[0]?.id), '--location', String(location.rows[0]?.id),
      '--class', 'nope', '--cycle', 'C1', '--on', '2026-10-01', '--sewer', 'SEWER-F')).stderr).toContain('classCode');
    expect((await civic('--as', 'jo.cashier', 'bills', 'run', '--cycle', 'C1', '--through', '2026-10-31')).code).not.toBe(0);

    await acceptedRead(database, 'CLI-100', '2026-10-31', 512);
    const run = await civic(...clerk, 'bills', 'run', '--cycle', 'C1', '--through', '2026-10-31', '--bill-date', '2026-11-02');
    expect(run.stderr).toBe('');
    const runNumber = /(BR-\d{4}-\d+)/.exec(run.stdout)?.[1] as string;
    expect(run.stdout).toContain('TENTATIVE');
    const register = await civic(...clerk, 'bills', 'register', runNumber, '--all');
    expect(register.stdout).toContain(accountNumber);
    expect(register.stdout).toContain('520-7200-44600');
    expect((await civic(...clerk, 'bills', 'run', '--cycle', 'C1', '--through', '2026-10-31')).stdout).toContain('Nothing new');
    expect((await civic(...clerk, 'bills', 'finalize', runNumber)).stdout).toContain('Finalized');
    const billNumber = /(B-\d{7,})/.exec(register.stdout)?.[1] as string;
    const shown = await civic(...clerk, 'bills', 'show', billNumber);
    expect(shown.stdout).toContain('FINAL');
    expect(shown.stdout).toContain('CLI-100');
    const out = mkdtempSync(join(tmpdir(), 'civic-bills-'));
    const printed = await civic(...clerk, 'bills', 'pdf', runNumber, '--out', out, '--workers', '1');
    expect(printed.stderr).toBe('');
    expect(readdirSync(out)).toContain(`${runNumber}-part-001.pdf`);
    expect(readdirSync(join(out, 'bills'))).toContain(`${billNumber}.pdf`);
    expect((await civic(...clerk, 'utility', 'account', accountNumber)).stdout).toContain(billNumber);
    expect((await civic(...clerk, 'utility', 'rates', 'list')).stdout).toContain('WATER-T');

    const stopped = await civic(...clerk, 'utility', 'stop', accountNumber, '--on', '2026-11-20', '--meter', 'CLI-100', '--reading', '520');
    expect(stopped.stdout).toContain('stops on 2026-11-20');
    expect((await civic(...clerk, 'utility', 'stop', accountNumber, '--on', '2026-11-21')).stderr).toContain('already stops');
  });
});
