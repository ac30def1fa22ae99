/**
 * Utility bill runs and bills over HTTP: the cycles for the run wizard, bill runs (started and
 * finalized in the background of this process, see ../bill-run-jobs.ts), the pre-bill register,
 * bills (hold, release, cancel and rebill) and the utility account with its bills. Thin: each
 * route calls one use case of src/utility.
 * The bill's PDF (GET /api/utility/bills/:bill/pdf) is what the resident got, marked COPY.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderUtilityBill } from '../../documents/index.js';
import { sendAttachment } from '../download.js';
import {
  cancelBill,
  getBill,
  getBillDocuments,
  getBillRegister,
  getBillRun,
  getUtilityAccount,
  getUtilitySetup,
  holdBill,
  listAccountBills,
  listBillRuns,
  listLocationMeters,
  releaseBill,
} from '../../utility/index.js';
import { actorOf } from '../actor.js';
import { BillRunJobs, type StartResult } from '../bill-run-jobs.js';
import type { RouteContext } from '../context.js';
import * as schemas from './utility-bills.schema.js';

/** An id as a number, a number (BR-…, B-…, UT-…) as text: what the use cases take as a key. */
function keyOf(text: string): number | string {
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

export const utilityBillRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const jobs = new BillRunJobs(database, clock, app.log);
  app.addHook('onClose', async () => jobs.drain());
  const started = (result: StartResult) => ({ status: result.progress.state === 'running' ? 202 : 200, body: result });

  app.get('/api/utility/setup', { schema: schemas.setupSchema, config: { permission: 'utility.read' } },
    async () => getUtilitySetup(database.kysely));

  app.get('/api/utility/bill-runs', { schema: schemas.listRunsSchema, config: { permission: 'utility.read' } }, async (request) => {
    const runs = await listBillRuns(database.kysely, { cycleCode: request.query.cycle ?? null, limit: request.query.limit ?? 50 });
    return { runs: await Promise.all(runs.map(async (run) => ({ run, progress: await jobs.progressOf(database.kysely, run) }))) };
  });

  app.post('/api/utility/bill-runs', { schema: schemas.startRunSchema, config: { permission: 'utility.bills' } }, async (request, reply) => {
    const { status, body } = started(await jobs.startCalculation(request.body, actorOf(request)));
    return reply.status(status).header('location', `/api/utility/bill-runs/${body.run.id}`).send(body);
  });

  app.get('/api/utility/bill-runs/:run', { schema: schemas.getRunSchema, config: { permission: 'utility.read' } }, async (request) => {
    const run = await getBillRun(database.kysely, keyOf(request.params.run));
    return jobs.snapshot(database.kysely, run, (id) => getBillRun(database.kysely, id));
  });

  app.post('/api/utility/bill-runs/:run/finalize', { schema: schemas.finalizeRunSchema, config: { permission: 'utility.bills.finalize' } },
    async (request, reply) => {
      const { status, body } = started(await jobs.startFinalize(keyOf(request.params.run), actorOf(request)));
      return reply.status(status).send(body);
    });

  app.get('/api/utility/bill-runs/:run/register', { schema: schemas.registerSchema, config: { permission: 'utility.read' } },
    async (request) => getBillRegister(database.kysely, { runKey: keyOf(request.params.run), ...request.query }));

  app.get('/api/utility/bills/:bill', { schema: schemas.getBillSchema, config: { permission: 'utility.read' } },
    async (request) => getBill(database.kysely, keyOf(request.params.bill)));

  app.get('/api/utility/bills/:bill/pdf', { schema: schemas.billPdfSchema, config: { permission: 'utility.read' } }, async (request, reply) => {
    const bill = await getBill(database.kysely, keyOf(request.params.bill));
    const [document] = await getBillDocuments(database.kysely, [bill.id], { isCopy: true });
    const pdf = renderUtilityBill(document as NonNullable<typeof document>);
    return sendAttachment(reply, { name: `${bill.billNumber}.pdf`, contentType: 'application/pdf', body: Readable.from([pdf]) });
  });

  app.post('/api/utility/bills/:bill/hold', { schema: schemas.holdBillSchema, config: { permission: 'utility.bills' } },
    async (request) => holdBill(database, { billKey: keyOf(request.params.bill), reason: request.body.reason, actor: actorOf(request) }));

  app.post('/api/utility/bills/:bill/release', { schema: schemas.releaseBillSchema, config: { permission: 'utility.bills' } },
    async (request) => releaseBill(database, { billKey: keyOf(request.params.bill), note: request.body?.note ?? null, actor: actorOf(request) }));

  app.post('/api/utility/bills/:bill/cancel', { schema: schemas.cancelBillSchema, config: { permission: 'utility.bills' } },
    async (request) => cancelBill(database, {
      billKey: keyOf(request.params.bill), reason: request.body.reason, rebill: request.body.rebill ?? true, on: request.body.on ?? null,
      actor: actorOf(request), clock,
    }));

  app.get('/api/utility/accounts/:account', { schema: schemas.getAccountSchema, config: { permission: 'utility.read' } }, async (request) => {
    const account = await getUtilityAccount(database.kysely, keyOf(request.params.account), clock.today());
    const [meters, bills] = await Promise.all([
      listLocationMeters(database.kysely, account.serviceLocationId),
      listAccountBills(database.kysely, account.id),
    ]);
    return { account, meters, bills };
  });
};
