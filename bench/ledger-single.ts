/**
 * One-by-one posting without HTTP: postJournalEntry called by C concurrent workers, to separate
 * the ledger's own cost per posting from the HTTP layer's (see bench/http-post.ts).
 *
 *   npx tsx bench/ledger-single.ts [--engine postgres|pglite] [--count 20000] [--workers 16]
 *
 * On PostgreSQL it also reports the time spent in each PL/pgSQL function (triggers, audit).
 */
import { sql } from 'kysely';
import type { Engine } from '../src/shared/db.js';
import { postJournalEntry, verifyLedger } from '../src/ledger/index.js';
import {
  benchActor,
  benchEntry,
  flag,
  nowMs,
  openBenchDatabase,
  seedBenchLedger,
  seededRandom,
  startBackendCpuMeter,
} from './support.js';

const engine = flag('engine', 'postgres') as Engine;
const count = Number(flag('count', '20000'));
const workers = Number(flag('workers', '16'));

const bench = await openBenchDatabase(engine, 'single', {
  poolSize: 20,
  settings: engine === 'postgres' ? { track_functions: 'pl' } : {},
});
try {
  const { database } = bench;
  const accounts = await seedBenchLedger(database);
  const random = seededRandom(11);
  const inputs = Array.from({ length: count }, (_, index) => benchEntry(accounts, index, random, `single-${process.pid}`));
  let next = 0;
  let done = 0;
  const backendCpu = engine === 'postgres' ? await startBackendCpuMeter(database) : null;
  const cpuBefore = process.cpuUsage();
  const started = nowMs();
  let stretchStarted = started;
  const stretch = Math.max(1_000, Math.round(count / 10));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < inputs.length) {
        const input = inputs[next];
        next += 1;
        await postJournalEntry(database, { input, actor: benchActor });
        done += 1;
        // The rate over each tenth of the run: does posting slow down as the journal grows?
        if (done % stretch === 0) {
          const now = nowMs();
          console.log(`[${engine}]   entries ${done - stretch + 1}-${done}: ${Math.round(stretch / ((now - stretchStarted) / 1_000))} entries/s`);
          stretchStarted = now;
        }
      }
    }),
  );
  const seconds = (nowMs() - started) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  const backendSeconds = backendCpu ? await backendCpu() : null;
  console.log(
    `[${engine}] ${count.toLocaleString()} postJournalEntry calls, ${workers} workers: ${seconds.toFixed(1)} s = ` +
      `${Math.round(count / seconds).toLocaleString()} entries/s; Node CPU ${((cpu.user + cpu.system) / 1e3 / count).toFixed(2)} ms per entry` +
      (backendSeconds === null ? '' : `, PostgreSQL backends ${((backendSeconds * 1e3) / count).toFixed(2)} ms per entry`),
  );
  if (engine === 'postgres') {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const functions = await sql<{ name: string; calls: number; totalMs: number }>`
      select funcname as name, calls, total_time as "totalMs" from pg_stat_user_functions order by total_time desc`.execute(database.kysely);
    for (const row of functions.rows) {
      console.log(`[${engine}] ${row.name}: ${row.calls} calls, ${(row.totalMs / row.calls).toFixed(3)} ms each`);
    }
  }
  console.log(`[${engine}] verifyLedger: ${(await verifyLedger(database.kysely)).length} violations`);
} finally {
  await bench.dispose();
}
