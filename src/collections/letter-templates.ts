/**
 * Letter templates of collection notices (migration 027): list, get, save a new version. A saved
 * template is never changed: saving makes the next version of its type and language, validated
 * (unknown merge fields refused by name, see letter-merge.ts) and audited. The choice of the
 * template a notice prints with is `chooseTemplate` (pure).
 *
 * Errors: invalid_input (a field named: noticeType, language, effectiveFrom, isActive, subject,
 * body), not_found (a template id), conflict (another version was saved at the same moment).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit, recordRefusal } from '../shared/audit.js';
import { isValidIsoDate, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidFields, isAppError, notFound, type FieldProblem } from '../shared/errors.js';
import { dataKeysOf, templateFields, templateProblems } from './letter-merge.js';
import { noticeTypes, type NoticeType } from './types.js';

export interface LetterTemplate {
  id: number;
  noticeType: NoticeType;
  language: string;
  version: number;
  effectiveFrom: string;
  subject: string;
  body: string;
  isActive: boolean;
  changeNote: string | null;
  createdAt: string;
  createdBy: string;
  /** The merge fields it uses, and the keys of the notice data they read. */
  fields: string[];
  dataKeys: string[];
}

export interface LetterTemplateInput {
  noticeType: string;
  language: string;
  subject: string;
  body: string;
  /** Default: today. Not before the current latest version's. */
  effectiveFrom?: string | null;
  /** Default true; false withdraws the language (its notices print in English). Never for English. */
  isActive?: boolean;
  changeNote?: string | null;
}

const columns = sql`id, notice_type as "noticeType", language, version, effective_from::text as "effectiveFrom", subject, body,
  is_active as "isActive", change_note as "changeNote", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdAt",
  created_by as "createdBy"`;

type Row = Omit<LetterTemplate, 'fields' | 'dataKeys'>;

function withFields(row: Row): LetterTemplate {
  return { ...row, fields: templateFields(row), dataKeys: dataKeysOf(row) };
}

/** The base language of a language tag: es-MX -> es. */
export function baseLanguage(language: string): string {
  return language.toLowerCase().split('-')[0] ?? 'en';
}

/**
 * The template a notice prints with: of its type, in its language (else English), the highest
 * version in effect on the notice date and saved before the notice was written (so a reprint says
 * what the first print said); a language whose such version is inactive falls back to English.
 */
export function chooseTemplate<T extends Pick<LetterTemplate, 'noticeType' | 'language' | 'version' | 'effectiveFrom' | 'isActive' | 'createdAt'>>(
  templates: readonly T[],
  notice: { noticeType: string; language: string; noticeDate: string; createdAt: string },
): T | null {
  const pick = (language: string) => {
    let best: T | null = null;
    for (const template of templates) {
      if (template.noticeType !== notice.noticeType || template.language !== language) continue;
      if (template.effectiveFrom > notice.noticeDate || template.createdAt > notice.createdAt) continue;
      if (best === null || template.version > best.version) best = template;
    }
    return best !== null && best.isActive ? best : null;
  };
  return pick(baseLanguage(notice.language)) ?? pick('en');
}

/** All versions of every template (a small table), for choosing and for the editor. */
export async function loadAllTemplates(db: Executor): Promise<LetterTemplate[]> {
  const result = await sql<Row>`select ${columns} from letter_template order by notice_type, language, version`.execute(db);
  return result.rows.map(withFields);
}

/** The latest version of each type and language (or every version with allVersions). */
export async function listLetterTemplates(
  db: Executor,
  options: { noticeType?: string | null; language?: string | null; allVersions?: boolean } = {},
): Promise<LetterTemplate[]> {
  const all = await loadAllTemplates(db);
  const chosen = all.filter((row) => (!options.noticeType || row.noticeType === options.noticeType) && (!options.language || row.language === options.language));
  if (options.allVersions) return chosen;
  const latest = new Map<string, LetterTemplate>();
  for (const row of chosen) latest.set(`${row.noticeType}/${row.language}`, row);
  return [...latest.values()];
}

