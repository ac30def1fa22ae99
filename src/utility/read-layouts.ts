/**
 * Read layouts as data: how one handheld or AMI head-end writes its export of meter reads, stored
 * as JSON in `read_layout.spec`. A layout names the delimiter, whether the file has a header row,
 * each field's column (by header name, or by 1-based position without a header row), the date
 * format, the columns the file may carry that are ignored, and how the file writes read types
 * ('A' for actual...). Validation names every wrong field; the shipped layouts live in
 * samples/reads/ beside a sample file each, and `seedReadLayouts` installs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { invalidFields, type FieldProblem } from '../shared/errors.js';
import { asRecord, Problems, text } from '../shared/input.js';

export const readDateFormats = ['YYYY-MM-DD', 'MM/DD/YYYY'] as const;
export type ReadDateFormat = (typeof readDateFormats)[number];

export const readTypes = ['actual', 'estimated', 'reread', 'first', 'final'] as const;
export type ReadType = (typeof readTypes)[number];

/** The fields a read file can carry; meter, date and reading are required. */
export const readFields = ['meter', 'date', 'reading', 'readType', 'reader', 'notes'] as const;
export type ReadField = (typeof readFields)[number];
const requiredFields: readonly ReadField[] = ['meter', 'date', 'reading'];

export interface ReadLayoutSpec {
  delimiter: string;
  header: boolean;
  dateFormat: ReadDateFormat;
  /** Header name (with a header row) or 1-based column number (without). */
  columns: Partial<Record<ReadField, string | number>> & { meter: string | number; date: string | number; reading: string | number };
  /** Header names of columns the file may carry that the import ignores (with a header row). */
  ignoredColumns?: string[];
  /** How the file writes read types, e.g. { "A": "actual", "E": "estimated" }; the type names themselves are always understood. */
  readTypeCodes?: Record<string, ReadType>;
}

export interface ReadLayout {
  code: string;
  name: string;
  spec: ReadLayoutSpec;
}

