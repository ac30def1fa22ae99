/** Schemas of the rate schedule routes: schedules with their effective-dated versions, a new schedule, a new version. */
import { Type } from 'typebox';
import { dateText, withErrors } from '../schemas/common.js';

const tags = ['utility'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });
const serviceTypes = ['water', 'sewer', 'refuse', 'fire_line', 'irrigation', 'stormwater'] as const;

export const RateVersion = Type.Object({
  id: Type.Integer(),
  rateCode: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Type.Union([Type.String(), Type.Null()], { description: 'Null: in effect until a later version' }),
  definition: Type.Unknown({ description: 'An object: fixed charges by meter size, tiers, uniform, minimum, flat, surcharges, fees (see docs)' }),
});
export const RateSchedule = Type.Object({
  code: Type.String(),
  name: Type.String(),
  serviceType: Type.String(),
  versions: Type.Array(RateVersion, { description: 'Oldest first' }),
});
const CodeParam = Type.Object({ code: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9-]{1,29}$', description: 'The schedule code, e.g. WATER-RES' }) });

export const listSchedulesSchema = op('listRateSchedules', 'Rate schedules with their versions, optionally of one service', {
  querystring: Type.Object({ serviceType: Type.Optional(Type.Union(serviceTypes.map((type) => Type.Literal(type)))) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ schedules: Type.Array(RateSchedule) }) }),
});

export const getScheduleSchema = op('getRateSchedule', 'One rate schedule with its versions', {
  params: CodeParam,
  response: withErrors({ 200: RateSchedule }),
});

export const createScheduleSchema = op('createRateSchedule', 'A new rate schedule (no versions yet)', {
  body: Type.Object({ code: Type.String({ maxLength: 30 }), name: Type.String({ maxLength: 100 }), serviceType: Type.String({ maxLength: 20 }) }, { additionalProperties: false }),
  response: withErrors({ 201: RateSchedule }),
});

export const addVersionSchema = op('addRateVersion', 'Add an effective-dated version to a schedule', {
  description: 'When the latest version is open-ended and starts earlier, it now ends the day before this one. A gap or an ' +
    'overlap with the other versions is refused (400, naming effectiveFrom or effectiveTo), and so is every wrong part of the ' +
    'definition, by its path (definition.tiers.blocks[1].from), and a revenue account that is missing, inactive or not revenue.',
  params: CodeParam,
  body: Type.Object({
    effectiveFrom: Type.Optional(dateText('The first day it applies')),
    effectiveTo: Type.Optional(Type.Union([dateText('The last day it applies (none: until a later version)'), Type.Null()])),
    definition: Type.Optional(Type.Unknown()),
  }, { additionalProperties: false }),
  response: withErrors({ 201: Type.Object({ version: RateVersion, closed: Type.Union([RateVersion, Type.Null()]) }) }),
});
