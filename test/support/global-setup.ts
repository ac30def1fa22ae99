/**
 * Builds one migrated template database per engine per run, so each test file gets a fresh
 * database in a fraction of a second instead of migrating its own:
 * - PGlite: a snapshot of a migrated in-memory database, written to a temporary file.
 * - PostgreSQL: a template database; test files clone it with CREATE DATABASE ... TEMPLATE.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { dumpPgliteSnapshot, openDatabase } from '../../src/shared/db.js';
import { prepareDatabase } from '../../src/app/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshotPath: string;
    postgresTemplate: string;
    postgresAdminUrl: string;
    runId: string;
  }
}

export const postgresAdminUrl =
  process.env.CIVIC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = project.config.env.CIVIC_TEST_ENGINE;
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  project.provide('runId', runId);
  project.provide('postgresAdminUrl', postgresAdminUrl);
  if (engine === 'pglite') {
    const directory = mkdtempSync(path.join(tmpdir(), 'civic-test-'));
    const database = await openDatabase({ snapshot: undefined, dataDir: directory });
    await prepareDatabase(database);
    const snapshot = await dumpPgliteSnapshot(database);
    await database.close();
    const snapshotPath = path.join(directory, 'template.tar');
    writeFileSync(snapshotPath, Buffer.from(await snapshot.arrayBuffer()));
    project.provide('pgliteSnapshotPath', snapshotPath);
    project.provide('postgresTemplate', '');
    return async () => rmSync(directory, { recursive: true, force: true });
  }
  const template = `civic_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${template}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  await prepareDatabase(database);
  await database.close();
  project.provide('postgresTemplate', template);
  project.provide('pgliteSnapshotPath', '');
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`civic_%${runId}%`],
    );
    for (const row of leftovers.rows) {
      await admin.query(`drop database if exists ${row.datname} with (force)`);
    }
    await admin.end();
  };
}
