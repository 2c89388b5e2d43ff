import { AppConfigModule, AppGraphQLModule, AuthModule, DatabaseModule, EventsModule, HealthController, LoggingModule, QueueModule } from '@app/core';
import { DirectoryModule } from '@app/directory';
import { IdentityModule } from '@app/identity';
import { NeedsModule } from '@app/needs';
import { FairsModule } from '@app/fairs';
import { ContractsModule } from '@app/contracts';
import { MatchingRunsModule } from '@app/matching-runs';
import { LiveModule } from '@app/live';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdminBootstrap } from './admin-bootstrap';

/** GraphQL over HTTP and WebSocket. Heavy work only enqueued here; the worker does it. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    AuthModule,
    QueueModule.forRoot(),
    EventsModule,
    AppGraphQLModule,
    TerminusModule,
    IdentityModule,
    DirectoryModule,
    NeedsModule,
    FairsModule,
    MatchingRunsModule,
    ContractsModule,
    LiveModule,
  ],
  controllers: [HealthController],
  providers: [AdminBootstrap],
})
export class ApiModule {}
