/**
 * Reading a lockbox file by its layout: the deposit date, the payments and every problem, each
 * named by row and field. It never throws for what is in the file (any bytes give structured
 * problems); money stays integer cents. An account reference may be an account number
 * (`UB-100234`), the same without its dash, or a whole stub scan line. Pure.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { isValidIsoDate, type IsoDate } from '../shared/dates.js';
import { isAppError } from '../shared/errors.js';
import { cents, parseCents, parseDollars, sumCents, type Cents } from '../shared/money.js';
import type { CsvLayoutSpec, DateFormat, DetailField, FieldPosition, FixedLayoutSpec, LockboxLayoutSpec } from './lockbox-layout.js';
import { parseScanLine } from './scan-line.js';

export interface LockboxPayment {
  rowNumber: number;
  /** As the bank wrote it. */
  accountReference: string;
  /** The account number it names, or null when it names none (the payment becomes an exception). */
  accountNumber: string | null;
  referenceProblem: string | null;
  amountCents: Cents;
  checkNumber: string | null;
  routingNumber: string | null;
  accountLast4: string | null;
  payerName: string | null;
  rawLine: string;
}

export interface LockboxProblem {
  row: number;
  field: string;
  message: string;
}

export interface ParsedLockboxFile {
  depositDate: IsoDate | null;
  payments: LockboxPayment[];
  problems: LockboxProblem[];
}

const MAX_AMOUNT_DIGITS = 13;

/** What an account reference names: an account number, or why it names none. */
export function readAccountReference(text: string): { accountNumber: string | null; problem: string | null } {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{2,4}-[0-9]{6,9}$/.test(compact)) return { accountNumber: compact, problem: null };
  const bare = /^([A-Z]{2,4})([0-9]{6,9})$/.exec(compact);
  if (bare) return { accountNumber: `${bare[1]}-${bare[2]}`, problem: null };
  if (/^[A-Z]{2,4}[0-9]{20}$/.test(compact)) {
    try {
      return { accountNumber: parseScanLine(compact).accountNumber, problem: null };
    } catch (error) {
      return { accountNumber: null, problem: isAppError(error) ? error.message : 'not a scan line' };
    }
  }
  return { accountNumber: null, problem: `"${text.slice(0, 40)}" is not an account number or scan line` };
}

export function readDate(text: string, format: DateFormat): IsoDate | null {
  const value = text.trim();
  let parts: RegExpExecArray | null = null;
  let order: [number, number, number] = [1, 2, 3];
  if (format === 'YYYYMMDD') parts = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  else if (format === 'YYYY-MM-DD') parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  else if (format === 'MMDDYYYY') [parts, order] = [/^(\d{2})(\d{2})(\d{4})$/.exec(value), [3, 1, 2]];
  else if (format === 'MM/DD/YYYY') [parts, order] = [/^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value), [3, 1, 2]];
  else if (format === 'YYMMDD') {
    const short = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
    parts = short ? (Object.assign([...short], { 1: `20${short[1]}` }) as unknown as RegExpExecArray) : null;
  }
  if (!parts) return null;
  const iso = `${parts[order[0]]}-${parts[order[1]]}-${parts[order[2]]}`;
  return isValidIsoDate(iso) ? iso : null;
}

function slice(line: string, position: FieldPosition | undefined): string {
  if (!position) return '';
  return line.slice(position.start - 1, position.start - 1 + position.length).trim();
}

type RawDetail = Partial<Record<DetailField, string>>;

