/**
 * Who is acting for an API request, built in this one place.
 *
 * TEMPORARY: staff sign-in does not exist yet, so every API call acts as the anonymous user `api`
 * (userId null). The next issue replaces the body of `actorOf` with the signed-in user from the
 * session; every route already passes `actorOf(request)` to the ledger, so nothing else changes.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../shared/actor.js';

export function actorOf(request: FastifyRequest): Actor {
  const userAgent = request.headers['user-agent'];
  return {
    userId: null,
    username: 'api',
    via: 'api',
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
  };
}
