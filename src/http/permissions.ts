/**
 * Deny by default. Every route declares what the caller must be allowed to do in its config:
 * `config: { permission: 'ledger.read' }`, or `public` (anyone) or `signed_in` (any signed-in
 * user). A route registered without a declaration stops the server from starting, so none can be
 * forgotten; src/http/access-matrix.db.test.ts walks every route against every role.
 * Enforcement is in auth.ts, before validation, so an unauthorized caller learns nothing from
 * validation errors.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { allPermissions, PUBLIC, SIGNED_IN } from '../access/index.js';

export type RoutePermission = (typeof allPermissions)[number] | typeof PUBLIC | typeof SIGNED_IN;

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
      if (!knownPermissions.has(declared)) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares unknown permission ${declared}`);
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
function documentPermission(route: RouteOptions, permission: string): void {
  if (!route.url.startsWith('/api/') || !route.schema) return;
  const schema = route.schema as { description?: string; hide?: boolean };
  if (schema.hide) return;
  const access =
    permission === PUBLIC ? 'Access: anyone.' : permission === SIGNED_IN ? 'Access: any signed-in user.' : `Access: the permission \`${permission}\`.`;
  route.schema = { ...route.schema, description: schema.description ? `${schema.description}\n\n${access}` : access };
}

export function permissionOf(request: FastifyRequest): RoutePermission | undefined {
  return request.routeOptions.config?.permission;
}
