import { JOBS, QUEUES } from '@app/core';
import { SessionsService } from '@app/fairs';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';

/** Periodic upkeep on the maintenance queue (one processor per queue and process): closing expired bidding. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JOBS.closeExpiredBidding:
        // Idempotent: the conditional UPDATE closes each session once, whichever worker runs it.
        return { closed: (await this.sessions.closeExpiredBidding()).map((s) => s.id) };
      default:
        this.logger.warn(`Unknown maintenance job ${job.name}`);
        throw new Error(`Unknown job ${job.name}`);
    }
  }
}
