import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { buildDemoChartCsv } from '../demo/index.js';
import { demoRateSchedules, loadDemoRates } from '../demo/utility-rates.js';
import { importChartCsv } from '../ledger/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import {
  addRateVersion,
  calculateCharges,
  compileRateSchedules,
  calculateCompiledCharges,
  createRateSchedule,
  getRateSchedule,
  getRateVersionsFor,
  listRateSchedules,
  totalOfLines,
  type ChargeContext,
  type RateDefinition,
} from './index.js';

let database: Database;
const d = (text: string) => text as IsoDate;

const retiredChart = `account,name,type,active,fund_name,fund_type,department_name
510-7100-44900,Retired water charge,revenue,no,Water Utility Fund,enterprise,Water Operations
`;

beforeAll(async () => {
  database = await createTestDatabase();
  await importChartCsv(database, { csvText: buildDemoChartCsv(), actor: testActor });
  await importChartCsv(database, { csvText: retiredChart, actor: testActor });
});
afterAll(async () => database?.close());

async function expectError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(() => new Error(`expected ${code}`), (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code, (error as Error).message).toBe(code);
  return error as AppError;
}

const problemsOf = (error: AppError): Array<{ field: string; message: string }> =>
  (error.details.problems as Array<{ field: string; message: string }> | undefined) ?? [{ field: String(error.details.field), message: error.message }];

function definition(rate = '4.05', account = '510-7100-44100'): RateDefinition {
  return { billingUnit: 'HCF', uniform: { revenueAccount: account, rate }, fixed: { revenueAccount: '510-7100-44200', amountCentsPerMonthBySize: { '1': 7125 } } };
}

async function auditActions(entityType: string): Promise<string[]> {
  const result = await sql<{ action: string }>`select action from audit_log where entity_type = ${entityType} order by id`.execute(database.kysely);
  return result.rows.map((row) => row.action);
}

