import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '../config/environment';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migrate';
import { AuditService } from '../audit/audit.service';
import { ProductionDatabaseMarker } from './production-marker';

/**
 * TypeORM on PostgreSQL; pending migrations are applied at start-up under a lock.
 * Every statement of the pool is bounded by PostgreSQL's statement_timeout: the api's
 * STATEMENT_TIMEOUT_MS (5 s) by default, the worker's WORKER_STATEMENT_TIMEOUT_MS
 * (its bulk writes take longer). Migrations run without it. Connections are named
 * `marketplace-api` or `marketplace-worker` (application_name).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: { statementTimeoutMs?: (env: EnvironmentVariables) => number; applicationName?: string } = {}): DynamicModule {
    const timeoutOf = options.statementTimeoutMs ?? ((env: EnvironmentVariables) => env.STATEMENT_TIMEOUT_MS);
    // Names the connections in pg_stat_activity: an operator (or a test) sees and can end one app's sessions.
    const applicationName = options.applicationName ?? 'marketplace-api';
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [EnvironmentVariables],
          useFactory: (env: EnvironmentVariables) => {
            const base = dataSourceOptions(env.DATABASE_URL);
            return {
              ...base,
              extra: { ...(base.extra as object), statement_timeout: timeoutOf(env), application_name: applicationName },
              autoLoadEntities: false,
            };
          },
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            const logger = new Logger('Migrations');
            await runMigrationsLocked(dataSource, (msg) => logger.log(msg));
            return dataSource;
          },
        }),
      ],
      providers: [AuditService, ProductionDatabaseMarker],
      exports: [AuditService],
    };
  }

  /** The worker: the same database, with the longer statement timeout its bulk writes need. */
  static forWorker(): DynamicModule {
    return DatabaseModule.forRoot({ statementTimeoutMs: (env) => env.WORKER_STATEMENT_TIMEOUT_MS, applicationName: 'marketplace-worker' });
  }
}
