/**
 * The daily collection job: for one day, in order — penalties on bills past their grace days
 * (apply-penalties.ts), payment arrangements' defaults and completions (arrangement-standing.ts),
 * holds that ended (holds.ts), liens whose charges are paid (liens.ts), then the chain (advance-chain.ts: cases opened and cured, notices,
 * steps, shutoff orders pending once the SB 998 rules allow them, eligibility.ts). Each part is
 * set-based and keyed, so a second run the same day writes nothing new (and a run after a crash
 * finishes what the first began); `collection_run` keeps each day's figures for the desk.
 *
 * Run each morning by `civic serve` (src/cli/commands/serve.ts), or on demand: `civic collections
 * run`, POST /api/collections/run.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { advanceChain, type ChainFigures } from './advance-chain.js';
import { applyPenalties, type ApplyPenaltiesResult } from './apply-penalties.js';
import { detectArrangementDefaults, type DetectResult } from './arrangement-standing.js';
import { checkShutoffEligibility, loadBusinessCalendar } from './eligibility.js';
import { resumeEndedHolds } from './holds.js';
import { markPaidLiens } from './liens.js';

export interface DailyRunResult {
  asOf: IsoDate;
  penalties: ApplyPenaltiesResult;
  arrangements: DetectResult;
  holds: { resumed: number };
  liensPaidOff: number;
  chain: ChainFigures;
  /** Seconds per stage, and in all. */
  stages: Record<string, number>;
  seconds: number;
}

export type DailyStage = 'penalties' | 'arrangements' | 'holds' | 'liens' | 'chain';

export async function runDailyCollections(
  database: Database,
  options: { asOf: IsoDate; actor: Actor; onProgress?: (stage: DailyStage, done: number, total: number) => void },
): Promise<DailyRunResult> {
  const { asOf, actor } = options;
  const started = performance.now();
  const stages: Record<string, number> = {};
  const timed = async <T>(stage: DailyStage, work: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    options.onProgress?.(stage, 0, 1);
    const result = await work();
    stages[stage] = Math.round(performance.now() - at) / 1000;
    options.onProgress?.(stage, 1, 1);
    return result;
  };
  await sql`insert into collection_run (run_date, status, created_by) values (${asOf}::date, 'running', ${actor.username})
    on conflict (run_date) do update set status = 'running', started_at = now(), finished_at = null`.execute(database.kysely);
  const penalties = await timed('penalties', () => applyPenalties(database, { asOf, actor }));
  const arrangements = await timed('arrangements', () => detectArrangementDefaults(database, { asOf, actor }));
  const holds = await timed('holds', () => resumeEndedHolds(database, { asOf, actor }));
  const liensPaidOff = await timed('liens', () => inTransaction(database, (tx) => markPaidLiens(tx, { on: asOf, actor })));
  const calendar = await loadBusinessCalendar(database.kysely, asOf);
  const chain = await timed('chain', () => advanceChain(database, {
    asOf, actor, calendar, eligibility: checkShutoffEligibility,
    onProgress: (done, total) => options.onProgress?.('chain', done, total),
  }));
  const seconds = Math.round(performance.now() - started) / 1000;
  const result: DailyRunResult = { asOf, penalties, arrangements, holds, liensPaidOff, chain, stages, seconds };
  await sql`update collection_run set status = 'done', finished_at = now(), figures = ${JSON.stringify(result)}::jsonb where run_date = ${asOf}::date`.execute(database.kysely);
  await recordAudit(database.kysely, { actor, action: 'collections.daily_run', entityType: 'collection_run', entityId: asOf, after: result });
  return result;
}
