/**
 * Collection notices as letters: what a notice prints (the template of its type in its language,
 * else English, merged with its data) and the print files of a day. The loader fills the general
 * merge fields itself — the customer's name, the current mailing address, the account, the
 * service address, the notice's amount and shutoff date, the office's phone and hours (LETTER_OFFICE)
 * — and reads the specific ones from the notice's `data` by the keys `mergeFields` names
 * (pastDueCents, oldestDueDate, payByDate, installments, ownerName, apn, ...). A writer may also
 * set `addresseeName` and `addresseeLines` in data to send the letter elsewhere (a lien notice to
 * the owner of record). A door hanger, tenant or final notice written without a shutoff date
 * says the date its case's earlier notice gave; the pay-by day is never on or after the shutoff
 * date (then it is the day before).
 *
 * SB 998 (Health and Safety Code 116908(a)(1)(C)): when the customer's mailing address is not the
 * address served, the notice is also sent to the address served, addressed to "Occupant"; the
 * print file carries that copy after the customer's letter.
 *
 * Read-only; the PDFs are rendered by src/documents from plain data.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { findMailingInfo } from '../billing/index.js';
import { formatScanLine } from '../cashiering/index.js';
import {
  CITY_LETTERHEAD,
  renderCollectionLetters,
  type CollectionLetterDocument,
  type MailingAddress,
} from '../documents/index.js';
import { addDays, isValidIsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { cents, formatDollars, parseCents, type Cents } from '../shared/money.js';
import {
  formatLetterDate,
  mergeFieldNames,
  mergeFields,
  mergeLetter,
  type MergeData,
  type MergeField,
  type MergeFieldDefinition,
  type MergeValue,
} from './letter-merge.js';
import { chooseTemplate, loadAllTemplates, type LetterTemplate } from './letter-templates.js';
import { noticeTypes, type Delivery, type NoticeType } from './types.js';

/** The office the letters name (the demo city; a deployment sets its own). */
export const LETTER_OFFICE = {
  cityName: CITY_LETTERHEAD.name,
  address: CITY_LETTERHEAD.addressLines.join(', '),
  phone: CITY_LETTERHEAD.phone,
  website: CITY_LETTERHEAD.website,
  hours: {
    en: 'Monday to Friday, 8 AM to 5 PM',
    es: 'de lunes a viernes, de 8 AM a 5 PM',
  } as Record<string, string>,
  occupant: { en: 'Occupant', es: 'Residente' } as Record<string, string>,
} as const;

/** Notices delivered so are printed in the day's print files (a call is a record, an email is sent). */
export const printedDeliveries: readonly Delivery[] = ['mail', 'posted'];

export interface CollectionNotice {
  id: number;
  noticeNumber: string;
  noticeType: NoticeType;
  noticeDate: string;
  delivery: Delivery;
  language: string;
  amountDueCents: Cents;
  disconnectOnOrAfter: string | null;
  caseId: number | null;
  utilityAccountId: number;
  accountNumber: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  serviceAddress: string;
  createdAt: string;
  createdBy: string;
}

export interface NoticeLetter {
  notice: CollectionNotice;
  data: Record<string, unknown>;
  /** The template printed (null: none, not even English: the letter says so). */
  template: Pick<LetterTemplate, 'id' | 'noticeType' | 'language' | 'version' | 'effectiveFrom'> | null;
  mergeData: MergeData;
  missingFields: MergeField[];
  mailingAddress: MailingAddress;
  serviceAddress: MailingAddress;
  /** The letter, then the copy to the occupant when SB 998 requires one. */
  documents: CollectionLetterDocument[];
}

interface NoticeRow extends Omit<CollectionNotice, 'amountDueCents'> {
  /** bigint: both drivers parse it to a checked safe integer (src/shared/db.ts). */
  amountDueCents: number;
  data: Record<string, unknown>;
  legalName: string;
  dbaName: string | null;
  line1: string;
  city: string;
  zip: string;
}

/**
 * Notices that, written without a shutoff date, say the one their case's earlier notice gave (the
 * door hanger repeats the SB 998 notice's date; a tenant notice, a final notice too).
 */
