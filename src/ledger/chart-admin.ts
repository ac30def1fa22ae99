/**
 * Keeping the chart of accounts: funds, departments and fund-department-object accounts, and the
 * chart as CSV (export, and import with a dry run). An account that has postings keeps its type;
 * accounts are deactivated, never deleted.
 * Errors: invalid_input (naming the field or CSV row), not_found, conflict.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { toCsv } from '../shared/csv.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidFields, invalidInput, notFound, type FieldProblem } from '../shared/errors.js';
import {
  defaultAccountType,
  isAccountType,
  isFundType,
  parseAccountCode,
  type AccountType,
  type FundType,
} from './chart.js';
import {
  findAccountsByCode,
  listAccountRows,
  listDepartmentRows,
  listFundRows,
  type AccountRow,
  type DepartmentRow,
  type FundRow,
} from './store.js';

export type Account = AccountRow;
export type Fund = FundRow;
export type Department = DepartmentRow;

export async function listAccounts(
  db: Executor,
  filter: { fundCode?: string; accountType?: string; isActive?: boolean; search?: string } = {},
): Promise<Account[]> {
  return listAccountRows(db, filter);
}

export async function getAccount(db: Executor, code: string): Promise<Account> {
  const parts = parseAccountCode(code, 'code');
  const account = (await findAccountsByCode(db, [parts.code])).get(parts.code);
  if (!account) throw notFound('account', parts.code);
  return account;
}

/** Accounts by code, in one query; codes that do not exist are simply absent from the map. */
export async function findAccounts(db: Executor, codes: readonly string[]): Promise<Map<string, Account>> {
  return findAccountsByCode(db, codes);
}

export const listFunds = (db: Executor): Promise<Fund[]> => listFundRows(db);
export const listDepartments = (db: Executor): Promise<Department[]> => listDepartmentRows(db);

export interface FundInput {
  code: string;
  name: string;
  fundType: string;
}

export async function createFund(database: Database, options: { input: FundInput; actor: Actor }): Promise<Fund> {
  const { code, name, fundType } = options.input;
  if (!/^\d{3}$/.test(code ?? '')) throw invalidInput('code', 'a fund code is three digits (e.g. 100)');
  if (!name?.trim()) throw invalidInput('name', 'is required');
  if (!isFundType(fundType)) throw invalidInput('fundType', `"${fundType}" is not a fund type`);
  return inTransaction(database, async (tx) => {
    const result = await sql<FundRow>`insert into fund (code, name, fund_type) values (${code}, ${name.trim()}, ${fundType})
      on conflict (code) do nothing
      returning code, name, fund_type as "fundType", is_active as "isActive"`.execute(tx);
    const fund = result.rows[0];
    if (!fund) throw new AppError('conflict', `Fund ${code} already exists`, { field: 'code' });
    await recordAudit(tx, { actor: options.actor, action: 'ledger.create_fund', entityType: 'fund', entityId: code, after: fund });
    return fund;
  });
}

export async function createDepartment(
  database: Database,
  options: { input: { code: string; name: string }; actor: Actor },
): Promise<Department> {
  const { code, name } = options.input;
  if (!/^\d{4}$/.test(code ?? '')) throw invalidInput('code', 'a department code is four digits (e.g. 1510)');
  if (!name?.trim()) throw invalidInput('name', 'is required');
  return inTransaction(database, async (tx) => {
    const result = await sql<DepartmentRow>`insert into department (code, name) values (${code}, ${name.trim()})
      on conflict (code) do nothing returning code, name, is_active as "isActive"`.execute(tx);
    const department = result.rows[0];
    if (!department) throw new AppError('conflict', `Department ${code} already exists`, { field: 'code' });
    await recordAudit(tx, { actor: options.actor, action: 'ledger.create_department', entityType: 'department', entityId: code, after: department });
    return department;
  });
}

export interface AccountInput {
  code: string;
  name: string;
  accountType?: string | null;
  isActive?: boolean;
}

