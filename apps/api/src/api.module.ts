import {
  AppConfigModule,
  AppGraphQLModule,
  AuthModule,
  DatabaseModule,
  EventsModule,
  HealthController,
  HttpPrincipalMiddleware,
  LoggingModule,
  QueueModule,
} from '@app/core';
import { DirectoryModule, OfferingsImportController } from '@app/directory';
import { IdentityModule } from '@app/identity';
import { NeedsImportController, NeedsModule } from '@app/needs';
import { FairsModule } from '@app/fairs';
import { ContractsModule } from '@app/contracts';
import { MatchingRunsModule } from '@app/matching-runs';
import { ComplaintsModule } from '@app/complaints';
import { LiveModule } from '@app/live';
import { InsightModule } from '@app/insight';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdminBootstrap } from './admin-bootstrap';
import { WebModule } from './web/web.module';

/** GraphQL over HTTP and WebSocket, and the web app at /. Heavy work only enqueued here; the worker does it. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule.forRoot(),
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
    ComplaintsModule,
    LiveModule,
    InsightModule,
    WebModule,
  ],
  controllers: [HealthController],
  providers: [AdminBootstrap],
})
export class ApiModule implements NestModule {
  /** The plain HTTP routes (bulk imports) read the bearer token as GraphQL does. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpPrincipalMiddleware).forRoutes(NeedsImportController, OfferingsImportController);
  }
}
