import { JOBS, QUEUES } from '@app/core';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/** How often expired sessions are closed; bids themselves are refused at the deadline by the database clock. */
export const CLOSE_EXPIRED_BIDDING_EVERY_MS = 1000;

/**
 * Registers the periodic JOBS.closeExpiredBidding on the maintenance queue. A job
 * scheduler with a fixed id: every worker process upserts the same one, so there is
 * one schedule however many workers run.
 */
@Injectable()
export class BiddingDeadlineScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(BiddingDeadlineScheduler.name);

  constructor(@InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureScheduled();
    this.logger.log(`Closing expired bidding every ${CLOSE_EXPIRED_BIDDING_EVERY_MS} ms`);
  }

  /** Idempotent: the recovery sweep calls it too, since a Redis restarted without its data has lost every schedule. */
  async ensureScheduled(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      JOBS.closeExpiredBidding,
      { every: CLOSE_EXPIRED_BIDDING_EVERY_MS },
      { name: JOBS.closeExpiredBidding, data: {} },
    );
  }
}