const inheritsShutoffDate: readonly NoticeType[] = ['door_hanger', 'tenant_notice', 'final_notice', 'arrangement_default'];

const noticeColumns = sql`n.id, n.notice_number as "noticeNumber", n.notice_type as "noticeType", n.notice_date::text as "noticeDate",
  n.delivery, n.language, n.amount_due_cents as "amountDueCents", coalesce(n.disconnect_on_or_after, case when n.notice_type = any(${[...inheritsShutoffDate]}::text[]) then
    (select max(p.disconnect_on_or_after) from collection_notice p where p.case_id = n.case_id and p.notice_date <= n.notice_date
      and p.id <> n.id) end)::text as "disconnectOnOrAfter",
  n.case_id as "caseId", n.utility_account_id as "utilityAccountId", r.account_number as "accountNumber", n.customer_id as "customerId",
  c.customer_number as "customerNumber", c.legal_name as "legalName", c.dba_name as "dbaName",
  case when c.dba_name is null then c.legal_name else c.legal_name || ' dba ' || c.dba_name end as "customerName",
  l.address_line1 || coalesce(' ' || l.unit, '') as line1, p.situs_city as city, p.situs_zip as zip,
  l.address_line1 || coalesce(' ' || l.unit, '') || ', ' || p.situs_city || ', CA ' || p.situs_zip as "serviceAddress",
  to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdAt", n.created_by as "createdBy"`;

const noticeJoins = sql`from collection_notice n
  join receivable_account r on r.id = n.utility_account_id
  join customer c on c.id = n.customer_id
  join utility_account u on u.id = n.utility_account_id
  join service_location l on l.id = u.service_location_id
  join parcel p on p.id = l.parcel_id`;

function toSummary(row: NoticeRow): CollectionNotice {
  const { data: _data, legalName: _legal, dbaName: _dba, line1: _line1, city: _city, zip: _zip, ...summary } = row;
  return { ...summary, amountDueCents: cents(row.amountDueCents) };
}

/** Notices by day, type and account (number or id): newest day first, then by type and account (the print order). */
export async function listNotices(
  db: Executor,
  options: { noticeDate?: string | null; noticeType?: string | null; account?: string | null; limit?: number } = {},
): Promise<CollectionNotice[]> {
  if (options.noticeDate && !isValidIsoDate(options.noticeDate)) throw invalidInput('date', 'a date (YYYY-MM-DD)');
  if (options.noticeType && !(noticeTypes as readonly string[]).includes(options.noticeType)) throw invalidInput('type', `one of ${noticeTypes.join(', ')}`);
  const account = options.account?.trim() || null;
  const accountId = account !== null && /^[0-9]{1,12}$/.test(account) ? Number(account) : null;
  const result = await sql<NoticeRow>`select ${noticeColumns}, n.data ${noticeJoins}
    where (${options.noticeDate ?? null}::date is null or n.notice_date = ${options.noticeDate ?? null}::date)
      and (${options.noticeType ?? null}::text is null or n.notice_type = ${options.noticeType ?? null})
      and (${account}::text is null or r.account_number = upper(${account}) or r.id = ${accountId})
    order by n.notice_date desc, n.notice_type, r.account_number, n.id
    limit ${Math.min(Math.max(options.limit ?? 500, 1), 5000)}`.execute(db);
  return result.rows.map(toSummary);
}

/** One notice as it prints. */
export async function getNoticeLetter(db: Executor, noticeId: number | string): Promise<NoticeLetter> {
  const key = String(noticeId).trim();
  const result = await sql<{ id: number }>`select id from collection_notice
    where notice_number = upper(${key}) or (${/^[0-9]{1,12}$/.test(key)} and id = ${/^[0-9]{1,12}$/.test(key) ? Number(key) : null})`.execute(db);
  const id = result.rows[0]?.id;
  if (id === undefined) throw notFound('notice', key);
  const [letter] = await getNoticeLetters(db, [id]);
  return letter as NoticeLetter;
}

