import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotices } from '../collections/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser } from '../../test/support/http.js';
import { seedCollections } from '../../test/support/collections-fixtures.js';
import { utilityCustomer } from '../../test/support/utility-fixtures.js';

let database: Database;
let out: string;
const civic = civicRunner(() => database);
let noticeNumber = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  out = mkdtempSync(join(tmpdir(), 'civic-notices-'));
  const account = await utilityCustomer(database, { name: 'Lupe Ortega' });
  const [notice] = await insertNotices(database.kysely, [{
    caseId: null, utilityAccountId: account.id, noticeType: 'final_notice', noticeDate: '2026-11-23' as IsoDate, delivery: 'mail',
    amountDueCents: cents(9_900), disconnectOnOrAfter: '2026-12-07' as IsoDate, data: { pastDueCents: 9_900, oldestDueDate: '2026-10-23' },
  }], 'tester');
  noticeNumber = notice?.noticeNumber ?? '';
});
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await database?.close();
});

describe('civic collections notices and templates', () => {
  it('lists a day\'s notices, prints them into a folder and writes one notice\'s PDF', async () => {
    const listed = await civic('collections', 'notices', 'list', '--date', '2026-11-23');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(noticeNumber);
    expect(listed.stdout).toContain('$99.00');
    const printed = await civic('collections', 'notices', 'print', '--date', '2026-11-23', '--out', out);
    expect(printed.stderr).toBe('');
    expect(printed.stdout).toContain('1 notices of 2026-11-23 printed');
    expect(readdirSync(out).sort()).toEqual(['2026-11-23-final_notice', '2026-11-23-final_notice.pdf']);
    const file = join(out, 'one.pdf');
    const pdf = await civic('collections', 'notices', 'pdf', noticeNumber, '--out', file);
    expect(pdf.stdout).toContain('final_notice to Lupe Ortega, template en v1');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows a template as a file, saves an edited copy as the next version, and refuses an unknown field by name', async () => {
    const shown = await civic('collections', 'templates', 'show', 'final_notice/es');
    expect(shown.stdout).toMatch(/^noticeType: final_notice\nlanguage: es\nsubject: Aviso final/);
    const file = join(out, 'final-es.txt');
    writeFileSync(file, shown.stdout.replace('Este es nuestro aviso final.', 'Este es nuestro último aviso.'));
    const saved = await civic('collections', 'templates', 'save', file, '--note', 'Wording');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Saved final_notice/es version 2');
    writeFileSync(file, shown.stdout.replace('{{pastDue}}', '{{pastDew}}'));
    const refused = await civic('collections', 'templates', 'save', file);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('unknown merge field {{pastDew}}');
    const listed = await civic('collections', 'templates', 'list', '--type', 'final_notice');
    expect(listed.stdout).toMatch(/final_notice\s+es\s+2/);
  });

  it('needs collections.setup for templates', async () => {
    const { username } = await createTestUser(database, { roles: ['billing_clerk'] });
    expect((await civic('--as', username, 'collections', 'notices', 'list')).code).toBe(0);
    const denied = await civic('--as', username, 'collections', 'templates', 'list');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('collections.setup');
  });
});