describe('rate schedules', () => {
  it('creates a schedule, audited, and refuses a taken code or bad fields', async () => {
    const schedule = await createRateSchedule(database, { input: { code: 'water-test', name: 'Water - test', serviceType: 'water' }, actor: testActor });
    expect(schedule).toEqual({ code: 'WATER-TEST', name: 'Water - test', serviceType: 'water', versions: [] });
    expect(await auditActions('rate_schedule')).toEqual(['utility.create_rate_schedule']);
    await expectError(createRateSchedule(database, { input: { code: 'WATER-TEST', name: 'Again', serviceType: 'water' }, actor: testActor }), 'conflict');
    const error = await expectError(createRateSchedule(database, { input: { code: 'W', name: '', serviceType: 'gas' }, actor: testActor }), 'invalid_input');
    expect(problemsOf(error).map((problem) => problem.field)).toEqual(['code', 'name', 'serviceType']);
  });

  it('adds versions: a later one closes the open one the day before, both audited', async () => {
    const first = await addRateVersion(database, { rateCode: 'WATER-TEST', input: { effectiveFrom: '2025-07-01', definition: definition('4.05') }, actor: testActor });
    expect(first.closed).toBeNull();
    expect(first.version).toMatchObject({ rateCode: 'WATER-TEST', effectiveFrom: '2025-07-01', effectiveTo: null });
    const second = await addRateVersion(database, { rateCode: 'WATER-TEST', input: { effectiveFrom: '2026-07-01', definition: definition('4.25') }, actor: testActor });
    expect(second.closed).toMatchObject({ id: first.version.id, effectiveTo: '2026-06-30' });
    const schedule = await getRateSchedule(database.kysely, 'WATER-TEST');
    expect(schedule.versions.map((version) => [version.effectiveFrom, version.effectiveTo])).toEqual([['2025-07-01', '2026-06-30'], ['2026-07-01', null]]);
    expect(schedule.versions[1]?.definition).toEqual(definition('4.25'));
    expect(await auditActions('rate_version')).toEqual(['utility.add_rate_version', 'utility.add_rate_version']);
    const audit = await sql<{ details: { closedVersion: { id: number; effectiveToAfter: string } } }>`select details from audit_log
      where action = 'utility.add_rate_version' order by id desc limit 1`.execute(database.kysely);
    expect(audit.rows[0]?.details.closedVersion).toMatchObject({ id: first.version.id, effectiveToAfter: '2026-06-30' });
  });

  it('refuses overlaps and gaps, naming the dates, and changes nothing', async () => {
    const overlap = await expectError(addRateVersion(database, { rateCode: 'WATER-TEST', input: { effectiveFrom: '2026-03-01', definition: definition() }, actor: testActor }), 'invalid_input');
    expect(problemsOf(overlap)).toEqual([
      { field: 'effectiveFrom', message: 'the version from 2026-03-01 starts before the version from 2025-07-01 ends on 2026-06-30: both are in effect from 2026-03-01 to 2026-06-30' },
      { field: 'effectiveTo', message: 'only the last version may be open-ended, but the version from 2026-03-01 is followed by the version from 2026-07-01' },
    ]);
    await createRateSchedule(database, { input: { code: 'SEWER-TEST', name: 'Sewer - test', serviceType: 'sewer' }, actor: testActor });
    const sewer: RateDefinition = { billingUnit: 'HCF', flat: { revenueAccount: '520-7200-44600', amountCentsPerMonth: 5240 } };
    await addRateVersion(database, { rateCode: 'SEWER-TEST', input: { effectiveFrom: '2025-07-01', effectiveTo: '2026-06-30', definition: sewer }, actor: testActor });
    const gap = await expectError(addRateVersion(database, { rateCode: 'SEWER-TEST', input: { effectiveFrom: '2026-08-01', definition: sewer }, actor: testActor }), 'invalid_input');
    expect(problemsOf(gap)).toEqual([{ field: 'effectiveFrom', message: 'the version from 2026-08-01 starts after the version from 2025-07-01 ends on 2026-06-30: a gap from 2026-07-01 to 2026-07-31 with no rate' }]);
    const backwards = await expectError(addRateVersion(database, { rateCode: 'SEWER-TEST', input: { effectiveFrom: '2026-07-01', effectiveTo: '2026-06-01', definition: sewer }, actor: testActor }), 'invalid_input');
    expect(problemsOf(backwards)[0]?.field).toBe('effectiveTo');
    expect((await getRateSchedule(database.kysely, 'WATER-TEST')).versions).toHaveLength(2);
    expect((await getRateSchedule(database.kysely, 'SEWER-TEST')).versions).toHaveLength(1);
  });

  it('refuses revenue accounts that do not exist, are inactive or are not revenue, naming the field', async () => {
    const bad: RateDefinition = {
      billingUnit: 'HCF',
      uniform: { revenueAccount: '510-7100-44999', rate: '4.05' },
      fixed: { revenueAccount: '510-7100-44900', amountCentsPerMonthBySize: { '1': 100 } },
      surcharges: [{ code: 'CIP', description: 'Capital improvement surcharge', revenueAccount: '510-7100-53100', per: 'account', amountCentsPerMonth: 400 }],
    };
    const error = await expectError(addRateVersion(database, { rateCode: 'SEWER-TEST', input: { effectiveFrom: '2026-07-01', definition: bad }, actor: testActor }), 'invalid_input');
    expect(problemsOf(error)).toEqual([
      { field: 'definition.fixed.revenueAccount', message: 'account 510-7100-44900 (Retired water charge) is inactive' },
      { field: 'definition.uniform.revenueAccount', message: 'account 510-7100-44999 does not exist' },
      { field: 'definition.surcharges[0].revenueAccount', message: 'account 510-7100-53100 (Water Operations - Materials and supplies) is a expenditure account, not a revenue account' },
    ]);
  });

  it('refuses a bad definition listing every problem, and an unknown schedule', async () => {
    const error = await expectError(addRateVersion(database, { rateCode: 'SEWER-TEST', input: {
      effectiveFrom: '2026-07-01',
      definition: { billingUnit: 'HCF', tiers: { revenueAccount: '510-7100-44100', blocks: [{ from: '0', to: '10', rate: '3.45' }, { from: '12', to: null, rate: 'four' }] } },
    }, actor: testActor }), 'invalid_input');
    expect(problemsOf(error).map((problem) => problem.field)).toEqual(['definition.tiers.blocks[1].rate', 'definition.tiers.blocks[1].from']);
    const missing = await expectError(addRateVersion(database, { rateCode: 'WATER-NONE', input: { effectiveFrom: '2026-07-01', definition: definition() }, actor: testActor }), 'not_found');
    expect(missing.message).toContain('WATER-NONE');
  });

  it('the database refuses versions that overlap or leave a gap, whoever writes them', async () => {
    const write = (statement: ReturnType<typeof sql>) => database.kysely.transaction().execute(async (tx) => {
      await statement.execute(tx);
    });
    const definitionJson = JSON.stringify({ billingUnit: 'HCF', flat: { revenueAccount: '520-7200-44600', amountCentsPerMonth: 1 } });
    await expect(write(sql`insert into rate_version (rate_code, effective_from, effective_to, definition, created_by)
      values ('SEWER-TEST', '2026-08-01', null, ${definitionJson}::jsonb, 'tester')`)).rejects.toThrow(/SEWER-TEST has versions from 2025-07-01 \(to 2026-06-30\) and from 2026-08-01/);
    await expect(write(sql`update rate_version set effective_to = '2026-07-31' where rate_code = 'WATER-TEST' and effective_from = '2025-07-01'`))
      .rejects.toThrow(/do not follow one another/);
    // Closing a version and adding the next in one transaction is fine (checked, then rolled back).
    await database.kysely.transaction().execute(async (tx) => {
      await sql`update rate_version set effective_to = '2026-07-31' where rate_code = 'SEWER-TEST'`.execute(tx);
      await sql`insert into rate_version (rate_code, effective_from, effective_to, definition, created_by)
        values ('SEWER-TEST', '2026-08-01', null, ${definitionJson}::jsonb, 'tester')`.execute(tx);
      await sql`set constraints rate_version_contiguous immediate`.execute(tx);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect((await getRateSchedule(database.kysely, 'SEWER-TEST')).versions).toHaveLength(1);
  });

  it('reads the versions in effect over a period for many schedules in one query', async () => {
    const rows = await getRateVersionsFor(database.kysely, ['WATER-TEST', 'SEWER-TEST', 'NONE'], d('2026-06-16'), d('2026-07-15'));
    expect(rows.map((row) => [row.rateCode, row.effectiveFrom, row.effectiveTo])).toEqual([
      ['SEWER-TEST', '2025-07-01', '2026-06-30'],
      ['WATER-TEST', '2025-07-01', '2026-06-30'],
      ['WATER-TEST', '2026-07-01', null],
    ]);
    expect(rows.every((row) => typeof row.id === 'number')).toBe(true);
    expect((await getRateVersionsFor(database.kysely, ['WATER-TEST'], d('2026-08-01'), d('2026-08-31'))).map((row) => row.effectiveFrom)).toEqual(['2026-07-01']);
    expect(await getRateVersionsFor(database.kysely, [], d('2026-08-01'), d('2026-08-31'))).toEqual([]);
    // 30 days, 15 at each rate: 20 HCF split 10 / 10; the meter charge half a month each.
    const compiled = compileRateSchedules(rows).get('WATER-TEST');
    expect(compiled).toBeDefined();
    const lines = calculateCompiledCharges(compiled!, context({ periodFrom: d('2026-06-16'), periodTo: d('2026-07-15'), serviceFrom: d('2026-06-16'), serviceTo: d('2026-07-15') }));
    expect(lines.map((line) => line.amountCents)).toEqual([3563, 4050, 3563, 4250]);
  });
});

function context(overrides: Partial<ChargeContext> = {}): ChargeContext {
  return {
    serviceType: 'water', classCode: 'single_family', isResidential: true, tiersPerUnit: false, dwellingUnits: 1, meterSize: '1',
    periodFrom: d('2026-08-01'), periodTo: d('2026-08-31'), periodMonths: 1, serviceFrom: d('2026-08-01'), serviceTo: d('2026-08-31'),
    consumption: '20', consumptionUnit: 'HCF', winterAverage: null, ...overrides,
  };
}

describe('the demo city rates', () => {
  it('loads every schedule with two versions, once', async () => {
    expect(await loadDemoRates(database, testActor)).toEqual({ schedules: 7, versions: 14, wasAlreadyLoaded: false });
    expect(await loadDemoRates(database, testActor)).toEqual({ schedules: 0, versions: 0, wasAlreadyLoaded: true });
    const schedules = (await listRateSchedules(database.kysely)).filter((schedule) => !schedule.code.endsWith('-TEST'));
    expect(schedules.map((schedule) => schedule.code)).toEqual(demoRateSchedules.map((schedule) => schedule.code).sort());
    expect(schedules.every((schedule) => schedule.versions.map((version) => version.effectiveTo).join() === '2026-06-30,')).toBe(true);
    expect((await listRateSchedules(database.kysely, { serviceType: 'sewer' })).map((schedule) => schedule.code)).toEqual(['SEWER-COM', 'SEWER-MFR', 'SEWER-RES', 'SEWER-TEST']);
  });

  it('bills a single-family account across the July 1 increase', async () => {
    const versions = await getRateVersionsFor(database.kysely, ['WATER-RES'], d('2026-06-16'), d('2026-07-15'));
    const lines = calculateCharges(versions, context({ meterSize: '5/8', periodFrom: d('2026-06-16'), periodTo: d('2026-07-15'), serviceFrom: d('2026-06-16'), serviceTo: d('2026-07-15') }));
    expect(lines.map((line) => [line.description, line.amountCents])).toEqual([
      ['Meter service charge, 5/8" meter (Jun 16–Jun 30): 0.5 months at $28.50', 1425],
      ['Water use, tier 1 (Jun 16–Jun 30): 5.0000 HCF at $3.4500', 1725],
      ['Water use, tier 2 (Jun 16–Jun 30): 5.0000 HCF at $4.1200', 2060],
      ['Capital improvement surcharge (Jun 16–Jun 30): 0.5 months at $4.00', 200],
      ['Meter service charge, 5/8" meter (Jul 1–Jul 15): 0.5 months at $29.95', 1498], // 14.975
      ['Water use, tier 1 (Jul 1–Jul 15): 5.0000 HCF at $3.6200', 1810],
      ['Water use, tier 2 (Jul 1–Jul 15): 5.0000 HCF at $4.3300', 2165],
      ['Capital improvement surcharge (Jul 1–Jul 15): 0.5 months at $4.00', 200],
    ]);
    expect(totalOfLines(lines)).toBe(11_083);
    expect(new Set(lines.map((line) => line.revenueAccount))).toEqual(new Set(['510-7100-44200', '510-7100-44100']));
  });

  it('bills commercial sewer from the winter average with its minimum, into the sewer fund', async () => {
    const versions = await getRateVersionsFor(database.kysely, ['SEWER-COM'], d('2026-08-01'), d('2026-08-31'));
    const lines = calculateCharges(versions, context({ serviceType: 'sewer', meterSize: null, consumption: null, winterAverage: '4.5' }));
    expect(lines.map((line) => [line.description, line.amountCents, line.revenueAccount])).toEqual([
      ['Sewer service, winter average use: 4.5000 HCF at $5.3800', 2421, '520-7200-44600'],
      ['Minimum charge: brings the charges above to the minimum of $31.50 a month ($31.50)', 729, '520-7200-44600'],
    ]);
  });
});
