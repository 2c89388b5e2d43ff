import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { hostname } from 'node:os';
import { PhaseTimer } from './run/phase-timer';
import { ProgressReporter, RunAnnounce } from './run/run-announce';
import { ClaimedRun, RunClaim } from './run/run-claim';
import { RunCompute } from './run/run-compute';
import { RUN_HOOKS, RunHooks } from './run/run-hooks';
import { EngineOutput } from './run/engine-thread';
import { Persisted, RunPersist, RunWrite } from './run/run-persist';

/** What a processed job returns (kept by BullMQ as the job's return value): operators see which worker did it. */
export interface RunOutcome {
  runId: string;
  outcome: 'SUCCEEDED' | 'ALREADY_SUCCEEDED' | 'MISSING';
  worker: string;
  pid: number;
  proposalsCreated?: number;
  /**
   * engine = from inputs loaded to result received (engineCompute of it inside the engine's thread,
   * the rest is waiting for the thread to boot and moving data); insert = from the proposals' COPY
   * opening to the run's facts written, in the final transaction opened with the engine (so mostly while it
   * computes); persist = from the engine's result to the commit; settle = after the commit, waiting
   * for the progress reports still in flight; analyze = the statistics refresh after the run is
   * SUCCEEDED (not part of the run's end to end).
   */
  timingsMs?: { load: number; engine: number; engineCompute: number; settle: number; persist: number; insert: number; analyze: number; total: number };
}

export interface ExecuteOptions {
  /** Job progress in [0, 1] (BullMQ job.updateProgress); the run row and live events are updated too. */
  onProgress?: (fraction: number) => Promise<unknown> | void;
}

/**
 * Executes one match run: claim (RunClaim), compute (RunCompute) and persist (RunPersist)
 * side by side, announce (RunAnnounce). Progress: loading 0..0.1, the engine 0.1..0.8, the rest of
 * the write 0.8..1. Safe to call any number of times for the same run: a SUCCEEDED run is left
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

    const { output, stored } = await this.computeAndStore(run, timer, progress);
    await timer.time('settle', () => progress.settle()); // its events go out before RUN_FINISHED
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

  /**
   * The engine's run and its final transaction, side by side: the transaction opens when the
   * inputs are read and stores the proposals as the engine streams them (RunPersist). From then
   * on the run row is locked, so progress goes to the job and the live channel only, and nothing
   * here may wait for a progress write before the commit.
   */
  private async computeAndStore(run: ClaimedRun, timer: PhaseTimer, progress: ProgressReporter): Promise<{ output: EngineOutput; stored: Persisted | null }> {
    const opened: { write?: RunWrite } = {};
    try {
      const { output, seen } = await this.compute.compute(run, timer, {
        onLoaded: (input) => {
          progress.report(0.1, true);
          opened.write = this.persistence.begin(run, input, this.workerName);
        },
        onProgress: (f) => progress.report(0.1 + 0.7 * f, false, false),
        onRows: (rows) => opened.write!.rows(rows),
      });
      progress.report(0.8, true, false);
      return { output, stored: await timer.time('persist', () => opened.write!.finish(output, seen)) };
    } catch (error) {
      await opened.write?.abort();
      throw error;
    }
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
