/** Schemas of the Collections desk's own routes: today's work, an account's collection, the chains, the daily job. */
import { Type } from 'typebox';
import { dateText, withErrors } from '../schemas/common.js';

const tags = ['collections'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });
/** The use case's result as it is (documented in src/collections; every field is data, none secret). */
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });
const AsOf = Type.Object({ asOf: Type.Optional(dateText('The day (default: today in the city)')) }, { additionalProperties: false });

export const todaySchema = op('getCollectionsToday', 'Today\'s collection work: the run, notices, shutoffs waiting and refused, arrangements in default, holds ending, reconnections due', {
  querystring: AsOf,
  response: withErrors({ 200: Loose('TodaysWork (src/collections/todays-work.ts)') }),
});

export const accountSchema = op('getCollectionAccount', 'One utility account\'s collection: owed and since when, the case and next step, timeline, notices, holds, arrangements, protections, shutoff orders', {
  params: Type.Object({ account: Type.String({ maxLength: 40, description: 'UB-100001 or the account id' }) }),
  querystring: AsOf,
  response: withErrors({ 200: Loose('CollectionAccount (src/collections/account-view.ts)') }),
});

const Step = Type.Object({
  stepOrder: Type.Integer({ minimum: 1, maximum: 20 }),
  stepType: Type.String({ description: 'late_notice, sb998_notice, door_hanger, final_notice or shutoff_order' }),
  name: Type.String({ maxLength: 60 }),
  daysPastDue: Type.Integer({ minimum: 0, maximum: 3650 }),
  waitBusinessDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
}, { additionalProperties: false });

export const chainsSchema = op('listCollectionChains', 'The delinquency chain of every utility class', {
  response: withErrors({ 200: Type.Object({ chains: Type.Array(Loose('ClassChain')) }) }),
});

export const saveChainSchema = op('saveCollectionChain', 'Save a class\'s chain whole (steps no longer listed become inactive); refused naming each wrong step', {
  params: Type.Object({ classCode: Type.String({ maxLength: 31 }) }),
  body: Type.Object({ steps: Type.Array(Step, { maxItems: 20 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Loose('ClassChain') }),
});

export const runSchema = op('runDailyCollections', 'Run the daily collection job for a day (idempotent: a second run the same day adds nothing)', {
  body: Type.Object({ asOf: Type.Optional(dateText()) }, { additionalProperties: false }),
  response: withErrors({ 200: Loose('DailyRunResult (src/collections/daily-job.ts)') }),
});