export async function getLetterTemplate(db: Executor, id: number): Promise<LetterTemplate & { versions: LetterTemplate[] }> {
  const result = await sql<Row>`select ${columns} from letter_template where id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('letter template', id);
  const versions = await listLetterTemplates(db, { noticeType: row.noticeType, language: row.language, allVersions: true });
  return { ...withFields(row), versions };
}

interface CheckedInput {
  noticeType: NoticeType;
  language: string;
  subject: string;
  body: string;
  effectiveFrom: IsoDate;
  isActive: boolean;
  changeNote: string | null;
}

function checkInput(input: LetterTemplateInput, today: IsoDate): CheckedInput {
  const problems: FieldProblem[] = [];
  const noticeType = String(input.noticeType ?? '');
  if (!(noticeTypes as readonly string[]).includes(noticeType)) problems.push({ field: 'noticeType', message: `one of ${noticeTypes.join(', ')}` });
  const language = String(input.language ?? '').trim().toLowerCase();
  if (!/^[a-z]{2,3}$/.test(language)) problems.push({ field: 'language', message: 'a language code like en, es, zh, tl, vi or ko' });
  const effectiveFrom = input.effectiveFrom?.trim() || today;
  if (!isValidIsoDate(effectiveFrom)) problems.push({ field: 'effectiveFrom', message: 'a date (YYYY-MM-DD)' });
  const isActive = input.isActive ?? true;
  if (!isActive && language === 'en') problems.push({ field: 'isActive', message: 'English is every notice\'s fallback: it cannot be withdrawn' });
  const changeNote = input.changeNote?.trim() || null;
  if (changeNote !== null && changeNote.length > 500) problems.push({ field: 'changeNote', message: 'is longer than 500 characters' });
  const text = { subject: String(input.subject ?? '').trim(), body: String(input.body ?? '').replace(/\r\n?/g, '\n').trim() };
  problems.push(...templateProblems(text));
  if (problems.length > 0) throw invalidFields(problems, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
  return { noticeType: noticeType as NoticeType, language, ...text, effectiveFrom: effectiveFrom as IsoDate, isActive, changeNote };
}

/** Saves the next version of a template (the first, for a new language). Audited; a refusal too. */
export async function saveLetterTemplate(
  database: Database,
  options: { input: LetterTemplateInput; actor: Actor; clock: Clock },
): Promise<LetterTemplate> {
  try {
    const input = checkInput(options.input, options.clock.today());
    return await inTransaction(database, async (tx) => {
      const latest = await sql<{ version: number; effectiveFrom: string }>`select version, effective_from::text as "effectiveFrom"
        from letter_template where notice_type = ${input.noticeType} and language = ${input.language}
        order by version desc limit 1`.execute(tx);
      const previous = latest.rows[0];
      if (previous && input.effectiveFrom < previous.effectiveFrom) {
        throw invalidFields([{ field: 'effectiveFrom', message: `is before version ${previous.version}'s (${previous.effectiveFrom})` }]);
      }
      const inserted = await sql<Row>`insert into letter_template (notice_type, language, version, effective_from, subject, body, is_active,
          change_note, created_by)
        values (${input.noticeType}, ${input.language}, ${(previous?.version ?? 0) + 1}, ${input.effectiveFrom}, ${input.subject}, ${input.body},
          ${input.isActive}, ${input.changeNote}, ${options.actor.username})
        on conflict (notice_type, language, version) do nothing
        returning ${columns}`.execute(tx);
      const row = inserted.rows[0];
      if (!row) throw new AppError('conflict', 'Another version of this template was saved at the same moment: open it again and save your change');
      const saved = withFields(row);
      await recordAudit(tx, {
        actor: options.actor, action: 'collections.save_letter_template', entityType: 'letter_template', entityId: saved.id,
        after: { noticeType: saved.noticeType, language: saved.language, version: saved.version, effectiveFrom: saved.effectiveFrom, isActive: saved.isActive, subject: saved.subject, changeNote: saved.changeNote },
      });
      return saved;
    });
  } catch (error) {
    if (isAppError(error) && error.code !== 'conflict') {
      await recordRefusal(database, {
        actor: options.actor, action: 'collections.save_letter_template', entityType: 'letter_template',
        details: { noticeType: options.input.noticeType, language: options.input.language, reason: error.message },
      });
    }
    throw error;
  }
}
