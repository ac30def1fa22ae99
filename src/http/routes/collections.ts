/**
 * The Collections desk over HTTP: today's work, one account's collection, the chains, and the daily
 * job on demand. Thin: each route calls one use case of src/collections. (Penalties, SB 998
 * eligibility and shutoffs, arrangements and holds, liens and letters have their own route files.)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getCollectionAccount, getTodaysWork, listChains, runDailyCollections, saveChain } from '../../collections/index.js';
import type { IsoDate } from '../../shared/dates.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './collections.schema.js';

export const collectionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const db = database.kysely;
  const day = (asOf: string | undefined): IsoDate => (asOf as IsoDate | undefined) ?? clock.today();

  app.get('/api/collections/today', { schema: schemas.todaySchema, config: { permission: 'collections.read' } }, async (request) =>
    getTodaysWork(db, { asOf: day(request.query.asOf) }) as unknown as Record<string, unknown>,
  );

  app.get('/api/collections/accounts/:account', { schema: schemas.accountSchema, config: { permission: 'collections.read' } }, async (request) =>
    getCollectionAccount(db, { accountKey: request.params.account, asOf: day(request.query.asOf) }) as unknown as Record<string, unknown>,
  );

  // Synchronous: a city's day takes seconds (BENCHMARKS.md); `civic serve` runs it each morning anyway.
  app.post('/api/collections/run', { schema: schemas.runSchema, config: { permission: 'collections.work' } }, async (request) =>
    runDailyCollections(database, { asOf: day(request.body.asOf), actor: actorOf(request) }) as unknown as Record<string, unknown>,
  );

  app.get('/api/collections/chains', { schema: schemas.chainsSchema, config: { permission: 'collections.read' } }, async () => ({
    chains: (await listChains(db)) as unknown as Array<Record<string, unknown>>,
  }));

  app.put('/api/collections/chains/:classCode', { schema: schemas.saveChainSchema, config: { permission: 'collections.setup' } }, async (request) =>
    saveChain(database, { classCode: request.params.classCode, steps: request.body.steps, actor: actorOf(request) }) as unknown as Record<string, unknown>,
  );
};
