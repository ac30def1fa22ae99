/**
 * Meter reads on a real database: the shipped handheld and AMI samples import against a year of
 * history (one read of each outcome); the same file again is refused; a file with bad rows is
 * refused whole, or lands its good rows when asked; re-reads supersede; manual reads, estimates
 * and the review queue (accept with a reason and a named reviewer, reject), all audited.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { createMeters, seedReadFixtures, storeReadHistory, type MeterSpec } from '../../test/support/read-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';
import {
  acceptRead,
  countReadExceptions,
  enterRead,
  estimateReads,
  importReads,
  listMeterReads,
  listReadExceptions,
  listReadImports,
  listReadLayouts,
  readSamplesDir,
  refreshMeterReadState,
  rejectRead,
} from './index.js';

let database: Database;
const clerk = principal('maria', ['utility.reads']);
const reviewer = principal('sam', ['utility.reads', 'utility.reads.review']);
const clock = testClock;
const lastDate = '2026-10-19' as IsoDate;

async function expectError(promise: Promise<unknown>, code: string, text?: RegExp): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error, 'expected an error').toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (text) expect(JSON.stringify({ message: (error as AppError).message, details: (error as AppError).details })).toMatch(text);
  return error as AppError;
}

async function readCount(): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from meter_read`.execute(database.kysely);
  return result.rows[0]?.n ?? 0;
}

async function auditActions(action: string): Promise<Array<{ actor: string; entityId: string | null; after: unknown }>> {
  const result = await sql<{ actor: string; entityId: string | null; after: unknown }>`select actor_username as actor, entity_id as "entityId", after_data as after
    from audit_log where action = ${action} and outcome = 'success' order by id`.execute(database.kysely);
  return result.rows;
}

/** Meters with a year of 30-day history ending on lastDate at the given readings. */
async function metersAt(specs: Array<MeterSpec & { lastReading: number; monthlyUnits?: number }>): Promise<Map<string, number>> {
  const ids = await createMeters(database, specs);
  await storeReadHistory(database, specs.map((spec) => ({ meterId: ids.get(spec.serial) as number, lastReading: spec.lastReading, lastDate,
    monthlyUnits: spec.monthlyUnits ?? 10, dials: spec.dials ?? 4, multiplier: spec.multiplier ?? '1' })));
  return ids;
}

function amiFile(rows: Array<[string, string, string | number]>): string {
  return ['device_serial,read_date,register_value', ...rows.map((row) => row.join(','))].join('\n');
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReadFixtures(database);
  await metersAt([1200, 2500, 3300, 9995, 4500, 5000, 6000, 7000].map((lastReading, index) => ({ serial: `WM-10000${index + 1}`, lastReading })));
  await createMeters(database, Array.from({ length: 5 }, (_, index) => ({ serial: `AMI-20000${index + 1}`, dials: 8, unit: 'GAL' as const })));
  const ami = await sql<{ id: number; serial: string }>`select id, serial from meter where serial like 'AMI-%' order by serial`.execute(database.kysely);
  await storeReadHistory(database, ami.rows.map((row, index) => ({ meterId: row.id, lastReading: (index + 1) * 100_000,
    lastDate: '2026-10-20' as IsoDate, monthlyUnits: 5_000, dials: 8 })));
});

afterAll(async () => {
  await database.close();
});

describe('read layouts', () => {
  it('installs the shipped layouts', async () => {
    expect((await listReadLayouts(database.kysely)).map((layout) => layout.code)).toEqual(['ami-csv', 'handheld-csv']);
  });
});

