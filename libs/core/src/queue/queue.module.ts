import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { EnvironmentVariables } from '../config/environment';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queue.constants';
import { redisOptionsFromUrl } from './redis-connection';

/**
 * BullMQ on Redis when REDIS_URL is set (production, CI); otherwise on BullMQ's
 * PostgreSQL backend in the product's own database (the embedded default), so
 * `npm start` needs no Redis. Either way every api and worker process shares one
 * queue, and a job id is processed once.
 */
export function queueConnection(env: EnvironmentVariables): Record<string, unknown> {
  if (env.REDIS_URL) return { ...redisOptionsFromUrl(env.REDIS_URL) };
  // Registered on the very module copy @nestjs/bullmq loads (CommonJS require).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bullmq = require('bullmq');
  bullmq.setDefaultBackendFactory(bullmq.createPostgresBackend);
  return { connectionString: env.DATABASE_URL, migrate: true };
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [EnvironmentVariables],
          useFactory: (env: EnvironmentVariables) => {
            new Logger('Queue').log(env.REDIS_URL ? 'BullMQ on Redis' : 'BullMQ on PostgreSQL (REDIS_URL unset)');
            return { connection: queueConnection(env) as never, defaultJobOptions: DEFAULT_JOB_OPTIONS };
          },
        }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      exports: [BullModule],
    };
  }
}
