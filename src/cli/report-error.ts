/**
 * How a failed command ends: domain errors print their stable code and every problem they list,
 * usage errors (already printed by commander) exit 2, anything else prints one line and exits 1
 * (the stack only with CIVIC_DEBUG=1, because a clerk running a command needs the message, not
 * our internals).
 */
import { CommanderError } from 'commander';
import { isAppError, type AppError, type FieldProblem } from '../shared/errors.js';
import type { OutputStream } from './context.js';
import { isBrokenPipe } from './output.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function exitCodeForCommanderError(error: CommanderError): number {
  return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
}

export function reportError(error: unknown, stderr: OutputStream, env: NodeJS.ProcessEnv): number {
  if (error instanceof CommanderError) return exitCodeForCommanderError(error);
  if (isBrokenPipe(error)) return EXIT_OK;
  if (isAppError(error)) {
    stderr.write(formatAppError(error));
    return EXIT_FAILURE;
  }
  const isDebug = env.CIVIC_DEBUG === '1';
  // Some driver errors (an AggregateError from a refused connection) carry only a code.
  const message =
    error instanceof Error
      ? error.message || String((error as NodeJS.ErrnoException).code ?? error.name)
      : String(error);
  stderr.write(`error: ${message}\n`);
  if (isDebug && error instanceof Error && error.stack) {
    stderr.write(`${error.stack}\n`);
  } else {
    stderr.write('(set CIVIC_DEBUG=1 to see the details)\n');
  }
  return EXIT_FAILURE;
}

export function formatAppError(error: AppError): string {
  const lines = [`error [${error.code}]: ${error.message}`];
  const problems = problemsOf(error);
  // A lone problem is already the message; print it once.
  const isSaidAlready = problems.length === 1 && error.message.includes(problems[0]?.message ?? '\u0000');
  for (const problem of isSaidAlready ? [] : problems) {
    const where =
      problem.row === undefined ? problem.field : `row ${problem.row}, ${problem.field}`;
    lines.push(`  ${where}: ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function problemsOf(error: AppError): FieldProblem[] {
  const problems = error.details.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter(
    (problem): problem is FieldProblem =>
      typeof problem === 'object' &&
      problem !== null &&
      typeof (problem as FieldProblem).field === 'string' &&
      typeof (problem as FieldProblem).message === 'string',
  );
}
