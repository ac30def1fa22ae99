/**
 * Mail merge of collection letters, pure. A template's body is plain text: paragraphs separated by
 * a blank line, a line starting "## " is a heading, lines starting "- " are bullets, and
 * {{fieldName}} is a merge field from `mergeFields` below. The template is split into blocks
 * first and the fields are filled inside each block in one pass, so nothing a customer typed
 * (a name, an address) can add a heading, a bullet or a merge field: values are printed as text.
 *
 * Money is formatted from cents by src/shared/money.ts; dates in the letter's language
 * (November 23, 2026 / 23 de noviembre de 2026). A field the data lacks prints as a blank line
 * for the clerk to fill, and is reported in `missingFields`.
 */
import type { LetterBlock } from '../documents/index.js';
import { unprintableCharacters } from '../documents/index.js';
import { isValidIsoDate } from '../shared/dates.js';
import { invalidFields, type FieldProblem } from '../shared/errors.js';
import { cents, formatDollars } from '../shared/money.js';

export type MergeFieldKind = 'text' | 'money' | 'date' | 'lines';
/** Where the loader (letters.ts) takes a field from: the account, the notice row, the office config, or the notice's data. */
export type MergeFieldSource = 'account' | 'notice' | 'office' | 'data';

export interface MergeFieldDefinition {
  kind: MergeFieldKind;
  source: MergeFieldSource;
  /** For source 'data' (and the notice fields that fall back to data): the key in collection_notice.data. */
  dataKey?: string;
  description: string;
  /** What a preview prints. */
  sample: string | number | readonly string[];
}

export const mergeFields = {
  customerName: { kind: 'text', source: 'account', description: 'The customer named on the account', sample: 'Rosa Alvarez' },
  customerNumber: { kind: 'text', source: 'account', description: 'The customer number', sample: 'C-100001' },
  accountNumber: { kind: 'text', source: 'account', description: 'The utility account number', sample: 'UB-100001' },
  serviceAddress: { kind: 'text', source: 'account', description: 'The address served, on one line', sample: '12 Oak St, Alder Creek, CA 95999' },
  mailingAddress: { kind: 'text', source: 'account', description: 'The customer\'s current mailing address, on one line', sample: 'PO Box 44, Alder Creek, CA 95999' },
  noticeNumber: { kind: 'text', source: 'notice', description: 'The notice number', sample: 'N-2026-000123' },
  noticeDate: { kind: 'date', source: 'notice', description: 'The notice date', sample: '2026-11-23' },
  amountDue: { kind: 'money', source: 'notice', description: 'The amount due on the notice (the stub\'s amount)', sample: 18_250 },
  disconnectOnOrAfter: { kind: 'date', source: 'notice', description: 'The first day service may be shut off', sample: '2026-12-07' },
  cityName: { kind: 'text', source: 'office', description: 'The city', sample: 'City of Alder Creek' },
  officeAddress: { kind: 'text', source: 'office', description: 'City Hall\'s address, on one line', sample: '100 Main Street, Alder Creek, CA 95999' },
  officePhone: { kind: 'text', source: 'office', description: 'The utility billing office\'s telephone', sample: '(530) 555-0100' },
  officeHours: { kind: 'text', source: 'office', description: 'The office\'s hours, in the letter\'s language', sample: 'Monday to Friday, 8 AM to 5 PM' },
  website: { kind: 'text', source: 'office', description: 'The city\'s website', sample: 'www.aldercreek.example.gov' },
  pastDue: { kind: 'money', source: 'data', dataKey: 'pastDueCents', description: 'The amount past due (falls back to the amount due)', sample: 12_450 },
  oldestDueDate: { kind: 'date', source: 'data', dataKey: 'oldestDueDate', description: 'The due date of the oldest unpaid bill', sample: '2026-09-23' },
  payBy: { kind: 'date', source: 'data', dataKey: 'payByDate', description: 'The date to pay or arrange by (falls back to the day before disconnectOnOrAfter)', sample: '2026-12-04' },
  billNumbers: { kind: 'text', source: 'data', dataKey: 'billNumbers', description: 'The unpaid bills\' numbers (a list in data)', sample: 'B-2026-000101, B-2026-000188' },
  arrangementNumber: { kind: 'text', source: 'data', dataKey: 'arrangementNumber', description: 'The payment arrangement\'s number', sample: 'PA-100001' },
  arrangementOffer: { kind: 'text', source: 'data', dataKey: 'arrangementOffer', description: 'The arrangement offered, in a sentence', sample: 'Pay $124.50 in 6 monthly installments of $20.75, due with your bills.' },
  installmentSchedule: { kind: 'lines', source: 'data', dataKey: 'installments', description: 'The installments ([{dueOn, amountCents}] in data), one per line', sample: ['1. January 12, 2027: $20.75', '2. February 12, 2027: $20.75'] },
  defaultSince: { kind: 'date', source: 'data', dataKey: 'defaultSince', description: 'The first day the arrangement was behind', sample: '2026-10-12' },
  missedAmount: { kind: 'money', source: 'data', dataKey: 'missedAmountCents', description: 'What is behind on the arrangement', sample: 4_150 },
  shutoffDate: { kind: 'date', source: 'data', dataKey: 'shutoffOn', description: 'The day service was shut off', sample: '2026-12-08' },
  reconnectedOn: { kind: 'date', source: 'data', dataKey: 'reconnectedOn', description: 'The day service was restored', sample: '2026-12-09' },
  reconnectionFee: { kind: 'money', source: 'data', dataKey: 'reconnectionFeeCents', description: 'The reconnection fee charged', sample: 5_000 },
  ownerName: { kind: 'text', source: 'data', dataKey: 'ownerName', description: 'The property owner (lien notices)', sample: 'Hector and Ana Ruiz' },
  apn: { kind: 'text', source: 'data', dataKey: 'apn', description: 'The assessor\'s parcel number', sample: '055-120-101' },
  lienAmount: { kind: 'money', source: 'data', dataKey: 'lienAmountCents', description: 'The amount of the lien', sample: 48_210 },
  taxYear: { kind: 'text', source: 'data', dataKey: 'taxYear', description: 'The tax roll year, e.g. 2027-28', sample: '2027-28' },
  hearingDate: { kind: 'date', source: 'data', dataKey: 'hearingDate', description: 'The City Council hearing on the lien list', sample: '2027-06-15' },
  hearingPlace: { kind: 'text', source: 'data', dataKey: 'hearingPlace', description: 'Where the hearing is held', sample: 'City Council Chambers, 100 Main Street, 6 p.m.' },
  closedOn: { kind: 'date', source: 'data', dataKey: 'closedOn', description: 'The day the account was closed', sample: '2026-10-31' },
} as const satisfies Record<string, MergeFieldDefinition>;

