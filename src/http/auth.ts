/**
 * Who is calling, and may they? Runs on every request, before validation:
 * 1. The session cookie resolves to a SessionContext (or none).
 * 2. The route's declared permission decides: public, signed_in, or a permission the user's roles
 *    hold. Missing session → 401; missing permission → 403 naming it.
 * 3. A user who must enroll a second factor may only reach the signed_in routes meant for it.
 * 4. State-changing requests made with the cookie must carry the session's CSRF token in the
 *    X-CSRF-Token header (SameSite=Strict cookies are the first defence, this the second).
 * Refused writes (and every 403) are recorded in the audit trail before the response goes out.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession, PUBLIC, SIGNED_IN, type SessionContext } from '../access/index.js';
import { hasPermission } from '../shared/actor.js';
import { recordRefusal } from '../shared/audit.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { actorOf } from './actor.js';
import { acceptedPermissions, permissionOf, type RoutePermission } from './permissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, or null. Set by auth.ts on every request. */
    session: SessionContext | null;
  }
}

export const SESSION_COOKIE = 'civic_session';
/** Over HTTPS the cookie takes the __Host- prefix: Secure, Path=/, no Domain, by the browser's rule. */
export const SECURE_SESSION_COOKIE = '__Host-civic_session';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes a user who has yet to enroll a second factor may still use. */
const enrollmentRoutes = new Set([
  'GET /api/session',
  'DELETE /api/session',
  'POST /api/session/totp/setup',
  'POST /api/session/totp/confirm',
]);

export function sessionCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(request), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(request), { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}

export async function installAuth(app: FastifyInstance, database: Database): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    // No route matched: the not-found handler answers (404 JSON, or the web app's page).
    if (request.is404) return;
    const permission = permissionOf(request);
    if (permission === PUBLIC && !request.url.startsWith('/api/session')) return;
    const token = request.cookies[sessionCookieName(request)];
    const userAgent = request.headers['user-agent'] ?? null;
    request.session = await resolveSession(database, token, { ip: request.ip, userAgent });
    if (permission === PUBLIC) return;
    authorize(request, permission);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    await auditRefusal(database, request, reply);
    return payload;
  });
}

function authorize(request: FastifyRequest, permission: RoutePermission | undefined): void {
  const session = request.session;
  if (!permission) throw new AppError('forbidden', 'This route declares no permission', {});
  if (!session) {
    throw new AppError('unauthenticated', 'Sign in to continue (your session may have ended)', {});
  }
  const routeKey = `${request.method} ${request.routeOptions.url ?? ''}`;
  if (session.mustEnrollTotp && !enrollmentRoutes.has(routeKey)) {
    throw new AppError('forbidden', 'Set up your second factor (authenticator app) before continuing', {
      reason: 'totp_enrollment_required',
    });
  }
  if (!safeMethods.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (header !== session.csrfToken) {
      throw new AppError('forbidden', 'The request lacks this session’s CSRF token; reload the page and try again', {
        reason: 'csrf',
      });
    }
  }
  if (permission === SIGNED_IN) return;
  const accepted = acceptedPermissions(permission);
  if (!accepted.some((name) => hasPermission(session.principal, name))) {
    const needed = accepted.length === 1 ? `the permission ${accepted[0]}` : `one of the permissions ${accepted.join(', ')}`;
    throw new AppError('forbidden', `This needs ${needed}`, { permission: accepted.length === 1 ? accepted[0] : accepted });
  }
}

async function auditRefusal(database: Database, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const status = reply.statusCode;
  if (status < 400 || status >= 500 || status === 404) return;
  const config = request.routeOptions.config;
  if (config?.auditsOwnRefusals) return;
  const isWrite = !safeMethods.has(request.method);
  if (!isWrite && status !== 403) return;
  const route = request.routeOptions.url ?? request.url.split('?')[0];
  try {
    await recordRefusal(database, {
      actor: actorOf(request),
      action: `http.${request.method.toLowerCase()} ${route}`,
      entityType: 'route',
      entityId: request.url.split('?')[0] ?? null,
      details: { status, permission: config?.permission ?? null },
    });
  } catch (error) {
    request.log.error({ err: error }, 'could not record a refused request in the audit trail');
  }
}
