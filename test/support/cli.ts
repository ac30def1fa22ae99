/**
 * Runs `civic` in-process on a database the test owns (the command does not close it), capturing
 * what it prints: for the command tests of every module.
 */
import { Writable } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import { fixedClock, type Clock } from '../../src/shared/dates.js';
import type { Database } from '../../src/shared/db.js';

export class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const defaultClock = fixedClock(new Date('2026-11-23T18:00:00Z'));

/** A `civic` runner bound to the test's database (looked up at call time, after beforeAll). */
export function civicRunner(database: () => Database, options: { clock?: Clock } = {}) {
  return async function civic(...args: string[]): Promise<CliRun> {
    const stdout = new TextSink();
    const stderr = new TextSink();
    const context: CliContext = {
      stdout, stderr, env: {}, clock: options.clock ?? defaultClock,
      databases: { open: async () => database(), release: async () => undefined },
      readStdin: async () => '', exitCode: 0,
      exit: (code) => { throw new Error(`a command tried to exit the test process with code ${code}`); },
    };
    const code = await runCli(['node', 'civic', ...args], context);
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
}
