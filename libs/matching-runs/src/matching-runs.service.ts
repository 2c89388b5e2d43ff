import {
  AuditService,
  ensureJob,
  EnvironmentVariables,
  isUuid,
  JobRecovery,
  JOBS,
  JobPayloads,
  Principal,
  QUEUES,
  uuidsOnly,
  withinQueueTimeout,
} from '@app/core';
import { MATCHABLE_SESSION_STATUSES, SessionsService } from '@app/fairs';
import { DEFAULT_TOP_K, InvalidWeightsError, resolveWeights } from '@app/matching';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { MatchWeightsInput, RunMatchingArgs } from './dto/matching-runs.inputs';
import { MatchRunDemandEntity, MatchRunSupplyEntity } from './entities/match-run-facts.entity';
import { MatchRunEntity, RunStatus } from './entities/match-run.entity';
import { MatchingRunsErrors } from './matching-runs.errors';
import { RunsRepository } from './runs.repository';

/** Runs recovered per sweep at most; the next sweep takes the rest. */
const RECOVERY_BATCH = 500;

/** Match runs as the api sees them: requested here, executed by the worker (RunExecutor). */
@Injectable()
export class MatchingRunsService {
  private readonly logger = new Logger(MatchingRunsService.name);

  constructor(
    private readonly env: EnvironmentVariables,
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.matching) private readonly queue: Queue,
    private readonly repo: RunsRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a QUEUED run and enqueues its job, then returns at once: the worker does the
   * work. Bad weights are refused before anything is written. With the queue down the
   * run is still stored, QUEUED, and answered within QUEUE_TIMEOUT_MS; the recovery
   * sweep enqueues it later (the run row is the outbox).
   */
  async requestRun(principal: Principal, args: RunMatchingArgs): Promise<MatchRunEntity> {
    const weights = this.resolve(args.weights ?? undefined);
    const topK = args.topK ?? DEFAULT_TOP_K;
    const run = await this.db.transaction(async (manager) => {
      // FOR SHARE: the session cannot move (e.g. to CLOSED) between this check and the commit.
      const session = await this.sessions.lockForRun(manager, args.sessionId);
      if (!MATCHABLE_SESSION_STATUSES.includes(session.status)) throw MatchingRunsErrors.sessionNotClosed(session.id, session.status);
      const created = await this.repo.insert(manager, {
        sessionId: session.id,
        status: RunStatus.QUEUED,
        progress: 0,
        weights: { ...weights },
        topK,
        requestedBy: principal.userId,
      });
      await this.audit.record(manager, principal, {
        entityType: 'RUN',
        entityId: created.id,
        from: null,
        to: RunStatus.QUEUED,
        detail: { sessionId: session.id, weights, topK },
      });
      return created;
    });
    try {
      await this.enqueue(run.id);
    } catch (error) {
      // The QUEUED run is the record of the request (committed above): the worker's recovery
      // sweep enqueues it once the queue is back. The organizer gets the run, QUEUED, at once.
      this.logger.warn(`run ${run.id} stays QUEUED until the job queue is back: ${(error as Error).message}`);
    }
    return run;
  }

  /** jobId = run id: add() ignores a second job with the same id, so a run is queued once. Bounded by QUEUE_TIMEOUT_MS. */
  enqueue(runId: string): Promise<unknown> {
    const payload: JobPayloads[typeof JOBS.runMatching] = { runId };
    return withinQueueTimeout(`enqueue run ${runId}`, this.env.QUEUE_TIMEOUT_MS, () => this.queue.add(JOBS.runMatching, payload, { jobId: runId }));
  }

  /**
   * The recovery sweep's part for runs (worker): every run QUEUED for longer than
   * `queuedForMs`, or RUNNING since longer than `runningForMs`, gets its job back unless
   * the queue holds it waiting or running (ensureJob). A job lost with Redis's data, never
   * enqueued because the queue was down, or failed for good while the run could not be
   * marked FAILED: each runs again, and the run's claim and persistence make a second
   * execution harmless. Returns what was done per run.
   */
  async recoverRuns(queuedForMs: number, runningForMs: number): Promise<Array<{ runId: string; recovery: JobRecovery }>> {
    const ids = await this.repo.waitingOrRunningSince(RunStatus.QUEUED, queuedForMs, RunStatus.RUNNING, runningForMs, RECOVERY_BATCH);
    const done: Array<{ runId: string; recovery: JobRecovery }> = [];
    for (const runId of ids) {
      const payload: JobPayloads[typeof JOBS.runMatching] = { runId };
      done.push({
        runId,
        recovery: await ensureJob(this.queue, JOBS.runMatching, payload, runId, { timeoutMs: this.env.QUEUE_TIMEOUT_MS, backoffBaseMs: queuedForMs }),
      });
    }
    return done;
  }

  private resolve(input: MatchWeightsInput | undefined): Record<string, number> {
    const partial: Record<string, number> = {};
    for (const [key, value] of Object.entries(input ?? {})) if (value !== undefined && value !== null) partial[key] = value;
    try {
      return { ...resolveWeights(partial) };
    } catch (error) {
      if (error instanceof InvalidWeightsError) throw MatchingRunsErrors.badWeight(error.key, error.message);
      throw error;
    }
  }

  async findRun(id: string): Promise<MatchRunEntity | null> {
    return isUuid(id) ? this.repo.one(id) : null;
  }

  /**
   * What a run saw when it ran, for its fairness report: every organization that could
   * serve one of its needs (form, grade, newcomer, eligible pairs) and every need it took
   * (district, candidates). Empty for a run that has not succeeded.
   */
  async runFacts(runId: string): Promise<{ supply: MatchRunSupplyEntity[]; demand: MatchRunDemandEntity[] }> {
    if (!isUuid(runId)) return { supply: [], demand: [] };
    const [supply, demand] = await Promise.all([this.repo.supplyOf(runId), this.repo.demandOf(runId)]);
    return { supply, demand };
  }

  findRuns(ids: readonly string[]): Promise<MatchRunEntity[]> {
    return this.repo.byIds(uuidsOnly(ids));
  }

  /** Newest first: the live screen shows the latest run on top. */
  runsOfSessions(sessionIds: readonly string[]): Promise<MatchRunEntity[]> {
    return this.repo.ofSessions(uuidsOnly(sessionIds));
  }
}