export type MergeField = keyof typeof mergeFields;
export const mergeFieldNames = Object.keys(mergeFields) as MergeField[];

export function isMergeField(name: string): name is MergeField {
  return Object.hasOwn(mergeFields, name);
}

/** Text, cents (a safe integer), an ISO date, or lines; null or absent when unknown. */
export type MergeValue = string | number | readonly string[] | null | undefined;
export type MergeData = Partial<Record<MergeField, MergeValue>>;

export interface LetterTemplateText {
  subject: string;
  body: string;
}

export interface MergedLetter {
  subject: string;
  blocks: LetterBlock[];
  /** Fields the template uses that the data did not have (printed as a blank). */
  missingFields: MergeField[];
}

/** What a field the data lacks prints as: a blank for the clerk to fill. */
export const MISSING_VALUE = '________';

const fieldPattern = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The merge fields a text uses, in order of first use (known or not). */
export function fieldsOf(text: string): string[] {
  return [...new Set([...text.matchAll(fieldPattern)].map((match) => match[1] as string))];
}

/** The merge fields of a template, subject and body. */
export function templateFields(template: LetterTemplateText): string[] {
  return [...new Set([...fieldsOf(template.subject), ...fieldsOf(template.body)])];
}

/**
 * The problems of a template, each naming the field of the form (subject or body): an unknown
 * merge field (named), braces that are not a merge field, characters the letter font cannot
 * print, empty text.
 */
export function templateProblems(template: LetterTemplateText): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, text, max] of [['subject', template.subject, 200], ['body', template.body, 20_000]] as const) {
    if (text.trim().length === 0) problems.push({ field, message: 'is required' });
    if (text.length > max) problems.push({ field, message: `is longer than ${max} characters` });
    for (const name of fieldsOf(text)) {
      if (!isMergeField(name)) problems.push({ field, message: `unknown merge field {{${name}}}` });
    }
    const stray = text.replace(fieldPattern, '').match(/\{\{|\}\}/);
    if (stray) problems.push({ field, message: `has "${stray[0]}" that is not a merge field like {{customerName}}` });
    const unprintable = unprintableCharacters(text.replace(/\n/g, ''));
    if (unprintable.length > 0) problems.push({ field, message: `has characters the letter font cannot print: ${unprintable.join(' ')}` });
    if (field === 'subject' && text.includes('\n')) problems.push({ field, message: 'must be one line' });
  }
  return problems;
}

