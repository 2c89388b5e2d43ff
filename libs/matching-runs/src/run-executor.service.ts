import { AuditService, LiveEvents, SessionEventType } from '@app/core';
import { SessionsService, SessionStatus } from '@app/fairs';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import { EngineThreads } from './engine-runner';
import { EngineInput, EngineOutput } from './engine-thread';
import { loadCandidateOrganizations, loadSessionBids, loadSessionNeeds } from './engine-inputs';
import { RunStatus } from './entities/match-run.entity';

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
   * transaction; insert = its proposal INSERTs; settle = waiting for progress writes.
   */
  timingsMs?: { load: number; engine: number; engineCompute: number; settle: number; persist: number; insert: number; total: number };
}

export interface ExecuteOptions {
  /** Job progress in [0, 1] (BullMQ job.updateProgress); the run row and live events are updated here. */
  onProgress?: (fraction: number) => Promise<unknown> | void;
}

/** A run that cannot succeed whatever the retries (e.g. its session was closed meanwhile). */
export class RunNotExecutableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunNotExecutableError';
  }
}

/**
 * Rows per INSERT statement (14 array parameters, whatever the row count): a fair's ~20,000
 * proposals are one or two statements, a province's a few dozen, each a few MB of parameters.
 */
export const PROPOSAL_CHUNK_ROWS = 20_000;
const PROGRESS_THROTTLE_MS = 250;

/**
 * Test-only: milliseconds the worker waits after marking a run RUNNING, so an e2e test can
 * kill the worker mid-run. Read from MATCHING_TEST_DELAY_MS, ignored in production.
 */
