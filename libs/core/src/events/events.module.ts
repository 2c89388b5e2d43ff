import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import { EnvironmentVariables } from '../config/environment';
import { redisOptionsFromUrl } from '../queue/redis-connection';
import { databaseName } from '../queue/queue.module';
import { PgPubSub } from './pg-pubsub';
import { FairStatsChangedMessage, SessionEventMessage } from './session-event';

export const PUB_SUB = Symbol('PUB_SUB');

/** The live channels: one per session, one per fair. */
export const channels = {
  session: (sessionId: string) => `session:${sessionId}`,
  fairStats: (fairId: string) => `fair-stats:${fairId}`,
  /** Every session event of a fair, for the public ticker (resolved into what anyone may see). */
  fairEvents: (fairId: string) => `fair-events:${fairId}`,
};

/** Longest a publish may hold the caller; the change it announces is already committed. */
const PUBLISH_TIMEOUT_MS = 2000;

/**
 * Publishes live events. Call it after the transaction that made the change has
 * committed, so subscribers never read a state that is not there yet. A publish that
 * fails or takes longer than PUBLISH_TIMEOUT_MS (Redis or PostgreSQL down) is logged,
 * never thrown: the change is stored, and reporting it as an error would make a
 * client retry what already happened.
 */
@Injectable()
export class LiveEvents {
  private readonly logger = new Logger(LiveEvents.name);

  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  async session(message: Omit<SessionEventMessage, 'at'> & { at?: string }): Promise<void> {
    const full: SessionEventMessage = { ...message, at: message.at ?? new Date().toISOString() };
    // Side by side (separate channels): a dead connection costs the caller one timeout, not three.
    await Promise.all([
      this.publish(channels.session(full.sessionId), full),
      ...(full.fairId ? [this.publish(channels.fairEvents(full.fairId), full), this.fairStatsChanged(full.fairId)] : []),
    ]);
  }

  async fairStatsChanged(fairId: string): Promise<void> {
    const message: FairStatsChangedMessage = { fairId, at: new Date().toISOString() };
    await this.publish(channels.fairStats(fairId), message);
  }

  private async publish(channel: string, payload: object): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pubSub.publish(channel, payload),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS))),
      ]);
    } catch (error) {
      this.logger.warn(`live event on ${channel} not published: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** RedisPubSub namespaces subscriptions through triggerTransform but not publish(): do both here. */
class NamespacedRedisPubSub extends RedisPubSub {
  constructor(
    private readonly namespace: string,
    options: ConstructorParameters<typeof RedisPubSub>[0],
  ) {
    super({ ...options, triggerTransform: (trigger) => `${namespace}${String(trigger)}` });
  }
  override publish<T>(trigger: string, payload: T): Promise<void> {
    return super.publish(`${this.namespace}${trigger}`, payload);
  }
}

@Injectable()
class PubSubCloser implements OnApplicationShutdown {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}
  async onApplicationShutdown(): Promise<void> {
    await (this.pubSub as RedisPubSub | PgPubSub).close();
  }
}

/**
 * Cross-process pub/sub for live events: Redis when REDIS_URL is set, PostgreSQL
 * LISTEN/NOTIFY otherwise. Never in-process memory: the worker publishes, every
 * api process delivers.
 */
@Global()
@Module({
  providers: [
    {
      provide: PUB_SUB,
      inject: [EnvironmentVariables],
      useFactory: (env: EnvironmentVariables): PubSubEngine => {
        if (!env.REDIS_URL) return new PgPubSub(env.DATABASE_URL);
        const options = { ...redisOptionsFromUrl(env.REDIS_URL), maxRetriesPerRequest: 3 };
        // Channels namespaced by database, like the queues: one Redis can serve several deployments.
        const namespace = `mkt:${databaseName(env.DATABASE_URL)}:`;
        return new NamespacedRedisPubSub(namespace, { publisher: new Redis(options), subscriber: new Redis(options) });
      },
    },
    PubSubCloser,
    LiveEvents,
  ],
  exports: [PUB_SUB, LiveEvents],
})
export class EventsModule {}
