import { Type } from 'typebox';
import { Fund, FundType } from '../schemas/chart.js';
import { withErrors } from '../schemas/common.js';

export const listFundsSchema = {
  operationId: 'listFunds',
  tags: ['chart'],
  summary: 'List funds',
  response: withErrors({ 200: Type.Object({ funds: Type.Array(Fund) }) }),
};

export const createFundSchema = {
  operationId: 'createFund',
  tags: ['chart'],
  summary: 'Create a fund',
  body: Type.Object(
    {
      code: Type.String({ description: 'Three digits', examples: ['220'] }),
      name: Type.String({ examples: ['Gas Tax Fund'] }),
      fundType: FundType,
    },
    { additionalProperties: false },
  ),
  response: withErrors({ 201: Fund }),
};
