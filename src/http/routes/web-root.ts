/**
 * GET /: a placeholder page until the React web application arrives (next issue), which replaces
 * this file by serving web/dist here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appVersion } from '../version.js';

const page = (version: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Civic Ledger</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; }</style>
</head>
<body>
<h1>Civic Ledger is running</h1>
<p>Version ${version}. The web application is not here yet; the HTTP API is.</p>
<ul>
<li><a href="/api/docs">API documentation</a> (interactive)</li>
<li><a href="/api/openapi.json">OpenAPI document</a></li>
<li><a href="/api/health">Health</a></li>
</ul>
</body>
</html>
`;

export const webRootRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const html = page(appVersion());
  app.get(
    '/',
    {
      schema: {
        hide: true,
        response: { 200: { content: { 'text/html': { schema: Type.String() } } } },
      },
      config: { permission: 'public' },
    },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(html),
  );
};
