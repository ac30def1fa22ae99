/** Properties: parcels (by APN) and the service locations on them. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createParcel, createServiceLocation, findParcels, getParcel } from '../../customers/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { createParcelSchema, createServiceLocationSchema, findParcelsSchema, getParcelSchema } from './parcels.schema.js';

export const parcelRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.post('/api/parcels', { schema: createParcelSchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const parcel = await createParcel(database, { input: request.body, actor: actorOf(request) });
    return reply.status(201).send(parcel);
  });

  app.get('/api/parcels', { schema: findParcelsSchema, config: { permission: 'customers.read' } }, async (request) => ({
    parcels: await findParcels(database.kysely, { apn: request.query.apn }),
  }));

  app.get('/api/parcels/:id', { schema: getParcelSchema, config: { permission: 'customers.read' } }, async (request) =>
    getParcel(database.kysely, request.params.id),
  );

  app.post(
    '/api/parcels/:id/service-locations',
    { schema: createServiceLocationSchema, config: { permission: 'customers.edit' } },
    async (request, reply) => {
      const location = await createServiceLocation(database, { parcelId: request.params.id, input: request.body, actor: actorOf(request) });
      return reply.status(201).send(location);
    },
  );
};
