import { RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// URL; BullMQ workers need maxRetriesPerRequest: null.
 * Reconnection after an outage is tried every 0.5 s, 1 s, ... up to every 3 s (BullMQ's
 * own default backs off to 20 s), so the queue works again within seconds of Redis.
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(500 * times, 3000),
  };
}