function testDelayMs(): number {
  if (process.env.NODE_ENV === 'production') return 0;
  const ms = Number(process.env.MATCHING_TEST_DELAY_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * Executes one match run: reads the session's needs, the organizations with a free slot
 * and the bids, runs the engine, and stores every proposal and the run's figures in one
 * transaction. Safe to call any number of times for the same run: a SUCCEEDED run is
 * left alone, the row lock on the run serialises two executions racing to finish, and
 * the unique (run, need, organization) index makes a second copy of a proposal impossible.
 */
@Injectable()
export class RunExecutor implements OnModuleDestroy {
  private readonly logger = new Logger(RunExecutor.name);
  private readonly threads = new EngineThreads();
  readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.threads.close();
  }

  async execute(runId: string, options: ExecuteOptions = {}): Promise<RunOutcome> {
    const started = performance.now();
    const base = { runId, worker: this.workerName, pid: process.pid };
    const [current] = await this.db.query('SELECT status FROM match_runs WHERE id = $1', [runId]);
    if (!current) return { ...base, outcome: 'MISSING' };
    if (current.status === RunStatus.SUCCEEDED) return { ...base, outcome: 'ALREADY_SUCCEEDED' };

    // QUEUED, or RUNNING left by a worker that died or a failed attempt: start again from scratch.
    const claimed: Array<{ session_id: string | null; weights: Record<string, number>; top_k: number; attempts: number }> = (await this.db.query(
      `UPDATE match_runs SET status = 'RUNNING', started_at = now(), attempts = attempts + 1, progress = 0, error = NULL
        WHERE id = $1 AND status <> 'SUCCEEDED' RETURNING session_id, weights, top_k, attempts`, [runId]))[0];
    if (claimed.length === 0) return { ...base, outcome: 'ALREADY_SUCCEEDED' };
    const { session_id: sessionId, weights, top_k: topK, attempts } = claimed[0];
    if (!sessionId) throw new RunNotExecutableError(`Run ${runId} has no session (it was deleted)`);
    this.logger.log(`run ${runId} RUNNING (attempt ${attempts}) on ${this.workerName}`);

    const delay = testDelayMs();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));

    const [session] = await this.db.query('SELECT status, fair_id FROM match_sessions WHERE id = $1', [sessionId]);
    if (!session) throw new RunNotExecutableError(`Session ${sessionId} of run ${runId} no longer exists`);
    if (session.status !== SessionStatus.CLOSED_FOR_BIDS && session.status !== SessionStatus.MATCHED) {
      throw new RunNotExecutableError(`Session ${sessionId} is ${session.status}: matching needs CLOSED_FOR_BIDS or MATCHED`);
    }
    const fairId: string = session.fair_id;
    const progress = this.progressReporter(runId, sessionId, fairId, options.onProgress);

    // A new thread boots (loads the engine) while the inputs are read; a kept one is ready.
    const thread = this.threads.acquire();
    let input: EngineInput;
    let output: EngineOutput;
    const t0 = performance.now();
    let t1: number;
    let t2: number;
    try {
      const [needs, organizations, bids] = await Promise.all([
        loadSessionNeeds(this.db.manager, sessionId),
        loadCandidateOrganizations(this.db.manager),
        loadSessionBids(this.db.manager, sessionId),
      ]);
      input = { needs, organizations, bids, weights, topK };
      progress.report(0.1);
      t1 = performance.now();
      // Loading is 0..0.1, the engine 0.1..0.8, persistence 0.8..1. The engine's thread posts its
      // progress while it computes; this thread sends it on (and keeps renewing the job's lock).
      output = await thread.run(input, (f) => progress.report(0.1 + 0.7 * f));
      t2 = performance.now();
    } finally {
      this.threads.release(thread);
    }
    progress.report(0.8, true);
    await progress.settle();
    const t2b = performance.now();

    // During persistence the run row is locked by the transaction: progress goes to the job and
    // the live channel only (a row update would just wait for the commit).
    const stored = await this.db.transaction((manager) =>
      this.persist(manager, runId, sessionId, input, output, (f) => progress.report(0.8 + 0.19 * f, false, false)));
    await progress.settle(); // its events go out before RUN_FINISHED
    const t3 = performance.now();
    if (stored === null) return { ...base, outcome: 'ALREADY_SUCCEEDED' };

    await this.publish({ type: SessionEventType.RUN_FINISHED, sessionId, fairId, runId, progress: 1 });
    if (stored.sessionChanged) await this.sessions.publishStatus(stored.session);
    const { candidates, scoring, assignment } = output.timingsMs;
    const timingsMs = { load: round(t1 - t0), engine: round(t2 - t1), engineCompute: round(candidates + scoring + assignment), settle: round(t2b - t2), persist: round(t3 - t2b), insert: round(stored.insertMs), total: round(t3 - started) };
    this.logger.log(`run ${runId} SUCCEEDED on ${this.workerName}: ${stored.proposalsCreated} proposals, ${output.assignedCount} assigned, ${JSON.stringify(timingsMs)}`);
    return { ...base, outcome: 'SUCCEEDED', proposalsCreated: stored.proposalsCreated, timingsMs };
  }

  /**
   * The whole result in one transaction: proposals, the run's figures, the needs given
   * an organization, and the session's move to MATCHED. Returns null when another
   * execution of the same run committed first.
   */
  async persist(manager: EntityManager, runId: string, sessionId: string, input: EngineInput, result: EngineOutput, onProgress?: (fraction: number) => void) {
    // The row lock serialises two executions of one run (e.g. a stalled job picked up while its first worker still finishes).
    const [locked] = await manager.query('SELECT status FROM match_runs WHERE id = $1 FOR UPDATE', [runId]);
    if (!locked || locked.status === RunStatus.SUCCEEDED) return null;

    let proposalsCreated = 0;
    const insertStart = performance.now();
    for (let start = 0; start < result.count; start += PROPOSAL_CHUNK_ROWS) {
      proposalsCreated += await insertProposals(manager, runId, input, result, start, Math.min(result.count, start + PROPOSAL_CHUNK_ROWS));
      onProgress?.(Math.min(result.count, start + PROPOSAL_CHUNK_ROWS) / result.count);
    }
    const insertMs = performance.now() - insertStart;
    await manager.query(
      `UPDATE match_runs SET status = 'SUCCEEDED', progress = 1, pairs_scored = $2, proposals_created = $3, assigned_count = $4,
              total_score = $5, finished_at = now(), error = NULL WHERE id = $1`,
      [runId, result.pairsScored, proposalsCreated, result.assignedCount, result.totalScore]);
    // A need the assignment gave an organization is MATCHED: it waits for both sides to accept.
    // Only PUBLISHED needs move; a need already MATCHED by an earlier run stays MATCHED, and one
    // that moved on (CONTRACTED, WITHDRAWN...) meanwhile is not touched. Re-runs never move a need back.
    const assignedNeedIds = Array.from(result.assignedNeeds, (i) => input.needs[i].id);
    const [, needsMatched] = await manager.query(
      `UPDATE service_needs SET status = 'MATCHED', updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'PUBLISHED'`, [assignedNeedIds]);
    const move = await this.sessions.markMatched(manager, sessionId, null);
    await this.audit.record(manager, null, {
      entityType: 'RUN', entityId: runId, from: locked.status, to: RunStatus.SUCCEEDED,
      detail: { pairsScored: result.pairsScored, proposalsCreated, assignedCount: result.assignedCount, totalScore: result.totalScore, needsMatched, worker: this.workerName },
    });
    return { proposalsCreated, insertMs, session: move.session, sessionChanged: move.changed };
  }

  /** After the last attempt: FAILED with the error, never stuck RUNNING. */
  async markFailed(runId: string, message: string): Promise<void> {
    const rows: Array<{ session_id: string | null }> = (await this.db.query(
      `UPDATE match_runs SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING session_id`,
      [runId, message.slice(0, 2000)]))[0];
    if (rows.length === 0) return;
    this.logger.warn(`run ${runId} FAILED: ${message}`);
    const sessionId = rows[0].session_id;
    if (sessionId) await this.publish({ type: SessionEventType.RUN_FINISHED, sessionId, runId });
  }

  /** Between attempts: the run stays RUNNING (BullMQ retries it) but shows the last error. */
  async noteAttemptError(runId: string, message: string): Promise<void> {
    await this.db.query(`UPDATE match_runs SET error = $2 WHERE id = $1 AND status = 'RUNNING'`, [runId, message.slice(0, 2000)]);
  }

  /**
   * Progress goes to the job, the run row (unless `row` is false) and the session's live
   * channel, at most every 250 ms, while the engine computes in its thread. The row update only moves forward
   * (GREATEST) and only while RUNNING, so a late one can never overwrite the final figures.
   */
  private progressReporter(runId: string, sessionId: string, fairId: string, onJobProgress?: ExecuteOptions['onProgress']) {
    let last = 0;
    const pending: Promise<unknown>[] = [];
    return {
      report: (fraction: number, force = false, row = true) => {
        const now = Date.now();
        if (!force && now - last < PROGRESS_THROTTLE_MS) return;
        last = now;
        const p = Math.min(1, Math.max(0, fraction));
        pending.push(
          Promise.resolve(onJobProgress?.(p)).catch(() => undefined),
          row ? this.db.query(`UPDATE match_runs SET progress = GREATEST(progress, $2) WHERE id = $1 AND status = 'RUNNING'`, [runId, p]).catch(() => undefined) : Promise.resolve(),
          this.publish({ type: SessionEventType.RUN_PROGRESS, sessionId, fairId, runId, progress: p }),
        );
      },
      settle: () => Promise.all(pending.splice(0)),
    };
  }

  private async publish(message: Parameters<LiveEvents['session']>[0]): Promise<void> {
    try {
      await this.live.session(message);
    } catch (error) {
      // The stored state is the truth; a lost live event only delays a screen refresh.
      this.logger.warn(`Could not publish ${message.type} for run ${message.runId}: ${(error as Error).message}`);
    }
  }
}

