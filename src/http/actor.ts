/**
 * Who is acting for an API request, built in this one place: the signed-in user, or an anonymous
 * caller (only ever seen on public routes and in refusal audit rows).
 */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';

export function actorOf(request: FastifyRequest): Principal {
  if (request.session) return request.session.principal;
  const userAgent = request.headers['user-agent'];
  return {
    userId: null,
    username: 'anonymous',
    via: 'api',
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
    roles: [],
    permissions: new Set(),
  };
}

/** The signed-in session; routes behind a permission always have one (auth.ts made sure). */
export function sessionOf(request: FastifyRequest) {
  if (!request.session) throw new AppError('unauthenticated', 'Sign in to continue', {});
  return request.session;
}
