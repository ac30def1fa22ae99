/**
 * Importing a file of meter reads from a handheld or an AMI head-end, in its layout (read_layout,
 * data not code):
 *
 * - The same file twice is refused (its SHA-256), naming the first import and its date.
 * - All or nothing: a row that cannot be stored (malformed, an unknown meter, a second read for a
 *   date, a read before the meter's latest) refuses the whole file with every problem by row and
 *   field, and nothing is written — unless `acceptGoodRows`, when the good rows land and the
 *   report lists the rows left out.
 * - Stored reads are accepted, or exceptions waiting in the review queue (read-validate.ts); a
 *   re-read supersedes the live read of its meter and date.
 *
 * Set-based: the meters' history is one query for the whole file, the reads are written by one
 * statement per chunk of READS_PER_STATEMENT, all in one transaction (a crash part way leaves
 * nothing, and the import runs again cleanly). Audited (one row per file).
 * Errors: invalid_input, conflict.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { cityDateOf, type Clock } from '../shared/dates.js';
import { inTransaction, yieldToEventLoop, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { findReadLayout, validateReadLayoutSpec } from './read-layouts.js';
import { parseReadFile, type ReadProblem } from './read-parse.js';
import {
  advanceMeterReadState, allocateReadIds, insertReads, loadMeterHistories, loadReadsBefore, lockReadWriters, readKey, READS_PER_STATEMENT,
  refreshMeterReadState, supersedeReads,
} from './read-store.js';
import { readExceptionCodes, validateReads, type CheckedRead, type MeterHistory, type ReadExceptionCode } from './read-validate.js';

/** Problems returned with a refused file or a report (the count is always exact). */
export const MAX_PROBLEMS_REPORTED = 1_000;

export interface ReadImportResult {
  importId: number;
  fileName: string;
  sha256: string;
  layoutCode: string;
  rowCount: number;
  /** Stored and accepted (estimated reads included). */
  acceptedCount: number;
  /** Stored and waiting in the review queue. */
  exceptionCount: number;
  /** Reads by exception code (a read may carry several), estimated included. */
  exceptionsByCode: Partial<Record<ReadExceptionCode, number>>;
  /** Rows left out (acceptGoodRows) and their problems. */
  rejectedCount: number;
  problemCount: number;
  problems: ReadProblem[];
  supersededCount: number;
  /** Seconds per stage. */
  timings: Record<string, number>;
}

