/** Signing in and out, the current session, second-factor enrollment, one's own password. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  beginTotpEnrollment,
  changeOwnPassword,
  confirmTotpEnrollment,

  signIn,
  signOut,
  type SessionContext,
} from '../../access/index.js';
import { sessionOf } from '../actor.js';
import { clearSessionCookie, setSessionCookie } from '../auth.js';
import type { RouteContext } from '../context.js';
import {
  changePasswordSchema,
  getSessionSchema,
  signInSchema,
  signOutSchema,
  totpConfirmSchema,
  totpSetupSchema,
} from './session.schema.js';

export function sessionBody(session: SessionContext) {
  return {
    user: {
      id: session.principal.userId ?? 0,
      username: session.principal.username,
      displayName: session.displayName,
      roles: [...session.principal.roles],
      permissions: [...session.principal.permissions].sort(),
    },
    csrfToken: session.csrfToken,
    mustEnrollTotp: session.mustEnrollTotp,
    expiresAt: session.expiresAt.toISOString(),
    idleExpiresAt: session.idleExpiresAt.toISOString(),
  };
}

function whereFrom(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

export const sessionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.post(
    '/api/session',
    { schema: signInSchema, config: { permission: 'public', auditsOwnRefusals: true } },
    async (request, reply) => {
      // A new session id at every sign-in; any session the browser held before is ended.
      if (request.session) await signOut(database, request.session);
      const { token, session } = await signIn(database, {
        username: request.body.username,
        password: request.body.password,
        totpCode: request.body.totpCode ?? null,
        ...whereFrom(request),
      });
      setSessionCookie(request, reply, token);
      return sessionBody(session);
    },
  );

  app.get('/api/session', { schema: getSessionSchema, config: { permission: 'signed_in' } }, async (request) =>
    sessionBody(sessionOf(request)),
  );

  app.delete('/api/session', { schema: signOutSchema, config: { permission: 'signed_in' } }, async (request, reply) => {
    await signOut(database, sessionOf(request));
    clearSessionCookie(request, reply);
    return reply.status(204).send(null);
  });

  app.post('/api/session/totp/setup', { schema: totpSetupSchema, config: { permission: 'signed_in' } }, async (request) =>
    beginTotpEnrollment(database, sessionOf(request)),
  );

  app.post(
    '/api/session/totp/confirm',
    { schema: totpConfirmSchema, config: { permission: 'signed_in' } },
    async (request, reply) => {
      await confirmTotpEnrollment(database, { session: sessionOf(request), code: request.body.code });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/password',
    { schema: changePasswordSchema, config: { permission: 'signed_in' } },
    async (request, reply) => {
      await changeOwnPassword(database, {
        principal: sessionOf(request).principal,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
      });
      return reply.status(204).send(null);
    },
  );
};

