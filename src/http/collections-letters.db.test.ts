/**
 * Collection letters over HTTP, by role: the billing clerk lists the day's notices and opens their
 * PDFs and the day's print file, but cannot touch templates; the accountant (collections.setup)
 * lists, previews and saves templates, and an unknown merge field is refused by name.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotices, type LetterTemplate, type CollectionNotice } from '../collections/index.js';
import { extractPdfText } from '../documents/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { createTestDatabase } from '../../test/support/database.js';
import { seedCollections } from '../../test/support/collections-fixtures.js';
import { asUser, callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { utilityCustomer } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let accountant: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};
let noticeNumber = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  accountant = await testSession(app, database, { roles: ['accountant'] });
  const account = await utilityCustomer(database, { name: 'Lupe Ortega' });
  const [notice] = await insertNotices(database.kysely, [{
    caseId: null, utilityAccountId: account.id, noticeType: 'late_notice', noticeDate: '2026-11-23' as IsoDate, delivery: 'mail',
    amountDueCents: cents(9_900), data: { pastDueCents: 9_900, oldestDueDate: '2026-10-23', payByDate: '2026-12-04' },
  }], 'tester');
  noticeNumber = notice?.noticeNumber ?? '';
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('collection letters over HTTP', () => {
  it('lists the notices of a day and opens a notice\'s PDF and the day\'s print file', async () => {
    const listed = await as(clerk)<{ notices: CollectionNotice[] }>({ method: 'GET', url: '/api/collections/notices?date=2026-11-23&type=late_notice' });
    expect(listed.status).toBe(200);
    expect(listed.body.notices.map((notice) => [notice.noticeNumber, notice.customerName, notice.amountDueCents])).toEqual([[noticeNumber, 'Lupe Ortega', 9_900]]);
    const pdf = await app.inject(asUser(clerk, { method: 'GET', url: `/api/collections/notices/${noticeNumber}/pdf` }));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="${noticeNumber}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const print = await app.inject(asUser(clerk, { method: 'GET', url: '/api/collections/notices/print?date=2026-11-23&type=late_notice' }));
    expect(print.statusCode).toBe(200);
    expect(print.rawPayload.length).toBeGreaterThan(1000);
    expect((await as(clerk)({ method: 'GET', url: '/api/collections/notices/N-2026-999999/pdf' })).status).toBe(404);
    expect((await as(clerk)({ method: 'GET', url: '/api/collections/letter-templates' })).status).toBe(403);
  });

  it('lets the accountant list, preview and save templates, refusing an unknown merge field by name', async () => {
    const listed = await as(accountant)<{ templates: LetterTemplate[]; mergeFields: Array<{ name: string }> }>({ method: 'GET', url: '/api/collections/letter-templates?type=late_notice' });
    expect(listed.body.templates.map((template) => template.language).sort()).toEqual(['en', 'es']);
    expect(listed.body.mergeFields.map((field) => field.name)).toContain('disconnectOnOrAfter');
    const english = listed.body.templates.find((template) => template.language === 'en') as LetterTemplate;
    const preview = await as(accountant)<{ problems: unknown[]; blocks: Array<{ text?: string }> }>({
      method: 'POST', url: '/api/collections/letter-templates/preview', payload: { language: 'es', subject: 'Hola', body: 'Debe {{amountDue}} el {{payBy}}. {{oops}}\n\nHorario: {{officeHours}}' },
    });
    expect(preview.body.problems).toEqual([{ field: 'body', message: 'unknown merge field {{oops}}' }]);
    expect(preview.body.blocks[0]?.text).toBe('Debe $182.50 el 4 de diciembre de 2026. {{oops}}');
    expect(preview.body.blocks[1]?.text).toBe('Horario: de lunes a viernes, de 8 AM a 5 PM');
    const refused = await as(accountant)({ method: 'POST', url: '/api/collections/letter-templates', payload: { noticeType: 'late_notice', language: 'en', subject: english.subject, body: `${english.body}\n\n{{oops}}` } });
    expect(refused.status).toBe(400);
    expect(refused.error.message).toContain('unknown merge field {{oops}}');
    const saved = await as(accountant)<LetterTemplate>({ method: 'POST', url: '/api/collections/letter-templates', payload: { noticeType: 'late_notice', language: 'en', subject: english.subject, body: `${english.body}\n\nThank you.`, changeNote: 'Thank the customer' } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 2, effectiveFrom: '2026-11-23', createdBy: accountant.username });
    const got = await as(accountant)<LetterTemplate & { versions: LetterTemplate[] }>({ method: 'GET', url: `/api/collections/letter-templates/${saved.body.id}` });
    expect(got.body.versions.map((version) => version.version)).toEqual([1, 2]);
    // The notice was written before version 2: it reprints as it first printed.
    const reprint = await app.inject(asUser(clerk, { method: 'GET', url: `/api/collections/notices/${noticeNumber}/pdf` }));
    expect(extractPdfText(reprint.rawPayload)).not.toContain('Thank you.');
  });
});