export interface ImportReadsOptions {
  fileName: string;
  content: string;
  layoutCode: string;
  /** Store the good rows and report the others, instead of refusing the file. */
  acceptGoodRows?: boolean;
  actor: Actor;
  clock: Clock;
  /** Reads written so far, of all: for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export function sha256Of(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

interface KnownImport {
  id: number;
  fileName: string;
  createdAt: Date;
  createdBy: string;
}

async function findImportBySha(db: Executor, sha: string): Promise<KnownImport | null> {
  const result = await sql<KnownImport>`select id, file_name as "fileName", created_at as "createdAt", created_by as "createdBy"
    from read_import where sha256 = ${sha}`.execute(db);
  return result.rows[0] ?? null;
}

function duplicateFile(found: KnownImport): AppError {
  return new AppError('conflict', `This file was imported already: ${found.fileName} (import ${found.id}), ` +
    `by ${found.createdBy} on ${cityDateOf(found.createdAt)}. Nothing was stored again.`,
  { field: 'file', importId: found.id, importedOn: cityDateOf(found.createdAt) });
}

function refusedFile(fileName: string, problems: readonly ReadProblem[]): AppError {
  const first = problems[0] as ReadProblem;
  const rows = new Set(problems.map((problem) => problem.row)).size;
  const summary = problems.length === 1
    ? `${fileName}, row ${first.row}: ${first.field} ${first.message}. Nothing was stored.`
    : `${fileName} has ${problems.length} problems in ${rows} rows (the first: row ${first.row}, ${first.field} ${first.message}). Nothing was stored.`;
  return new AppError('invalid_input', summary, {
    field: 'file',
    problemCount: problems.length,
    rejectedRows: rows,
    problems: problems.slice(0, MAX_PROBLEMS_REPORTED).map((problem) => ({ row: problem.row, field: problem.field, message: problem.message })),
  });
}

function countCodes(reads: readonly CheckedRead[]): Partial<Record<ReadExceptionCode, number>> {
  const counts: Partial<Record<ReadExceptionCode, number>> = {};
  for (const read of reads) for (const code of read.exceptionCodes) counts[code] = (counts[code] ?? 0) + 1;
  return Object.fromEntries(readExceptionCodes.filter((code) => counts[code]).map((code) => [code, counts[code]]));
}

/** Problems the good rows cannot be taken past: the file, or its header row. */
function isFileProblem(problem: ReadProblem, hasHeader: boolean): boolean {
  return problem.field === 'file' || (hasHeader && problem.row === 1);
}

/** Adds the accepted reads before re-reads of accepted reads (what those are measured from). */
export async function addRereadBases(tx: Tx, reads: readonly { meterSerial: string; readDate: string; readType: string }[],
  histories: Map<string, MeterHistory>): Promise<void> {
  const pairs = reads.flatMap((read) => {
    const history = histories.get(read.meterSerial);
    const live = history?.lastLive;
    return read.readType === 'reread' && history && live && live.readDate === read.readDate && live.status !== 'exception'
      ? [{ meterId: history.meterId, readDate: live.readDate }] : [];
  });
  const before = await loadReadsBefore(tx, pairs);
  for (const history of histories.values()) if (before.has(history.meterId)) history.beforeLastLive = before.get(history.meterId) ?? null;
}

/** Writes checked reads in date order (so a read is written after the one it is measured from). */
export async function writeReads(database: Database, tx: Tx, spec: { reads: CheckedRead[]; source: 'import' | 'manual' | 'field' | 'estimate';
  importId: number | null; createdBy: string; onChunk?: (written: number) => void }): Promise<Map<string, number>> {
  const reads = [...spec.reads].sort((a, b) => (a.readDate < b.readDate ? -1 : a.readDate > b.readDate ? 1 : a.rowNumber - b.rowNumber));
  const referenced = [...new Set(reads.flatMap((read) => (read.previousRowNumber === null ? [] : [read.previousRowNumber])))];
  const ids = await allocateReadIds(tx, referenced.length);
  const idsByRow = new Map(referenced.map((row, index) => [row, ids[index] as number]));
  await supersedeReads(tx, reads.flatMap((read) => (read.supersedesReadId === null ? [] : [read.supersedesReadId])));
  // Meters with one new read each advance their state with the chunk; a meter read twice in the
  // batch, or re-read, has its state recomputed from its reads afterwards.
  const perMeter = new Map<number, number>();
  for (const read of reads) perMeter.set(read.meterId, (perMeter.get(read.meterId) ?? 0) + 1);
  const recompute = new Set(reads.filter((read) => read.supersedesReadId !== null || (perMeter.get(read.meterId) ?? 0) > 1).map((read) => read.meterId));
  const written = new Map<string, number>();
  for (let start = 0; start < reads.length; start += READS_PER_STATEMENT) {
    const chunk = reads.slice(start, start + READS_PER_STATEMENT);
    const ids = await insertReads(tx, { reads: chunk, idsByRow, source: spec.source, importId: spec.importId, createdBy: spec.createdBy });
    for (const [key, id] of ids) written.set(key, id);
    await advanceMeterReadState(tx, chunk.filter((read) => !recompute.has(read.meterId))
      .map((read) => ({ id: ids.get(readKey(read.meterId, read.readDate)) as number, read })));
    spec.onChunk?.(start + chunk.length);
    if (database.engine === 'pglite') await yieldToEventLoop();
  }
  await refreshMeterReadState(tx, [...recompute]);
  return written;
}

export async function importReads(database: Database, options: ImportReadsOptions): Promise<ReadImportResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (stage: string, since: number): number => {
    const now = performance.now();
    timings[stage] = Math.round(now - since) / 1000;
    return now;
  };
  const fileName = options.fileName.trim().slice(0, 200) || 'read file';
  const sha = sha256Of(options.content);
  const known = await findImportBySha(database.kysely, sha);
  if (known) throw duplicateFile(known);
  const layout = await findReadLayout(database.kysely, options.layoutCode);
  const specProblems = validateReadLayoutSpec(layout.spec);
  if (specProblems.length > 0) throw new AppError('invalid_input', `The read layout "${layout.code}" is not usable: ${specProblems[0]?.field} ${specProblems[0]?.message}`, { field: 'layout' });
  let mark = performance.now();
  const parsed = parseReadFile(options.content, layout.spec, options.clock.today());
  mark = lap('parse', mark);
  // A file the rows cannot be read from is refused at once; row problems are reported with the
  // history's (unknown meters, dates that have a read) so the clerk sees every one at once.
  if (parsed.problems.some((problem) => isFileProblem(problem, layout.spec.header))) throw refusedFile(fileName, parsed.problems);