/** Notices as they print, set-based (a few queries whatever the count), in the order given. */
export async function getNoticeLetters(db: Executor, noticeIds: readonly number[]): Promise<NoticeLetter[]> {
  if (noticeIds.length === 0) return [];
  const rows = await sql<NoticeRow>`select ${noticeColumns}, n.data ${noticeJoins}
    join unnest(${[...noticeIds]}::bigint[]) with ordinality as t(id, ord) on t.id = n.id
    order by t.ord`.execute(db);
  const templates = await loadAllTemplates(db);
  const mailing = await findMailingInfo(db, rows.rows.map((row) => row.customerId));
  return rows.rows.map((row) => {
    const info = mailing.get(row.customerId);
    const serviceAddress: MailingAddress = { name: row.customerName, lines: [row.line1, `${row.city}, CA ${row.zip}`] };
    const mailingAddress: MailingAddress = info?.hasMailingAddress ? { name: row.customerName, lines: info.address.lines } : serviceAddress;
    return buildLetter(row, templates, mailingAddress, serviceAddress);
  });
}

function buildLetter(row: NoticeRow, templates: readonly LetterTemplate[], mailingAddress: MailingAddress, serviceAddress: MailingAddress): NoticeLetter {
  const notice = toSummary(row);
  const template = chooseTemplate(templates, notice);
  const language = template?.language ?? 'en';
  const data = row.data ?? {};
  const mergeData = noticeMergeData(notice, data, mailingAddress, language);
  const merged = template
    ? mergeLetter(template, mergeData, language)
    : { subject: notice.noticeType, blocks: [{ kind: 'paragraph' as const, text: `No letter template for ${notice.noticeType}.` }], missingFields: [] };
  const format = notice.noticeType === 'door_hanger' ? 'door_hanger' : 'letter';
  const hasStub = format === 'letter' && notice.amountDueCents > 0 && notice.noticeType !== 'tenant_notice';
  const payBy = mergeData.payBy;
  const base: CollectionLetterDocument = {
    noticeNumber: notice.noticeNumber,
    dateText: formatLetterDate(notice.noticeDate, language),
    language,
    format,
    address: addresseeOf(notice, data, mailingAddress, serviceAddress, language),
    accountNumber: notice.accountNumber,
    subject: merged.subject,
    blocks: merged.blocks,
    stub: hasStub
      ? { customerName: notice.customerName, amountDueCents: notice.amountDueCents, dueDateText: typeof payBy === 'string' ? formatLetterDate(payBy, language) : null, scanLine: scanLineOf(notice) }
      : null,
  };
  const documents = [base];
  if (notice.noticeType === 'sb998_notice' && !sameAddress(base.address, serviceAddress)) {
    documents.push({ ...base, address: { name: LETTER_OFFICE.occupant[language] ?? 'Occupant', lines: serviceAddress.lines }, mark: language === 'es' ? 'Copia para el residente' : 'Occupant copy' });
  }
  return {
    notice, data, mergeData, missingFields: merged.missingFields, mailingAddress, serviceAddress, documents,
    template: template ? { id: template.id, noticeType: template.noticeType, language: template.language, version: template.version, effectiveFrom: template.effectiveFrom } : null,
  };
}

function sameAddress(a: MailingAddress, b: MailingAddress): boolean {
  const normal = (address: MailingAddress) => address.lines.join(' ').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return normal(a) === normal(b);
}

function addresseeOf(notice: CollectionNotice, data: Record<string, unknown>, mailing: MailingAddress, service: MailingAddress, language: string): MailingAddress {
  const lines = data.addresseeLines;
  if (typeof data.addresseeName === 'string' && Array.isArray(lines) && lines.every((line) => typeof line === 'string') && lines.length > 0) {
    return { name: data.addresseeName, lines: lines as string[] };
  }
  if (notice.noticeType === 'tenant_notice' || notice.noticeType === 'door_hanger') {
    return { name: notice.noticeType === 'door_hanger' ? notice.customerName : (LETTER_OFFICE.occupant[language] ?? 'Occupant'), lines: service.lines };
  }
  return mailing;
}

