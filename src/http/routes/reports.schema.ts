import { Type } from 'typebox';
import { dateText, FundCodeText, withErrors } from '../schemas/common.js';
import { FundBalances, TrialBalance } from '../schemas/reports.js';

export const trialBalanceSchema = {
  operationId: 'getTrialBalance',
  tags: ['reports'],
  summary: 'Trial balance of all funds or one, as of a date',
  querystring: Type.Object(
    {
      fund: Type.Optional(FundCodeText),
      asOf: Type.Optional(dateText('Default: today')),
      includeZero: Type.Optional(
        Type.Boolean({ default: false, description: 'Show zero balances' }),
      ),
    },
    { additionalProperties: false },
  ),
  response: withErrors({ 200: TrialBalance }),
};

export const fundBalancesSchema = {
  operationId: 'getFundBalances',
  tags: ['reports'],
  summary: 'Per fund: assets, liabilities and fund balance (beginning + revenues - expenditures)',
  querystring: Type.Object(
    { asOf: Type.Optional(dateText('Default: today')) },
    { additionalProperties: false },
  ),
  response: withErrors({ 200: FundBalances }),
};
