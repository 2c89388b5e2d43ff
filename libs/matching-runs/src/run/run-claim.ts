import { MATCHABLE_SESSION_STATUSES, SessionsService } from '@app/fairs';
import { Injectable, Logger } from '@nestjs/common';
import { RunStatus } from '../entities/match-run.entity';
import { RunsRepository } from '../runs.repository';

/** A run that cannot succeed whatever the retries (e.g. its session was closed meanwhile). */
export class RunNotExecutableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunNotExecutableError';
  }
}

/** What the worker works on once it has claimed a run. */
export interface ClaimedRun {
  runId: string;
  sessionId: string;
  fairId: string;
  weights: Record<string, number>;
  topK: number;
  attempts: number;
}

export type Claim = { kind: 'claimed'; run: ClaimedRun } | { kind: 'missing' } | { kind: 'already-succeeded' };

/**
 * The run's status outside its final transaction: claiming it (RUNNING, one more
 * attempt), checking its session can be matched, noting an attempt's error, failing it
 * for good.
 */
@Injectable()
export class RunClaim {
  private readonly logger = new Logger(RunClaim.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly sessions: SessionsService,
  ) {}

  /** QUEUED, or RUNNING left by a worker that died or a failed attempt: start again from scratch. */
  async claim(runId: string, worker: string): Promise<Claim> {
    const status = await this.runs.status(runId);
    if (status === null) return { kind: 'missing' };
    if (status === RunStatus.SUCCEEDED) return { kind: 'already-succeeded' };
    const claimed = await this.runs.claim(runId);
    if (!claimed) return { kind: 'already-succeeded' };
    if (!claimed.session_id) throw new RunNotExecutableError(`Run ${runId} has no session (it was deleted)`);
    this.logger.log(`run ${runId} RUNNING (attempt ${claimed.attempts}) on ${worker}`);
    return {
      kind: 'claimed',
      run: { runId, sessionId: claimed.session_id, fairId: '', weights: claimed.weights, topK: claimed.top_k, attempts: claimed.attempts },
    };
  }

  /** The session must still be CLOSED_FOR_BIDS or MATCHED; gives the run its fair. */
  async checkSession(run: ClaimedRun): Promise<ClaimedRun> {
    const session = await this.sessions.find(run.sessionId);
    if (!session) throw new RunNotExecutableError(`Session ${run.sessionId} of run ${run.runId} no longer exists`);
    if (!MATCHABLE_SESSION_STATUSES.includes(session.status)) {
      throw new RunNotExecutableError(`Session ${run.sessionId} is ${session.status}: matching needs CLOSED_FOR_BIDS or MATCHED`);
    }
    return { ...run, fairId: session.fairId };
  }

  /** After the last attempt: FAILED with the error, never stuck RUNNING. The run's session, when it changed. */
  async fail(runId: string, message: string): Promise<{ sessionId: string | null } | undefined> {
    const failed = await this.runs.fail(runId, message);
    if (failed) this.logger.warn(`run ${runId} FAILED: ${message}`);
    return failed;
  }

  /** Between attempts: the run stays RUNNING (BullMQ retries it) but shows the last error. */
  noteAttemptError(runId: string, message: string): Promise<void> {
    return this.runs.noteError(runId, message);
  }
}
