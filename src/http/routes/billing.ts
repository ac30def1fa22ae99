/**
 * General billing over HTTP: the catalog, invoices (with their PDF), reversals, recurring
 * invoice templates and runs, penalty and interest accrual and rules, dunning stages and runs
 * (JSON or the batch PDF), and the customer statement PDF. Thin: each route calls one use case.
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  accrueLateCharges,
  createBillingItem,
  createInvoice,
  createRecurringInvoice,
  getCustomerStatement,
  getInvoice,
  getInvoiceDocument,
  getRecurringInvoice,
  listBillingItems,
  listDunningStages,
  listInvoices,
  listLateChargeAccounts,
  listLateChargeRules,
  listRecurringInvoices,
  reverseInvoice,
  runDunning,
  runRecurringInvoices,
  setDunningStages,
  setLateChargeAccounts,
  setLateChargeRule,
  updateBillingItem,
  updateRecurringInvoice,
} from '../../billing/index.js';
import { renderDunningBatch, renderInvoice, renderStatement } from '../../documents/index.js';
import { parseIsoDate, type Clock, type IsoDate } from '../../shared/dates.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import { idempotencyKeyOf, REPLAYED_HEADER } from '../idempotency.js';
import * as schemas from './billing.schema.js';

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer): FastifyReply {
  return sendAttachment(reply, { name, contentType: 'application/pdf', body: Readable.from([pdf]) });
}

function asOfOf(body: { asOf?: string | null } | null, clock: Clock): IsoDate {
  return body?.asOf ? parseIsoDate(body.asOf, 'asOf') : clock.today();
}

export const billingRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  app.get('/api/billing/items', { schema: schemas.listItemsSchema, config: { permission: 'billing.invoice' } },
    async (request) => ({ items: await listBillingItems(database.kysely, { includeInactive: request.query.includeInactive ?? false }) }));

  app.post('/api/billing/items', { schema: schemas.createItemSchema, config: { permission: 'billing.catalog' } },
    async (request, reply) => reply.status(201).send(await createBillingItem(database, { input: request.body, actor: actorOf(request) })));

  app.patch('/api/billing/items/:code', { schema: schemas.updateItemSchema, config: { permission: 'billing.catalog' } },
    async (request) => updateBillingItem(database, { code: request.params.code, changes: request.body, actor: actorOf(request) }));

  app.post('/api/invoices', { schema: schemas.createInvoiceSchema, config: { permission: 'billing.invoice' } }, async (request, reply) => {
    const { idempotencyKey: bodyKey, ...input } = request.body;
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key'], bodyKey, { isRequired: true });
    const { invoice, isReplay } = await createInvoice(database, { input, idempotencyKey, actor: actorOf(request) });
    if (isReplay) return reply.status(200).header(REPLAYED_HEADER, 'true').send(invoice);
    return reply.status(201).header('location', `/api/invoices/${invoice.id}`).send(invoice);
  });

  app.get('/api/invoices', { schema: schemas.listInvoicesSchema, config: { permission: 'billing.invoice' } },
    async (request) => ({ invoices: await listInvoices(database.kysely, request.query) }));

  app.get('/api/invoices/:id', { schema: schemas.getInvoiceSchema, config: { permission: 'billing.invoice' } },
    async (request) => getInvoice(database.kysely, request.params.id));

  app.get('/api/invoices/:id/pdf', { schema: schemas.invoicePdfSchema, config: { permission: 'billing.invoice' } }, async (request, reply) => {
    const document = await getInvoiceDocument(database.kysely, request.params.id);
    return sendPdf(reply, `${document.invoiceNumber}.pdf`, await renderInvoice(document));
  });

  app.post('/api/invoices/:id/reverse', { schema: schemas.reverseInvoiceSchema, config: { permission: 'billing.invoice' } },
    async (request) => reverseInvoice(database, {
      invoice: request.params.id, reason: request.body.reason, reversalDate: request.body.reversalDate ?? null, actor: actorOf(request), clock,
    }));

  app.get('/api/billing/recurring', { schema: schemas.listRecurringSchema, config: { permission: 'billing.invoice' } },
    async (request) => ({ templates: await listRecurringInvoices(database.kysely, request.query) }));

  app.get('/api/billing/recurring/:id', { schema: schemas.getRecurringSchema, config: { permission: 'billing.invoice' } },
    async (request) => getRecurringInvoice(database.kysely, request.params.id));

  app.post('/api/billing/recurring', { schema: schemas.createRecurringSchema, config: { permission: 'billing.invoice' } },
    async (request, reply) => reply.status(201).send(await createRecurringInvoice(database, { input: request.body, actor: actorOf(request) })));

  app.patch('/api/billing/recurring/:id', { schema: schemas.updateRecurringSchema, config: { permission: 'billing.invoice' } },
    async (request) => updateRecurringInvoice(database, { id: request.params.id, changes: request.body, actor: actorOf(request) }));

  app.delete('/api/billing/recurring/:id', { schema: schemas.deleteRecurringSchema, config: { permission: 'billing.invoice' } },
    async (request) => updateRecurringInvoice(database, { id: request.params.id, changes: { isActive: false }, actor: actorOf(request) }));

  app.post('/api/billing/recurring/run', { schema: schemas.runRecurringSchema, config: { permission: 'billing.invoice' } },
    async (request) => runRecurringInvoices(database, { asOf: asOfOf(request.body, clock), actor: actorOf(request) }));

  app.post('/api/billing/accrue', { schema: schemas.accrueSchema, config: { permission: 'billing.invoice' } },
    async (request) => accrueLateCharges(database, { asOf: asOfOf(request.body, clock), actor: actorOf(request) }));

  app.get('/api/billing/late-charges', { schema: schemas.getLateChargeSetupSchema, config: { permission: 'billing.invoice' } },
    async () => ({ rules: await listLateChargeRules(database.kysely), accounts: await listLateChargeAccounts(database.kysely) }));

  app.put('/api/billing/late-charges/rules/:kind', { schema: schemas.putLateChargeRuleSchema, config: { permission: 'billing.catalog' } },
    async (request) => setLateChargeRule(database, { kind: request.params.kind, input: request.body, actor: actorOf(request) }));

  app.put('/api/billing/late-charges/accounts/:fundCode', { schema: schemas.putLateChargeAccountsSchema, config: { permission: 'billing.catalog' } },
    async (request) => setLateChargeAccounts(database, { fundCode: request.params.fundCode, ...request.body, actor: actorOf(request) }));

  app.get('/api/billing/dunning-stages', { schema: schemas.getStagesSchema, config: { permission: 'billing.invoice' } },
    async () => ({ stages: await listDunningStages(database.kysely) }));

  app.put('/api/billing/dunning-stages', { schema: schemas.putStagesSchema, config: { permission: 'billing.catalog' } },
    async (request) => ({ stages: await setDunningStages(database, { stages: request.body.stages, actor: actorOf(request) }) }));

  app.post('/api/billing/dunning/run', { schema: schemas.runDunningSchema, config: { permission: 'billing.invoice' } }, async (request, reply) => {
    const asOf = asOfOf(request.body, clock);
    const run = await runDunning(database, { asOf, actor: actorOf(request) });
    if (request.query.format === 'pdf') return sendPdf(reply, `dunning-${asOf}.pdf`, await renderDunningBatch(run.letters));
    return reply.type('application/json').send(run);
  });

  app.get('/api/customers/:id/statement.pdf', { schema: schemas.statementPdfSchema, config: { permission: 'customers.read' } }, async (request, reply) => {
    const statement = await getCustomerStatement(database.kysely, {
      customerId: request.params.id, from: request.query.from, to: request.query.to, statementDate: clock.today(),
    });
    return sendPdf(reply, `statement-${statement.customerNumber}-${statement.to}.pdf`, await renderStatement(statement));
  });
};
