/**
 * The real server for a browser test file: a fresh PGlite database from the run's migrated
 * snapshot, the demo city and its staff loaded as `civic serve` does on first start, served on a
 * free port with the built web application (see build-web.ts).
 */
import { buildApprovalHandlers } from '../../../src/app/index.js';
import { loadDemoCity, loadDemoUsers } from '../../../src/demo/index.js';
import { startServer } from '../../../src/http/index.js';
import { systemClock } from '../../../src/shared/dates.js';
import type { Database } from '../../../src/shared/db.js';
import { createTestDatabase } from '../../support/database.js';

export interface WebServer {
  url: string;
  database: Database;
  close(): Promise<void>;
}

export async function startWebServer(): Promise<WebServer> {
  const database = await createTestDatabase();
  try {
    await loadDemoCity(database, { clock: systemClock });
    await loadDemoUsers(database, { handlers: buildApprovalHandlers(systemClock) });
    const server = await startServer({ database, clock: systemClock, port: 0, host: '127.0.0.1', logLevel: 'warn' });
    return {
      url: server.url,
      database,
      async close() {
        await server.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
