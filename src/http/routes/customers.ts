/**
 * Customers: search as you type, the Customer 360 (one customer, everything about them), adding
 * and changing customers, contacts and mailing addresses, the audited TIN look, duplicates and
 * merge requests, and owner/tenant roles on properties.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  addContact,
  changeMailingAddress,
  createCustomer,
  deactivateContact,
  endCustomerPropertyRole,
  findDuplicateCandidates,
  getCustomer,
  linkCustomerToProperty,
  requestCustomerMerge,
  revealTin,
  searchCustomers,
  updateCustomer,
} from '../../customers/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import {
  addContactSchema,
  changeAddressSchema,
  createCustomerSchema,
  deactivateContactSchema,
  duplicatesSchema,
  endPropertyRoleSchema,
  getCustomerSchema,
  linkPropertySchema,
  requestMergeSchema,
  revealTinSchema,
  searchCustomersSchema,
  updateCustomerSchema,
} from './customers.schema.js';

export const customerRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock, approvalHandlers }) => {
  app.get('/api/customers', { schema: searchCustomersSchema, config: { permission: 'customers.read' } }, async (request) => ({
    results: await searchCustomers(database.kysely, { query: request.query.q, limit: request.query.limit ?? 20 }),
  }));

  app.post('/api/customers', { schema: createCustomerSchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const customer = await createCustomer(database, { input: request.body, actor: actorOf(request), clock });
    return reply.status(201).send(customer);
  });

  app.get('/api/customers/:id', { schema: getCustomerSchema, config: { permission: 'customers.read' } }, async (request) =>
    getCustomer(database.kysely, { customerId: request.params.id, principal: actorOf(request) }),
  );

  app.patch('/api/customers/:id', { schema: updateCustomerSchema, config: { permission: 'customers.edit' } }, async (request) =>
    updateCustomer(database, { customerId: request.params.id, changes: request.body, actor: actorOf(request) }),
  );

  app.post('/api/customers/:id/contacts', { schema: addContactSchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const contact = await addContact(database, { customerId: request.params.id, input: request.body, actor: actorOf(request) });
    return reply.status(201).send(contact);
  });

  app.post(
    '/api/customers/:id/contacts/:contactId/deactivate',
    { schema: deactivateContactSchema, config: { permission: 'customers.edit' } },
    async (request) =>
      deactivateContact(database, { customerId: request.params.id, contactId: request.params.contactId, actor: actorOf(request) }),
  );

  app.post('/api/customers/:id/mailing-address', { schema: changeAddressSchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const { validFrom, ...address } = request.body;
    const added = await changeMailingAddress(database, {
      customerId: request.params.id, address, validFrom: validFrom ?? null, actor: actorOf(request), clock,
    });
    return reply.status(201).send(added);
  });

  app.get('/api/customers/:id/tin', { schema: revealTinSchema, config: { permission: 'customers.tin' } }, async (request, reply) => {
    const tin = await revealTin(database, { customerId: request.params.id, principal: actorOf(request) });
    // A full SSN must not linger in shared caches or the browser's back button.
    return reply.header('cache-control', 'no-store').send(tin);
  });

  app.get('/api/customers/:id/duplicates', { schema: duplicatesSchema, config: { permission: 'customers.read' } }, async (request) => ({
    candidates: await findDuplicateCandidates(database.kysely, request.params.id),
  }));

  app.post('/api/customer-merges', { schema: requestMergeSchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const filed = await requestCustomerMerge(database, { input: request.body, principal: actorOf(request), handlers: approvalHandlers });
    return reply.status(201).send(filed);
  });

  app.post('/api/customers/:id/properties', { schema: linkPropertySchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const role = await linkCustomerToProperty(database, { customerId: request.params.id, input: request.body, actor: actorOf(request), clock });
    return reply.status(201).send(role);
  });

  app.post('/api/customer-properties/:id/end', { schema: endPropertyRoleSchema, config: { permission: 'customers.edit' } }, async (request) =>
    endCustomerPropertyRole(database, {
      customerPropertyId: request.params.id, endDate: request.body?.endDate ?? null, actor: actorOf(request), clock,
    }),
  );
};
