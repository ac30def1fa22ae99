/** The shapes the HTTP API answers with (see /api/openapi.json). Amounts are integer cents. */

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  mustEnrollTotp: boolean;
  expiresAt: string;
  idleExpiresAt: string;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  isDisabled: boolean;
  isTotpEnabled: boolean;
  roles: string[];
  createdAt: string;
  passwordChangedAt: string;
}

export interface Role {
  code: string;
  name: string;
  description: string;
  requiresTotp: boolean;
  isBuiltin: boolean;
  permissions: string[];
}

export interface PermissionInfo {
  code: string;
  description: string;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface ApprovalRequest {
  id: number;
  kind: string;
  status: ApprovalStatus;
  summary: string;
  payload: unknown;
  amountCents: number | null;
  requiredPermission: string;
  requestedByUserId: number | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  result: Record<string, unknown> | null;
  lastError: string | null;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actorUsername: string;
  via: string;
  ip: string | null;
  userAgent: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: 'success' | 'refused' | 'failed';
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface SettingDefinition {
  key: string;
  label: string;
  min: number;
  max: number;
  default: number;
}

export interface SearchResult {
  type: string;
  title: string;
  subtitle?: string | null;
  href: string;
}

export type AccountType = 'asset' | 'liability' | 'fund_balance' | 'revenue' | 'expenditure';

export interface Fund {
  code: string;
  name: string;
  fundType: string;
  isActive: boolean;
}

export interface Department {
  code: string;
  name: string;
  isActive: boolean;
}

export interface Account {
  code: string;
  fundCode: string;
  departmentCode: string;
  objectCode: string;
  name: string;
  accountType: AccountType;
  isActive: boolean;
}

export interface ChartImportReport {
  isDryRun: boolean;
  rowCount: number;
  fundsCreated: string[];
  departmentsCreated: string[];
  accountsCreated: string[];
  accountsUpdated: string[];
  accountsUnchanged: number;
}

export interface JournalLine {
  lineNumber: number;
  accountCode: string;
  accountName: string;
  fundCode: string;
  debitCents: number;
  creditCents: number;
  memo: string | null;
}

export interface JournalEntry {
  id: number;
  entryDate: string;
  periodKey: string;
  description: string;
  source: { module: string; reference: string | null };
  idempotencyKey: string;
  reversesEntryId: number | null;
  reversedByEntryId: number | null;
  totalDebitCents: number;
  postedBy: string;
  postedAt: string;
  enteredBy?: string | null;
  approvedBy?: string | null;
  approvalRequestId?: number | null;
  lines: JournalLine[];
}

export interface FiscalPeriod {
  key: string;
  fiscalYear: number;
  periodNumber: number;
  startDate: string;
  endDate: string;
  status: 'open' | 'closed';
  statusChangedAt: string | null;
  statusChangedBy: string | null;
}

export interface TrialBalanceRow {
  accountCode: string | null;
  accountName: string;
  accountType: AccountType;
  fundCode: string;
  debitCents: number;
  creditCents: number;
  netCents: number;
}

export interface TrialBalance {
  asOf: string;
  fiscalYear: number;
  fundCode: string | null;
  rows: TrialBalanceRow[];
  totalDebitCents: number;
  totalCreditCents: number;
  isBalanced: boolean;
}

export interface FundBalance {
  fundCode: string;
  fundName: string;
  fundType: string;
  assetsCents: number;
  liabilitiesCents: number;
  beginningFundBalanceCents: number;
  revenuesCents: number;
  expendituresCents: number;
  endingFundBalanceCents: number;
}

export interface ActivityLine {
  entryId: number;
  lineNumber: number;
  entryDate: string;
  periodKey: string;
  description: string;
  sourceModule: string;
  sourceRef: string | null;
  memo: string | null;
  debitCents: number;
  creditCents: number;
  runningBalanceCents: number;
  reversesEntryId: number | null;
}

export interface AccountActivity {
  account: {
    code: string;
    name: string;
    accountType: AccountType;
    fundCode: string;
    isDebitNormal: boolean;
  };
  from: string;
  to: string;
  openingBalanceCents: number;
  closingBalanceCents: number;
  totalDebitCents: number;
  totalCreditCents: number;
  lineCount: number;
  lines: ActivityLine[];
}

export const accountTypeLabels: Record<AccountType, string> = {
  asset: 'Asset',
  liability: 'Liability',
  fund_balance: 'Fund balance',
  revenue: 'Revenue',
  expenditure: 'Expenditure',
};
