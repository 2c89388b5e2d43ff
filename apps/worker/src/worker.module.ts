import { AppConfigModule, DatabaseModule, EventsModule, LoggingModule, QueueModule } from '@app/core';
import { ContractsCoreModule, ContractsJobsModule } from '@app/contracts';
import { FairsJobsModule } from '@app/fairs';
import { MatchingRunsCoreModule, MatchingRunsJobsModule } from '@app/matching-runs';
import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';
import { RecoverySweeper } from './recovery-sweeper';

/**
 * BullMQ processors, no HTTP and no GraphQL: each context's jobs module (its
 * processors over its core module). Run as many worker processes as needed: they
 * share the queue. Each also runs the recovery sweep (RecoverySweeper), one at a time.
 */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule.forWorker(),
    QueueModule.forRoot(),
    EventsModule,
    FairsJobsModule,
    ContractsJobsModule,
    MatchingRunsJobsModule,
    // For the recovery sweep: the services that re-enqueue what an outage left behind.
    MatchingRunsCoreModule,
    ContractsCoreModule,
  ],
  providers: [MaintenanceProcessor, RecoverySweeper],
})
export class WorkerModule {}
