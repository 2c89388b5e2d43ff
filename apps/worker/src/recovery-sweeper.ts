import { EnvironmentVariables, JobRecovery, withinQueueTimeout, withTryAdvisoryLock } from '@app/core';
import { ProposalAcceptanceService } from '@app/contracts';
import { BiddingDeadlineScheduler } from '@app/fairs';
import { MatchingRunsService } from '@app/matching-runs';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Any fixed 64-bit number, the same in every worker: one sweep at a time across them. */
const SWEEP_LOCK_KEY = 7_260_411_202;

export interface SweepReport {
  runs: number;
  contracts: number;
}

/**
 * Picks up what an outage left behind, every RECOVERY_SWEEP_EVERY_MS in each worker
 * (and once at start-up). A timer in the worker, not a repeatable job: a Redis that
 * restarts without its data loses its schedules and jobs, and this is what brings them
 * back. Under a PostgreSQL advisory lock, so of several workers one sweeps at a time;
 * every step is idempotent anyway (deterministic job ids, state re-checked by the
 * handlers), so a sweep that overlaps the normal path adds nothing twice.
 *
 * - runs QUEUED for longer than one interval whose job is missing (the queue was down
 *   when runMatching answered, or Redis lost it) or failed for good: enqueued again;
 *   a job that fails again and again is retried with a back-off (one interval, two,
 *   four..., at most an hour: recoveryBackoffMs), never given up;
 * - runs RUNNING since longer than RECOVERY_STALL_MS whose job is missing or finished
 *   (their worker died and the queue no longer knows them): enqueued again, the next
 *   claim starts them from scratch;
 * - proposals ACCEPTED by both sides for longer than one interval (no contract yet):
 *   their contract job added, or retried when it failed all its attempts;
 * - the maintenance schedules (closing expired bidding) upserted again.
 */
@Injectable()
export class RecoverySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RecoverySweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly env: EnvironmentVariables,
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: MatchingRunsService,
    private readonly acceptance: ProposalAcceptanceService,
    private readonly schedules: BiddingDeadlineScheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.log(`Recovery sweep every ${this.env.RECOVERY_SWEEP_EVERY_MS} ms (runs stalled after ${this.env.RECOVERY_STALL_MS} ms)`);
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running; // never leave a sweep using the database as it closes
  }

  /** One sweep, now: undefined when another worker is sweeping. */
  async sweep(): Promise<SweepReport | undefined> {
    return withTryAdvisoryLock(this.db, SWEEP_LOCK_KEY, async () => {
      const every = this.env.RECOVERY_SWEEP_EVERY_MS;
      const runs = await this.runs.recoverRuns(every, this.env.RECOVERY_STALL_MS);
      const contracts = await this.acceptance.recoverContracts(every);
      await withinQueueTimeout('upsert the schedules', this.env.QUEUE_TIMEOUT_MS, () => this.schedules.ensureScheduled());
      const acted = (r: { recovery: JobRecovery }) => r.recovery !== 'pending' && r.recovery !== 'backing-off';
      const actedRuns = runs.filter(acted);
      const actedContracts = contracts.filter(acted);
      const lines = [
        ...actedRuns.map((r) => `run ${r.runId} ${r.recovery}`),
        ...actedContracts.map((c) => `contract of proposal ${c.proposalId} ${c.recovery}`),
      ];
      if (lines.length) this.logger.warn(`recovered after an outage: ${lines.join('; ')}`);
      return { runs: actedRuns.length, contracts: actedContracts.length };
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // A sweep that fails (the database or the queue still down) is logged; the next one tries again.
      this.running = this.sweep()
        .catch((error: Error) => this.logger.warn(`recovery sweep failed, next in ${this.env.RECOVERY_SWEEP_EVERY_MS} ms: ${error.message}`))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.env.RECOVERY_SWEEP_EVERY_MS);
        });
    }, delayMs);
  }
}
