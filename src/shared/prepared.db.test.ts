/**
 * Queries marked `prepared` run as named prepared statements on PostgreSQL and as plain queries on
 * PGlite, with the same results on both.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { inTransaction, prepared, PREPARED_MARK, type Database } from './db.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.exec('create table prepared_probe (id bigint primary key, label text not null)');
});
afterAll(async () => database?.close());

describe('prepared statements', () => {
  it('give the same answers as plain queries, call after call, and count affected rows', async () => {
    for (let id = 1; id <= 8; id += 1) {
      const inserted = await sql`${prepared}insert into prepared_probe (id, label)
        select id, 'label ' || id from unnest(${[id, id + 100]}::bigint[]) as t(id)`.execute(database.kysely);
      expect(inserted.numAffectedRows).toBe(2n);
      const found = await sql<{ label: string }>`${prepared}select label from prepared_probe
        where id = any(${[id, id + 100]}::bigint[]) order by id`.execute(database.kysely);
      expect(found.rows).toEqual([{ label: `label ${id}` }, { label: `label ${id + 100}` }]);
    }
  });

  it('are prepared once per connection on PostgreSQL', async () => {
    const statements = await inTransaction(database, async (tx) => {
      for (let id = 200; id < 203; id += 1) {
        await sql`${prepared}select label from prepared_probe where id = ${id}`.execute(tx);
      }
      return sql<{ count: number }>`select count(*)::bigint as count from pg_prepared_statements
        where statement like ${`${PREPARED_MARK} select label from prepared_probe where id = %`}`.execute(tx);
    });
    expect(statements.rows[0]?.count).toBe(testEngine === 'postgres' ? 1 : 0);
  });
});
