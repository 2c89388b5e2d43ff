import { Module } from '@nestjs/common';
import { FairsCoreModule } from './fairs-core.module';
import { BiddingDeadlineScheduler } from './jobs/bidding-deadline.scheduler';

/** The worker's side of fairs: the schedule that closes expired bidding (the maintenance processor runs it). */
@Module({
  imports: [FairsCoreModule],
  providers: [BiddingDeadlineScheduler],
  exports: [FairsCoreModule, BiddingDeadlineScheduler],
})
export class FairsJobsModule {}