/** Refuses a template with problems (invalid_input naming each field and unknown merge field). */
export function validateTemplate(template: LetterTemplateText): void {
  const problems = templateProblems(template);
  if (problems.length > 0) throw invalidFields(problems, `The template has ${problems.length} problem(s): ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
}

/** A date in the letter's language: November 23, 2026; 23 de noviembre de 2026. */
export function formatLetterDate(date: string, language: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const locale = language === 'en' ? 'en-US' : language;
  try {
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
  } catch {
    return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
  }
}

/** Customer data is one line of text: control characters (newlines too) become spaces. */
function cleanText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

function centsOf(value: MergeValue): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value)) return Number(value);
  return null;
}

/** A field's value as printed; null when the data lacks it (or it is not of the field's kind). */
export function formatMergeValue(field: MergeField, value: MergeValue, language: string): string | string[] | null {
  if (value === null || value === undefined) return null;
  const kind: MergeFieldKind = mergeFields[field].kind;
  if (kind === 'money') {
    const amount = centsOf(value);
    return amount === null ? null : formatDollars(cents(amount));
  }
  if (kind === 'date') return typeof value === 'string' && isValidIsoDate(value) ? formatLetterDate(value, language) : null;
  if (kind === 'lines') {
    const lines = (Array.isArray(value) ? value : [value]).map((line) => cleanText(String(line))).filter((line) => line.length > 0);
    return lines.length > 0 ? lines : null;
  }
  const text = cleanText(Array.isArray(value) ? value.join(', ') : String(value));
  return text.length > 0 ? text : null;
}

type RawBlock = { kind: 'heading' | 'paragraph'; text: string } | { kind: 'bullets'; items: string[] };

/** The template's structure, before any value is filled in. */
export function parseTemplateBody(body: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  let paragraph: string[] = [];
  let bullets: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
    if (bullets.length > 0) blocks.push({ kind: 'bullets', items: bullets });
    paragraph = [];
    bullets = [];
  };
  for (const rawLine of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (line.length === 0) {
      flush();
    } else if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'heading', text: line.slice(3).trim() });
    } else if (line.startsWith('- ')) {
      if (paragraph.length > 0) flush();
      bullets.push(line.slice(2).trim());
    } else {
      if (bullets.length > 0) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/**
 * Fills a template. The template is assumed valid (validated when saved); an unknown field in it
 * prints as written. The language is the template's (dates are written in it).
 */
export function mergeLetter(template: LetterTemplateText, data: MergeData, language: string): MergedLetter {
  const missing = new Set<MergeField>();
  const fill = (text: string): string =>
    text.replace(fieldPattern, (token, name: string) => {
      if (!isMergeField(name)) return token;
      const value = formatMergeValue(name, data[name], language);
      if (value === null) {
        missing.add(name);
        return MISSING_VALUE;
      }
      return Array.isArray(value) ? value.join('; ') : (value as string);
    });
  const subject = fill(template.subject.trim());
  const blocks: LetterBlock[] = [];
  for (const block of parseTemplateBody(template.body)) {
    if (block.kind === 'bullets') {
      blocks.push({ kind: 'bullets', items: block.items.map(fill) });
      continue;
    }
    const alone = /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}$/.exec(block.text)?.[1];
    if (block.kind === 'paragraph' && alone !== undefined && isMergeField(alone) && mergeFields[alone].kind === 'lines') {
      const value = formatMergeValue(alone, data[alone], language);
      if (value === null) missing.add(alone);
      blocks.push({ kind: 'lines', lines: value === null ? [MISSING_VALUE] : (value as string[]) });
      continue;
    }
    blocks.push({ kind: block.kind, text: fill(block.text) });
  }
  return { subject, blocks, missingFields: [...missing] };
}

/** The sample values of every field, for previews. */
export function sampleMergeData(): MergeData {
  return Object.fromEntries(mergeFieldNames.map((name) => [name, mergeFields[name].sample])) as MergeData;
}

/** The keys of collection_notice.data a template reads (what the writers of its notices must fill). */
export function dataKeysOf(template: LetterTemplateText): string[] {
  return templateFields(template)
    .filter(isMergeField)
    .map((name) => (mergeFields[name] as MergeFieldDefinition).dataKey)
    .filter((key): key is string => key !== undefined);
}
