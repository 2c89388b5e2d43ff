import { LiveEvents, SessionEventMessage, SessionEventType } from '@app/core';
import { SessionsService, SessionMove } from '@app/fairs';
import { Injectable, Logger } from '@nestjs/common';
import { RunsRepository } from '../runs.repository';
import { ClaimedRun } from './run-claim';

/** How often progress is reported at most, while the engine computes. */
export const PROGRESS_THROTTLE_MS = 250;

/** Reports one run's progress; `settle` waits for what was reported so far. */
export interface ProgressReporter {
  /** `force`: even within the throttle window; `row`: also on the run row (not while the final transaction holds it). */
  report(fraction: number, force?: boolean, row?: boolean): void;
  settle(): Promise<unknown>;
}

/**
 * Tells the world how a run goes: progress to the job, the run row and the session's
 * live channel; the end of the run and the session's move to MATCHED. Always after the
 * change is stored, and a lost event never fails the run (the stored state is the truth;
 * a lost event only delays a screen refresh).
 */
@Injectable()
export class RunAnnounce {
  private readonly logger = new Logger(RunAnnounce.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly sessions: SessionsService,
    private readonly live: LiveEvents,
  ) {}

  /**
   * At most every PROGRESS_THROTTLE_MS: the job (BullMQ job.updateProgress), the run row
   * (only forward and only while RUNNING, so a late one never overwrites the final
   * figures) and a RUN_PROGRESS event.
   */
  progress(run: ClaimedRun, onJobProgress?: (fraction: number) => Promise<unknown> | void): ProgressReporter {
    let last = 0;
    const pending: Promise<unknown>[] = [];
    return {
      report: (fraction, force = false, row = true) => {
        const now = Date.now();
        if (!force && now - last < PROGRESS_THROTTLE_MS) return;
        last = now;
        const p = Math.min(1, Math.max(0, fraction));
        pending.push(
          Promise.resolve(onJobProgress?.(p)).catch(() => undefined),
          row ? this.runs.progress(run.runId, p).catch(() => undefined) : Promise.resolve(),
          this.publish({ type: SessionEventType.RUN_PROGRESS, sessionId: run.sessionId, fairId: run.fairId, runId: run.runId, progress: p }),
        );
      },
      settle: () => Promise.all(pending.splice(0)),
    };
  }

  async succeeded(run: ClaimedRun, sessionMove: SessionMove): Promise<void> {
    await this.publish({ type: SessionEventType.RUN_FINISHED, sessionId: run.sessionId, fairId: run.fairId, runId: run.runId, progress: 1 });
    if (sessionMove.changed) await this.sessions.publishStatus(sessionMove.session);
  }

  async failed(runId: string, sessionId: string): Promise<void> {
    await this.publish({ type: SessionEventType.RUN_FINISHED, sessionId, runId });
  }

  private async publish(message: Omit<SessionEventMessage, 'at'>): Promise<void> {
    try {
      await this.live.session(message);
    } catch (error) {
      this.logger.warn(`Could not publish ${message.type} for run ${message.runId}: ${(error as Error).message}`);
    }
  }
}
