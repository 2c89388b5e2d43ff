import { AppConfigModule, DatabaseModule, EventsModule, LoggingModule, QueueModule } from '@app/core';
import { BiddingDeadlineScheduler, FairsModule } from '@app/fairs';
import { ContractJobsModule } from '@app/contracts';
import { MatchingRunsJobsModule } from '@app/matching-runs';
import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';

/** BullMQ processors, no HTTP. Run as many worker processes as needed: they share the queue. */
@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, QueueModule.forRoot(), EventsModule,
    FairsModule,
    ContractJobsModule,
    MatchingRunsJobsModule,
  ],
  providers: [MaintenanceProcessor,
    BiddingDeadlineScheduler,
  ],
})
export class WorkerModule {}
