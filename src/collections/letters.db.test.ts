import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdfText } from '../documents/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { isAppError } from '../shared/errors.js';
import { cents } from '../shared/money.js';
import { createTestDatabase } from '../../test/support/database.js';
import { seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { utilityCustomer } from '../../test/support/utility-fixtures.js';
import {
  getNoticeLetter,
  insertNotices,
  listLetterTemplates,
  listNotices,
  noticeTypes,
  renderNoticePdf,
  renderNoticePdfs,
  renderPrintFile,
  saveLetterTemplate,
  type NewNotice,
} from './index.js';

let database: Database;
const day = '2026-11-23' as IsoDate;
let rosa: { id: number; customerId: number; accountNumber: string };
let tomas: { id: number; customerId: number; accountNumber: string };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  rosa = await utilityCustomer(database, { name: 'Rosa Alvarez' });
  tomas = await utilityCustomer(database, { name: 'Tomas {{accountNumber}} Reyes' });
  await sql`update customer set preferred_language = 'es-MX' where id = ${rosa.customerId}`.execute(database.kysely);
  await sql`insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
    values (${rosa.customerId}, 'PO Box 44', 'Alder Creek', 'CA', '95999', '2026-01-01', 'tester')`.execute(database.kysely);
});
afterAll(async () => database?.close());

const text = (pdf: Buffer) => extractPdfText(pdf).replace(/\s+/g, ' ');

function notice(account: { id: number }, overrides: Partial<NewNotice>): NewNotice {
  return { caseId: null, utilityAccountId: account.id, noticeType: 'late_notice', noticeDate: day, delivery: 'mail', amountDueCents: cents(18_250), ...overrides };
}

