/** Departments: the middle segment of every account (1510 Finance, 7100 Water Operations, ...). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createDepartment, listDepartments } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { createDepartmentSchema, listDepartmentsSchema } from './departments.schema.js';

export const departmentRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { database },
) => {
  app.get(
    '/api/departments',
    { schema: listDepartmentsSchema, config: { permission: 'ledger.read' } },
    async () => ({ departments: await listDepartments(database.kysely) }),
  );

  app.post(
    '/api/departments',
    { schema: createDepartmentSchema, config: { permission: 'ledger.chart' } },
    async (request, reply) => {
      const department = await createDepartment(database, {
        input: request.body,
        actor: actorOf(request),
      });
      return reply.status(201).send(department);
    },
  );
};
