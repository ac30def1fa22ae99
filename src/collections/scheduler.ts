/**
 * The daily collection job, scheduled by `civic serve`: every ten minutes it looks whether today's
 * run (in the city's time zone) is done, and once the city's clock is past the hour (default 6 in
 * the morning) runs it. A run that a restart interrupted is run again (it is idempotent). One run
 * at a time; errors are reported and tried again at the next look. With more than one server
 * process every one of them may start it: the run is keyed by day, so the second adds nothing.
 */
import { sql } from 'kysely';
import { systemPrincipal } from '../shared/actor.js';
import { CITY_TIME_ZONE, type Clock } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { runDailyCollections, type DailyRunResult } from './daily-job.js';

const LOOK_EVERY_MS = 10 * 60_000;

const hourFormat = new Intl.DateTimeFormat('en-US', { timeZone: CITY_TIME_ZONE, hour: 'numeric', hourCycle: 'h23' });

export interface DailySchedule {
  stop(): Promise<void>;
}

export function startDailyCollections(
  database: Database,
  options: { clock: Clock; hour?: number; onRun?: (result: DailyRunResult) => void; onError?: (error: unknown) => void },
): DailySchedule {
  const hour = options.hour ?? 6;
  let running: Promise<void> | null = null;
  let stopped = false;
  const look = async (): Promise<void> => {
    const today = options.clock.today();
    if (Number(hourFormat.format(options.clock.now())) < hour) return;
    const done = await sql<{ status: string }>`select status from collection_run where run_date = ${today}::date`.execute(database.kysely);
    if (done.rows[0]?.status === 'done') return;
    const result = await runDailyCollections(database, { asOf: today, actor: systemPrincipal('system') });
    options.onRun?.(result);
  };
  const tick = (): void => {
    if (stopped || running) return;
    running = look().catch((error: unknown) => options.onError?.(error)).finally(() => { running = null; });
  };
  const timer = setInterval(tick, LOOK_EVERY_MS);
  timer.unref();
  setImmediate(tick);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
