/**
 * Domain errors with stable codes. Every use case documents which codes it can return; the HTTP
 * layer maps codes to statuses in one table (src/http/errors.ts) and the CLI prints them.
 * Programmer errors are not AppErrors: they are assertions (see `assert`) and crash loudly.
 */
export const errorCodes = [
  'invalid_input',
  'not_found',
  'conflict',
  'period_closed',
  'unbalanced_entry',
  'idempotency_conflict',
  'already_reversed',
  'unauthenticated',
  'forbidden',
  'data_dir_locked',
  'rate_limited',
  'totp_required',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** One problem with one field (or CSV row), for errors that list several at once. */
export interface FieldProblem {
  field: string;
  message: string;
  row?: number;
}

export function invalidInput(field: string, message: string, extra: ErrorDetails = {}): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field, ...extra });
}

/** Several field problems reported together, so a user can fix a whole form or file at once. */
export function invalidFields(problems: FieldProblem[], summary?: string): AppError {
  const first = problems[0];
  const message =
    summary ??
    (problems.length === 1 && first
      ? `${first.row === undefined ? '' : `row ${first.row}: `}${first.field}: ${first.message}`
      : `${problems.length} problems in the input`);
  return new AppError('invalid_input', message, { problems });
}

export function notFound(what: string, key: string | number): AppError {
  return new AppError('not_found', `${what} ${key} was not found`, { entity: what, key });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A broken promise inside our own code: crash loudly rather than carry on with bad state. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(`Assertion failed: ${message}`);
  }
}
