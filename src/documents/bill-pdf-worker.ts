/**
 * A worker thread of the bill PDF pool: renders the bills of each task it is sent and answers
 * with the files packed into one transferable buffer (Buffers from pdf rendering may share
 * Node's pooled memory, which must not be transferred).
 */
import { parentPort } from 'node:worker_threads';
import type { BillPdfTask, BillPdfTaskResult } from './bill-pdf-pool.js';
import { renderUtilityBills } from './utility-bill.js';

const port = parentPort;
if (!port) throw new Error('bill-pdf-worker.ts runs as a worker thread of bill-pdf-pool.ts');

port.on('message', (task: BillPdfTask) => {
  try {
    const files: Buffer[] = [];
    for (let start = 0; start < task.bills.length; start += task.billsPerFile) {
      files.push(renderUtilityBills(task.bills.slice(start, start + task.billsPerFile), task.render));
    }
    const packed = new Uint8Array(files.reduce((sum, file) => sum + file.length, 0));
    const lengths: number[] = [];
    let offset = 0;
    for (const file of files) {
      packed.set(file, offset);
      offset += file.length;
      lengths.push(file.length);
    }
    const result: BillPdfTaskResult = { id: task.id, packed, lengths };
    port.postMessage(result, [packed.buffer]);
  } catch (error) {
    const result: BillPdfTaskResult = { id: task.id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
    port.postMessage(result);
  }
});