export async function createAccount(database: Database, options: { input: AccountInput; actor: Actor }): Promise<Account> {
  const parts = parseAccountCode(options.input.code, 'code');
  const name = options.input.name?.trim();
  if (!name) throw invalidInput('name', 'is required');
  const accountType = options.input.accountType ?? defaultAccountType(parts.objectCode);
  if (!isAccountType(accountType)) throw invalidInput('accountType', `"${accountType}" is not an account type`);
  return inTransaction(database, async (tx) => {
    await assertSegmentsExist(tx, parts.fundCode, parts.departmentCode);
    const result = await sql<{ id: number }>`insert into account
        (code, fund_code, department_code, object_code, name, account_type, is_active)
      values (${parts.code}, ${parts.fundCode}, ${parts.departmentCode}, ${parts.objectCode}, ${name},
        ${accountType}, ${options.input.isActive ?? true})
      on conflict (code) do nothing returning id`.execute(tx);
    if (!result.rows[0]) throw new AppError('conflict', `Account ${parts.code} already exists`, { field: 'code' });
    const account = await getAccount(tx, parts.code);
    await recordAudit(tx, { actor: options.actor, action: 'ledger.create_account', entityType: 'account', entityId: parts.code, after: account });
    return account;
  });
}

async function assertSegmentsExist(tx: Executor, fundCode: string, departmentCode: string): Promise<void> {
  const result = await sql<{ fund: string | null; department: string | null }>`select
    (select code from fund where code = ${fundCode}) as fund,
    (select code from department where code = ${departmentCode}) as department`.execute(tx);
  const row = result.rows[0];
  if (!row?.fund) throw invalidInput('code', `fund ${fundCode} does not exist; create the fund first`);
  if (!row.department) {
    throw invalidInput('code', `department ${departmentCode} does not exist; create the department first`);
  }
}

export async function updateAccount(
  database: Database,
  options: { code: string; changes: { name?: string; accountType?: string; isActive?: boolean }; actor: Actor },
): Promise<Account> {
  const { changes } = options;
  if (changes.name !== undefined && !changes.name.trim()) throw invalidInput('name', 'must not be empty');
  if (changes.accountType !== undefined && !isAccountType(changes.accountType)) {
    throw invalidInput('accountType', `"${changes.accountType}" is not an account type`);
  }
  return inTransaction(database, async (tx) => {
    const account = await getAccount(tx, options.code);
    if (changes.accountType !== undefined && changes.accountType !== account.accountType) {
      const used = await sql`select 1 from journal_line where account_id = ${account.id} limit 1`.execute(tx);
      if (used.rows.length > 0) {
        throw new AppError('conflict', `Account ${account.code} has postings; its type cannot change`, {
          field: 'accountType',
        });
      }
    }
    await sql`update account set name = ${changes.name?.trim() ?? account.name},
        account_type = ${changes.accountType ?? account.accountType},
        is_active = ${changes.isActive ?? account.isActive}, updated_at = now()
      where id = ${account.id}`.execute(tx);
    const after = await getAccount(tx, account.code);
    await recordAudit(tx, { actor: options.actor, action: 'ledger.update_account', entityType: 'account', entityId: account.code, before: account, after });
    return after;
  });
}

const chartCsvColumns = ['account', 'name', 'type', 'active', 'fund_name', 'fund_type', 'department_name'] as const;

