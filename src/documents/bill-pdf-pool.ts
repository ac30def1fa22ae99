/**
 * Renders a bill run's PDFs across worker threads: the bills are cut into tasks, each worker
 * renders a task at a time (two in flight, so a worker never waits for the next), and the files
 * come back in the order of the bills, whatever order the workers finish in. Progress is
 * reported as tasks finish. A worker that fails fails the whole render (and the pool).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { assert } from '../shared/errors.js';
import type { UtilityBillDocument, UtilityBillRenderOptions } from './utility-bill.js';

export interface BillPdfTask {
  id: number;
  bills: UtilityBillDocument[];
  billsPerFile: number;
  render: UtilityBillRenderOptions;
}

export type BillPdfTaskResult =
  | { id: number; packed: Uint8Array; lengths: number[]; error?: undefined }
  | { id: number; error: string; packed?: undefined; lengths?: undefined };

export interface BillPdfRenderOptions extends UtilityBillRenderOptions {
  /** Bills in each returned PDF: 1 (default) gives one file per bill; 500 a print file per 500. */
  billsPerFile?: number;
  /** Bills per task sent to a worker (default: billsPerFile, at least 100). */
  billsPerTask?: number;
  onProgress?: (billsDone: number, billsTotal: number) => void;
}

export interface BillPdfPool {
  readonly workers: number;
  /** The PDF files, in the order of `bills`. */
  render(bills: readonly UtilityBillDocument[], options?: BillPdfRenderOptions): Promise<Buffer[]>;
  close(): Promise<void>;
}

/**
 * The worker: the compiled .js beside this file, or, when this runs from the .ts source (tsx,
 * vitest), the .ts source loaded through tsx's loader, which an eval'd worker registers first
 * (Node 20 workers do not inherit the `--import tsx` hooks of their parent).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./bill-pdf-worker.js', import.meta.url));
  const source = new URL('./bill-pdf-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, execArgv: [] });
}

interface Pending {
  resolve: (result: { packed: Uint8Array; lengths: number[] }) => void;
  reject: (error: Error) => void;
}

class PooledWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();

  constructor(onFailure: (error: Error) => void) {
    this.worker = startWorker();
    this.worker.on('message', (result: BillPdfTaskResult) => {
      const pending = this.pending.get(result.id);
      this.pending.delete(result.id);
      if (!pending) return;
      if (result.error !== undefined) pending.reject(new Error(`bill PDF worker: ${result.error}`));
      else pending.resolve({ packed: result.packed, lengths: result.lengths });
    });
    this.worker.on('error', onFailure);
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) onFailure(new Error(`bill PDF worker exited with code ${code}`));
    });
  }

  run(task: BillPdfTask): Promise<{ packed: Uint8Array; lengths: number[] }> {
    return new Promise((resolve, reject) => {
      this.pending.set(task.id, { resolve, reject });
      this.worker.postMessage(task);
    });
  }

  failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

export function createBillPdfPool(options: { workers?: number } = {}): BillPdfPool {
  const count = options.workers ?? availableParallelism();
  assert(Number.isInteger(count) && count >= 1, `a bill PDF pool needs at least one worker, got ${count}`);
  const workers: PooledWorker[] = [];
  const fail = (error: Error) => workers.forEach((worker) => worker.failAll(error));
  for (let index = 0; index < count; index += 1) workers.push(new PooledWorker(fail));
  let nextTaskId = 0;
  return {
    workers: count,
    async render(bills, renderOptions = {}) {
      const billsPerFile = renderOptions.billsPerFile ?? 1;
      const render: UtilityBillRenderOptions = {
        ...(renderOptions.compress === undefined ? {} : { compress: renderOptions.compress }),
        ...(renderOptions.deflateLevel === undefined ? {} : { deflateLevel: renderOptions.deflateLevel }),
      };
      assert(Number.isInteger(billsPerFile) && billsPerFile >= 1, 'billsPerFile must be a positive integer');
      // A task holds whole files, so that no file is split across workers.
      const perTask = Math.max(billsPerFile, Math.ceil((renderOptions.billsPerTask ?? Math.max(billsPerFile, 100)) / billsPerFile) * billsPerFile);
      const tasks: Array<{ start: number; end: number }> = [];
      for (let start = 0; start < bills.length; start += perTask) tasks.push({ start, end: Math.min(bills.length, start + perTask) });
      const results: Buffer[][] = new Array<Buffer[]>(tasks.length);
      let nextTask = 0;
      let billsDone = 0;
      let hasFailed = false;
      const drive = async (worker: PooledWorker): Promise<void> => {
        while (nextTask < tasks.length && !hasFailed) {
          const taskIndex = nextTask;
          nextTask += 1;
          const { start, end } = tasks[taskIndex]!;
          const task: BillPdfTask = { id: nextTaskId++, bills: bills.slice(start, end), billsPerFile, render };
          const { packed, lengths } = await worker.run(task).catch((error: unknown) => {
            // The other drivers stop taking tasks: the render has failed.
            hasFailed = true;
            throw error;
          });
          const files: Buffer[] = [];
          let offset = 0;
          for (const length of lengths) {
            files.push(Buffer.from(packed.buffer, packed.byteOffset + offset, length));
            offset += length;
          }
          results[taskIndex] = files;
          billsDone += end - start;
          renderOptions.onProgress?.(billsDone, bills.length);
        }
      };
      // Two drivers per worker keep a task queued behind the one being rendered.
      await Promise.all(workers.flatMap((worker) => [drive(worker), drive(worker)]));
      return results.flat();
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.worker.terminate()));
    },
  };
}

/** Renders `bills` on a pool made for the purpose and closed afterwards. */
export async function renderUtilityBillsInPool(
  bills: readonly UtilityBillDocument[],
  options: BillPdfRenderOptions & { workers?: number } = {},
): Promise<Buffer[]> {
  const pool = createBillPdfPool(options.workers === undefined ? {} : { workers: options.workers });
  try {
    return await pool.render(bills, options);
  } finally {
    await pool.close();
  }
}
