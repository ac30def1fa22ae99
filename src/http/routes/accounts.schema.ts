import { Type } from 'typebox';
import { Account, AccountType } from '../schemas/chart.js';
import { AccountCodeText, FundCodeText, withErrors } from '../schemas/common.js';

const AccountCodeParams = Type.Object({ code: AccountCodeText });

export const listAccountsSchema = {
  operationId: 'listAccounts',
  tags: ['chart'],
  summary: 'List accounts, optionally filtered',
  querystring: Type.Object(
    {
      fund: Type.Optional(FundCodeText),
      type: Type.Optional(AccountType),
      active: Type.Optional(
        Type.Boolean({ description: 'true: active only; false: inactive only' }),
      ),
      q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the code or name' })),
    },
    { additionalProperties: false },
  ),
  response: withErrors({ 200: Type.Object({ accounts: Type.Array(Account) }) }),
};

export const getAccountSchema = {
  operationId: 'getAccount',
  tags: ['chart'],
  summary: 'One account',
  params: AccountCodeParams,
  response: withErrors({ 200: Account }),
};

export const createAccountSchema = {
  operationId: 'createAccount',
  tags: ['chart'],
  summary: 'Create an account (its fund and department must exist)',
  body: Type.Object(
    {
      code: AccountCodeText,
      name: Type.String({ examples: ['Business license tax'] }),
      accountType: Type.Optional(
        Type.Union([AccountType, Type.Null()], {
          description: 'Defaults from the object code: 1xxxx asset, 2xxxx liability, ...',
        }),
      ),
      isActive: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  response: withErrors({ 201: Account }),
};

export const updateAccountSchema = {
  operationId: 'updateAccount',
  tags: ['chart'],
  summary: 'Rename, retype (only without postings), activate or deactivate an account',
  params: AccountCodeParams,
  body: Type.Object(
    {
      name: Type.Optional(Type.String()),
      accountType: Type.Optional(AccountType),
      isActive: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: withErrors({ 200: Account }),
};
