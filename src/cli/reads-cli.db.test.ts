/** `civic reads ...` in-process on a real database: import the handheld sample, the queue, accept and reject, a manual read, estimates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { IsoDate } from '../shared/dates.js';
import { readSamplesDir } from '../utility/index.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { createMeters, seedReadFixtures, storeReadHistory } from '../../test/support/read-fixtures.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReadFixtures(database);
  const readings = [1200, 2500, 3300, 9995, 4500, 5000, 6000, 7000];
  const ids = await createMeters(database, readings.map((_, index) => ({ serial: `WM-10000${index + 1}` })));
  await storeReadHistory(database, readings.map((lastReading, index) => ({ meterId: ids.get(`WM-10000${index + 1}`) as number, lastReading,
    lastDate: '2026-10-19' as IsoDate, monthlyUnits: 10 })));
});
afterAll(async () => database?.close());

const civicArgs = civicRunner(() => database, { clock: testClock });
const civic = (args: string[]) => civicArgs(...args);

describe('civic reads', () => {
  it('imports the handheld sample, lists the queue, accepts and rejects with reasons', async () => {
    const imported = await civic(['reads', 'import', `${readSamplesDir}handheld-csv.csv`, '--layout', 'handheld-csv']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/8 rows, 2 accepted, 6 held for review \(high 1, low 1, zero_use 1, rollover 1, lower_than_last 1, out_of_cycle 1, estimated 1\)/);
    const again = await civic(['reads', 'import', `${readSamplesDir}handheld-csv.csv`, '--layout', 'handheld-csv']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/imported already/);
    const queue = await civic(['reads', 'exceptions', '--json']);
    const held = JSON.parse(queue.stdout) as Array<{ id: number; meterSerial: string }>;
    expect(held).toHaveLength(6);
    const listed = await civic(['reads', 'exceptions', '--code', 'high']);
    expect(listed.stdout).toMatch(/6 reads wait for review/);
    expect(listed.stdout).toMatch(/WM-100002/);
    const high = held.find((read) => read.meterSerial === 'WM-100002');
    const short = await civic(['reads', 'accept', String(high?.id), '--reason', 'ok']);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/reason/);
    const accepted = await civic(['reads', 'accept', String(high?.id), '--reason', 'Sprinkler leak confirmed by the customer']);
    expect(accepted.stdout).toMatch(/accepted by system: Sprinkler leak/);
    const lower = held.find((read) => read.meterSerial === 'WM-100005');
    const rejected = await civic(['reads', 'reject', String(lower?.id), '--reason', 'Misread; re-read ordered']);
    expect(rejected.stdout).toMatch(/rejected by system/);
    const reread = await civic(['reads', 'enter', 'WM-100005', '2026-11-18', '4510']);
    expect(reread.stdout).toMatch(/use 10 HCF, accepted/);
    const estimates = await civic(['reads', 'estimate', '--date', '2026-11-20', '--from', '2026-11-01']);
    expect(estimates.stdout).toMatch(/0 reads estimated/);
    expect((await civic(['reads', 'layouts'])).stdout).toMatch(/ami-csv/);
  });
});