describe('importing reads', () => {
  it('imports the handheld sample: one read of each outcome, exceptions held for review, audited', async () => {
    const content = readFileSync(`${readSamplesDir}handheld-csv.csv`, 'utf8');
    const progress: number[] = [];
    const result = await importReads(database, { fileName: 'handheld-csv.csv', content, layoutCode: 'handheld-csv', actor: clerk, clock,
      onProgress: (done) => progress.push(done) });
    expect(result).toMatchObject({ rowCount: 8, acceptedCount: 2, exceptionCount: 6, rejectedCount: 0, problems: [],
      exceptionsByCode: { high: 1, low: 1, zero_use: 1, rollover: 1, lower_than_last: 1, out_of_cycle: 1, estimated: 1 } });
    expect(progress.at(-1)).toBe(8);
    const queue = await listReadExceptions(database.kysely, { importId: result.importId });
    expect(queue.map((read) => [read.meterSerial, read.exceptionCodes, read.consumption, read.rowNumber])).toEqual([
      ['WM-100002', ['high'], '30', 3], ['WM-100003', ['zero_use'], '0', 4], ['WM-100004', ['rollover'], '12', 5],
      ['WM-100005', ['lower_than_last'], '0', 6], ['WM-100006', ['low'], '3', 7], ['WM-100008', ['out_of_cycle'], '5', 9]]);
    expect(queue[2]).toMatchObject({ rolledOver: true, previousReading: 9995, previousReadDate: lastDate, fileName: 'handheld-csv.csv',
      cycleCode: 'C1', routeCode: 'R1', readerId: 'RDR07' });
    expect(queue[0]?.accountNumber).toMatch(/^UB-\d+$/);
    expect(queue[0]?.locationAddress).toMatch(/Meter Way/);
    expect(queue[0]?.exceptionText[0]).toMatch(/50% above/);
    expect((await listReadExceptions(database.kysely, { code: 'rollover' })).map((read) => read.meterSerial)).toEqual(['WM-100004']);
    const [estimated] = await listMeterReads(database.kysely, { meter: 'WM-100007', limit: 1 });
    expect(estimated).toMatchObject({ status: 'accepted', readType: 'estimated', exceptionCodes: ['estimated'], consumption: '10', source: 'import',
      notes: 'Dog in yard - could not reach meter' });
    const [audit] = await auditActions('utility.import_reads');
    expect(audit).toMatchObject({ actor: 'maria', entityId: String(result.importId) });
    const [stored] = await listReadImports(database.kysely, { id: result.importId });
    expect(stored).toMatchObject({ rowCount: 8, acceptedCount: 2, exceptionCount: 6, exceptionCounts: { high: 1 } });
    expect(Object.keys(stored?.timings ?? {})).toEqual(expect.arrayContaining(['parse', 'history', 'validate', 'write', 'total']));
  });

  it('refuses the same file twice, naming the first import and its date', async () => {
    const content = readFileSync(`${readSamplesDir}handheld-csv.csv`, 'utf8');
    const before = await readCount();
    await expectError(importReads(database, { fileName: 'again.csv', content, layoutCode: 'handheld-csv', actor: clerk, clock }), 'conflict',
      /imported already: handheld-csv.csv .* by maria on 20\d\d-\d\d-\d\d/);
    expect(await readCount()).toBe(before);
  });

  it('refuses a file with bad rows whole, every problem by row and field; or lands the good rows when asked', async () => {
    await metersAt([{ serial: 'GR-000001', lastReading: 100 }, { serial: 'GR-000002', lastReading: 200 }]);
    const content = amiFile([['GR-000001', '2026-11-18', 110], ['NO-SUCH-METER', '2026-11-18', 5], ['GR-000002', '2026-13-01', 5],
      ['GR-000002', '2026-11-18', 'abc'], ['GR-000002', lastDate, 200]]);
    const before = await readCount();
    const refused = await expectError(importReads(database, { fileName: 'bad.csv', content, layoutCode: 'ami-csv', actor: clerk, clock }),
      'invalid_input', /4 problems in 4 rows/);
    expect((refused.details.problems as Array<{ row: number; field: string }>).map((problem) => [problem.row, problem.field])).toEqual([
      [3, 'meter'], [4, 'date'], [5, 'reading'], [6, 'date']]);
    expect(await readCount()).toBe(before);
    const landed = await importReads(database, { fileName: 'bad.csv', content, layoutCode: 'ami-csv', acceptGoodRows: true, actor: clerk, clock });
    expect(landed).toMatchObject({ rowCount: 5, acceptedCount: 1, exceptionCount: 0, rejectedCount: 4, problemCount: 4 });
    expect(landed.problems.map((problem) => problem.row)).toEqual([3, 4, 5, 6]);
    expect(await readCount()).toBe(before + 1);
  });

  it('refuses a second read of a stored date; a re-read supersedes it, measured from the read before', async () => {
    const ids = await metersAt([{ serial: 'RR-000001', lastReading: 500 }]);
    await importReads(database, { fileName: 'first.csv', content: amiFile([['RR-000001', '2026-11-18', 590]]), layoutCode: 'ami-csv', actor: clerk, clock });
    await expectError(importReads(database, { fileName: 'dup.csv', content: amiFile([['RR-000001', '2026-11-18', 511]]), layoutCode: 'ami-csv',
      actor: clerk, clock }), 'invalid_input', /has a read on 2026-11-18 already.*re-read/);
    const handheld = 'Route,Seq,Meter Serial,Read Date,Reading,Read Code,Reader,Comment\nR1,1,RR-000001,11/18/2026,0511,R,RDR02,Re-read\n';
    const reread = await importReads(database, { fileName: 'reread.csv', content: handheld, layoutCode: 'handheld-csv', actor: clerk, clock });
    expect(reread).toMatchObject({ acceptedCount: 1, exceptionCount: 0, supersededCount: 1 });
    const reads = await listMeterReads(database.kysely, { meter: 'RR-000001', limit: 3 });
    expect(reads.map((read) => [read.readDate, read.reading, read.status, read.consumption])).toEqual([
      ['2026-11-18', 511, 'accepted', '11'], ['2026-11-18', 590, 'superseded', '90'], [lastDate, 500, 'accepted', '10']]);
    expect(reads[0]?.previousReadId).toBe(reads[2]?.id);
    expect(ids.size).toBe(1);
  });

  it('chains several reads of a meter in one file, each measured from the one before', async () => {
    const ids = await createMeters(database, [{ serial: 'CH-000001' }]);
    await storeReadHistory(database, [{ meterId: ids.get('CH-000001') as number, lastReading: 50, lastDate: '2026-09-19' as IsoDate, monthlyUnits: 10 }]);
    const result = await importReads(database, { fileName: 'chain.csv', content: amiFile([['CH-000001', '2026-11-18', 70], ['CH-000001', lastDate, 60]]),
      layoutCode: 'ami-csv', actor: clerk, clock });
    expect(result).toMatchObject({ acceptedCount: 2, exceptionCount: 0 });
    const reads = await listMeterReads(database.kysely, { meter: 'CH-000001', limit: 3 });
    expect(reads.map((read) => [read.readDate, read.consumption, read.previousReadDate, read.rowNumber])).toEqual([
      ['2026-11-18', '10', lastDate, 2], [lastDate, '10', '2026-09-19', 3], ['2026-09-19', '10', null, null]]);
  });

  it('imports the AMI sample with its gallons', async () => {
    const content = readFileSync(`${readSamplesDir}ami-csv.csv`, 'utf8');
    const result = await importReads(database, { fileName: 'ami-csv.csv', content, layoutCode: 'ami-csv', actor: clerk, clock });
    expect(result).toMatchObject({ rowCount: 5, acceptedCount: 3, exceptionCount: 2, exceptionsByCode: { high: 1, zero_use: 1 } });
  });
});