export interface ReadLayoutRow extends ReadLayout {
  isActive: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkColumns(spec: Record<string, unknown>, problems: FieldProblem[]): void {
  const columns = isRecord(spec.columns) ? spec.columns : null;
  if (!columns) {
    problems.push({ field: 'columns', message: 'is required: the column of each field' });
    return;
  }
  for (const field of requiredFields) {
    if (columns[field] === undefined) problems.push({ field: `columns.${field}`, message: 'is required' });
  }
  const seen = new Set<string>();
  for (const [field, column] of Object.entries(columns)) {
    if (!(readFields as readonly string[]).includes(field)) {
      problems.push({ field: `columns.${field}`, message: `is not a read field (${readFields.join(', ')})` });
    } else if (spec.header === true && (typeof column !== 'string' || column.trim() === '' || column.length > 60)) {
      problems.push({ field: `columns.${field}`, message: 'must be a header name (the file has a header row)' });
    } else if (spec.header === false && (!Number.isInteger(column) || (column as number) < 1 || (column as number) > 100)) {
      problems.push({ field: `columns.${field}`, message: 'must be a column number from 1 to 100 (the file has no header row)' });
    } else {
      const key = String(column).trim().toLowerCase();
      if (seen.has(key)) problems.push({ field: `columns.${field}`, message: `names column "${String(column)}" again` });
      seen.add(key);
    }
  }
}

function checkExtras(spec: Record<string, unknown>, problems: FieldProblem[]): void {
  if (spec.ignoredColumns !== undefined) {
    const ignored = spec.ignoredColumns;
    if (!Array.isArray(ignored) || !ignored.every((name) => typeof name === 'string' && name.trim() !== '')) {
      problems.push({ field: 'ignoredColumns', message: 'must be a list of header names' });
    } else if (spec.header !== true && ignored.length > 0) {
      problems.push({ field: 'ignoredColumns', message: 'needs a header row (columns are ignored by name)' });
    }
  }
  if (spec.readTypeCodes !== undefined) {
    if (!isRecord(spec.readTypeCodes)) {
      problems.push({ field: 'readTypeCodes', message: 'must map a code to a read type' });
      return;
    }
    for (const [code, type] of Object.entries(spec.readTypeCodes)) {
      if (code.trim() === '' || code.length > 20) problems.push({ field: `readTypeCodes.${code}`, message: 'a code is 1 to 20 characters' });
      else if (!(readTypes as readonly unknown[]).includes(type)) {
        problems.push({ field: `readTypeCodes.${code}`, message: `must be one of ${readTypes.join(', ')}` });
      }
    }
  }
}

/** Every problem with a read layout spec, each naming its field; empty when the spec is usable. */
export function validateReadLayoutSpec(value: unknown): FieldProblem[] {
  if (!isRecord(value)) return [{ field: 'spec', message: 'must be an object' }];
  const problems: FieldProblem[] = [];
  if (typeof value.delimiter !== 'string' || value.delimiter.length !== 1 || /["\r\n]/.test(value.delimiter)) {
    problems.push({ field: 'delimiter', message: 'must be one character (not a quote or a line break)' });
  }
  if (typeof value.header !== 'boolean') problems.push({ field: 'header', message: 'must be true or false' });
  if (!(readDateFormats as readonly unknown[]).includes(value.dateFormat)) {
    problems.push({ field: 'dateFormat', message: `must be one of ${readDateFormats.join(', ')}` });
  }
  checkColumns(value, problems);
  checkExtras(value, problems);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Stored layouts

export const readSamplesDir = fileURLToPath(new URL('../../samples/reads/', import.meta.url));

export async function listReadLayouts(db: Executor): Promise<ReadLayoutRow[]> {
  const result = await sql<ReadLayoutRow>`select code, name, spec, is_active as "isActive" from read_layout order by code`.execute(db);
  return result.rows;
}

/** The active layout by its code, or invalid_input naming the layout field. */
export async function findReadLayout(db: Executor, code: string): Promise<ReadLayoutRow> {
  const result = await sql<ReadLayoutRow>`select code, name, spec, is_active as "isActive" from read_layout where code = ${code}`.execute(db);
  const layout = result.rows[0];
  if (!layout) throw invalidFields([{ field: 'layout', message: `there is no read layout "${code}"` }]);
  if (!layout.isActive) throw invalidFields([{ field: 'layout', message: `the read layout "${code}" is retired` }]);
  return layout;
}

/** Adds a layout or changes one (reads already imported keep what they were). Audited. Errors: invalid_input. */
export async function saveReadLayout(database: Database, options: { input: unknown; actor: Actor }): Promise<ReadLayoutRow> {
  const raw = asRecord(options.input, 'read layout');
  const problems = new Problems();
  const code = text(raw.code, 'code', problems, { required: true, max: 31 })?.toLowerCase() ?? null;
  const name = text(raw.name, 'name', problems, { required: true, max: 100 });
  if (code && !/^[a-z][a-z0-9_-]{1,30}$/.test(code)) problems.add('code', 'lower-case letters, digits, dashes and underscores, e.g. "handheld-csv"');
  for (const problem of validateReadLayoutSpec(raw.spec)) problems.add(`spec.${problem.field}`, problem.message);
  const isActive = raw.isActive === undefined ? true : raw.isActive === true;
  problems.throwIfAny();
  const spec = raw.spec as ReadLayoutSpec;
  const after: ReadLayoutRow = { code: code as string, name: name as string, spec, isActive };
  return inTransaction(database, async (tx) => {
    const before = (await listReadLayouts(tx)).find((layout) => layout.code === code) ?? null;
    await sql`insert into read_layout (code, name, spec, is_active)
      values (${after.code}, ${after.name}, ${JSON.stringify(spec)}::jsonb, ${isActive})
      on conflict (code) do update set name = excluded.name, spec = excluded.spec, is_active = excluded.is_active`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: before ? 'utility.update_read_layout' : 'utility.create_read_layout',
      entityType: 'read_layout', entityId: after.code, before, after });
    return after;
  });
}

/** The layouts shipped in samples/reads/ (each <code>.json beside a sample file). */
export function shippedReadLayouts(): ReadLayout[] {
  return readdirSync(readSamplesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(`${readSamplesDir}${name}`, 'utf8')) as ReadLayout);
}

/** Installs the shipped layouts that are not there yet (a new city, the demo). Returns how many. */
export async function seedReadLayouts(database: Database, actor: Actor): Promise<number> {
  const existing = new Set((await listReadLayouts(database.kysely)).map((layout) => layout.code));
  let added = 0;
  for (const layout of shippedReadLayouts()) {
    if (existing.has(layout.code)) continue;
    await saveReadLayout(database, { input: layout, actor });
    added += 1;
  }
  return added;
}
