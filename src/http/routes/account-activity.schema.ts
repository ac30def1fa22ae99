import { Type } from 'typebox';
import { AccountCodeText, dateText, withErrors } from '../schemas/common.js';
import { AccountActivity } from '../schemas/reports.js';

export const accountActivitySchema = {
  operationId: 'getAccountActivity',
  tags: ['reports'],
  summary: "An account's lines between two dates, with a running balance",
  params: Type.Object({ code: AccountCodeText }),
  querystring: Type.Object(
    {
      from: Type.Optional(dateText('Default: the start of the fiscal year of `to`')),
      to: Type.Optional(dateText('Default: today')),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    },
    { additionalProperties: false },
  ),
  response: withErrors({ 200: AccountActivity }),
};
