/** Schemas of the SB 998 routes: eligibility, protections, shutoff orders, office closures, the annual report. */
import { Type } from 'typebox';
import { Cents, dateText, NullableString, OptionalBody, withErrors } from '../schemas/common.js';

const tags = ['collections'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const AccountParam = Type.Object({ account: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$', description: 'Utility account id or number' }) });
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const Rule = Type.Object({
  code: Type.String({ description: 'The rule, e.g. sb998.sixty_days_delinquent' }),
  passed: Type.Boolean(),
  applies: Type.Boolean({ description: 'False: the rule does not apply to this account (shown as "does not apply")' }),
  reason: Type.String({ description: 'For the clerk, in plain English' }),
});

export const Eligibility = Type.Object({
  accountId: Type.Integer(),
  asOf: Type.String(),
  eligible: Type.Boolean(),
  earliestDate: NullableString,
  mustOfferArrangement: Type.Boolean(),
  rules: Type.Array(Rule),
});

const Protection = Type.Object({
  id: Type.Integer(),
  utilityAccountId: Type.Integer(),
  accountNumber: Type.String(),
  protectionType: Type.String(),
  receivedOn: Type.String(),
  validUntil: NullableString,
  documentRef: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  resolvedOn: NullableString,
  resolution: NullableString,
  resolvedBy: NullableString,
  createdBy: Type.String(),
});

const ShutoffOrder = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  utilityAccountId: Type.Integer(),
  accountNumber: Type.String(),
  customerName: Type.String(),
  serviceAddress: Type.String(),
  status: Type.String({ description: 'pending, released, completed, cancelled, reconnected' }),
  eligibleOn: NullableString,
  serviceOrderNumber: NullableString,
  releasedOn: NullableString,
  releasedBy: NullableString,
  refusedRules: Type.Array(Type.String()),
  refusal: Type.Union([Type.Array(Type.Object({ code: Type.String(), reason: Type.String() })), Type.Null()]),
  refusedOn: NullableString,
  disconnectedOn: NullableString,
  reconnectOrderNumber: NullableString,
  reconnectOrderedOn: NullableString,
  reconnectedOn: NullableString,
  reconnectionAfterHours: Type.Union([Type.Boolean(), Type.Null()]),
  reconnectionFeeCents: Type.Union([Cents, Type.Null()]),
  lowIncome: Type.Union([Type.Boolean(), Type.Null()]),
  cancelledOn: NullableString,
  cancelReason: NullableString,
  createdBy: Type.String(),
});

export const eligibilitySchema = op('getShutoffEligibility', 'Whether an account may be shut off on a day, rule by rule, and the earliest day', {
  params: AccountParam,
  querystring: Type.Object({ asOf: Type.Optional(dateText('The day (default today)')) }, { additionalProperties: false }),
  response: withErrors({ 200: Eligibility }),
});

export const listProtectionsSchema = op('listProtections', 'An account\'s protections (active first; ended ones with includeEnded)', {
  params: AccountParam,
  querystring: Type.Object({ includeEnded: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ protections: Type.Array(Protection) }) }),
});

export const addProtectionSchema = op('recordProtection', 'Record an appeal, bill investigation, medical certification, inability to pay, willingness to enter an arrangement or low income', {
  params: AccountParam,
  body: Type.Object({
    protectionType: Type.String({ description: 'appeal, bill_investigation, medical_certification, inability_to_pay, willing_arrangement, low_income' }),
    receivedOn: Type.Optional(Type.Union([dateText(), Type.Null()])),
    validUntil: Type.Optional(Type.Union([dateText(), Type.Null()])),
    documentRef: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    providerName: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
    licenseNumber: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    program: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    caseNumber: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    householdSize: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    annualIncomeCents: Type.Optional(Type.Union([Cents, Type.Null()])),
    documented: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  response: withErrors({ 201: Type.Object({ protection: Protection, mustOfferArrangement: Type.Boolean(), offerNoticeNumber: NullableString }) }),
});

export const resolveProtectionSchema = op('resolveProtection', 'End a protection: resolved or withdrawn, with a reason', {
  params: IdParam,
  body: Type.Object({ outcome: Type.Union([Type.Literal('resolved'), Type.Literal('withdrawn')]), reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Protection }),
});

export const listShutoffsSchema = op('listShutoffOrders', 'Shutoff orders (pending first)', {
  querystring: Type.Object({
    status: Type.Optional(Type.Union(['pending', 'released', 'completed', 'cancelled', 'reconnected'].map((s) => Type.Literal(s)))),
    account: Type.Optional(Type.String({ maxLength: 40 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ shutoffOrders: Type.Array(ShutoffOrder) }) }),
});

export const releaseShutoffSchema = op('releaseShutoffOrder', 'Release a pending order to the field if every rule allows it today; refused (409) naming each failed rule in details.rules', {
  params: IdParam,
  body: OptionalBody(Type.Object({}, { additionalProperties: false })),
  response: withErrors({ 200: ShutoffOrder }),
});

export const cancelShutoffSchema = op('cancelShutoffOrder', 'Cancel a pending or released order with a reason', {
  params: IdParam,
  body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: ShutoffOrder }),
});

export const reconnectSchema = op('orderReconnection', 'Order the reconnection of a shut-off account and charge the fee (capped for documented low income)', {
  params: IdParam,
  body: Type.Object({ afterHours: Type.Boolean() }, { additionalProperties: false }),
  response: withErrors({ 200: ShutoffOrder }),
});

const Closure = Type.Object({ closedOn: Type.String(), reason: Type.String(), createdBy: Type.String(), reopenedBy: NullableString, reopenReason: NullableString, isClosed: Type.Boolean() });

export const officeCalendarSchema = op('getOfficeCalendar', 'A year\'s state holidays and office closures', {
  querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({
    year: Type.Integer(),
    holidays: Type.Array(Type.Object({ date: Type.String(), name: Type.String(), actualDate: Type.String() })),
    closures: Type.Array(Closure),
  }) }),
});

export const closeOfficeSchema = op('closeOffice', 'Close the office on a weekday (no shutoffs that day; not a business day)', {
  body: Type.Object({ closedOn: dateText(), reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
  response: withErrors({ 201: Closure }),
});

export const reopenOfficeSchema = op('reopenOffice', 'Reopen a closed day, with a reason (the closure stays on record)', {
  params: Type.Object({ date: dateText() }),
  body: Type.Object({ reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Closure }),
});

const Counts = { disconnections: Type.Integer(), residential: Type.Integer(), nonResidential: Type.Integer(), lowIncome: Type.Integer(), reconnected: Type.Integer() };

export const reportSchema = op('getDisconnectionReport', 'Disconnections for nonpayment in a calendar year, by month (JSON, or CSV with format=csv)', {
  querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ year: Type.Integer(), total: Type.Object(Counts), months: Type.Array(Type.Object({ month: Type.Integer(), ...Counts })) }) }),
});

