/**
 * The chart of accounts and fiscal periods over HTTP on a real database: funds, departments,
 * accounts (filters, create, update), chart CSV export and import (dry run, errors by row), and
 * opening, closing and setting up periods.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { FieldProblem } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { accounts, chartCsv, seedLedger, testClock } from '../../test/support/ledger-fixtures.js';
import { buildServer } from './index.js';
import { allPermissions } from '../access/index.js';
import { callerFor, testSession, type Answer, type TestSession } from '../../test/support/http.js';
import { Account, ChartImportReport, Department, Fund } from './schemas/chart.js';
import { FiscalPeriod } from './schemas/periods.js';

type AccountBody = Static<typeof Account>;
type Period = Static<typeof FiscalPeriod>;
type ImportReport = Static<typeof ChartImportReport>;


let database: Database;
let app: FastifyInstance;
let session: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  session = await testSession(app, database, { permissions: [...allPermissions] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const call = callerFor(() => ({ app, session }));

function problemsOf(answer: Answer<unknown>): FieldProblem[] {
  const parsed: { error: { details: { problems?: FieldProblem[] } } } = JSON.parse(answer.text);
  return parsed.error.details.problems ?? [];
}

function expectError(answer: Answer<unknown>, status: number, code: string, field?: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(JSON.parse(answer.text)).toEqual({
    error: { code, message: expect.any(String), details: expect.any(Object) },
  });
  if (field !== undefined) expect(JSON.stringify(answer.error.details)).toContain(`"${field}"`);
}

function importCsv(csv: string, dryRun?: boolean | string): Promise<Answer<ImportReport>> {
  return call<ImportReport>({
    method: 'POST',
    url: `/api/accounts/import${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`,
    payload: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

async function accountCount(): Promise<number> {
  return (await call<{ accounts: AccountBody[] }>({ method: 'GET', url: '/api/accounts' })).body
    .accounts.length;
}

describe('funds and departments', () => {
  it('lists and creates funds', async () => {
    const list = await call<{ funds: Array<Static<typeof Fund>> }>({
      method: 'GET',
      url: '/api/funds',
    });
    expect(list.status).toBe(200);
    expect(list.body.funds).toEqual([
      { code: '100', name: 'General Fund', fundType: 'general', isActive: true },
      { code: '510', name: 'Water Fund', fundType: 'enterprise', isActive: true },
    ]);
    const created = await call({
      method: 'POST',
      url: '/api/funds',
      payload: { code: '220', name: 'Gas Tax Fund', fundType: 'special_revenue' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      code: '220',
      name: 'Gas Tax Fund',
      fundType: 'special_revenue',
      isActive: true,
    });
  });

  it('refuses a duplicate fund (409), a bad code and an unknown fund type (400)', async () => {
    const duplicate = await call({
      method: 'POST',
      url: '/api/funds',
      payload: { code: '100', name: 'Again', fundType: 'general' },
    });
    expectError(duplicate, 409, 'conflict', 'code');
    const badCode = await call({
      method: 'POST',
      url: '/api/funds',
      payload: { code: '1000', name: 'X', fundType: 'general' },
    });
    expectError(badCode, 400, 'invalid_input', 'code');
    const badType = await call({
      method: 'POST',
      url: '/api/funds',
      payload: { code: '230', name: 'X', fundType: 'casino' },
    });
    expectError(badType, 400, 'invalid_input', 'fundType');
    const missing = await call({ method: 'POST', url: '/api/funds', payload: { code: '230' } });
    expectError(missing, 400, 'invalid_input', 'name');
    expect(problemsOf(missing).map((problem) => problem.field)).toEqual(['name', 'fundType']);
  });

  it('lists and creates departments', async () => {
    const created = await call({
      method: 'POST',
      url: '/api/departments',
      payload: { code: '3100', name: 'Public Works' },
    });
    expect(created.status).toBe(201);
    const list = await call<{ departments: Array<Static<typeof Department>> }>({
      method: 'GET',
      url: '/api/departments',
    });
    expect(list.body.departments.map((department) => department.code)).toContain('3100');
    const duplicate = await call({
      method: 'POST',
      url: '/api/departments',
      payload: { code: '3100', name: 'Again' },
    });
    expectError(duplicate, 409, 'conflict');
    const extra = await call({
      method: 'POST',
      url: '/api/departments',
      payload: { code: '3200', name: 'X', budget: 5 },
    });
    expectError(extra, 400, 'invalid_input', 'budget');
  });
});

describe('accounts', () => {
  it('lists with filters: fund, type, active, text', async () => {
    const list = (query: string) =>
      call<{ accounts: AccountBody[] }>({ method: 'GET', url: `/api/accounts${query}` });
    const water = await list('?fund=510');
    expect(water.body.accounts.every((account) => account.fundCode === '510')).toBe(true);
    expect(water.body.accounts).toHaveLength(5);
    const revenues = await list('?type=revenue');
    expect(revenues.body.accounts.map((account) => account.code).sort()).toEqual(
      [accounts.propertyTax, accounts.licenseTax, accounts.waterSales].sort(),
    );
    const inactive = await list('?active=false');
    expect(inactive.body.accounts.map((account) => account.code)).toEqual([
      accounts.retiredAccount,
    ]);
    const search = await list('?q=license');
    expect(search.body.accounts.map((account) => account.code)).toEqual([accounts.licenseTax]);
    expectError(await list('?type=cash'), 400, 'invalid_input', 'type');
    expectError(await list('?active=maybe'), 400, 'invalid_input', 'active');
  });

  it('gets one account without internal ids; 404 unknown, 400 malformed', async () => {
    const answer = await call<AccountBody>({
      method: 'GET',
      url: `/api/accounts/${accounts.licenseTax}`,
    });
    expect(answer.body).toEqual({
      code: accounts.licenseTax,
      fundCode: '100',
      departmentCode: '1510',
      objectCode: '41100',
      name: 'Business license tax',
      accountType: 'revenue',
      isActive: true,
    });
    expectError(
      await call({ method: 'GET', url: '/api/accounts/100-0000-99999' }),
      404,
      'not_found',
    );
    expectError(
      await call({ method: 'GET', url: '/api/accounts/100-1510' }),
      400,
      'invalid_input',
      'code',
    );
  });

  it('creates an account, defaulting its type from the object code', async () => {
    const created = await call<AccountBody>({
      method: 'POST',
      url: '/api/accounts',
      payload: { code: '100-1510-42100', name: 'Dog licenses' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: '100-1510-42100',
      accountType: 'revenue',
      isActive: true,
    });
    const again = await call({
      method: 'POST',
      url: '/api/accounts',
      payload: { code: '100-1510-42100', name: 'Again' },
    });
    expectError(again, 409, 'conflict', 'code');
    const noFund = await call({
      method: 'POST',
      url: '/api/accounts',
      payload: { code: '999-1510-42100', name: 'X' },
    });
    expectError(noFund, 400, 'invalid_input', 'code');
  });

  it('renames, deactivates and retypes an account without postings', async () => {
    const url = '/api/accounts/100-1510-42100';
    const renamed = await call<AccountBody>({
      method: 'PATCH',
      url,
      payload: { name: 'Dog license fees', isActive: false },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Dog license fees', isActive: false });
    const retyped = await call<AccountBody>({
      method: 'PATCH',
      url,
      payload: { accountType: 'liability' },
    });
    expect(retyped.body.accountType).toBe('liability');
    expectError(await call({ method: 'PATCH', url, payload: {} }), 400, 'invalid_input');
    expectError(
      await call({ method: 'PATCH', url, payload: { name: '  ' } }),
      400,
      'invalid_input',
      'name',
    );
    expectError(
      await call({ method: 'PATCH', url, payload: { code: '1' } }),
      400,
      'invalid_input',
      'code',
    );
    expectError(
      await call({ method: 'PATCH', url: '/api/accounts/100-0000-99999', payload: { name: 'X' } }),
      404,
      'not_found',
    );
  });
});

describe('chart CSV', () => {
  it('exports the chart as a CSV attachment that imports back unchanged', async () => {
    const answer = await call({ method: 'GET', url: '/api/accounts/export.csv' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="chart-of-accounts-${testClock.today()}.csv"`,
    );
    const lines = answer.text.trim().split('\r\n');
    expect(lines[0]).toBe('account,name,type,active,fund_name,fund_type,department_name');
    expect(lines).toHaveLength((await accountCount()) + 1);
    const reimport = await importCsv(answer.text);
    expect(reimport.status).toBe(200);
    expect(reimport.body).toMatchObject({
      accountsCreated: [],
      accountsUpdated: [],
      accountsUnchanged: lines.length - 1,
    });
  });

  it('imports with a dry run that reports and writes nothing, then for real', async () => {
    const csv =
      `${chartCsv.split('\n')[0]}\n` +
      '220-3100-43100,Gas tax apportionment,revenue,yes,Gas Tax Fund,special_revenue,Public Works\n';
    const before = await accountCount();
    const dryRun = await importCsv(csv, true);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({
      isDryRun: true,
      rowCount: 1,
      accountsCreated: ['220-3100-43100'],
    });
    expect(await accountCount()).toBe(before);
    const real = await importCsv(csv, false);
    expect(real.body).toMatchObject({ isDryRun: false, accountsCreated: ['220-3100-43100'] });
    expect(await accountCount()).toBe(before + 1);
  });

  it('refuses a malformed chart CSV, naming each row and column, and writes nothing', async () => {
    const csv = [
      'account,name,type,active',
      '100-0000-10200,Petty cash,asset,yes',
      '100-0000-1020,Bad code,asset,yes',
      '100-0000-10300,,asset,yes',
      '100-0000-10400,Change fund,cash,yes',
      '100-0000-10500,Imprest,asset,perhaps',
      '',
    ].join('\n');
    const before = await accountCount();
    const answer = await importCsv(csv);
    expectError(answer, 400, 'invalid_input');
    expect(problemsOf(answer)).toEqual([
      { row: 3, field: 'account', message: expect.stringContaining('100-0000-1020') },
      { row: 4, field: 'name', message: 'is required' },
      { row: 5, field: 'type', message: expect.stringContaining('cash') },
      { row: 6, field: 'active', message: expect.stringContaining('perhaps') },
    ]);
    expect(await accountCount()).toBe(before);
  });

  it('refuses CSV without the required columns, and a JSON body', async () => {
    expectError(await importCsv('code,title\n1,2\n'), 400, 'invalid_input', 'header');
    const json = await call({ method: 'POST', url: '/api/accounts/import', payload: { csv: 'x' } });
    expectError(json, 400, 'invalid_input', 'body');
    expectError(await importCsv(chartCsv, 'sure'), 400, 'invalid_input', 'dryRun');
  });
});

describe('fiscal periods', () => {
  it('lists the 13 periods of a fiscal year', async () => {
    const answer = await call<{ periods: Period[] }>({
      method: 'GET',
      url: '/api/periods?fiscalYear=2027',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.periods.map((period) => period.key)).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      'FY2027-13',
    ]);
    expectError(
      await call({ method: 'GET', url: '/api/periods?fiscalYear=FY27' }),
      400,
      'invalid_input',
      'fiscalYear',
    );
  });

  it('closes and reopens a period, recording who, and refuses doing either twice', async () => {
    const closed = await call<Period>({
      method: 'POST',
      url: '/api/periods/2027-01/close',
      payload: { reason: 'Month end' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ key: '2027-01', status: 'closed', statusChangedBy: session.username });
    expectError(await call({ method: 'POST', url: '/api/periods/2027-01/close' }), 409, 'conflict');
    const opened = await call<Period>({ method: 'POST', url: '/api/periods/2027-01/open' });
    expect(opened.body.status).toBe('open');
    expectError(await call({ method: 'POST', url: '/api/periods/2027-01/open' }), 409, 'conflict');
  });

  it('refuses malformed and unknown period keys', async () => {
    expectError(
      await call({ method: 'POST', url: '/api/periods/2027-13/close' }),
      400,
      'invalid_input',
      'periodKey',
    );
    expectError(
      await call({ method: 'POST', url: '/api/periods/2031-01/close' }),
      404,
      'not_found',
    );
    expectError(
      await call({ method: 'POST', url: '/api/periods/2027-02/close', payload: { reason: 5 } }),
      400,
      'invalid_input',
      'reason',
    );
  });

  it('sets up a fiscal year, safely repeated', async () => {
    const first = await call<{ fiscalYear: number; periods: Period[] }>({
      method: 'POST',
      url: '/api/fiscal-years/2028',
    });
    expect(first.status).toBe(200);
    expect(first.body.fiscalYear).toBe(2028);
    expect(first.body.periods).toHaveLength(13);
    expect(first.body.periods[0]).toMatchObject({
      key: '2027-07',
      startDate: '2027-07-01',
      status: 'open',
    });
    const again = await call<{ periods: Period[] }>({
      method: 'POST',
      url: '/api/fiscal-years/2028',
    });
    expect(again.body.periods).toHaveLength(13);
    expectError(
      await call({ method: 'POST', url: '/api/fiscal-years/1800' }),
      400,
      'invalid_input',
      'fy',
    );
  });
});
