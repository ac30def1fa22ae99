/**
 * The chart of accounts as CSV: dry runs write nothing, malformed rows are named, export and
 * import round-trip, and an account keeps its type once it has postings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { FieldProblem } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { accounts, chartCsv, entryInput, seedLedger, testActor } from '../../test/support/ledger-fixtures.js';
import {
  createAccount,
  exportChartCsv,
  getAccount,
  importChartCsv,
  listAccounts,
  listDepartments,
  listFunds,
  postJournalEntry,
  updateAccount,
} from './index.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
});
afterAll(async () => database?.close());

const header = 'account,name,type,active,fund_name,fund_type,department_name';

async function chartSnapshot(db: Database = database) {
  return {
    accounts: await listAccounts(db.kysely),
    funds: await listFunds(db.kysely),
    departments: await listDepartments(db.kysely),
  };
}

function problemsOf(details: Record<string, unknown>): Array<[number | undefined, string]> {
  return ((details.problems as FieldProblem[] | undefined) ?? []).map((problem) => [problem.row, problem.field]);
}

describe('chart import', () => {
  it('a dry run reports what it would do and writes nothing', async () => {
    const before = await chartSnapshot();
    const csvText = [
      header,
      '300-0000-10100,Cash - Sewer,asset,yes,Sewer Fund,enterprise,Non-departmental',
      '300-7200-44200,Sewer charges,revenue,yes,Sewer Fund,enterprise,Wastewater',
      `${accounts.generalCash},Cash - pooled (renamed),asset,yes,,,`,
      `${accounts.licenseTax},Business license tax,revenue,yes,,,`,
    ].join('\n');
    const report = await importChartCsv(database, { csvText, actor: testActor, isDryRun: true });
    expect(report).toEqual({
      isDryRun: true,
      rowCount: 4,
      fundsCreated: ['300'],
      departmentsCreated: ['7200'],
      accountsCreated: ['300-0000-10100', '300-7200-44200'],
      accountsUpdated: [accounts.generalCash],
      accountsUnchanged: 1,
    });
    expect(await chartSnapshot()).toEqual(before);
    // The same file for real does what the dry run said.
    const real = await importChartCsv(database, { csvText, actor: testActor });
    expect({ ...real, isDryRun: true }).toEqual(report);
    expect((await getAccount(database.kysely, accounts.generalCash)).name).toBe('Cash - pooled (renamed)');
    expect((await listFunds(database.kysely)).map((fund) => fund.code)).toContain('300');
  });

  it('a dry run refuses a bad file exactly as a real import would', async () => {
    const csvText = `${header}\n400-0000-10100,Cash,asset,yes,,,\n`;
    const dry = await expectAppError(importChartCsv(database, { csvText, actor: testActor, isDryRun: true }), 'invalid_input');
    const real = await expectAppError(importChartCsv(database, { csvText, actor: testActor }), 'invalid_input');
    expect(dry.details).toEqual(real.details);
    expect(problemsOf(real.details)).toEqual([[2, 'fund_name']]);
  });

  it('names every malformed row and column, and writes nothing', async () => {
    const before = await chartSnapshot();
    const csvText = [
      header,
      '100-1510-41200,Franchise fees,revenue,yes,,,',
      '100-151-41100,Short department,revenue,yes,,,',
      '100-1510-41300,Bad type,income,yes,,,',
      '100-1510-41400,Bad flag,revenue,maybe,,,',
      '600-0000-10100,Bad fund type,asset,yes,Trust,municipal,Non-departmental',
      '100-1510-41500,,revenue,yes,,,',
      '100-1510-41200,Franchise fees again,revenue,yes,,,',
      'not-an-account,Garbage,asset,yes,,,',
    ].join('\r\n');
    const error = await expectAppError(importChartCsv(database, { csvText, actor: testActor }), 'invalid_input');
    expect(problemsOf(error.details)).toEqual([
      [3, 'account'],
      [4, 'type'],
      [5, 'active'],
      [6, 'fund_type'],
      [7, 'name'],
      [8, 'account'],
      [9, 'account'],
    ]);
    const messages = (error.details.problems as FieldProblem[]).map((problem) => problem.message);
    expect(messages[1]).toContain('"income"');
    expect(messages[5]).toContain('repeats row 2');
    expect(await chartSnapshot()).toEqual(before);
  });

  it.each([
    ['an empty file', '', 'file'],
    ['a header and no rows', `${header}\n`, 'file'],
    ['a file without the account column', 'code,name\n100-0000-10100,Cash\n', 'header'],
    ['a file without the name column', 'account,type\n100-0000-10100,asset\n', 'header'],
    ['an unclosed quote', `${header}\n100-0000-10100,"Cash,asset,yes\n`, 'file'],
    ['rows with more cells than the header', `${header}\n100-0000-10100,Cash,asset,yes,a,b,c,d\n`, 'file'],
  ])('refuses %s, naming the problem', async (_name, csvText, field) => {
    const error = await expectAppError(importChartCsv(database, { csvText, actor: testActor }), 'invalid_input');
    expect(error.details.field).toBe(field);
  });

  it('names the row of an unknown fund or department that the file does not define', async () => {
    const csvText = [header, '100-9999-51100,Salaries,expenditure,yes,,,', '700-0000-10100,Cash,asset,yes,,,'].join('\n');
    const error = await expectAppError(importChartCsv(database, { csvText, actor: testActor }), 'invalid_input');
    expect(problemsOf(error.details)).toEqual([
      [2, 'department_name'],
      [3, 'fund_name'],
    ]);
  });

  it('fills in the type from the object code when the type column is empty', async () => {
    const csvText = ['account,name', '100-1510-42100,Permits', '100-1510-54100,Contract services'].join('\n');
    await importChartCsv(database, { csvText, actor: testActor });
    expect((await getAccount(database.kysely, '100-1510-42100')).accountType).toBe('revenue');
    expect((await getAccount(database.kysely, '100-1510-54100')).accountType).toBe('expenditure');
  });
});

describe('chart export and import round-trip', () => {
  it('importing the export changes nothing, and exporting again gives the same file', async () => {
    await importChartCsv(database, {
      csvText: `${header}\n100-1510-41600,"Fees, ""special"" events",revenue,no,,,\n`,
      actor: testActor,
    });
    const exported = await exportChartCsv(database.kysely);
    const before = await chartSnapshot();
    const report = await importChartCsv(database, { csvText: exported, actor: testActor });
    expect(report.accountsCreated).toEqual([]);
    expect(report.accountsUpdated).toEqual([]);
    expect(report.accountsUnchanged).toBe(before.accounts.length);
    expect(await chartSnapshot()).toEqual(before);
    expect(await exportChartCsv(database.kysely)).toBe(exported);
  });

  it('the export rebuilds the same chart in an empty database', async () => {
    const exported = await exportChartCsv(database.kysely);
    const other = await createTestDatabase();
    try {
      const report = await importChartCsv(other, { csvText: exported, actor: testActor });
      expect(report.accountsCreated.length).toBe((await listAccounts(database.kysely)).length);
      expect(await exportChartCsv(other.kysely)).toBe(exported);
      const strip = (snapshot: Awaited<ReturnType<typeof chartSnapshot>>) => ({
        accounts: snapshot.accounts.map(({ id: _id, ...account }) => account),
        funds: snapshot.funds,
        departments: snapshot.departments,
      });
      expect(strip(await chartSnapshot(other))).toEqual(strip(await chartSnapshot()));
    } finally {
      await other.close();
    }
  });

  // Regression: the export guards spreadsheets by prefixing text that starts with = + - @ with an
  // apostrophe (src/shared/csv.ts spreadsheetSafe); the import must take it off again, or an
  // account named "- Reserved" comes back as "'- Reserved" and a round trip renames it.
  it('keeps names that start like a spreadsheet formula through a round trip', async () => {
    await createAccount(database, { input: { code: '100-1510-59100', name: '- Reserved for refunds', accountType: 'expenditure' }, actor: testActor });
    const exported = await exportChartCsv(database.kysely);
    const report = await importChartCsv(database, { csvText: exported, actor: testActor, isDryRun: true });
    expect(report.accountsUpdated).toEqual([]);
  });

  it('the seed chart CSV itself imports as unchanged', async () => {
    const report = await importChartCsv(database, { csvText: chartCsv, actor: testActor, isDryRun: true });
    expect(report.accountsCreated).toEqual([]);
    expect(report.fundsCreated).toEqual([]);
    // The seed renamed no account except the one the dry-run test renamed for real.
    expect(report.accountsUpdated).toEqual([accounts.generalCash]);
  });
});

describe('account type once an account has postings', () => {
  it('may change before the first posting, and is refused afterwards (directly and by CSV)', async () => {
    const code = '100-1510-58100';
    await createAccount(database, { input: { code, name: 'Training', accountType: 'revenue' }, actor: testActor });
    const corrected = await updateAccount(database, { code, changes: { accountType: 'expenditure' }, actor: testActor });
    expect(corrected.accountType).toBe('expenditure');

    await postJournalEntry(database, {
      input: entryInput({ lines: [{ account: code, debitCents: 4_200 }, { account: accounts.generalCash, creditCents: 4_200 }] }),
      actor: testActor,
    });
    const error = await expectAppError(updateAccount(database, { code, changes: { accountType: 'revenue' }, actor: testActor }), 'conflict');
    expect(error.details.field).toBe('accountType');
    expect(error.message).toContain(code);

    const csvText = `${header}\n${accounts.licenseTax},Business license tax,revenue,yes,,,\n${code},Training,revenue,yes,,,\n`;
    const csvError = await expectAppError(importChartCsv(database, { csvText, actor: testActor, isDryRun: true }), 'invalid_input');
    expect(problemsOf(csvError.details)).toEqual([[3, 'type']]);
    expect((await getAccount(database.kysely, code)).accountType).toBe('expenditure');

    // Its name and status may still change; once inactive it refuses new postings.
    const renamed = await updateAccount(database, { code, changes: { name: 'Training and travel', isActive: false }, actor: testActor });
    expect(renamed).toMatchObject({ name: 'Training and travel', isActive: false, accountType: 'expenditure' });
    const inactive = await expectAppError(
      postJournalEntry(database, {
        input: entryInput({ lines: [{ account: code, debitCents: 1 }, { account: accounts.generalCash, creditCents: 1 }] }),
        actor: testActor,
      }),
      'invalid_input',
    );
    expect(inactive.message).toContain('inactive');
  });

  it.each([
    ['an unknown type', { accountType: 'income' }, 'accountType'],
    ['an empty name', { name: '  ' }, 'name'],
  ])('refuses %s', async (_name, changes, field) => {
    const error = await expectAppError(updateAccount(database, { code: accounts.licenseTax, changes, actor: testActor }), 'invalid_input');
    expect(error.details.field).toBe(field);
  });
});
