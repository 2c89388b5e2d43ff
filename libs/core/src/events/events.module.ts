import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
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
};

/**
 * Publishes live events. Call it after the transaction that made the change has
 * committed, so subscribers never read a state that is not there yet.
 */
@Injectable()
export class LiveEvents {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  async session(message: Omit<SessionEventMessage, 'at'> & { at?: string }): Promise<void> {
    const full: SessionEventMessage = { ...message, at: message.at ?? new Date().toISOString() };
    await this.pubSub.publish(channels.session(full.sessionId), full);
    if (full.fairId) await this.fairStatsChanged(full.fairId);
  }

  async fairStatsChanged(fairId: string): Promise<void> {
    const message: FairStatsChangedMessage = { fairId, at: new Date().toISOString() };
    await this.pubSub.publish(channels.fairStats(fairId), message);
  }
}

/** RedisPubSub namespaces subscriptions through triggerTransform but not publish(): do both here. */
class NamespacedRedisPubSub extends RedisPubSub {
  constructor(private readonly namespace: string, options: ConstructorParameters<typeof RedisPubSub>[0]) {
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
