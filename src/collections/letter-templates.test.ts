import { describe, expect, it } from 'vitest';
import { baseLanguage, chooseTemplate } from './letter-templates.js';

const template = (language: string, version: number, effectiveFrom: string, createdAt: string, isActive = true) =>
  ({ noticeType: 'late_notice' as const, language, version, effectiveFrom, createdAt, isActive, id: `${language}${version}` });

const templates = [
  template('en', 1, '2020-01-01', '2020-01-01T00:00:00.000000Z'),
  template('en', 2, '2026-12-01', '2026-11-20T10:00:00.000000Z'),
  template('es', 1, '2020-01-01', '2020-01-01T00:00:00.000000Z'),
  template('es', 2, '2026-11-01', '2026-10-01T00:00:00.000000Z', false),
  template('tl', 1, '2026-11-23', '2026-11-23T20:00:00.000000Z'),
];

describe('choosing the template a notice prints with', () => {
  it.each([
    ['the highest version in effect on the notice date', { language: 'en', noticeDate: '2026-11-23', createdAt: '2026-11-23T12:00:00.000000Z' }, 'en1'],
    ['a version in effect and saved before the notice', { language: 'en', noticeDate: '2026-12-02', createdAt: '2026-12-02T12:00:00.000000Z' }, 'en2'],
    ['English when the language\'s version in effect is inactive', { language: 'es-MX', noticeDate: '2026-11-23', createdAt: '2026-11-23T12:00:00.000000Z' }, 'en1'],
    ['the language\'s older version before the inactive one took effect', { language: 'es', noticeDate: '2026-10-15', createdAt: '2026-10-15T12:00:00.000000Z' }, 'es1'],
    ['English for a notice written before the language had a template (a reprint says the same)', { language: 'tl', noticeDate: '2026-11-23', createdAt: '2026-11-23T12:00:00.000000Z' }, 'en1'],
    ['the language once its template was saved', { language: 'tl', noticeDate: '2026-11-23', createdAt: '2026-11-23T21:00:00.000000Z' }, 'tl1'],
    ['English for a language without any template', { language: 'ko', noticeDate: '2026-11-23', createdAt: '2026-11-23T12:00:00.000000Z' }, 'en1'],
  ])('picks %s', (_name, notice, expected) => {
    expect(chooseTemplate(templates, { noticeType: 'late_notice', ...notice })?.id).toBe(expected);
  });

  it('finds nothing for a type without templates', () => {
    expect(chooseTemplate(templates, { noticeType: 'lien_notice', language: 'en', noticeDate: '2026-11-23', createdAt: '2026-11-23T12:00:00.000000Z' })).toBeNull();
  });

  it('reads the base of a language tag', () => {
    expect(['es-MX', 'EN', 'zh-Hant', 'tl'].map(baseLanguage)).toEqual(['es', 'en', 'zh', 'tl']);
  });
});
