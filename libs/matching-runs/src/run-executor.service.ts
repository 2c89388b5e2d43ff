import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { hostname } from 'node:os';
import { PhaseTimer } from './run/phase-timer';
import { RunAnnounce } from './run/run-announce';
import { RunClaim } from './run/run-claim';
import { RunCompute } from './run/run-compute';
import { RUN_HOOKS, RunHooks } from './run/run-hooks';
import { RunPersist } from './run/run-persist';

/** What a processed job returns (kept by BullMQ as the job's return value): operators see which worker did it. */
export interface RunOutcome {
  runId: string;
  outcome: 'SUCCEEDED' | 'ALREADY_SUCCEEDED' | 'MISSING';
  worker: string;
  pid: number;
  proposalsCreated?: number;
  /**
   * engine = from inputs loaded to result received (engineCompute of it inside the engine's thread,
   * the rest is waiting for the thread to boot and moving data); persist = the whole final
   * transaction; insert = its proposal COPY and facts; settle = waiting for progress writes; analyze = the
   * statistics refresh after the run is SUCCEEDED (not part of the run's end to end).
   */
  timingsMs?: { load: number; engine: number; engineCompute: number; settle: number; persist: number; insert: number; analyze: number; total: number };
}

export interface ExecuteOptions {
  /** Job progress in [0, 1] (BullMQ job.updateProgress); the run row and live events are updated too. */
  onProgress?: (fraction: number) => Promise<unknown> | void;
}

/**
 * Executes one match run: claim (RunClaim), compute (RunCompute), persist (RunPersist),
 * announce (RunAnnounce). Progress: loading 0..0.1, the engine 0.1..0.8, persistence
 * 0.8..1. Safe to call any number of times for the same run: a SUCCEEDED run is left
 * alone and RunPersist stores one copy of the result whatever races.
 */
@Injectable()
export class RunExecutor {
  private readonly logger = new Logger(RunExecutor.name);
  readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly claims: RunClaim,
    private readonly compute: RunCompute,
    private readonly persistence: RunPersist,
    private readonly announce: RunAnnounce,
    @Optional() @Inject(RUN_HOOKS) private readonly hooks: RunHooks | null,
  ) {}

  async execute(runId: string, options: ExecuteOptions = {}): Promise<RunOutcome> {
    const timer = new PhaseTimer();
    const base = { runId, worker: this.workerName, pid: process.pid };
    const claim = await this.claims.claim(runId, this.workerName);
    if (claim.kind === 'missing') return { ...base, outcome: 'MISSING' };
    if (claim.kind === 'already-succeeded') return { ...base, outcome: 'ALREADY_SUCCEEDED' };
    await this.hooks?.afterClaim?.(runId);
    const run = await this.claims.checkSession(claim.run);
    const progress = this.announce.progress(run, options.onProgress);

    const { input, output, seen } = await this.compute.compute(
      run,
      timer,
      () => progress.report(0.1),
      (f) => progress.report(0.1 + 0.7 * f),
    );
    progress.report(0.8, true);
    await timer.time('settle', () => progress.settle());

    // During persistence the run row is locked by the transaction: progress goes to the job and
    // the live channel only (a row update would just wait for the commit).
    const stored = await timer.time('persist', async () => {
      const persisted = await this.persistence.persist(run, input, output, seen, this.workerName, (f) => progress.report(0.8 + 0.19 * f, false, false));
      await progress.settle(); // its events go out before RUN_FINISHED
      return persisted;
    });
    if (stored === null) return { ...base, outcome: 'ALREADY_SUCCEEDED' };
    await this.announce.succeeded(run, stored.sessionMove);
    // After the run is SUCCEEDED and announced: its proposals' paging must not wait for autovacuum's next look.
    await timer.time('analyze', () => this.persistence.refreshStatistics());

    const { candidates, scoring, assignment } = output.timingsMs;
    const timingsMs = {
      load: timer.ms('load'),
      engine: timer.ms('engine'),
      engineCompute: Math.round(candidates + scoring + assignment),
      settle: timer.ms('settle'),
      persist: timer.ms('persist'),
      insert: Math.round(stored.insertMs),
      analyze: timer.ms('analyze'),
      total: timer.totalMs(),
    };
    this.logger.log(
      `run ${runId} SUCCEEDED on ${this.workerName}: ${stored.proposalsCreated} proposals, ${output.assignedCount} assigned, ${JSON.stringify(timingsMs)}`,
    );
    return { ...base, outcome: 'SUCCEEDED', proposalsCreated: stored.proposalsCreated, timingsMs };
  }

  /** After the last attempt: FAILED with the error, never stuck RUNNING. */
  async markFailed(runId: string, message: string): Promise<void> {
    const failed = await this.claims.fail(runId, message);
    if (failed?.sessionId) await this.announce.failed(runId, failed.sessionId);
  }

  /** Between attempts: the run stays RUNNING (BullMQ retries it) but shows the last error. */
  noteAttemptError(runId: string, message: string): Promise<void> {
    return this.claims.noteAttemptError(runId, message);
  }
}
