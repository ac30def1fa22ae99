/**
 * A progress bar for long batches, shown only to a person watching a terminal: when stderr is
 * not a TTY (a pipe, a log file, CI) it would only add noise.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { OutputStream } from './context.js';

/** Below this many items a batch finishes too quickly for a bar to help. */
export const PROGRESS_THRESHOLD = 300;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

export function startProgress(stream: OutputStream, total: number, label: string): Progress {
  if (!stream.isTTY || total <= PROGRESS_THRESHOLD) return silent;
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done, newTotal) => {
      bar.setTotal(newTotal);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

/**
 * For batches that learn their size from their first progress report: the bar starts then.
 * Pass `onProgress` to the batch and call `stop` when it ends (also when it fails).
 */
export function progressReporter(stream: OutputStream, label: string): { onProgress: (done: number, total: number) => void; stop: () => void } {
  let progress: Progress | undefined;
  return {
    onProgress: (done, total) => {
      progress ??= startProgress(stream, total, label);
      progress.update(done, total);
    },
    stop: () => progress?.stop(),
  };
}
