import { JOBS, QUEUES } from '@app/core';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';

/** Periodic upkeep: a heartbeat that proves a worker is consuming the queue. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JOBS.heartbeat:
        return { pid: process.pid, at: new Date().toISOString() };
      default:
        this.logger.warn(`Unknown maintenance job ${job.name}`);
        throw new Error(`Unknown job ${job.name}`);
    }
  }
}