describe('notice letters', () => {
  it('prints the SB 998 notice in Spanish with what HSC 116908 requires, a stub with the scan line, and a copy to the occupant', async () => {
    const [inserted] = await insertNotices(database.kysely, [notice(rosa, {
      noticeType: 'sb998_notice', disconnectOnOrAfter: '2026-12-07' as IsoDate,
      data: { pastDueCents: 12_450, oldestDueDate: '2026-09-23', billNumbers: ['B-1'] },
    })], 'tester');
    const letter = await getNoticeLetter(database.kysely, inserted?.noticeNumber as string);
    expect(letter.template).toMatchObject({ noticeType: 'sb998_notice', language: 'es', version: 1 });
    expect(letter.missingFields).toEqual([]);
    expect(letter.mailingAddress.lines).toEqual(['PO Box 44', 'Alder Creek, CA 95999']);
    expect(letter.documents.map((document) => document.address.name)).toEqual(['Rosa Alvarez', 'Residente']);
    const { pdf } = await renderNoticePdf(database.kysely, inserted?.id as number, { compress: false });
    const printed = text(pdf);
    for (const expected of ['Rosa Alvarez', 'PO Box 44', rosa.accountNumber, '$124.50', '23 de septiembre de 2026', '7 de diciembre de 2026',
      '6 de diciembre de 2026', 'prórroga', 'apelación', 'amortización', 'chino, tagalo, vietnamita y coreano', '116908', 'COPIA PARA EL RESIDENTE',
      'Cantidad adjunta', '$182.50']) {
      expect(printed).toContain(expected);
    }
    const digits = rosa.accountNumber.replace(/\D/g, '').padStart(9, '0');
    expect(printed).toMatch(new RegExp(`UB ${digits} 0000018250 \\d`));
  });

  it('falls back to English where the language has no template, and never expands template syntax from customer data', async () => {
    await sql`update customer set preferred_language = 'tl' where id = ${tomas.customerId}`.execute(database.kysely);
    const [inserted] = await insertNotices(database.kysely, [notice(tomas, { data: { pastDueCents: 5_000, oldestDueDate: '2026-10-23', payByDate: '2026-12-04' } })], 'tester');
    const letter = await getNoticeLetter(database.kysely, inserted?.id as number);
    expect(letter.notice.language).toBe('tl');
    expect(letter.template?.language).toBe('en');
    const printed = text((await renderNoticePdf(database.kysely, inserted?.id as number, { compress: false })).pdf);
    expect(printed).toContain('Dear Tomas {{accountNumber}} Reyes,');
    expect(printed).toContain('December 4, 2026');
    expect(letter.documents).toHaveLength(1);
  });

  it('prints a door hanger on a hanger-sized page without a stub, and a lien notice to the owner named in the data', async () => {
    const [hanger, lien] = await insertNotices(database.kysely, [
      notice(rosa, { noticeType: 'door_hanger', delivery: 'posted', disconnectOnOrAfter: '2026-11-25' as IsoDate, data: { pastDueCents: 12_450, oldestDueDate: '2026-09-23' } }),
      notice(rosa, {
        noticeType: 'lien_notice', amountDueCents: cents(48_210), data: {
          ownerName: 'Hector Ruiz', apn: '055-120-101', lienAmountCents: 48_210, taxYear: '2027-28', hearingDate: '2027-06-15',
          hearingPlace: 'City Council Chambers', payByDate: '2027-05-31', addresseeName: 'Hector Ruiz', addresseeLines: ['9 Elm Ct', 'Fresno, CA 93701'],
        },
      }),
    ], 'tester');
    const hangerPdf = (await renderNoticePdf(database.kysely, hanger?.id as number, { compress: false })).pdf;
    expect(hangerPdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 306 792\]/);
    expect(text(hangerPdf)).toContain('Le pueden cortar el agua el 25 de noviembre de 2025'.replace('2025', '2026'));
    expect(text(hangerPdf)).not.toContain('Cantidad adjunta');
    const lienLetter = await getNoticeLetter(database.kysely, lien?.id as number);
    expect(lienLetter.documents[0]?.address).toEqual({ name: 'Hector Ruiz', lines: ['9 Elm Ct', 'Fresno, CA 93701'] });
    expect(lienLetter.missingFields).toEqual([]);
    expect(text((await renderNoticePdf(database.kysely, lien?.id as number, { compress: false })).pdf)).toContain('055-120-101');
  });

  it('gives a door hanger written without a shutoff date its case\'s SB 998 date, and never a pay-by day on or after it', async () => {
    const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
      values (${tomas.id}, '2026-10-01', '2026-09-23', 'tester') returning id`.execute(database.kysely);
    const caseId = opened.rows[0]?.id as number;
    await insertNotices(database.kysely, [notice(tomas, { caseId, noticeType: 'sb998_notice', noticeDate: '2026-11-10' as IsoDate,
      disconnectOnOrAfter: '2026-11-30' as IsoDate, data: { payByDate: '2026-11-30' } })], 'tester');
    const [hanger] = await insertNotices(database.kysely, [notice(tomas, { caseId, noticeType: 'door_hanger', noticeDate: '2026-11-25' as IsoDate,
      delivery: 'posted', data: { pastDueCents: 5_000, oldestDueDate: '2026-09-23', payByDate: '2026-12-05' } })], 'tester');
    const letter = await getNoticeLetter(database.kysely, hanger?.id as number);
    expect(letter.notice.disconnectOnOrAfter).toBe('2026-11-30');
    expect(letter.mergeData.payBy).toBe('2026-11-29');
    expect(letter.missingFields).toEqual([]);
  });

  it('lists notices by day, type and account', async () => {
    expect((await listNotices(database.kysely, { noticeDate: day, noticeType: 'door_hanger' })).map((row) => row.accountNumber)).toEqual([rosa.accountNumber]);
    expect((await listNotices(database.kysely, { account: tomas.accountNumber })).map((row) => row.noticeType)).toEqual(['door_hanger', 'late_notice', 'sb998_notice']);
    await expect(listNotices(database.kysely, { noticeType: 'postcard' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('writes one print file per type and day and one file per notice, readable by pdftotext', async () => {
    const out = mkdtempSync(join(tmpdir(), 'notices-'));
    try {
      const run = await renderNoticePdfs(database.kysely, { noticeDate: day, out });
      expect(run.notices).toBe(4);
      expect(readdirSync(out).sort()).toEqual([
        '2026-11-23-door_hanger', '2026-11-23-door_hanger.pdf', '2026-11-23-late_notice', '2026-11-23-late_notice.pdf',
        '2026-11-23-lien_notice', '2026-11-23-lien_notice.pdf', '2026-11-23-sb998_notice', '2026-11-23-sb998_notice.pdf',
      ]);
      expect(run.files.find((file) => file.path.endsWith('sb998_notice.pdf'))?.letters).toBe(2);
      if (existsSync('/usr/bin/pdftotext')) {
        const extracted = execFileSync('/usr/bin/pdftotext', ['-layout', join(out, '2026-11-23-sb998_notice.pdf'), '-'], { encoding: 'utf8' });
        expect(extracted).toContain('Rosa Alvarez');
        expect(extracted).toContain('Residente');
      }
      const print = await renderPrintFile(database.kysely, { noticeDate: day, noticeType: 'late_notice' });
      expect(print.letters).toHaveLength(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('letter templates', () => {
  it('seeds English and Spanish for every notice type', async () => {
    const templates = await listLetterTemplates(database.kysely);
    for (const type of noticeTypes) {
      for (const language of ['en', 'es']) expect(templates.some((row) => row.noticeType === type && row.language === language), `${type} ${language}`).toBe(true);
    }
  });

  it('refuses an unknown merge field naming it, audits the refusal, and saves a valid template as the next version', async () => {
    const input = { noticeType: 'late_notice', language: 'tl', subject: 'Paalala: lampas na sa takdang petsa', body: 'Mahal na {{customerName}},\n\nBayaran ang {{amountDue}} bago ang {{payBy}}. {{balanceDue}}' };
    const refused = await saveLetterTemplate(database, { input, actor: testActor, clock: testClock }).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.message).toContain('body: unknown merge field {{balanceDue}}');
    const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'collections.save_letter_template' and outcome = 'refused'`.execute(database.kysely);
    expect(audit.rows[0]?.n).toBe(1);
    const saved = await saveLetterTemplate(database, { input: { ...input, body: input.body.replace(' {{balanceDue}}', '') }, actor: testActor, clock: testClock });
    expect(saved).toMatchObject({ version: 1, language: 'tl', effectiveFrom: '2026-11-23', fields: ['customerName', 'amountDue', 'payBy'] });
    const second = await saveLetterTemplate(database, { input: { ...input, body: 'Mahal na {{customerName}}, bayaran ang {{amountDue}}.' }, actor: testActor, clock: testClock });
    expect(second.version).toBe(2);
    await expect(saveLetterTemplate(database, { input: { ...input, language: 'en', isActive: false, body: 'x' }, actor: testActor, clock: testClock }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    await expect(sql`update letter_template set body = 'x' where id = ${saved.id}`.execute(database.kysely)).rejects.toThrow(/never changed or deleted/);
  });

  it('prints a notice written after a new version with it, and reprints an older notice as it first printed', async () => {
    const before = await listNotices(database.kysely, { account: tomas.accountNumber, noticeType: 'late_notice' });
    const [after] = await insertNotices(database.kysely, [notice(tomas, { noticeDate: '2026-11-24' as IsoDate, data: { payByDate: '2026-12-04' } })], 'tester');
    const newer = await getNoticeLetter(database.kysely, after?.id as number);
    expect(newer.template).toMatchObject({ language: 'tl', version: 2 });
    expect(text((await renderNoticePdf(database.kysely, after?.id as number, { compress: false })).pdf)).toContain('Mahal na Tomas');
    expect((await getNoticeLetter(database.kysely, before[0]?.id as number)).template?.language).toBe('en');
  });
});
