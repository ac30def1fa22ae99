/**
 * Bill runs in the background of the server process. Calculating or finalizing a large cycle
 * takes seconds to minutes, longer than a request should wait, so the routes start the use case
 * here, answer 202 with the run, and the web polls the run for its progress.
 *
 * What this does not do, on purpose: survive a restart. The progress lives in this process only.
 * The use cases are resumable (each chunk commits on its own; running or finalizing again
 * continues where the last one stopped and never bills or posts twice), so a run left in
 * 'calculating' or 'finalizing' by a stopped server is recovered by starting it again; the
 * progress then says `stalled`, with what the database already holds.
 *
 * One job per run at a time in this process: a second start while one is running answers with
 * the running one instead of racing it. Another server process on the same database is not
 * guarded against here (one server per database is how Civic Ledger is deployed).
 */
import { finalizeBillRun, getBillRegister, getBillRun, listBillRuns, runBills, type BillRun, type RunBillsInput } from '../utility/index.js';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/dates.js';
import type { Database, Executor } from '../shared/db.js';
import { isAppError } from '../shared/errors.js';

export type JobPhase = 'calculate' | 'finalize';

/**
 * running: this process is working on the run now; failed: its last attempt here stopped with
 * an error (start again to continue); stalled: the run is mid-way but nothing here works on it
 * (the server restarted); idle: the run is not mid-way.
 */
export type JobState = 'running' | 'failed' | 'stalled' | 'idle';

export interface RunProgress {
  state: JobState;
  phase: JobPhase | null;
  /** Bills calculated (calculate) or posted (finalize) so far. */
  done: number;
  /** Bills in all, when known (a stalled calculation does not know how many remain). */
  total: number | null;
  startedAt: string | null;
  error: { code: string; message: string } | null;
}

interface Job {
  phase: JobPhase;
  done: number;
  total: number | null;
  startedAt: string;
  error: { code: string; message: string } | null;
  isRunning: boolean;
  /** Settles at the use case's first progress report (the run exists and the work has begun). */
  reported: Promise<'reported'>;
  report(done: number, total: number): void;
}

export interface StartResult {
  run: BillRun;
  progress: RunProgress;
  /** False when there was nothing to start: the run is calculated or finalized already. */
  isStarted: boolean;
}

const idle: RunProgress = { state: 'idle', phase: null, done: 0, total: null, startedAt: null, error: null };

