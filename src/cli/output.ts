/**
 * Text output shared by the commands: aligned tables, JSON, and writing a long export to a file
 * or to stdout without holding it all in memory.
 */
import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { invalidInput } from '../shared/errors.js';
import { cents, formatCents } from '../shared/money.js';
import type { OutputStream } from './context.js';

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis so the table stays readable in a terminal. */
  maxWidth?: number;
}

/** A row of cells, or a rule (a line of dashes) drawn under the columns. */
export type TableRow = readonly string[] | 'rule';

export function formatTable(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  const cut = (text: string, column: TableColumn) =>
    column.maxWidth !== undefined && text.length > column.maxWidth
      ? `${text.slice(0, column.maxWidth - 1)}…`
      : text;
  const cells = rows.map((row) =>
    row === 'rule' ? row : columns.map((column, index) => cut(row[index] ?? '', column)),
  );
  const widths = columns.map((column, index) =>
    Math.max(
      column.header.length,
      ...cells.map((row) => (row === 'rule' ? 0 : (row[index] ?? '').length)),
    ),
  );
  const render = (row: readonly string[]) =>
    row
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const lines = [render(columns.map((column) => column.header)), rule];
  for (const row of cells) lines.push(row === 'rule' ? rule : render(row));
  return `${lines.join('\n')}\n`;
}

/** Cents as dollars for a table cell; zero shows blank so debit and credit columns scan easily. */
export function moneyCell(amount: number, options: { showZero?: boolean } = {}): string {
  if (amount === 0 && !options.showZero) return '';
  return formatCents(cents(amount));
}

export function writeJson(stream: OutputStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The reader of our output went away (`civic ledger export --format csv | head`): not a failure of
 * the command, so the run stops quietly.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('the output was closed by its reader');
    this.name = 'OutputClosedError';
  }
}

export function isBrokenPipe(error: unknown): boolean {
  if (error instanceof OutputClosedError) return true;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** Writes and waits when the stream's buffer is full, so a large export streams in bounded memory. */
export async function writeChunk(stream: OutputStream, chunk: string): Promise<void> {
  if ('destroyed' in stream && stream.destroyed === true) throw new OutputClosedError();
  if (stream.write(chunk)) return;
  await once(stream, 'drain').catch((error: unknown) => {
    throw isBrokenPipe(error) ? new OutputClosedError() : error;
  });
}

/**
 * Sends generated text to `outPath`, or to stdout when there is none. A file is written under a
 * temporary name and renamed when complete, so a failed export never leaves a half file that
 * looks finished.
 */
export async function writeOutput<T>(
  stdout: OutputStream,
  outPath: string | undefined,
  produce: (write: (chunk: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  if (!outPath) return produce((chunk) => writeChunk(stdout, chunk));
  const target = path.resolve(outPath);
  const partial = `${target}.partial-${process.pid}`;
  const handle = await open(partial, 'w').catch((error: NodeJS.ErrnoException) => {
    throw invalidInput('out', `cannot write ${target}: ${error.code ?? error.message}`);
  });
  const file = handle.createWriteStream({ encoding: 'utf8' });
  try {
    const result = await produce((chunk) => writeChunk(file, chunk));
    file.end();
    await once(file, 'finish');
    await rename(partial, target);
    return result;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