function scanLineOf(notice: CollectionNotice): string | null {
  try {
    return formatScanLine({ accountNumber: notice.accountNumber, amountDueCents: notice.amountDueCents });
  } catch {
    // An account number outside the stub's format prints the stub without a scan line.
    return null;
  }
}

/** The merge data of a notice: general fields from the account and office, specific ones from data. */
export function noticeMergeData(notice: CollectionNotice, data: Record<string, unknown>, mailing: MailingAddress, language: string): MergeData {
  const fromData: MergeData = {};
  for (const name of mergeFieldNames) {
    const definition: MergeFieldDefinition = mergeFields[name];
    if (definition.source !== 'data' || definition.dataKey === undefined) continue;
    const value = data[definition.dataKey];
    if (typeof value === 'string' || typeof value === 'number') fromData[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fromData[name] = value as string[];
  }
  const disconnect = notice.disconnectOnOrAfter ?? (typeof data.disconnectOnOrAfter === 'string' ? data.disconnectOnOrAfter : null);
  return {
    ...fromData,
    customerName: notice.customerName,
    customerNumber: notice.customerNumber,
    accountNumber: notice.accountNumber,
    serviceAddress: notice.serviceAddress,
    mailingAddress: mailing.lines.join(', '),
    noticeNumber: notice.noticeNumber,
    noticeDate: notice.noticeDate,
    amountDue: notice.amountDueCents,
    disconnectOnOrAfter: disconnect,
    cityName: LETTER_OFFICE.cityName,
    officeAddress: LETTER_OFFICE.address,
    officePhone: LETTER_OFFICE.phone,
    officeHours: LETTER_OFFICE.hours[language] ?? LETTER_OFFICE.hours.en,
    website: LETTER_OFFICE.website,
    pastDue: fromData.pastDue ?? notice.amountDueCents,
    payBy: payByOf(fromData.payBy, disconnect),
    ownerName: fromData.ownerName ?? notice.customerName,
    installmentSchedule: installmentLines(data.installments, language) ?? fromData.installmentSchedule ?? null,
  };
}

/**
 * The day to pay or arrange by: the data's, but never on or after the first day of a shutoff (a
 * letter must not say "pay by the 7th" and "shut off on or after the 7th"): then the day before.
 */
function payByOf(payBy: MergeValue, disconnect: string | null): MergeValue {
  if (disconnect === null || !isValidIsoDate(disconnect)) return payBy ?? null;
  const dayBefore = addDays(disconnect, -1);
  return typeof payBy === 'string' && isValidIsoDate(payBy) && payBy < disconnect ? payBy : dayBefore;
}

function wholeCentsOrNull(value: unknown): Cents | null {
  try {
    return parseCents(value, 'amountCents');
  } catch {
    return null;
  }
}

/** [{dueOn, amountCents}] as "1. January 12, 2027: $20.75". */
function installmentLines(value: unknown, language: string): string[] | null {
  if (!Array.isArray(value)) return null;
  const lines: string[] = [];
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) return;
    const { dueOn, amountCents } = item as { dueOn?: unknown; amountCents?: unknown };
    // Merge data is JSON written by collections: whole cents as a number (or digits), nothing else.
    const amount = wholeCentsOrNull(amountCents);
    if (typeof dueOn !== 'string' || !isValidIsoDate(dueOn) || amount === null) return;
    lines.push(`${index + 1}. ${formatLetterDate(dueOn, language)}: ${formatDollars(amount)}`);
  });
  return lines.length > 0 ? lines : null;
}

/** One notice's PDF (its occupant copy too, when there is one). */
export async function renderNoticePdf(db: Executor, noticeId: number | string, options: { compress?: boolean } = {}): Promise<{ fileName: string; pdf: Buffer; letter: NoticeLetter }> {
  const letter = await getNoticeLetter(db, noticeId);
  const pdf = await renderCollectionLetters(letter.documents, { compress: options.compress ?? true }, `Notice ${letter.notice.noticeNumber}`);
  return { fileName: `${letter.notice.noticeNumber}.pdf`, pdf, letter };
}

