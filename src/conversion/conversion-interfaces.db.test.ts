/** The conversion's doors: POST /api/conversion/:kind and `civic import`, on a real database. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { seedReceivables } from '../../test/support/receivables-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { buildServer } from '../http/index.js';
import { civicRunner } from '../../test/support/cli.js';

let database: Database;
let app: FastifyInstance;
let importer: TestSession;
let reader: TestSession;
let session: TestSession | null = null;
const directory = mkdtempSync(path.join(tmpdir(), 'civic-conversion-'));
const call = callerFor(() => ({ app, session }));

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReceivables(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  importer = await testSession(app, database, { permissions: ['conversion.import'] });
  reader = await testSession(app, database, { permissions: ['customers.read'] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(directory, { recursive: true, force: true });
});

const civicArgs = civicRunner(() => database, { clock: testClock });
const civic = (args: string[]) => civicArgs(...args);

const parcels = `apn,situs_line1,situs_city,situs_zip
111-222-333,1 Elm St,Alder Creek,95603
111-222-33X,2 Elm St,Alder Creek,95603
`;

describe('conversion over HTTP and the CLI', () => {
  it('dry-runs, refuses a file with problems, imports good rows when asked, and checks permission', async () => {
    const post = (query: string) => call<{ status: string; counts: Record<string, { created: number }> }>({
      method: 'POST', url: `/api/conversion/parcels${query}`, payload: parcels, headers: { 'content-type': 'text/csv' },
    });
    session = reader;
    expect((await post('?dryRun=true')).status).toBe(403);
    session = importer;
    const dry = await post('?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'dry_run', counts: { parcels: { created: 1, rowsWithProblems: 1 } } });
    const refused = await post('');
    expect(refused.status).toBe(400);
    expect(refused.error.details.problems).toEqual([expect.objectContaining({ row: 3, field: 'apn', value: '111-222-33X' })]);
    const partial = await post('?acceptPartial=true');
    expect(partial.body).toMatchObject({ status: 'imported', counts: { parcels: { created: 1 } } });
  });

  it('imports with civic import, writes the problem report beside the file, and sets offsets', async () => {
    const file = path.join(directory, 'customers.csv');
    writeFileSync(file, 'legacy_id,type,legal_name,email\nX1,person,"=1+2",x1@example.com\nX2,robot,Bad Type,\n');
    const rejected = await civic(['import', 'customers', file]);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain('Nothing was imported');
    expect(rejected.stdout).toContain('row 3, type');
    const report = readFileSync(`${file}.problems.csv`, 'utf8');
    expect(report).toContain('customers,3,type,robot');
    const imported = await civic(['import', 'customers', file, '--accept-partial']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported \(import \d+, good rows only\)/);
    const xref = await civic(['import', 'xref']);
    expect(xref.stdout).toContain(`'=1+2`);
    const offset = await civic(['import', 'offset', '100', '100-0000-39000']);
    expect(offset.code, offset.stderr).toBe(0);
  });
});
