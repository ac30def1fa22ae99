/** Everything a database needs before the product uses it: migrations, then built-in roles. */
import { ensureBuiltinRoles } from '../access/index.js';
import type { Database } from '../shared/db.js';
import { migrate, type MigrationReport } from '../shared/migrations.js';

export async function prepareDatabase(database: Database): Promise<MigrationReport> {
  const report = await migrate(database);
  await database.kysely.transaction().execute((tx) => ensureBuiltinRoles(tx));
  return report;
}
