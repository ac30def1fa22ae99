/** Schemas of the penalty routes: the rules (list, add a version, deactivate) and the penalty job on demand. */
import { Type } from 'typebox';
import { Cents, dateText, NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['collections'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });

const Rate = Type.Union([Type.String({ maxLength: 12 }), Type.Number()], { description: 'A share from 0 to 1, at most 6 decimals (0.10 = 10%)', examples: ['0.10'] });
const Amount = Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 20 }), Type.Null()]));

export const PenaltyRule = Type.Object({
  id: Type.Integer(),
  classCode: NullableString,
  rateCode: NullableString,
  effectiveFrom: Type.String(),
  effectiveTo: NullableString,
  graceDays: Type.Integer(),
  currentRate: Type.String({ description: 'Share of the unpaid current charges' }),
  pastDueRate: Type.String({ description: 'Share of the unpaid previous balance carried on the bill' }),
  minimumCents: Cents,
  maximumCents: NullableInteger,
  revenueAccountCode: Type.String(),
  revenueFundCode: Type.String(),
  description: NullableString,
  isActive: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedBy: Type.String(),
  deactivatedBy: NullableString,
});

export const listRulesSchema = op('listPenaltyRules', 'The penalty rules by scope (class, rate schedule, both or the default) and date; the most specific scope wins, the bill\'s due date picks the version', {
  querystring: Type.Object({ activeOnly: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ rules: Type.Array(PenaltyRule) }) }),
});

export const addRuleSchema = op('addPenaltyRule', 'Add a penalty rule version (one after an open-ended version of its scope closes that one the day before; other overlaps are refused)', {
  body: Type.Object({
    classCode: Type.Optional(Type.Union([Type.String({ maxLength: 31 }), Type.Null()])),
    rateCode: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    effectiveFrom: dateText('The first due date the version applies to'),
    effectiveTo: Type.Optional(Type.Union([dateText('The last due date (none: open-ended)'), Type.Null()])),
    graceDays: Type.Union([Type.Integer(), Type.String({ maxLength: 4 })], { description: 'Days after the due date before a bill is penalized' }),
    currentRate: Rate,
    pastDueRate: Rate,
    minimumCents: Amount,
    minimum: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()], { description: 'Or the minimum in dollars' })),
    maximumCents: Amount,
    maximum: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()], { description: 'Or the maximum in dollars' })),
    revenueAccount: Type.String({ maxLength: 20, description: 'The penalty revenue account' }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  }, { additionalProperties: false }),
  response: withErrors({ 201: PenaltyRule }),
});

export const deactivateRuleSchema = op('deactivatePenaltyRule', 'Deactivate a penalty rule version (bills it decided stay as they are)', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
  response: withErrors({ 200: PenaltyRule }),
});

export const applySchema = op('applyPenalties', 'Run the penalty job for a day: each final bill past its due date and grace, not yet decided, is decided once (posted, waived or nothing owed)', {
  body: Type.Object({ date: dateText('The day the job runs as (penalties are posted on it)') }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ billsAssessed: Type.Integer(), penaltiesPosted: Type.Integer(), waived: Type.Integer(), totalCents: Cents }) }),
});