export class BillRunJobs {
  private readonly byRun = new Map<number, Job>();
  /** Starts between the call and the first progress report, by cycle and date or by run. */
  private readonly starting = new Map<string, Promise<StartResult>>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly database: Database, private readonly clock: Clock, private readonly log: FastifyBaseLogger) {}

  /** Calculates (or continues) the cycle's run through the date in the background. */
  async startCalculation(input: RunBillsInput, actor: Actor): Promise<StartResult> {
    return this.once(`calculate:${input.cycleCode}|${input.throughDate}`, async () => {
      const runs = await listBillRuns(this.database.kysely, { cycleCode: input.cycleCode, limit: 5 });
      const existing = runs.find((run) => run.throughDate === input.throughDate && run.status === 'calculating');
      const current = existing ? this.byRun.get(existing.id) : undefined;
      if (existing && current?.isRunning) return { run: existing, progress: toProgress(current), isStarted: true };
      const job = newJob('calculate', this.clock);
      const work = runBills(this.database, { input, actor, clock: this.clock, onProgress: job.report });
      const first = await this.launch(job, work);
      if (first === 'finished') {
        const result = await work;
        return { run: result.run, progress: idle, isStarted: false };
      }
      // runBills creates the run before it reports progress the first time.
      const after = await listBillRuns(this.database.kysely, { cycleCode: input.cycleCode, limit: 5 });
      const run = after.find((candidate) => candidate.throughDate === input.throughDate && candidate.status !== 'cancelled');
      if (!run) throw new Error(`the run of ${input.cycleCode} through ${input.throughDate} reported progress but is not there`);
      this.byRun.set(run.id, job);
      return { run, progress: toProgress(job), isStarted: true };
    });
  }

  /** Finalizes (or continues finalizing) the run in the background. */
  async startFinalize(runKey: number | string, actor: Actor): Promise<StartResult> {
    const found = await getBillRun(this.database.kysely, runKey);
    return this.once(`finalize:${found.id}`, async () => {
      const current = this.byRun.get(found.id);
      if (current?.isRunning) return { run: await getBillRun(this.database.kysely, found.id), progress: toProgress(current), isStarted: true };
      const job = newJob('finalize', this.clock);
      const work = finalizeBillRun(this.database, { runKey: found.id, actor, onProgress: job.report });
      const first = await this.launch(job, work);
      if (first === 'finished') return { run: (await work).run, progress: idle, isStarted: false };
      this.byRun.set(found.id, job);
      return { run: await getBillRun(this.database.kysely, found.id), progress: toProgress(job), isStarted: true };
    });
  }

  /**
   * A run with its progress, read so that the two agree: whether this process's job is running is
   * noted before the run is read, so a job that ends meanwhile is never reported as stalled with
   * the status it had before it ended.
   */
  async snapshot(db: Executor, run: BillRun, read: (id: number) => Promise<BillRun>): Promise<{ run: BillRun; progress: RunProgress }> {
    const job = this.byRun.get(run.id);
    if (job?.isRunning) return { run, progress: toProgress(job) };
    const fresh = job ? await read(run.id) : run;
    return { run: fresh, progress: await this.progressOf(db, fresh) };
  }

  /** The progress of a run: this process's job if it has one, else what the database says. */
  async progressOf(db: Executor, run: BillRun): Promise<RunProgress> {
    const job = this.byRun.get(run.id);
    if (job && (job.isRunning || job.error)) return toProgress(job);
    if (run.status !== 'calculating' && run.status !== 'finalizing') return idle;
    const register = await getBillRegister(db, { runKey: run.id, all: true, limit: 0 });
    const count = (status: string) => register.byStatus.find((row) => row.status === status)?.count ?? 0;
    if (run.status === 'calculating') {
      const done = register.byStatus.reduce((sum, row) => sum + row.count, 0);
      return { ...idle, state: 'stalled', phase: 'calculate', done };
    }
    return { ...idle, state: 'stalled', phase: 'finalize', done: count('final'), total: count('final') + count('tentative') };
  }

  /** Waits for every job still running (the server's close). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** One start per key at a time: a second caller meanwhile gets the first one's answer. */
  private async once(key: string, start: () => Promise<StartResult>): Promise<StartResult> {
    const pending = this.starting.get(key);
    if (pending) return pending;
    const started = start();
    this.starting.set(key, started);
    try {
      return await started;
    } finally {
      this.starting.delete(key);
    }
  }

  /**
   * Follows the work to its end (an error stays on the job, shown until the next start) and
   * says which came first: its first progress report, or its end. A refusal before any progress
   * (an unknown cycle, a run still calculating) rejects, and is the request's answer.
   */
  private async launch(job: Job, work: Promise<unknown>): Promise<'reported' | 'finished'> {
    const tracked = work.then(
      () => {
        job.isRunning = false;
      },
      (error: unknown) => {
        job.isRunning = false;
        job.error = isAppError(error)
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: 'The run stopped with an unexpected error (it has been logged). Start it again to continue.' };
        if (!isAppError(error)) this.log.error({ err: error }, `a bill run's ${job.phase} stopped with an unexpected error`);
      },
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return Promise.race([work.then(() => 'finished' as const), job.reported]);
  }
}

function newJob(phase: JobPhase, clock: Clock): Job {
  let announce: () => void = () => undefined;
  const reported = new Promise<'reported'>((resolve) => {
    announce = () => resolve('reported');
  });
  const job: Job = {
    phase, done: 0, total: null, startedAt: clock.now().toISOString(), error: null, isRunning: true, reported,
    report: (done, total) => {
      job.done = done;
      job.total = total;
      announce();
    },
  };
  return job;
}

function toProgress(job: Job): RunProgress {
  return {
    state: job.isRunning ? 'running' : job.error ? 'failed' : 'idle',
    phase: job.phase,
    done: job.done,
    total: job.total,
    startedAt: job.startedAt,
    error: job.error,
  };
}
