/** The chart of accounts as the API shows it: funds, departments and accounts. */
import { Type } from 'typebox';
import { accountTypes, fundTypes } from '../../ledger/index.js';

export const AccountType = Type.Enum(accountTypes, {
  description: 'asset, liability, fund_balance, revenue or expenditure',
});
export const FundType = Type.Enum(fundTypes);

export const Fund = Type.Object({
  code: Type.String({ examples: ['100'] }),
  name: Type.String({ examples: ['General Fund'] }),
  fundType: FundType,
  isActive: Type.Boolean(),
});

export const Department = Type.Object({
  code: Type.String({ examples: ['1510'] }),
  name: Type.String({ examples: ['Finance'] }),
  isActive: Type.Boolean(),
});

export const Account = Type.Object({
  code: Type.String({ examples: ['100-1510-41100'] }),
  fundCode: Type.String(),
  departmentCode: Type.String(),
  objectCode: Type.String(),
  name: Type.String({ examples: ['Business license tax'] }),
  accountType: AccountType,
  isActive: Type.Boolean(),
});

export const ChartImportReport = Type.Object({
  isDryRun: Type.Boolean(),
  rowCount: Type.Integer(),
  fundsCreated: Type.Array(Type.String()),
  departmentsCreated: Type.Array(Type.String()),
  accountsCreated: Type.Array(Type.String()),
  accountsUpdated: Type.Array(Type.String()),
  accountsUnchanged: Type.Integer(),
});
