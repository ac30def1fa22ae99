/**
 * The chart of accounts is fund-department-object: `100-1510-41100` is General Fund (100),
 * Finance (1510), Business License Tax (41100). Pure rules only.
 */
import { invalidInput } from '../shared/errors.js';

export const accountTypes = ['asset', 'liability', 'fund_balance', 'revenue', 'expenditure'] as const;
export type AccountType = (typeof accountTypes)[number];

export const fundTypes = [
  'general',
  'special_revenue',
  'debt_service',
  'capital_projects',
  'enterprise',
  'internal_service',
  'fiduciary',
] as const;
export type FundType = (typeof fundTypes)[number];

/** Balance-sheet accounts carry their balance across fiscal years; nominal ones start at zero. */
export function isNominalAccountType(type: AccountType): boolean {
  return type === 'revenue' || type === 'expenditure';
}

/** Debit-normal accounts show a positive balance when debits exceed credits. */
export function isDebitNormal(type: AccountType): boolean {
  return type === 'asset' || type === 'expenditure';
}

export interface AccountCodeParts {
  code: string;
  fundCode: string;
  departmentCode: string;
  objectCode: string;
}

const accountCodePattern = /^(\d{3})-(\d{4})-(\d{5})$/;

export function parseAccountCode(value: unknown, field: string): AccountCodeParts {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(field, 'an account code (fund-department-object, e.g. 100-1510-41100) is required');
  }
  const code = value.trim();
  const match = accountCodePattern.exec(code);
  if (!match) {
    throw invalidInput(
      field,
      `"${value}" is not an account code of the form FFF-DDDD-OOOOO (e.g. 100-1510-41100)`,
      { value },
    );
  }
  return {
    code,
    fundCode: match[1] as string,
    departmentCode: match[2] as string,
    objectCode: match[3] as string,
  };
}

export function isAccountType(value: unknown): value is AccountType {
  return typeof value === 'string' && (accountTypes as readonly string[]).includes(value);
}

export function isFundType(value: unknown): value is FundType {
  return typeof value === 'string' && (fundTypes as readonly string[]).includes(value);
}

/**
 * The usual governmental object-code ranges, used as the default type for a new account:
 * 1xxxx assets, 2xxxx liabilities, 3xxxx fund balance, 4xxxx revenues, 5xxxx-9xxxx expenditures.
 */
export function defaultAccountType(objectCode: string): AccountType {
  switch (objectCode[0]) {
    case '1':
      return 'asset';
    case '2':
      return 'liability';
    case '3':
      return 'fund_balance';
    case '4':
      return 'revenue';
    default:
      return 'expenditure';
  }
}