/** The print file of a day's notices (mailed and posted) of one type, all letters in one PDF. */
export async function renderPrintFile(db: Executor, options: { noticeDate: string; noticeType: string; compress?: boolean }): Promise<{ fileName: string; pdf: Buffer; letters: NoticeLetter[] }> {
  const letters = await dayLetters(db, options.noticeDate, options.noticeType);
  const pdf = await renderCollectionLetters(letters.flatMap((letter) => letter.documents), { compress: options.compress ?? true }, `${options.noticeType} ${options.noticeDate}`);
  return { fileName: `${options.noticeDate}-${options.noticeType}.pdf`, pdf, letters };
}

async function dayLetters(db: Executor, noticeDate: string, noticeType: string): Promise<NoticeLetter[]> {
  if (!isValidIsoDate(noticeDate)) throw invalidInput('noticeDate', 'a date (YYYY-MM-DD)');
  if (!(noticeTypes as readonly string[]).includes(noticeType)) throw invalidInput('noticeType', `one of ${noticeTypes.join(', ')}`);
  const ids = await sql<{ id: number }>`select n.id from collection_notice n join receivable_account r on r.id = n.utility_account_id
    where n.notice_date = ${noticeDate}::date and n.notice_type = ${noticeType} and n.delivery = any(${[...printedDeliveries]}::text[])
    order by r.account_number, n.id`.execute(db);
  const letters: NoticeLetter[] = [];
  const chunk = 1000;
  for (let start = 0; start < ids.rows.length; start += chunk) {
    letters.push(...(await getNoticeLetters(db, ids.rows.slice(start, start + chunk).map((row) => row.id))));
  }
  return letters;
}

export interface PrintedFile {
  path: string;
  noticeType: NoticeType | null;
  noticeNumber: string | null;
  letters: number;
}

export interface NoticePrintRun {
  noticeDate: string;
  notices: number;
  files: PrintedFile[];
  /** Notices printed with blanks: the merge fields their data lacked. */
  incomplete: Array<{ noticeNumber: string; missingFields: string[] }>;
}

/**
 * Writes a day's print files into `out`: one per notice type (`2026-11-23-late_notice.pdf`, every
 * letter of that type and day, occupant copies included) and one per notice
 * (`2026-11-23-late_notice/N-2026-000123.pdf`).
 */
export async function renderNoticePdfs(db: Executor, options: { noticeDate: string; noticeType?: string | null; out: string }): Promise<NoticePrintRun> {
  if (!isValidIsoDate(options.noticeDate)) throw invalidInput('noticeDate', 'a date (YYYY-MM-DD)');
  const types = options.noticeType ? [options.noticeType] : [...noticeTypes];
  const run: NoticePrintRun = { noticeDate: options.noticeDate, notices: 0, files: [], incomplete: [] };
  for (const noticeType of types) {
    const letters = await dayLetters(db, options.noticeDate, noticeType);
    if (letters.length === 0) continue;
    const base = `${options.noticeDate}-${noticeType}`;
    await mkdir(join(options.out, base), { recursive: true });
    const documents = letters.flatMap((letter) => letter.documents);
    const printPath = join(options.out, `${base}.pdf`);
    await writeFile(printPath, await renderCollectionLetters(documents, {}, `${noticeType} ${options.noticeDate} (${letters.length})`));
    run.files.push({ path: printPath, noticeType: noticeType as NoticeType, noticeNumber: null, letters: documents.length });
    for (const letter of letters) {
      const path = join(options.out, base, `${letter.notice.noticeNumber}.pdf`);
      await writeFile(path, await renderCollectionLetters(letter.documents, {}, `Notice ${letter.notice.noticeNumber}`));
      run.files.push({ path, noticeType: letter.notice.noticeType, noticeNumber: letter.notice.noticeNumber, letters: letter.documents.length });
      if (letter.missingFields.length > 0) run.incomplete.push({ noticeNumber: letter.notice.noticeNumber, missingFields: letter.missingFields });
    }
    run.notices += letters.length;
  }
  return run;
}
