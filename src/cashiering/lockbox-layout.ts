/**
 * Lockbox layouts as data: how one bank writes its lockbox file, stored as JSON in
 * `lockbox_layout.spec`. A fixed-width layout names its record types by a leading code (header,
 * detail, trailer) and each field by start (1-based) and length; a CSV layout names each field's
 * column (by header name, or by 1-based position when the file has no header row) and whether
 * amounts are dollars ('123.45') or cents. Validation names every wrong field. Pure.
 */
import type { FieldProblem } from '../shared/errors.js';

export type DateFormat = 'YYYYMMDD' | 'YYMMDD' | 'MMDDYYYY' | 'YYYY-MM-DD' | 'MM/DD/YYYY';
export const dateFormats: readonly DateFormat[] = ['YYYYMMDD', 'YYMMDD', 'MMDDYYYY', 'YYYY-MM-DD', 'MM/DD/YYYY'];

export interface FieldPosition {
  /** 1-based column of the first character. */
  start: number;
  length: number;
}

export const detailFields = ['accountReference', 'amount', 'checkNumber', 'routingNumber', 'checkAccount', 'payerName'] as const;
export type DetailField = (typeof detailFields)[number];

export interface FixedLayoutSpec {
  format: 'fixed';
  dateFormat: DateFormat;
  header: { code: string; fields: { depositDate: FieldPosition } };
  detail: { code: string; fields: Partial<Record<DetailField, FieldPosition>> & { accountReference: FieldPosition; amount: FieldPosition } };
  trailer: { code: string; fields: { itemCount: FieldPosition; totalCents: FieldPosition } };
}

export interface CsvLayoutSpec {
  format: 'csv';
  hasHeaderRow: boolean;
  amountUnit: 'dollars' | 'cents';
  dateFormat: DateFormat;
  delimiter?: string;
  /** Header name (with a header row) or 1-based column number (without). */
  columns: Partial<Record<DetailField | 'depositDate', string | number>> & {
    accountReference: string | number;
    amount: string | number;
    depositDate: string | number;
  };
}

export type LockboxLayoutSpec = FixedLayoutSpec | CsvLayoutSpec;

export interface LockboxLayout {
  code: string;
  bankName: string;
  spec: LockboxLayoutSpec;
}

type Problems = FieldProblem[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPosition(value: unknown, field: string, problems: Problems): void {
  if (!isRecord(value)) {
    problems.push({ field, message: 'needs { start, length }' });
    return;
  }
  if (!Number.isInteger(value.start) || (value.start as number) < 1) problems.push({ field: `${field}.start`, message: 'must be a whole number from 1' });
  if (!Number.isInteger(value.length) || (value.length as number) < 1 || (value.length as number) > 200) {
    problems.push({ field: `${field}.length`, message: 'must be a whole number from 1 to 200' });
  }
}

function checkRecord(spec: Record<string, unknown>, name: string, required: readonly string[], optional: readonly string[], problems: Problems): void {
  const record = spec[name];
  if (!isRecord(record)) {
    problems.push({ field: name, message: 'is required: { code, fields }' });
    return;
  }
  if (typeof record.code !== 'string' || !/^[0-9A-Z]{1,3}$/.test(record.code)) {
    problems.push({ field: `${name}.code`, message: 'must be a record code of 1 to 3 digits or capital letters' });
  }
  const fields = isRecord(record.fields) ? record.fields : {};
  for (const field of required) checkPosition(fields[field], `${name}.fields.${field}`, problems);
  for (const field of Object.keys(fields)) {
    if (required.includes(field)) continue;
    if (optional.includes(field)) checkPosition(fields[field], `${name}.fields.${field}`, problems);
    else problems.push({ field: `${name}.fields.${field}`, message: 'is not a field of this record' });
  }
}

function checkFixed(spec: Record<string, unknown>, problems: Problems): void {
  checkRecord(spec, 'header', ['depositDate'], [], problems);
  checkRecord(spec, 'detail', ['accountReference', 'amount'], detailFields, problems);
  checkRecord(spec, 'trailer', ['itemCount', 'totalCents'], [], problems);
  const codes = ['header', 'detail', 'trailer'].map((name) => (isRecord(spec[name]) ? (spec[name] as Record<string, unknown>).code : null));
  const lengths = new Set(codes.map((code) => (typeof code === 'string' ? code.length : 0)));
  if (new Set(codes).size !== 3) problems.push({ field: 'detail.code', message: 'header, detail and trailer need different codes' });
  else if (lengths.size !== 1) problems.push({ field: 'detail.code', message: 'header, detail and trailer codes need the same length' });
}

function checkCsv(spec: Record<string, unknown>, problems: Problems): void {
  if (typeof spec.hasHeaderRow !== 'boolean') problems.push({ field: 'hasHeaderRow', message: 'must be true or false' });
  if (spec.amountUnit !== 'dollars' && spec.amountUnit !== 'cents') problems.push({ field: 'amountUnit', message: "must be 'dollars' or 'cents'" });
  if (spec.delimiter !== undefined && (typeof spec.delimiter !== 'string' || spec.delimiter.length !== 1)) {
    problems.push({ field: 'delimiter', message: 'must be one character' });
  }
  const columns = isRecord(spec.columns) ? spec.columns : null;
  if (!columns) {
    problems.push({ field: 'columns', message: 'is required: the column of each field' });
    return;
  }
  const known: readonly string[] = [...detailFields, 'depositDate'];
  for (const field of ['accountReference', 'amount', 'depositDate']) {
    if (columns[field] === undefined) problems.push({ field: `columns.${field}`, message: 'is required' });
  }
  for (const [field, column] of Object.entries(columns)) {
    if (!known.includes(field)) problems.push({ field: `columns.${field}`, message: 'is not a lockbox field' });
    else if (spec.hasHeaderRow === true && (typeof column !== 'string' || column.trim() === '')) {
      problems.push({ field: `columns.${field}`, message: 'must be a header name (the file has a header row)' });
    } else if (spec.hasHeaderRow === false && (!Number.isInteger(column) || (column as number) < 1)) {
      problems.push({ field: `columns.${field}`, message: 'must be a column number from 1 (the file has no header row)' });
    }
  }
}

/** Every problem with a layout spec, each naming its field; empty when the spec is usable. */
export function validateLayoutSpec(value: unknown): FieldProblem[] {
  const problems: Problems = [];
  if (!isRecord(value)) return [{ field: 'spec', message: 'must be an object' }];
  if (!dateFormats.includes(value.dateFormat as DateFormat)) {
    problems.push({ field: 'dateFormat', message: `must be one of ${dateFormats.join(', ')}` });
  }
  if (value.format === 'fixed') checkFixed(value, problems);
  else if (value.format === 'csv') checkCsv(value, problems);
  else problems.push({ field: 'format', message: "must be 'fixed' or 'csv'" });
  return problems;
}
