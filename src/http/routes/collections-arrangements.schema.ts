/** Schemas of payment arrangements and collection holds: preview, create, list, get, cancel; place, release, list. */
import { Type } from 'typebox';
import { Cents, dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['collections'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const arrangementTypes = ['amortization', 'alternative_schedule', 'reduced', 'deferred'] as const;
const statuses = ['active', 'completed', 'defaulted', 'cancelled'] as const;

const Installment = Type.Object({ installmentNumber: Type.Integer(), dueOn: Type.String(), amountCents: Cents });
const AccountKey = Type.Union([Type.String({ maxLength: 40 }), Type.Integer()], { description: 'Utility account number or id' });

export const ArrangementBody = Type.Object({
  accountId: AccountKey,
  months: Type.Integer({ minimum: 1, maximum: 60, description: 'Number of installments (at most the setting collections.arrangement_max_months)' }),
  type: Type.Optional(Type.Union(arrangementTypes.map((type) => Type.Literal(type)))),
  dueWithBills: Type.Boolean({ description: 'Installments due with the next bills (true) or on their own dates (false)' }),
  firstDueOn: Type.Optional(Type.Union([dateText('Own dates: the first due date (monthly after); with bills: the earliest (a deferral)'), Type.Null()])),
  dueDates: Type.Optional(Type.Union([Type.Array(dateText(), { maxItems: 60 }), Type.Null()])),
  reducedPrincipalCents: Type.Optional(Type.Union([Cents, Type.Null()])),
  writeOffRequestId: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Reduced: the receivables.write_off approval request for the difference' })),
}, { additionalProperties: false });

const Proposal = Type.Object({
  accountId: Type.Integer(),
  accountNumber: Type.String(),
  customerName: Type.String(),
  arrangementType: Type.String(),
  pastDueCents: Cents,
  principalCents: Cents,
  reductionCents: Cents,
  months: Type.Integer(),
  maxMonths: Type.Integer(),
  dueWithBills: Type.Boolean(),
  startsOn: Type.String(),
  caseId: NullableInteger,
  installments: Type.Array(Installment),
});

const Standing = Type.Object({
  arrangementId: Type.Integer(),
  arrangementNumber: Type.String(),
  status: Type.String(),
  isInGoodStanding: Type.Boolean(),
  defaultSince: NullableString,
  daysInDefault: Type.Integer(),
  behindCents: Cents,
  paidCents: Cents,
  nextInstallment: Type.Union([Type.Null(), Installment]),
});

export const Arrangement = Type.Object({
  id: Type.Integer(),
  arrangementNumber: Type.String({ examples: ['PA-100001'] }),
  accountId: Type.Integer(),
  accountNumber: Type.String(),
  customerName: Type.String(),
  caseId: NullableInteger,
  arrangementType: Type.String(),
  status: Type.String({ description: statuses.join(', ') }),
  principalCents: Cents,
  reductionCents: Cents,
  writeOffRequestId: NullableInteger,
  startsOn: Type.String(),
  dueWithBills: Type.Boolean(),
  defaultSince: NullableString,
  endedOn: NullableString,
  endReason: NullableString,
  endedBy: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
  installments: Type.Array(Installment),
});
const NumberParam = Type.Object({ number: Type.String({ maxLength: 20, description: 'PA-100001 or the arrangement id' }) });

export const previewSchema = op('previewArrangement', 'The installments an arrangement would have (writes nothing)', {
  body: ArrangementBody,
  response: withErrors({ 200: Proposal }),
});

export const createSchema = op('createArrangement', 'Make a payment arrangement (one active per account)', {
  body: ArrangementBody,
  response: withErrors({ 201: Arrangement }),
});

export const listSchema = op('listArrangements', 'Arrangements by status, default, account (newest first)', {
  querystring: Type.Object({
    status: Type.Optional(Type.Union(statuses.map((status) => Type.Literal(status)))),
    inDefault: Type.Optional(Type.Boolean()),
    account: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ arrangements: Type.Array(Arrangement) }) }),
});

export const getSchema = op('getArrangement', 'One arrangement with its installments and its standing today', {
  params: NumberParam,
  response: withErrors({ 200: Type.Object({ arrangement: Arrangement, standing: Type.Union([Type.Null(), Standing]) }) }),
});

export const cancelSchema = op('cancelArrangement', 'Cancel an active arrangement, with a reason', {
  params: NumberParam,
  body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Arrangement }),
});

export const Hold = Type.Object({
  id: Type.Integer(),
  accountId: Type.Integer(),
  accountNumber: Type.String(),
  customerName: Type.String(),
  reason: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  releasedOn: NullableString,
  releaseReason: NullableString,
  releasedBy: NullableString,
  resumedOn: NullableString,
  createdAt: Type.String(),
  createdBy: Type.String(),
});

export const listHoldsSchema = op('listCollectionHolds', 'Collection holds by account, or those in force on a day', {
  querystring: Type.Object({
    account: Type.Optional(Type.String({ maxLength: 40 })),
    inForceOn: Type.Optional(dateText()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ holds: Type.Array(Hold), today: Type.String() }) }),
});

export const placeHoldSchema = op('placeCollectionHold', 'Pause an account\'s collection with a reason until an end date (at most 180 days)', {
  body: Type.Object({
    accountId: AccountKey,
    reason: Type.String({ maxLength: 500 }),
    endsOn: dateText('The last day of the hold; collection resumes the day after'),
  }, { additionalProperties: false }),
  response: withErrors({ 201: Hold }),
});

export const releaseHoldSchema = op('releaseCollectionHold', 'End a hold early, with a reason', {
  params: Type.Object({ id: Type.String({ maxLength: 15 }) }),
  body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
  response: withErrors({ 200: Hold }),
});
