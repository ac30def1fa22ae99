/**
 * The one table from domain error codes to HTTP statuses, and the one place every error becomes
 * a response: `{ "error": { "code", "message", "details" } }`.
 *
 * Decisions:
 * - `period_closed` is 409 Conflict, not 422: the entry itself is well formed; it conflicts with
 *   the current state of a period, and the same request succeeds once a finance manager reopens
 *   the period. 422 is kept for entries that can never post as written (`unbalanced_entry`).
 * - Fastify's own request errors (malformed JSON, an empty body, a body too large, an unsupported
 *   content type) keep their 4xx status and come out as `invalid_input`.
 * - Anything else is a bug or an outage: 500 `internal` with a generic message and the request
 *   id, while the real error goes to the log (never to the client, which may see SQL or paths).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ErrorCode, type ErrorDetails } from '../shared/errors.js';

export const httpStatusByErrorCode = {
  invalid_input: 400,
  unauthenticated: 401,
  totp_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  period_closed: 409,
  idempotency_conflict: 409,
  already_reversed: 409,
  unbalanced_entry: 422,
  rate_limited: 429,
  data_dir_locked: 503,
} as const satisfies Record<ErrorCode, number>;

/** Codes an HTTP error response can carry: the domain codes plus `internal`. */
export type HttpErrorCode = ErrorCode | 'internal';

export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; details: ErrorDetails };
}

export interface HttpError {
  statusCode: number;
  body: ErrorBody;
  /** True when the client gets a generic message and the log must keep the real one. */
  isInternal: boolean;
}

const codeByClientStatus: Partial<Record<number, ErrorCode>> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
};

export function toHttpError(error: unknown, requestId: string): HttpError {
  if (isAppError(error)) {
    return {
      statusCode: httpStatusByErrorCode[error.code],
      body: errorBody(error.code, error.message, error.details),
      isInternal: false,
    };
  }
  const clientStatus = fastifyClientStatus(error);
  if (clientStatus !== null && isFastifyError(error)) {
    const code = codeByClientStatus[clientStatus] ?? 'invalid_input';
    const details: ErrorDetails = error.code.startsWith('FST_ERR_CTP') ? { field: 'body' } : {};
    return {
      statusCode: clientStatus,
      body: errorBody(code, error.message, details),
      isInternal: false,
    };
  }
  return {
    statusCode: 500,
    body: errorBody(
      'internal',
      'An unexpected error occurred. It has been logged; quote the request id when reporting it.',
      { requestId },
    ),
    isInternal: true,
  };
}

export function errorBody(
  code: HttpErrorCode,
  message: string,
  details: ErrorDetails = {},
): ErrorBody {
  return { error: { code, message, details } };
}

function isFastifyError(error: unknown): error is FastifyError {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('FST_')
  );
}

/** A 4xx status that Fastify itself attached to a request error (parsing, limits), else null. */
function fastifyClientStatus(error: unknown): number | null {
  if (!isFastifyError(error)) return null;
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

export function installErrorHandlers(
  app: FastifyInstance,
  serveWebApp?: (request: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, body, isInternal } = toHttpError(error, request.id);
    if (isInternal) {
      request.log.error({ err: error }, 'request failed with an unexpected error');
    } else {
      request.log.info({ errorCode: body.error.code, statusCode }, body.error.message);
    }
    return reply.status(statusCode).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    if (serveWebApp?.(request, reply)) return reply;
    const body = errorBody('not_found', `No route ${request.method} ${request.url}`, {
      method: request.method,
      url: request.url,
    });
    return reply.status(404).type('application/json; charset=utf-8').send(body);
  });
}
