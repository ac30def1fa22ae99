/**
 * Two processes opening one PGlite data directory silently lose acknowledged commits (measured;
 * see ../shared/STACK.md). So the embedded database takes a lock file first; a second process
 * exits with a clear message naming the holder. A lock left by a process that died is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'civic.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(file, 'wx');
      writeSync(descriptor, `${process.pid}\n`);
      closeSync(descriptor);
      let isReleased = false;
      const release = () => {
        if (isReleased) return;
        isReleased = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { file, release };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const holder = readHolder(file);
      if (holder !== null && holder !== process.pid && isProcessAlive(holder)) {
        throw new AppError(
          'data_dir_locked',
          `The data directory ${dataDir} is in use by another Civic Ledger process (pid ${holder}). ` +
            'Stop it first, or set CIVIC_DATA_DIR to another directory. Two processes on one ' +
            'embedded database lose data.',
          { dataDir, pid: holder },
        );
      }
      // The holder is gone (or it is ourselves after a crash-restart): take the stale lock over.
      rmSync(file, { force: true });
    }
  }
  throw new AppError('data_dir_locked', `Could not lock the data directory ${dataDir}`, { dataDir });
}

function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST';
}

function readHolder(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}
