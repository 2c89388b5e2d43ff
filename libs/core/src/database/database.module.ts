import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '../config/environment';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migrate';
import { AuditService } from '../audit/audit.service';

/** TypeORM on PostgreSQL; pending migrations are applied at start-up under a lock. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [EnvironmentVariables],
      useFactory: (env: EnvironmentVariables) => ({ ...dataSourceOptions(env.DATABASE_URL), autoLoadEntities: false }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const logger = new Logger('Migrations');
        await runMigrationsLocked(dataSource, (msg) => logger.log(msg));
        return dataSource;
      },
    }),
  ],
  providers: [AuditService],
  exports: [AuditService],
})
export class DatabaseModule {}
