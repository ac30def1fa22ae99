/**
 * Numbered SQL migrations from migrations/NNN_name.sql, each applied once in its own transaction
 * and recorded with a checksum. An applied migration whose file later changed is an error: write a
 * new migration instead. Runs on start and with `civic migrate`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './db.js';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  script: string;
  checksum: string;
}

export function loadMigrations(directory = migrationsDir): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const script = readFileSync(`${directory}/${file}`, 'utf8');
      return {
        version: Number.parseInt(file.slice(0, 3), 10),
        name: file.replace(/\.sql$/, ''),
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    });
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(database: Database): Promise<MigrationReport> {
  await database.exec(`
    create table if not exists schema_migration (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  const migrations = loadMigrations();
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    const wasApplied = await database.kysely.transaction().execute(async (tx) => {
      // Serializes concurrent migrators (two servers starting at once) without advisory locks.
      await sql`lock table schema_migration in exclusive mode`.execute(tx);
      const existing = await sql<{ checksum: string }>`
        select checksum from schema_migration where version = ${migration.version}`.execute(tx);
      const row = existing.rows[0];
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied. ` +
              'Applied migrations are never edited: add a new migration instead.',
          );
        }
        return true;
      }
      await sql.raw(migration.script).execute(tx);
      await sql`insert into schema_migration (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})`.execute(tx);
      return false;
    });
    if (wasApplied) alreadyApplied += 1;
    else applied.push(migration.name);
  }
  return { applied, alreadyApplied };
}