/** One detail row's fields into a payment, or its problems. */
function readDetail(raw: RawDetail, row: number, rawLine: string, amountUnit: 'dollars' | 'cents', problems: LockboxProblem[]): LockboxPayment | null {
  const before = problems.length;
  const reference = (raw.accountReference ?? '').trim();
  if (reference === '') problems.push({ row, field: 'accountReference', message: 'is missing' });
  const amountCents = readAmount(raw.amount ?? '', amountUnit, row, problems);
  const routing = (raw.routingNumber ?? '').trim();
  if (routing !== '' && !/^[0-9]{9}$/.test(routing)) problems.push({ row, field: 'routingNumber', message: `"${routing}" is not nine digits` });
  const checkAccount = (raw.checkAccount ?? '').replace(/[\s-]/g, '');
  if (checkAccount !== '' && !/^[0-9]{4,17}$/.test(checkAccount)) {
    problems.push({ row, field: 'checkAccount', message: 'is not 4 to 17 digits' });
  }
  const checkNumber = (raw.checkNumber ?? '').trim();
  if (checkNumber.length > 20) problems.push({ row, field: 'checkNumber', message: 'is longer than 20 characters' });
  if (problems.length > before || amountCents === null) return null;
  const { accountNumber, problem } = readAccountReference(reference);
  const payerName = (raw.payerName ?? '').trim();
  return {
    rowNumber: row,
    accountReference: reference,
    accountNumber,
    referenceProblem: problem,
    amountCents,
    checkNumber: checkNumber === '' ? null : checkNumber.replace(/^0+(?=.)/, ''),
    routingNumber: routing === '' ? null : routing,
    accountLast4: checkAccount === '' ? null : checkAccount.slice(-4),
    payerName: payerName === '' ? null : payerName.slice(0, 200),
    rawLine: rawLine.slice(0, 1000),
  };
}

function readAmount(text: string, unit: 'dollars' | 'cents', row: number, problems: LockboxProblem[]): Cents | null {
  const value = text.trim();
  let amount: Cents | null = null;
  if (unit === 'cents') {
    if (/^[0-9]{1,13}$/.test(value)) amount = cents(Number(value));
  } else if (value.replace(/[^0-9]/g, '').length <= MAX_AMOUNT_DIGITS) {
    try {
      amount = parseDollars(value, 'amount');
    } catch {
      amount = null;
    }
  }
  if (amount === null) {
    problems.push({ row, field: 'amount', message: `"${value.slice(0, 20)}" is not an amount in ${unit}` });
    return null;
  }
  if (amount <= 0) {
    problems.push({ row, field: 'amount', message: 'must be more than zero' });
    return null;
  }
  return amount;
}

function parseFixed(text: string, spec: FixedLayoutSpec): ParsedLockboxFile {
  const problems: LockboxProblem[] = [];
  const payments: LockboxPayment[] = [];
  const codeLength = spec.detail.code.length;
  let depositDate: IsoDate | null = null;
  let header = 0;
  let trailer: { row: number; count: string; total: string } | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const row = index + 1;
    if (line.trim() === '') return;
    if (trailer) {
      problems.push({ row, field: 'record', message: 'comes after the trailer' });
      return;
    }
    const code = line.slice(0, codeLength);
    if (code === spec.header.code) {
      header += 1;
      if (header > 1) problems.push({ row, field: 'record', message: 'a second header' });
      const dateText = slice(line, spec.header.fields.depositDate);
      depositDate = readDate(dateText, spec.dateFormat);
      if (!depositDate) problems.push({ row, field: 'depositDate', message: `"${dateText}" is not a date (${spec.dateFormat})` });
    } else if (code === spec.detail.code) {
      if (header === 0) problems.push({ row, field: 'record', message: 'a detail before the header' });
      const raw: RawDetail = {};
      for (const [field, position] of Object.entries(spec.detail.fields)) raw[field as DetailField] = slice(line, position);
      const payment = readDetail(raw, row, line, 'cents', problems);
      if (payment) payments.push(payment);
    } else if (code === spec.trailer.code) {
      trailer = { row, count: slice(line, spec.trailer.fields.itemCount), total: slice(line, spec.trailer.fields.totalCents) };
    } else {
      problems.push({ row, field: 'record', message: `"${code.slice(0, 10)}" is not a record code of this layout` });
    }
  });
  if (header === 0) problems.push({ row: 1, field: 'header', message: 'the file has no header record' });
  checkTrailer(trailer, lines.length, payments, problems);
  return { depositDate, payments, problems };
}

