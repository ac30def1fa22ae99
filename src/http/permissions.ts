/**
 * Every route declares the permission it needs in its config, e.g.
 * `config: { permission: 'ledger.post' }`.
 * Nothing enforces them yet (staff sign-in arrives with the next issue); declaring them now means
 * enforcement is one preHandler hook reading `request.routeOptions.config.permission`, with no
 * route to revisit. A route registered without a declaration stops the server from starting, so
 * none can be forgotten.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

export const permissions = [
  /** Anyone, signed in or not: the web root and the API documentation. */
  'public',
  'system.health',
  'ledger.read',
  'ledger.post',
  'ledger.reverse',
  'ledger.periods',
  'ledger.chart',
  'ledger.export',
] as const;

export type Permission = (typeof permissions)[number];

const knownPermissions: ReadonlySet<string> = new Set(permissions);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do; see src/http/permissions.ts. */
    permission?: Permission;
  }
}

/** Routes that plugins register for us (the interactive docs) are public. */
const pluginRoutePermissions: ReadonlyArray<{ prefix: string; permission: Permission }> = [
  { prefix: '/api/docs', permission: 'public' },
];

export function requirePermissionDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const declared = route.config?.permission;
    if (declared !== undefined) {
      if (!knownPermissions.has(declared)) {
        throw new Error(
          `Route ${route.method} ${route.url} declares unknown permission ${declared}`,
        );
      }
      return;
    }
    const fallback = pluginRoutePermissions.find((entry) => route.url.startsWith(entry.prefix));
    if (!fallback) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no permission: ` +
          "add config: { permission: '...' } (see src/http/permissions.ts)",
      );
    }
    route.config = { ...route.config, permission: fallback.permission };
  });
}

/** The permission the matched route declared (for the enforcement hook the next issue adds). */
export function permissionOf(request: FastifyRequest): Permission | undefined {
  return request.routeOptions.config.permission;
}