  const outcome = await inTransaction(database, async (tx) => {
    let step = performance.now();
    await lockReadWriters(tx);
    const again = await findImportBySha(tx, sha);
    if (again) throw duplicateFile(again);
    const histories = await loadMeterHistories(tx, { serials: parsed.reads.map((read) => read.meterSerial) });
    await addRereadBases(tx, parsed.reads, histories);
    step = lap('history', step);
    const { checked, problems: rowProblems } = validateReads(parsed.reads, histories);
    const problems = [...parsed.problems, ...rowProblems].sort((a, b) => a.row - b.row);
    step = lap('validate', step);
    if (problems.length > 0 && !options.acceptGoodRows) throw refusedFile(fileName, problems);
    if (checked.length === 0) throw refusedFile(fileName, problems.length > 0 ? problems : [{ row: 1, field: 'file', message: 'the file has no reads' }]);
    const rejectedCount = new Set(problems.map((problem) => problem.row)).size;
    const exceptionCount = checked.filter((read) => read.status === 'exception').length;
    const exceptionsByCode = countCodes(checked);
    const inserted = await sql<{ id: number }>`insert into read_import (file_name, sha256, layout_code, row_count, accepted_count,
        exception_count, rejected_count, problems, exception_counts, created_by)
      values (${fileName}, ${sha}, ${layout.code}, ${parsed.rowCount}, ${checked.length - exceptionCount}, ${exceptionCount},
        ${rejectedCount}, ${JSON.stringify(problems.slice(0, MAX_PROBLEMS_REPORTED))}::jsonb, ${JSON.stringify(exceptionsByCode)}::jsonb,
        ${options.actor.username})
      returning id`.execute(tx);
    const importId = inserted.rows[0]?.id as number;
    await writeReads(database, tx, { reads: checked, source: 'import', importId, createdBy: options.actor.username,
      onChunk: (written) => options.onProgress?.(written, checked.length) });
    const supersededCount = checked.filter((read) => read.supersedesReadId !== null).length;
    lap('write', step);
    timings.total = Math.round(performance.now() - started) / 1000;
    await sql`update read_import set timings = ${JSON.stringify(timings)}::jsonb where id = ${importId}`.execute(tx);
    const result: ReadImportResult = {
      importId, fileName, sha256: sha, layoutCode: layout.code, rowCount: parsed.rowCount,
      acceptedCount: checked.length - exceptionCount, exceptionCount, exceptionsByCode, rejectedCount,
      problemCount: problems.length, problems: problems.slice(0, MAX_PROBLEMS_REPORTED), supersededCount, timings,
    };
    await recordAudit(tx, { actor: options.actor, action: 'utility.import_reads', entityType: 'read_import', entityId: String(importId),
      after: { ...result, problems: result.problems.slice(0, 50) } });
    return result;
  });
  return outcome;
}

export interface ReadImportRow {
  id: number;
  fileName: string;
  sha256: string;
  layoutCode: string | null;
  rowCount: number;
  acceptedCount: number;
  exceptionCount: number;
  rejectedCount: number;
  exceptionCounts: Partial<Record<ReadExceptionCode, number>>;
  problems: ReadProblem[];
  timings: Record<string, number>;
  createdAt: string;
  createdBy: string;
}

export async function listReadImports(db: Executor, options: { id?: number; limit?: number } = {}): Promise<ReadImportRow[]> {
  const result = await sql<Omit<ReadImportRow, 'createdAt'> & { createdAt: Date }>`select id, file_name as "fileName", sha256,
      layout_code as "layoutCode", row_count as "rowCount", accepted_count as "acceptedCount", exception_count as "exceptionCount",
      rejected_count as "rejectedCount", exception_counts as "exceptionCounts", problems, timings, created_at as "createdAt",
      created_by as "createdBy"
    from read_import where (${options.id ?? null}::bigint is null or id = ${options.id ?? null})
    order by id desc limit ${options.limit ?? 50}`.execute(db);
  return result.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
