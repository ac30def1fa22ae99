/**
 * Serves the React web application (web/dist, built by `npm run build`) at /, with every other
 * non-API GET answered by index.html so the browser's router can take over (deep links, reloads).
 * When the web application has not been built, / shows the placeholder page instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { webRootRoutes } from './routes/web-root.js';

export const webDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export async function registerWebApp(app: FastifyInstance): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const indexFile = `${webDistDir}index.html`;
  if (!existsSync(indexFile)) {
    await app.register(webRootRoutes);
    return () => false;
  }
  const indexHtml = readFileSync(indexFile, 'utf8');
  // Hashed asset files never change under their name; index.html must always be fresh.
  await app.register(fastifyStatic, {
    root: webDistDir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders(response, filePath) {
      response.header('cache-control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml),
  );
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' || path.startsWith('/api/') || path === '/api') return false;
    void reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    return true;
  };
}
