import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import { EnvironmentVariables } from '../config/environment';
import { redisOptionsFromUrl } from '../queue/redis-connection';
import { PgPubSub } from './pg-pubsub';

export const PUB_SUB = Symbol('PUB_SUB');

/** The live channels: one per session, one per fair. */
export const channels = {
  session: (sessionId: string) => `session:${sessionId}`,
  fairStats: (fairId: string) => `fair-stats:${fairId}`,
};

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
        return new RedisPubSub({ publisher: new Redis(options), subscriber: new Redis(options) });
      },
    },
    PubSubCloser,
  ],
  exports: [PUB_SUB],
})
export class EventsModule {}
