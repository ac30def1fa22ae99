/** Schemas of the meter routes: find by serial, add to stock, install, remove, exchange. */
import { Type } from 'typebox';
import { dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['utility'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const meterFields = {
  id: Type.Integer(),
  serial: Type.String(),
  size: Type.String({ description: 'Inches as the trade writes them: 5/8, 3/4, 1, 1-1/2, 2 ...' }),
  dials: Type.Integer(),
  multiplier: Type.String(),
  unit: Type.String({ description: 'HCF or GAL' }),
  status: Type.Enum(['in_stock', 'installed', 'removed', 'retired']),
  manufacturer: NullableString,
  serviceLocationId: NullableInteger,
  locationNumber: NullableString,
  installedOn: NullableString,
};
export const Meter = Type.Object(meterFields);
export const MeterFound = Type.Object({
  ...meterFields,
  serviceAddress: NullableString,
  accountNumber: Type.Union([Type.String(), Type.Null()], { description: 'The account in service at its location now' }),
  customerName: NullableString,
  lastRead: Type.Union([Type.Null(), Type.Object({ readDate: Type.String(), reading: Type.Integer() })], { description: 'Its last live read' }),
});

const SerialParam = Type.Object({ serial: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,29}$', description: 'The meter serial' }) });
const Reading = Type.Integer({ minimum: 0, description: 'A whole reading as the dials show it' });

export const searchMetersSchema = op('searchMeters', 'Meters whose serial begins with what was typed, with where each is installed', {
  querystring: Type.Object({ serial: Type.String({ maxLength: 30 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ meters: Type.Array(MeterFound) }) }),
});

export const getMeterSchema = op('getMeter', 'One meter by serial: where it is, the account in service there, its last read', {
  params: SerialParam,
  response: withErrors({ 200: MeterFound }),
});

export const addMeterSchema = op('addMeter', 'Add a meter to stock', {
  body: Type.Object({
    serial: Type.String({ maxLength: 30 }),
    size: Type.String({ maxLength: 10 }),
    dials: Type.Optional(Type.Integer()),
    multiplier: Type.Optional(Type.String({ maxLength: 14 })),
    unit: Type.Optional(Type.String({ maxLength: 3 })),
    manufacturer: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 201: Meter }),
});

export const installMeterSchema = op('installMeter', 'Install a meter from stock at a service location, with the reading it starts at', {
  params: SerialParam,
  body: Type.Object({ serviceLocationId: Type.Integer({ minimum: 1 }), installedOn: dateText(), reading: Reading }, { additionalProperties: false }),
  response: withErrors({ 200: Meter }),
});

export const removeMeterSchema = op('removeMeter', 'Remove an installed meter, with its last reading', {
  params: SerialParam,
  body: Type.Object({ removedOn: dateText(), reading: Reading }, { additionalProperties: false }),
  response: withErrors({ 200: Meter }),
});

export const exchangeMeterSchema = op('exchangeMeter', 'Exchange a meter: the old one\'s final read, the new one\'s first; its services read the new meter', {
  params: SerialParam,
  body: Type.Object({
    newSerial: Type.String({ maxLength: 30 }),
    on: dateText(),
    oldReading: Reading,
    newReading: Reading,
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ removed: Meter, installed: Meter, agreementsMoved: Type.Integer() }) }),
});
