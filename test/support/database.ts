/**
 * A fresh, migrated database for one test file, on the engine the test project names.
 * No mocks: PGlite from the run's snapshot, or a PostgreSQL database cloned from the template.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database, type Engine } from '../../src/shared/db.js';

export const testEngine: Engine = process.env.CIVIC_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

let snapshot: Blob | undefined;

export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<Database> {
  if (testEngine === 'pglite') {
    snapshot ??= new Blob([readFileSync(inject('pgliteSnapshotPath'))]);
    return openDatabase({ snapshot });
  }
  const name = `civic_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const adminUrl = inject('postgresAdminUrl');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize ?? 10 });
  process.env.CIVIC_TEST_DATABASE_URL_LAST = url.toString();
  return {
    ...database,
    engine: database.engine,
    kysely: database.kysely,
    description: database.description,
    exec: (script) => database.exec(script),
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
