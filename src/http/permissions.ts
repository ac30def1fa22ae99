/**
 * Deny by default. Every route declares what the caller must be allowed to do in its config:
 * `config: { permission: 'ledger.read' }`, a list of permissions of which the caller needs any one
 * (`['cashiering.counter', 'cashiering.batch']`: a lookup both the counter and the mail desk use),
 * or `public` (anyone) or `signed_in` (any signed-in user). A route registered without a declaration stops the server from starting, so none can be
 * forgotten; src/http/access-matrix.db.test.ts walks every route against every role.
 * Enforcement is in auth.ts, before validation, so an unauthorized caller learns nothing from
 * validation errors.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { allPermissions, PUBLIC, SIGNED_IN } from '../access/index.js';

type Permission = (typeof allPermissions)[number];

/** One permission, any one of a list, or `public` / `signed_in`. */
export type RoutePermission = Permission | readonly Permission[] | typeof PUBLIC | typeof SIGNED_IN;

/** The permissions a route accepts (any one is enough); none for `public` and `signed_in`. */
export function acceptedPermissions(permission: RoutePermission): readonly string[] {
  if (typeof permission !== 'string') return permission;
  return permission === PUBLIC || permission === SIGNED_IN ? [] : [permission];
}

const knownPermissions: ReadonlySet<string> = new Set([PUBLIC, SIGNED_IN, ...allPermissions]);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the caller must be allowed to do; see src/http/permissions.ts. */
    permission?: RoutePermission;
    /** Routes that audit their own refusals (sign-in) set this to skip the generic one. */
    auditsOwnRefusals?: boolean;
  }
}

/** Routes that plugins register for us (the interactive docs, the web app's files) are public. */
const pluginRoutePermissions: ReadonlyArray<{ prefix: string; permission: RoutePermission }> = [
  { prefix: '/api/docs', permission: PUBLIC },
  { prefix: '/', permission: PUBLIC },
];

export interface DeclaredRoute {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
}

/** Every route the server registered and the permission it declared (for the access tests). */
const declaredRoutes = new WeakMap<FastifyInstance, DeclaredRoute[]>();

export function routesOf(app: FastifyInstance): readonly DeclaredRoute[] {
  return declaredRoutes.get(app) ?? [];
}

export function requirePermissionDeclarations(app: FastifyInstance): void {
  const routes: DeclaredRoute[] = [];
  declaredRoutes.set(app, routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, permission: route.config?.permission });
    }
    const declared = route.config?.permission;
    if (declared !== undefined) {
      const names = typeof declared === 'string' ? [declared] : declared;
      const unknown = names.filter((name) => !knownPermissions.has(name) || (typeof declared !== 'string' && (name === PUBLIC || name === SIGNED_IN)));
      if (unknown.length > 0 || names.length === 0) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares unknown permission ${unknown.join(', ') || '(an empty list)'}`);
      }
      documentPermission(route, declared);
      return;
    }
    const isApi = route.url.startsWith('/api/');
    const fallback = pluginRoutePermissions.find(
      (entry) => route.url.startsWith(entry.prefix) && (entry.prefix !== '/' || !isApi),
    );
    if (!fallback) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no permission: ` +
          "add config: { permission: '...' } (see src/http/permissions.ts)",
      );
    }
    route.config = { ...route.config, permission: fallback.permission };
    for (const entry of routes) {
      if (entry.url === route.url && entry.permission === undefined) entry.permission = fallback.permission;
    }
  });
}

/** Shows each operation's permission in the API documentation. */
function documentPermission(route: RouteOptions, permission: RoutePermission): void {
  if (!route.url.startsWith('/api/') || !route.schema) return;
  const schema = route.schema as { description?: string; hide?: boolean };
  if (schema.hide) return;
  const access =
    permission === PUBLIC
      ? 'Access: anyone.'
      : permission === SIGNED_IN
        ? 'Access: any signed-in user.'
        : typeof permission === 'string'
          ? `Access: the permission \`${permission}\`.`
          : `Access: any one of the permissions ${permission.map((name) => `\`${name}\``).join(', ')}.`;
  route.schema = { ...route.schema, description: schema.description ? `${schema.description}\n\n${access}` : access };
}

export function permissionOf(request: FastifyRequest): RoutePermission | undefined {
  return request.routeOptions.config?.permission;
}
