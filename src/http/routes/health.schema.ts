import { Type } from 'typebox';
import { withErrors } from '../schemas/common.js';

const Health = Type.Object({
  status: Type.Enum(['ok', 'unavailable']),
  version: Type.String({ examples: ['0.1.0'] }),
  engine: Type.Enum(['pglite', 'postgres'], {
    description:
      'pglite: the embedded database (not for production); postgres: a PostgreSQL server',
  }),
  database: Type.Object({
    ok: Type.Boolean(),
    latencyMs: Type.Union([Type.Number(), Type.Null()]),
  }),
});

export const healthSchema = {
  operationId: 'getHealth',
  tags: ['system'],
  summary: 'Is the server up and its database answering?',
  response: withErrors({ 200: Health, 503: Health }),
};
