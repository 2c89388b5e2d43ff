import { BullModule, getQueueToken, QueueEventsHost, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, DynamicModule, Global, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, ModuleRef } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Client as PgClient } from 'pg';
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
  // `Client` goes through to BullMQ's pg.Pool: every pooled connection gets an error listener.
  return { connectionString: env.DATABASE_URL, migrate: true, Client: QueuePgClient, application_name: 'marketplace-queue' };
}

/**
 * BullMQ's PostgreSQL backend checks clients out of its pool without an 'error'
 * listener of their own (pg-pool's query() listens only once), so a connection
 * the server terminates (shutdown, DROP DATABASE ... WITH (FORCE) in tests) could
 * emit an unheard 'error' and crash the process. The query in flight still fails
 * and BullMQ retries it; this only keeps the process alive and logs the cause.
 */
class QueuePgClient extends PgClient {
  constructor(config?: ConstructorParameters<typeof PgClient>[0]) {
    super(config);
    this.on('error', (error) => reportQueueError('connection', 'postgres', error));
  }
}

/**
 * The database name in a postgres:// URL. Queues and live channels on Redis are
 * namespaced by it, so several deployments (and every e2e run, each on a fresh
 * database) can share one Redis without seeing each other's jobs or events.
 */
export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'postgres';
}

const errorLogger = new Logger('Queue');
const lastLogged = new Map<string, number>();

/**
 * A queue, worker or queue-events object emits 'error' when its connection drops
 * (Redis restarting, PostgreSQL terminating connections at shutdown or when a test
 * database is dropped). Node turns an 'error' event nobody listens to into a crash,
 * so every one gets this listener. BullMQ reconnects by itself; the same message is
 * logged at most every 10 s so a reconnect loop does not flood the log.
 */
export function reportQueueError(kind: string, name: string, error: Error): void {
  const key = `${kind}:${name}:${error?.message}`;
  const now = Date.now();
  if ((lastLogged.get(key) ?? 0) > now - 10_000) return;
  lastLogged.set(key, now);
  errorLogger.warn(`${kind} "${name}": ${error?.message ?? String(error)}`);
}

/** The Redis connection options in a queue's or worker's options (none for the PostgreSQL backend or a client instance). */
function redisConnectionOf(opts: unknown): Record<string, unknown> | null {
  const connection = (opts as { connection?: Record<string, unknown> } | undefined)?.connection;
  return connection && !('connectionString' in connection) && typeof connection.host === 'string' ? connection : null;
}

/**
 * A Queue is the producer side (add, getJob, schedulers): on Redis it fails at once
 * while disconnected (enableOfflineQueue: false, BullMQ's "failing fast when Redis is
 * down") instead of holding the caller until Redis returns.
 */
function producerOptions(opts: unknown): unknown {
  const connection = redisConnectionOf(opts);
  return connection ? { ...(opts as object), connection: { ...connection, enableOfflineQueue: false } } : opts;
}

/**
 * Workers keep ioredis's offline queue: their commands wait for the reconnect. @nestjs/bullmq
 * builds a worker from its queue's options (queue.opts, the producer's), so the flag is set
 * back here. Without the offline queue a worker's moveToActive failed at once with "Stream isn't
 * writeable", an error BullMQ does not take for a connection error, so its main loop retried
 * without a pause, on promises alone: the process sat at 100 % CPU with its timers (the
 * reconnect's among them) never running, until it was killed.
 */
function workerOptions(opts: unknown): unknown {
  const connection = redisConnectionOf(opts);
  return connection ? { ...(opts as object), connection: { ...connection, enableOfflineQueue: true } } : opts;
}

class ObservedQueue extends Queue {
  constructor(name: string, opts?: unknown, ...rest: unknown[]) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    super(name, producerOptions(opts) as any, ...(rest as [any]));
    this.on('error', (error) => reportQueueError('queue', this.name, error));
  }
}

class ObservedWorker extends Worker {
  constructor(...[name, processor, opts, ...rest]: ConstructorParameters<typeof Worker>) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    super(name, processor, workerOptions(opts) as any, ...rest);
    this.on('error', (error) => reportQueueError('worker', this.name, error));
  }
}

// Set before any queue is registered: @nestjs/bullmq builds queues and workers from these classes.
BullModule.queueClass = ObservedQueue;
BullModule.workerClass = ObservedWorker;

/**
 * Closes every worker and queue in beforeApplicationShutdown, which Nest runs for
 * all modules before any onApplicationShutdown. So a job still running finishes
 * while the TypeORM DataSource (closed in onApplicationShutdown) is still there,
 * and no queue connection is left open for the database to terminate under it.
 * @nestjs/bullmq closes them again later; close() is idempotent.
 */
@Injectable()
class QueueLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** @QueueEventsListener objects are created by @nestjs/bullmq without a way to subclass them. */
  onApplicationBootstrap(): void {
    for (const events of this.queueEvents()) events.on('error', (error) => reportQueueError('queue-events', events.name, error));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers().map((w) => w.close().catch((error) => reportQueueError('worker', w.name, error))));
    await Promise.all(this.queueEvents().map((e) => e.close().catch((error) => reportQueueError('queue-events', e.name, error))));
    await Promise.all(this.queues().map((q) => q.close().catch((error) => reportQueueError('queue', q.name, error))));
  }

  private instances(): unknown[] {
    return this.discovery.getProviders().map((wrapper) => (wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined));
  }

  private workers(): Worker[] {
    return this.instances()
      .filter((i): i is WorkerHost => i instanceof WorkerHost)
      .map((host) => (host as unknown as { _worker?: Worker })._worker)
      .filter((w): w is Worker => !!w);
  }

  private queueEvents() {
    return this.instances()
      .filter((i): i is QueueEventsHost => i instanceof QueueEventsHost)
      .map((host) => (host as unknown as { _queueEvents?: QueueEventsHost['queueEvents'] })._queueEvents)
      .filter((e): e is QueueEventsHost['queueEvents'] => !!e);
  }

  private queues(): Queue[] {
    return Object.values(QUEUES)
      .map((name) => {
        try {
          return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        } catch {
          return undefined;
        }
      })
      .filter((q): q is Queue => !!q);
  }
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [EnvironmentVariables],
          useFactory: (env: EnvironmentVariables) => {
            new Logger('Queue').log(env.REDIS_URL ? 'BullMQ on Redis' : 'BullMQ on PostgreSQL (REDIS_URL unset)');
            return {
              connection: queueConnection(env) as never,
              // On PostgreSQL the queue lives in the database itself; on Redis it is namespaced by database.
              ...(env.REDIS_URL ? { prefix: `mkt:${databaseName(env.DATABASE_URL)}` } : {}),
              defaultJobOptions: DEFAULT_JOB_OPTIONS,
            };
          },
        }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      providers: [QueueLifecycle],
      exports: [BullModule],
    };
  }
}
