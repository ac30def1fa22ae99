/** Schemas of starting, stopping and transferring utility service, and the look-ups the start form uses. */
import { Type } from 'typebox';
import { Cents, dateText, NullableString, withErrors } from '../schemas/common.js';
import { MeterFound } from './utility-meters.schema.js';
import { UtilityAccountDetail } from './utility-bills.schema.js';

const tags = ['utility'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const AccountKey = Type.Object({
  account: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,29}$', description: 'Utility account id or number' }),
});
const Readings = Type.Record(Type.String({ maxLength: 30 }), Type.Integer({ minimum: 0 }), {
  description: 'The reading of each meter, by serial, e.g. { "MT-10042": 1234 }',
});

export const startServiceSchema = op('startService', 'Start service (move-in): the utility account, its services and meters, and a deposit when one is due', {
  description: 'The deposit is the class\'s, or $150 for a customer with a returned payment in the last year (see GET ' +
    '/api/utility/deposit-quote); waiveDepositReason asks none (audited). 400 names every wrong field; 409 when an account ' +
    'is in service at the location.',
  body: Type.Object({
    customerId: Type.Integer({ minimum: 1 }),
    serviceLocationId: Type.Integer({ minimum: 1 }),
    classCode: Type.String({ maxLength: 31 }),
    cycleCode: Type.String({ maxLength: 10 }),
    routeCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
    dwellingUnits: Type.Optional(Type.Integer()),
    startedOn: dateText('The first day of service'),
    paperless: Type.Optional(Type.Boolean()),
    agreements: Type.Array(Type.Object({
      serviceType: Type.String({ maxLength: 20 }),
      rateCode: Type.String({ maxLength: 30 }),
      meterSerial: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    }, { additionalProperties: false }), { maxItems: 6 }),
    readings: Type.Optional(Readings),
    waiveDepositReason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 201: UtilityAccountDetail }),
});

export const stopServiceSchema = op('stopService', 'Stop service (move-out) on a day, with the final read of each meter', {
  description: 'The next bill run of the cycle bills through the stop date as the final bill and applies the deposit.',
  params: AccountKey,
  body: Type.Object({ stoppedOn: dateText('The last day of service'), readings: Type.Optional(Readings) }, { additionalProperties: false }),
  response: withErrors({ 200: UtilityAccountDetail }),
});

export const transferServiceSchema = op('transferService', 'Transfer service to another customer: the account stops on the day, a new one starts the next', {
  params: AccountKey,
  body: Type.Object({
    toCustomerId: Type.Integer({ minimum: 1 }),
    on: dateText('The old customer\'s last day'),
    readings: Type.Optional(Readings),
    paperless: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ stopped: UtilityAccountDetail, started: UtilityAccountDetail }) }),
});

export const depositQuoteSchema = op('quoteDeposit', 'The deposit a start of service would charge (the class\'s, or after returned payments)', {
  querystring: Type.Object({
    classCode: Type.String({ maxLength: 31 }),
    customerId: Type.Optional(Type.Integer({ minimum: 1 })),
    startedOn: dateText(),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ amountCents: Cents, reason: NullableString }) }),
});

export const findLocationsSchema = op('findServiceLocations', 'Active service locations by number (L-800123) or the start of the address, with their meters', {
  querystring: Type.Object({ q: Type.String({ maxLength: 100 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }, { additionalProperties: false }),
  response: withErrors({
    200: Type.Object({
      locations: Type.Array(Type.Object({
        id: Type.Integer(), locationNumber: Type.String(), serviceAddress: Type.String(), apn: Type.String(),
        accountNumber: NullableString, customerName: NullableString, meters: Type.Array(MeterFound),
      })),
    }),
  }),
});

export const customerAccountsSchema = op('listCustomerUtilityAccounts', 'A customer\'s utility accounts (in service first) with location, status and balance', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  response: withErrors({
    200: Type.Object({
      accounts: Type.Array(Type.Object({
        id: Type.Integer(), accountNumber: Type.String(), serviceLocationId: Type.Integer(), locationNumber: Type.String(),
        serviceAddress: Type.String(), classCode: Type.String(), status: Type.Enum(['active', 'final_billed', 'closed']),
        startedOn: Type.String(), stoppedOn: NullableString, balanceCents: Cents,
      })),
    }),
  }),
});
