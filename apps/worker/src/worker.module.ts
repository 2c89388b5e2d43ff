import { AppConfigModule, DatabaseModule, EventsModule, LoggingModule, QueueModule } from '@app/core';
import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';

/** BullMQ processors, no HTTP. Run as many worker processes as needed: they share the queue. */
@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, QueueModule.forRoot(), EventsModule],
  providers: [MaintenanceProcessor],
})
export class WorkerModule {}
