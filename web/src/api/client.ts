/**
 * The one way the web application talks to the server. Same-origin cookies carry the session
 * (HttpOnly, so never seen here); every state-changing request carries X-CSRF-Token from the
 * session response. Errors come back as ApiError with the server's stable code.
 *
 * When a call answers 401 unauthenticated while someone was signed in, the session has ended
 * (idle, expired, disabled): listeners are told so the app can ask for the password again over
 * the current screen, keeping whatever the form held.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;
let isSignedIn = false;
const sessionEndedListeners = new Set<() => void>();

export function setSessionState(state: { csrfToken: string; isSignedIn: boolean } | null): void {
  csrfToken = state?.csrfToken ?? null;
  isSignedIn = state?.isSignedIn ?? false;
}

export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds a path with a query string, leaving out empty values. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sent as-is with this content type instead of JSON (e.g. a CSV upload). */
  text?: { contentType: string; content: string };
  /** Do not announce a 401 as an ended session (the sign-in calls themselves). */
  isSessionCall?: boolean;
  /** Aborts the request (TanStack Query passes one, so a superseded search is cancelled). */
  signal?: AbortSignal;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function apiRequest<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (options.text) {
    headers['Content-Type'] = options.text.contentType;
    body = options.text.content;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (unsafeMethods.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, {
      code: 'network_error',
      message: 'The server did not answer. Check the connection and try again.',
      details: {},
    });
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await readJson(response);
  if (!response.ok) {
    const error = new ApiError(response.status, errorBodyOf(response, payload));
    if (response.status === 401 && error.code === 'unauthenticated' && isSignedIn && !options.isSessionCall) {
      isSignedIn = false;
      for (const listener of sessionEndedListeners) listener();
    }
    throw error;
  }
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorBodyOf(response: Response, payload: unknown): ApiErrorBody {
  if (typeof payload === 'object' && payload !== null && 'error' in payload) {
    const error = (payload as { error: Partial<ApiErrorBody> }).error;
    return {
      code: typeof error.code === 'string' ? error.code : 'error',
      message: typeof error.message === 'string' ? error.message : response.statusText,
      details: typeof error.details === 'object' && error.details !== null ? error.details : {},
    };
  }
  return { code: 'error', message: `The server answered ${response.status} ${response.statusText}`, details: {} };
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, { body: body ?? {} }),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};
