/** Trial balance, fund balances and account activity. */
import { Type } from 'typebox';
import { AccountType } from './chart.js';
import { Cents, NullableInteger, NullableString } from './common.js';

export const TrialBalanceRow = Type.Object({
  accountCode: Type.Union([Type.String(), Type.Null()], {
    description: "Null for a fund's line of earlier years' results not yet closed",
  }),
  accountName: Type.String(),
  accountType: AccountType,
  fundCode: Type.String(),
  debitCents: Cents,
  creditCents: Cents,
  netCents: Type.Integer({ description: 'Debits less credits' }),
});

export const TrialBalance = Type.Object({
  asOf: Type.String(),
  fiscalYear: Type.Integer(),
  fundCode: NullableString,
  rows: Type.Array(TrialBalanceRow),
  totalDebitCents: Cents,
  totalCreditCents: Cents,
  isBalanced: Type.Boolean(),
});

export const FundBalance = Type.Object({
  fundCode: Type.String(),
  fundName: Type.String(),
  fundType: Type.String(),
  assetsCents: Type.Integer(),
  liabilitiesCents: Type.Integer(),
  beginningFundBalanceCents: Type.Integer(),
  revenuesCents: Type.Integer(),
  expendituresCents: Type.Integer(),
  endingFundBalanceCents: Type.Integer({ description: 'beginning + revenues - expenditures' }),
});

export const FundBalances = Type.Object({ asOf: Type.String(), funds: Type.Array(FundBalance) });

export const ActivityLine = Type.Object({
  entryId: Type.Integer(),
  lineNumber: Type.Integer(),
  entryDate: Type.String(),
  periodKey: Type.String(),
  description: Type.String(),
  sourceModule: Type.String(),
  sourceRef: NullableString,
  memo: NullableString,
  debitCents: Cents,
  creditCents: Cents,
  runningBalanceCents: Type.Integer({
    description: 'Debits less credits, opening balance included',
  }),
  reversesEntryId: NullableInteger,
});

export const AccountActivity = Type.Object({
  account: Type.Object({
    code: Type.String(),
    name: Type.String(),
    accountType: AccountType,
    fundCode: Type.String(),
    isDebitNormal: Type.Boolean(),
  }),
  from: Type.String(),
  to: Type.String(),
  openingBalanceCents: Type.Integer(),
  closingBalanceCents: Type.Integer(),
  totalDebitCents: Cents,
  totalCreditCents: Cents,
  lineCount: Type.Integer({
    description: 'All lines in the range; `lines` holds one page of them',
  }),
  lines: Type.Array(ActivityLine),
});