function checkTrailer(trailer: { row: number; count: string; total: string } | null, lineCount: number, payments: LockboxPayment[], problems: LockboxProblem[]): void {
  if (!trailer) {
    problems.push({ row: lineCount, field: 'trailer', message: 'the file has no trailer record (it may be cut short)' });
    return;
  }
  // Details with problems are not in `payments`; compare only when every detail was read.
  if (problems.some((problem) => problem.row < trailer.row && problem.field !== 'header')) return;
  const total = sumCents(payments.map((payment) => payment.amountCents));
  if (!/^[0-9]{1,9}$/.test(trailer.count) || Number(trailer.count) !== payments.length) {
    problems.push({ row: trailer.row, field: 'itemCount', message: `the trailer says "${trailer.count}" items, the file has ${payments.length}` });
  }
  if (!/^[0-9]{1,15}$/.test(trailer.total) || parseCents(trailer.total, 'totalCents') !== total) {
    problems.push({ row: trailer.row, field: 'totalCents', message: `the trailer says "${trailer.total}" cents, the details add to ${total}` });
  }
}

function parseCsvFile(text: string, spec: CsvLayoutSpec): ParsedLockboxFile {
  const problems: LockboxProblem[] = [];
  const payments: LockboxPayment[] = [];
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter: spec.delimiter ?? ',', relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    return { depositDate: null, payments, problems: [{ row: line, field: 'file', message: `not readable as CSV: ${(error as Error).message.slice(0, 200)}` }] };
  }
  const columnOf = new Map<string, number>();
  let first = 0;
  if (spec.hasHeaderRow) {
    const headers = (records[0] ?? []).map((name) => name.trim().toLowerCase());
    first = 1;
    for (const [field, name] of Object.entries(spec.columns)) {
      const index = headers.indexOf(String(name).trim().toLowerCase());
      if (index >= 0) columnOf.set(field, index);
      else if (['accountReference', 'amount', 'depositDate'].includes(field)) problems.push({ row: 1, field, message: `the header row has no column "${String(name)}"` });
    }
    if (problems.length > 0) return { depositDate: null, payments, problems };
  } else {
    for (const [field, position] of Object.entries(spec.columns)) columnOf.set(field, Number(position) - 1);
  }
  let depositDate: IsoDate | null = null;
  for (let index = first; index < records.length; index += 1) {
    const record = records[index] as string[];
    const row = index + 1;
    const cell = (field: string): string => {
      const column = columnOf.get(field);
      return column === undefined ? '' : (record[column] ?? '');
    };
    const dateText = cell('depositDate');
    const date = readDate(dateText, spec.dateFormat);
    if (!date) problems.push({ row, field: 'depositDate', message: `"${dateText.slice(0, 20)}" is not a date (${spec.dateFormat})` });
    else if (depositDate && date !== depositDate) problems.push({ row, field: 'depositDate', message: `${date} differs from the file's ${depositDate}: one deposit per file` });
    else depositDate = date;
    const raw: RawDetail = {};
    for (const field of ['accountReference', 'amount', 'checkNumber', 'routingNumber', 'checkAccount', 'payerName'] as const) raw[field] = cell(field);
    const payment = readDetail(raw, row, record.join(spec.delimiter ?? ','), spec.amountUnit, problems);
    if (payment) payments.push(payment);
  }
  if (records.length <= first) problems.push({ row: 1, field: 'file', message: 'the file has no payments' });
  return { depositDate, payments, problems };
}

/** Reads a lockbox file by its layout (validated beforehand with `validateLayoutSpec`). */
export function parseLockboxFile(text: string, spec: LockboxLayoutSpec): ParsedLockboxFile {
  const parsed = spec.format === 'fixed' ? parseFixed(text, spec) : parseCsvFile(text, spec);
  if (parsed.problems.length === 0 && parsed.payments.length === 0) {
    parsed.problems.push({ row: 1, field: 'file', message: 'the file has no payments' });
  }
  if (parsed.problems.length === 0 && !parsed.depositDate) parsed.problems.push({ row: 1, field: 'depositDate', message: 'is missing' });
  return parsed;
}