/**
 * One INSERT per chunk: each column travels as one array parameter and unnest() turns the
 * arrays into rows, so a chunk of 20,000 proposals is one statement and one round trip. The
 * breakdown's jsonb is built by the server from the component arrays (no JSON text to send
 * or parse). ON CONFLICT DO NOTHING: a proposal already written for this run is never written twice.
 */
async function insertProposals(manager: EntityManager, runId: string, input: EngineInput, result: EngineOutput, from: number, to: number): Promise<number> {
  const ids = (items: Array<{ id: string }>, index: Int32Array) => Array.from(index.subarray(from, to), (i) => (i < 0 ? null : items[i].id));
  // Plain arrays: node-postgres would send a typed array as binary, not as a PostgreSQL array.
  const numbers = (column: Float64Array | Int32Array) => Array.from(column.subarray(from, to));
  const b = result.breakdown;
  const dbResult = await manager.query(
    `INSERT INTO match_proposals (run_id, need_id, organization_id, bid_id, score, breakdown, rank, assigned)
     SELECT $1, u.need_id, u.organization_id, u.bid_id, u.score,
            jsonb_build_object('domain', u.domain, 'capacity', u.capacity, 'grade', u.grade, 'distance', u.distance,
                               'price', u.price, 'performance', u.performance, 'distanceKm', u.distance_km),
            u.rank, u.assigned
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],
                   $10::float8[], $11::float8[], $12::float8[], $13::int[], $14::boolean[])
         AS u(need_id, organization_id, bid_id, score, domain, capacity, grade, distance, price, performance, distance_km, rank, assigned)
     ON CONFLICT (run_id, need_id, organization_id) DO NOTHING`,
    [
      runId, ids(input.needs, result.need), ids(input.organizations, result.organization), ids(input.bids, result.bid), numbers(result.score),
      numbers(b.domain), numbers(b.capacity), numbers(b.grade), numbers(b.distance), numbers(b.price), numbers(b.performance), numbers(b.distanceKm),
      numbers(result.rank), Array.from(result.assigned.subarray(from, to), (a) => a === 1),
    ]);
  // manager.query answers an INSERT without RETURNING with [rows, rowCount].
  return Array.isArray(dbResult) && typeof dbResult[1] === 'number' ? dbResult[1] : to - from;
}

const round = (ms: number) => Math.round(ms);
