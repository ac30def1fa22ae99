import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/errors.js';
import {
  dataKeysOf,
  formatLetterDate,
  isMergeField,
  mergeFieldNames,
  mergeLetter,
  MISSING_VALUE,
  sampleMergeData,
  templateFields,
  templateProblems,
  validateTemplate,
  type MergeData,
} from './letter-merge.js';
import { noticeTypes } from './types.js';

/** The seeded templates, read from the migration itself (type, language, subject, body). */
function seededTemplates(): Array<{ noticeType: string; language: string; subject: string; body: string }> {
  const migration = readFileSync(new URL('../../migrations/027_letter_templates.sql', import.meta.url), 'utf8');
  const pattern = /\('([a-z0-9_]+)', '([a-z]{2})', 1, '[0-9-]+', '((?:[^']|'')*)', \$body\$([\s\S]*?)\$body\$/g;
  return [...migration.matchAll(pattern)].map((match) => ({
    noticeType: match[1] as string, language: match[2] as string, subject: (match[3] as string).replace(/''/g, '\''), body: (match[4] as string).trim(),
  }));
}

function problemsOf(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return ((error.details.problems ?? []) as Array<{ field: string; message: string }>).map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('letter templates', () => {
  it('seeds English and Spanish for every notice type, each using only known merge fields', () => {
    const seeded = seededTemplates();
    expect(seeded).toHaveLength(noticeTypes.length * 2);
    for (const type of noticeTypes) {
      for (const language of ['en', 'es']) {
        const template = seeded.find((row) => row.noticeType === type && row.language === language);
        expect(template, `${type} ${language}`).toBeDefined();
        expect(templateProblems(template as { subject: string; body: string }), `${type} ${language}`).toEqual([]);
      }
    }
  });

  it('gives the Spanish template of a type the same merge fields as the English one', () => {
    const seeded = seededTemplates();
    for (const type of noticeTypes) {
      const [en, es] = ['en', 'es'].map((language) => seeded.find((row) => row.noticeType === type && row.language === language));
      expect(new Set(templateFields(es as { subject: string; body: string })), type).toEqual(new Set(templateFields(en as { subject: string; body: string })));
    }
  });

  it('puts in the SB 998 notice and the door hanger what Health and Safety Code 116908 requires', () => {
    const sb998 = seededTemplates().filter((row) => row.noticeType === 'sb998_notice' || row.noticeType === 'door_hanger');
    for (const template of sb998) {
      const fields = templateFields(template);
      // (i) name and address, (ii) the amount delinquent, (iii) the date to pay or arrange by.
      for (const field of ['customerName', 'serviceAddress', 'pastDue', 'payBy', 'disconnectOnOrAfter', 'officePhone']) {
        expect(fields, `${template.noticeType} ${template.language} ${field}`).toContain(field);
      }
      const text = template.body.toLowerCase();
      const words = template.language === 'en'
        ? ['extension', 'review', 'appeal', 'amortization', 'alternative', 'deferred', 'reduced', 'spanish, chinese, tagalog, vietnamese', 'korean', '10 percent', '116908']
        : ['prórroga', 'revisión', 'apelación', 'amortización', 'alternativo', 'aplazado', 'reducido', 'español, chino, tagalo, vietnamita', 'coreano', '10 por ciento', '116908'];
      for (const word of words) expect(text, `${template.noticeType} ${template.language}: ${word}`).toContain(word);
    }
    const letter = sb998.find((row) => row.noticeType === 'sb998_notice' && row.language === 'en');
    expect(templateFields(letter as { subject: string; body: string })).toContain('mailingAddress');
  });

  it('refuses an unknown merge field when a template is saved, naming the field', () => {
    const problems = problemsOf(() => validateTemplate({ subject: 'Hello {{customerName}}', body: 'You owe {{amountDue}} by {{paybyDate}}.' }));
    expect(problems).toEqual(['body: unknown merge field {{paybyDate}}']);
    expect(problemsOf(() => validateTemplate({ subject: '{{nope}}', body: 'x' }))).toEqual(['subject: unknown merge field {{nope}}']);
  });

  it('refuses braces that are not a merge field, characters the font cannot print, an empty body', () => {
    expect(problemsOf(() => validateTemplate({ subject: 'S', body: 'Pay {{amount Due}} now' }))).toEqual(['body: has "{{" that is not a merge field like {{customerName}}']);
    expect(problemsOf(() => validateTemplate({ subject: 'S', body: '您的水费 {{amountDue}}' }))[0]).toMatch(/^body: has characters the letter font cannot print: 您/);
    expect(problemsOf(() => validateTemplate({ subject: 'S', body: '  ' }))).toEqual(['body: is required']);
    expect(problemsOf(() => validateTemplate({ subject: 'Aviso de atraso — ñ, é, ¿?', body: 'Pagué €5 “ya”.' }))).toEqual([]);
  });
});

describe('merging', () => {
  const template = {
    subject: 'Notice {{noticeNumber}}',
    body: 'Dear {{customerName}},\n\nYou owe {{amountDue}}, due {{payBy}}.\n\n## Schedule\n{{installmentSchedule}}\n\n- Call {{officePhone}}\n- Bills: {{billNumbers}}',
  };

  it('fills fields: money from cents, dates in the language, lines as lines, lists joined', () => {
    const data: MergeData = {
      noticeNumber: 'N-2026-000001', customerName: 'Rosa Alvarez', amountDue: 123_456, payBy: '2026-12-04',
      installmentSchedule: ['1. January 12, 2027: $20.75', '2. February 12, 2027: $20.75'], officePhone: '(530) 555-0100',
      billNumbers: ['B-1', 'B-2'],
    };
    const merged = mergeLetter(template, data, 'en');
    expect(merged.subject).toBe('Notice N-2026-000001');
    expect(merged.blocks).toEqual([
      { kind: 'paragraph', text: 'Dear Rosa Alvarez,' },
      { kind: 'paragraph', text: 'You owe $1,234.56, due December 4, 2026.' },
      { kind: 'heading', text: 'Schedule' },
      { kind: 'lines', lines: ['1. January 12, 2027: $20.75', '2. February 12, 2027: $20.75'] },
      { kind: 'bullets', items: ['Call (530) 555-0100', 'Bills: B-1, B-2'] },
    ]);
    expect(merged.missingFields).toEqual([]);
    expect(mergeLetter(template, data, 'es').blocks[1]).toEqual({ kind: 'paragraph', text: 'You owe $1,234.56, due 4 de diciembre de 2026.' });
  });

  it('prints a blank for a field the data lacks and reports it', () => {
    const merged = mergeLetter(template, { customerName: 'Rosa', amountDue: 'not cents', payBy: '2026-02-30' }, 'en');
    expect(merged.missingFields).toEqual(['noticeNumber', 'amountDue', 'payBy', 'installmentSchedule', 'officePhone', 'billNumbers']);
    expect(merged.blocks[1]).toEqual({ kind: 'paragraph', text: `You owe ${MISSING_VALUE}, due ${MISSING_VALUE}.` });
    expect(merged.blocks[3]).toEqual({ kind: 'lines', lines: [MISSING_VALUE] });
  });

  it('formats dates in the letter\'s language', () => {
    expect(formatLetterDate('2026-11-23', 'en')).toBe('November 23, 2026');
    expect(formatLetterDate('2026-11-23', 'es')).toBe('23 de noviembre de 2026');
    expect(formatLetterDate('2027-01-01', 'tl')).toMatch(/2027/);
  });

  it('never lets customer data add template syntax: values print as written, on one line (property)', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom('{{accountNumber}}', '\n## Heading\n- bullet', '{{', '}}', '$&', '$1', '{{customerName}}{{amountDue}}', '\n\n'),
    );
    fc.assert(fc.property(hostile, hostile, (name, address) => {
      const merged = mergeLetter(
        { subject: '{{customerName}}', body: 'Dear {{customerName}},\n\n{{serviceAddress}}\n\n## Account {{accountNumber}}' },
        { customerName: name, serviceAddress: address, accountNumber: 'UB-100001' },
        'en',
      );
      const texts = merged.blocks.map((block) => ('text' in block ? block.text : ''));
      expect(merged.blocks.map((block) => block.kind)).toEqual(['paragraph', 'paragraph', 'heading']);
      const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
      expect(texts[0]).toBe(`Dear ${oneLine(name) || MISSING_VALUE},`);
      expect(texts[1]).toBe(oneLine(address) || MISSING_VALUE);
      expect(texts[2]).toBe('Account UB-100001');
      expect(merged.subject).not.toContain('\n');
    }));
  });

  it('fills every field of every seeded template from the sample data, leaving none blank (property over types)', () => {
    const sample = sampleMergeData();
    for (const seeded of seededTemplates()) {
      const merged = mergeLetter(seeded, sample, seeded.language);
      expect(merged.missingFields, `${seeded.noticeType} ${seeded.language}`).toEqual([]);
      expect(JSON.stringify(merged.blocks)).not.toMatch(/\{\{|\}\}/);
    }
    expect(mergeFieldNames.every(isMergeField)).toBe(true);
  });

  it('lists the notice data keys each seeded template reads', () => {
    const keys = Object.fromEntries(seededTemplates().filter((row) => row.language === 'en').map((row) => [row.noticeType, dataKeysOf(row)]));
    expect(keys.sb998_notice).toEqual(expect.arrayContaining(['pastDueCents', 'oldestDueDate', 'payByDate']));
    expect(keys.lien_notice).toEqual(expect.arrayContaining(['ownerName', 'apn', 'lienAmountCents', 'taxYear', 'hearingDate', 'hearingPlace']));
    expect(keys.arrangement_offer).toEqual(expect.arrayContaining(['arrangementNumber', 'arrangementOffer', 'installments']));
  });
});