describe('manual reads, estimates and the review queue', () => {
  it('enters a manual read, names every wrong field, and audits a re-read', async () => {
    await metersAt([{ serial: 'MN-000001', lastReading: 800 }]);
    const read = await enterRead(database, { input: { meter: 'mn-000001', readDate: '2026-11-18', reading: 811, readerId: 'CLERK' }, actor: clerk, clock });
    expect(read).toMatchObject({ meterSerial: 'MN-000001', source: 'manual', status: 'accepted', consumption: '11', previousReading: 800 });
    const wrong = await expectError(enterRead(database, { input: { meter: '', readDate: '2026-12-01', reading: -3, readType: 'estimated' }, actor: clerk, clock }),
      'invalid_input');
    expect((wrong.details.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual(['meter', 'readDate', 'reading', 'readType']);
    await expectError(enterRead(database, { input: { meter: 'MN-000001', readDate: '2026-11-18', reading: 812 }, actor: clerk, clock }),
      'invalid_input', /readDate.*re-read/);
    await expectError(enterRead(database, { input: { meter: 'NOPE-1', readDate: '2026-11-18', reading: 1 }, actor: clerk, clock }), 'invalid_input', /meter/);
    const reread = await enterRead(database, { input: { meter: 'MN-000001', readDate: '2026-11-18', reading: 809, readType: 'reread' }, actor: clerk, clock });
    expect(reread).toMatchObject({ status: 'accepted', consumption: '9', readType: 'reread' });
    const audits = await auditActions('utility.reread');
    expect(audits.at(-1)).toMatchObject({ actor: 'maria', entityId: String(reread.id) });
    expect((await listMeterReads(database.kysely, { meter: 'MN-000001', limit: 2 })).map((entry) => entry.status)).toEqual(['accepted', 'superseded']);
  });

  it('accepts a held read only with a reason, by a reviewer, never its own typist; rejects with a reason', async () => {
    await metersAt([{ serial: 'RV-000001', lastReading: 100 }, { serial: 'RV-000002', lastReading: 100 }, { serial: 'RV-000003', lastReading: 100 }]);
    const typed = await enterRead(database, { input: { meter: 'RV-000001', readDate: '2026-11-18', reading: 190 }, actor: reviewer, clock });
    expect(typed).toMatchObject({ status: 'exception', exceptionCodes: ['high'] });
    await expectError(acceptRead(database, { readId: typed.id, reason: 'Confirmed leak with the customer', actor: clerk, clock }), 'forbidden', /utility.reads.review/);
    await expectError(acceptRead(database, { readId: typed.id, reason: 'ok', actor: principal('lee', ['utility.reads.review']), clock }), 'invalid_input', /reason/);
    await expectError(acceptRead(database, { readId: typed.id, reason: 'I read it myself twice', actor: reviewer, clock }), 'forbidden', /someone else/);
    const accepted = await acceptRead(database, { readId: typed.id, reason: 'Confirmed a leak with the customer by phone', actor: principal('lee', ['utility.reads.review']), clock });
    expect(accepted).toMatchObject({ status: 'overridden', reviewedBy: 'lee', reviewReason: 'Confirmed a leak with the customer by phone' });
    await expectError(acceptRead(database, { readId: typed.id, reason: 'Once more, for good measure', actor: reviewer, clock }), 'conflict', /not waiting/);
    // The next read is measured from the overridden one.
    const next = await enterRead(database, { input: { meter: 'RV-000001', readDate: '2026-11-20', reading: 191, readType: 'final' }, actor: clerk, clock });
    expect(next).toMatchObject({ previousReadId: typed.id, consumption: '1' });

    const held = await importReads(database, { fileName: 'rv.csv', content: amiFile([['RV-000002', '2026-11-02', 150], ['RV-000003', '2026-11-18', 100]]),
      layoutCode: 'ami-csv', actor: clerk, clock });
    expect(held.exceptionCount).toBe(2);
    const [high, zero] = await listReadExceptions(database.kysely, { importId: held.importId });
    await enterRead(database, { input: { meter: 'RV-000002', readDate: '2026-11-18', reading: 110 }, actor: clerk, clock });
    await expectError(acceptRead(database, { readId: high?.id as number, reason: 'Customer filled a pool that week', actor: reviewer, clock }),
      'conflict', /later read/);
    const rejected = await rejectRead(database, { readId: high?.id as number, reason: 'Misread: digits transposed by the reader', actor: reviewer, clock });
    expect(rejected).toMatchObject({ status: 'rejected', reviewedBy: 'sam' });
    await acceptRead(database, { readId: zero?.id as number, reason: 'House vacant since October, confirmed', actor: reviewer, clock });
    expect((await auditActions('utility.accept_read')).map((row) => row.actor)).toEqual(['lee', 'sam']);
    expect((await auditActions('utility.reject_read')).map((row) => row.actor)).toEqual(['sam']);
    const refusals = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'utility.accept_read' and outcome = 'refused'`
      .execute(database.kysely);
    expect(refusals.rows[0]?.n).toBe(1);
    expect((await countReadExceptions(database.kysely)).total).toBeGreaterThan(0);
  });

  it('estimates the meters in service without a read in the window, from their average', async () => {
    await metersAt([{ serial: 'ES-000001', lastReading: 1000, cycleCode: 'C2' }, { serial: 'ES-000002', lastReading: 9990, cycleCode: 'C2', monthlyUnits: 20 },
      { serial: 'ES-000003', lastReading: 1000, cycleCode: 'C2', isActive: false }]);
    await createMeters(database, [{ serial: 'ES-000004', cycleCode: 'C2' }]);
    await enterRead(database, { input: { meter: 'ES-000001', readDate: '2026-11-10', reading: 1007 }, actor: clerk, clock });
    const result = await estimateReads(database, { input: { readDate: '2026-11-18', from: '2026-11-05', cycleCode: 'C2' }, actor: clerk, clock });
    expect(result.estimatedCount).toBe(1);
    expect(result.notEstimated).toEqual([{ meter: 'ES-000004', reason: 'no accepted read history to estimate from' }]);
    const [estimate] = await listMeterReads(database.kysely, { meter: 'ES-000002', limit: 1 });
    expect(estimate).toMatchObject({ readType: 'estimated', source: 'estimate', status: 'exception', exceptionCodes: ['rollover', 'estimated'],
      reading: 10, consumption: '20', rolledOver: true });
    const again = await estimateReads(database, { input: { readDate: '2026-11-18', from: '2026-11-05', cycleCode: 'C2' }, actor: clerk, clock });
    expect(again.estimatedCount).toBe(0);
    expect((await auditActions('utility.estimate_reads')).length).toBe(2);
  });
});

describe('read state', () => {
  it('kept by every writer, equals the state recomputed from the reads', async () => {
    const snapshot = async (): Promise<unknown[]> => (await sql`select meter_id, live_read_id, live_date, live_reading, live_status,
        accepted_read_id, accepted_date, accepted_reading, window_dates::text, window_consumption::text, window_days::text,
        window_consumption_total::text, window_days_total from meter_read_state order by meter_id`.execute(database.kysely)).rows;
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(20);
    await refreshMeterReadState(database.kysely, 'all');
    expect(await snapshot()).toEqual(kept);
  });
});