export async function exportChartCsv(db: Executor): Promise<string> {
  const [accounts, funds, departments] = await Promise.all([
    listAccountRows(db, {}),
    listFundRows(db),
    listDepartmentRows(db),
  ]);
  const fundByCode = new Map(funds.map((fund) => [fund.code, fund]));
  const departmentByCode = new Map(departments.map((department) => [department.code, department]));
  return toCsv<AccountRow>(
    [
      { header: 'account', value: (row) => row.code, isNumeric: true },
      { header: 'name', value: (row) => row.name },
      { header: 'type', value: (row) => row.accountType },
      { header: 'active', value: (row) => (row.isActive ? 'yes' : 'no') },
      { header: 'fund_name', value: (row) => fundByCode.get(row.fundCode)?.name },
      { header: 'fund_type', value: (row) => fundByCode.get(row.fundCode)?.fundType },
      { header: 'department_name', value: (row) => departmentByCode.get(row.departmentCode)?.name },
    ],
    accounts,
  );
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

interface ChartRow {
  row: number;
  code: string;
  fundCode: string;
  departmentCode: string;
  objectCode: string;
  name: string;
  accountType: AccountType;
  isActive: boolean;
  fundName: string | null;
  fundType: FundType | null;
  departmentName: string | null;
}

/**
 * Imports a chart CSV (columns: account, name, type, active, and optionally fund_name, fund_type,
 * department_name to create missing funds and departments). Whole or nothing: any problem in any
 * row refuses the file and lists every problem by row and column.
 */
export async function importChartCsv(
  database: Database,
  options: { csvText: string; actor: Actor; isDryRun?: boolean },
): Promise<ChartImportReport> {
  const rows = parseChartCsv(options.csvText);
  const isDryRun = options.isDryRun ?? false;
  const rollback = new Error('dry run');
  let report: ChartImportReport | undefined;
  try {
    await inTransaction(database, async (tx) => {
      report = await applyChartRows(tx, rows, isDryRun);
      if (isDryRun) throw rollback;
      await recordAudit(tx, { actor: options.actor, action: 'ledger.import_chart', entityType: 'chart', after: report });
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  if (!report) throw new Error('chart import produced no report');
  return report;
}

/** Undoes the apostrophe our own export puts before text a spreadsheet would run as a formula. */
function unescapeSpreadsheet(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function parseChartCsv(csvText: string): ChartRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(csvText, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw invalidInput('file', `the file is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw invalidInput('file', 'the file has no rows (expected a header row and accounts)');
  const header = Object.keys(records[0] ?? {});
  const missing = ['account', 'name'].filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw invalidInput('header', `missing column(s): ${missing.join(', ')}; expected ${chartCsvColumns.join(',')}`);
  }
  const problems: FieldProblem[] = [];
  const rows: ChartRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const row = index + 2;
    const problem = (field: string, message: string) => problems.push({ row, field, message });
    let parts;
    try {
      parts = parseAccountCode(record.account, 'account');
    } catch (error) {
      problem('account', (error as Error).message.replace(/^account: /, ''));
      return;
    }
    const earlier = seen.get(parts.code);
    if (earlier !== undefined) problem('account', `${parts.code} repeats row ${earlier}`);
    seen.set(parts.code, row);
    const name = unescapeSpreadsheet(record.name ?? '');
    if (!name) problem('name', 'is required');
    const typeText = (record.type ?? '').toLowerCase().replace(/[\s-]+/g, '_');
    const accountType = typeText === '' ? defaultAccountType(parts.objectCode) : typeText;
    if (!isAccountType(accountType)) problem('type', `"${record.type}" is not one of asset, liability, fund_balance, revenue, expenditure`);
    const activeText = (record.active ?? '').toLowerCase();
    const isActive = ['', 'yes', 'y', 'true', '1', 'active'].includes(activeText);
    if (!isActive && !['no', 'n', 'false', '0', 'inactive'].includes(activeText)) {
      problem('active', `"${record.active}" is not yes or no`);
    }
    const fundType = record.fund_type ? record.fund_type.toLowerCase().replace(/[\s-]+/g, '_') : null;
    if (fundType !== null && !isFundType(fundType)) problem('fund_type', `"${record.fund_type}" is not a fund type`);
    if (!isAccountType(accountType) || (fundType !== null && !isFundType(fundType))) return;
    rows.push({
      row,
      ...parts,
      name,
      accountType,
      isActive,
      fundName: unescapeSpreadsheet(record.fund_name ?? '') || null,
      fundType,
      departmentName: unescapeSpreadsheet(record.department_name ?? '') || null,
    });
  });
  if (problems.length > 0) throw invalidFields(problems.slice(0, 200));
  return rows;
}

async function applyChartRows(tx: Executor, rows: readonly ChartRow[], isDryRun: boolean): Promise<ChartImportReport> {
  const funds = new Map((await listFundRows(tx)).map((fund) => [fund.code, fund]));
  const departments = new Map((await listDepartmentRows(tx)).map((d) => [d.code, d]));
  const existing = await findAccountsByCode(tx, rows.map((row) => row.code));
  const problems: FieldProblem[] = [];
  const newFunds = new Map<string, { name: string; fundType: FundType }>();
  const newDepartments = new Map<string, string>();
  for (const row of rows) {
    if (!funds.has(row.fundCode) && !newFunds.has(row.fundCode)) {
      if (row.fundName && row.fundType) newFunds.set(row.fundCode, { name: row.fundName, fundType: row.fundType });
      else problems.push({ row: row.row, field: 'fund_name', message: `fund ${row.fundCode} does not exist; give fund_name and fund_type to create it` });
    }
    if (!departments.has(row.departmentCode) && !newDepartments.has(row.departmentCode)) {
      if (row.departmentName) newDepartments.set(row.departmentCode, row.departmentName);
      else problems.push({ row: row.row, field: 'department_name', message: `department ${row.departmentCode} does not exist; give department_name to create it` });
    }
  }
  const used = await accountsWithPostings(tx, [...existing.values()].map((account) => account.id));
  const created: ChartRow[] = [];
  const updated: ChartRow[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const account = existing.get(row.code);
    if (!account) {
      created.push(row);
    } else if (account.name !== row.name || account.accountType !== row.accountType || account.isActive !== row.isActive) {
      if (account.accountType !== row.accountType && used.has(account.id)) {
        problems.push({ row: row.row, field: 'type', message: `${row.code} has postings; its type cannot change from ${account.accountType}` });
      }
      updated.push(row);
    } else {
      unchanged += 1;
    }
  }
  if (problems.length > 0) throw invalidFields(problems.slice(0, 200));
  // A dry run writes too, inside a transaction that is then rolled back, so the database's own
  // constraints check the file exactly as a real import would.
  await writeChart(tx, newFunds, newDepartments, [...created, ...updated]);
  return {
    isDryRun,
    rowCount: rows.length,
    fundsCreated: [...newFunds.keys()],
    departmentsCreated: [...newDepartments.keys()],
    accountsCreated: created.map((row) => row.code),
    accountsUpdated: updated.map((row) => row.code),
    accountsUnchanged: unchanged,
  };
}

async function accountsWithPostings(tx: Executor, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ accountId: number }>`select distinct account_id as "accountId"
    from account_period_balance where account_id = any(${ids}::bigint[])`.execute(tx);
  return new Set(result.rows.map((row) => row.accountId));
}

async function writeChart(
  tx: Executor,
  funds: Map<string, { name: string; fundType: FundType }>,
  departments: Map<string, string>,
  rows: readonly ChartRow[],
): Promise<void> {
  if (funds.size > 0) {
    await sql`insert into fund (code, name, fund_type)
      select * from unnest(${[...funds.keys()]}::text[], ${[...funds.values()].map((f) => f.name)}::text[],
        ${[...funds.values()].map((f) => f.fundType)}::text[])`.execute(tx);
  }
  if (departments.size > 0) {
    await sql`insert into department (code, name)
      select * from unnest(${[...departments.keys()]}::text[], ${[...departments.values()]}::text[])`.execute(tx);
  }
  if (rows.length === 0) return;
  await sql`insert into account (code, fund_code, department_code, object_code, name, account_type, is_active)
    select * from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.fundCode)}::text[],
      ${rows.map((r) => r.departmentCode)}::text[], ${rows.map((r) => r.objectCode)}::text[],
      ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.accountType)}::text[],
      ${rows.map((r) => r.isActive)}::boolean[])
    on conflict (code) do update set name = excluded.name, account_type = excluded.account_type,
      is_active = excluded.is_active, updated_at = now()`.execute(tx);
}
