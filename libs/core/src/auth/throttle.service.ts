import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '../config/environment';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { databaseName } from '../queue/queue.module';
import { redisOptionsFromUrl } from '../queue/redis-connection';

/** Why a request was throttled: `extensions.reason` beside TOO_MANY_REQUESTS and `extensions.retryAfter`. */
export enum ThrottleReason {
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  ADDRESS_LOCKED = 'ADDRESS_LOCKED',
  TOO_MANY_REGISTRATIONS = 'TOO_MANY_REGISTRATIONS',
  /** More bulk imports (dry runs included) by one account within IMPORT_WINDOW_SECONDS than IMPORTS_PER_WINDOW. */
  TOO_MANY_IMPORTS = 'TOO_MANY_IMPORTS',
}

/** The table of the PostgreSQL store (created by a migration): rate-limiter-flexible's own layout. */
export const RATE_LIMITS_TABLE = 'rate_limits';

const tooMany = (message: string, reason: ThrottleReason, res: RateLimiterRes) =>
  new DomainError(ErrorCode.TOO_MANY_REQUESTS, message, { retryAfter: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) }, reason);

/**
 * Throttles sign-ins and registrations with rate-limiter-flexible, in a store every
 * api process shares: Redis when REDIS_URL is set, else the product's PostgreSQL (the
 * rate_limits table). So the limits hold however many api processes run.
 *
 * - Failed logins per account (the email, known or not) and per network address
 *   within LOGIN_WINDOW_SECONDS; once either is used up, every login to that account
 *   (or from that address) answers TOO_MANY_REQUESTS with retryAfter, right password
 *   or not, until the window ends. The per-address limit is the higher one, so one
 *   locked account never locks the others used from the same office.
 * - Registrations per address within REGISTRATION_WINDOW_SECONDS.
 * A successful login clears its account's failures. When the store cannot be reached,
 * each process falls back to counting in its own memory rather than refusing everyone.
 */
@Injectable()
export class ThrottleService implements OnApplicationShutdown {
  private readonly logger = new Logger(ThrottleService.name);
  private readonly redis?: Redis;
  private readonly accountFailures: RateLimiterAbstract;
  private readonly addressFailures: RateLimiterAbstract;
  private readonly registrations: RateLimiterAbstract;
  private readonly imports: RateLimiterAbstract;

  constructor(
    private readonly env: EnvironmentVariables,
    @InjectDataSource() db: DataSource,
  ) {
    if (env.REDIS_URL) {
      this.redis = new Redis({ ...redisOptionsFromUrl(env.REDIS_URL), maxRetriesPerRequest: 1, connectionName: 'marketplace-throttle' });
      this.redis.on('error', (error) => this.logger.warn(`throttle store (Redis): ${error.message}`));
    }
    // Redis is shared by deployments and test runs: keys are namespaced by the database, as queues are.
    const namespace = env.REDIS_URL ? `${databaseName(env.DATABASE_URL)}:` : '';
    const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const options = { keyPrefix: `${namespace}${keyPrefix}`, points, duration, blockDuration: duration };
      const insuranceLimiter = new RateLimiterMemory(options);
      return this.redis
        ? new RateLimiterRedis({ ...options, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter })
        : new RateLimiterPostgres({ ...options, storeClient: db, storeType: 'typeorm', tableName: RATE_LIMITS_TABLE, tableCreated: true, insuranceLimiter });
    };
    this.accountFailures = limiter('login-failures-account', env.LOGIN_FAILURES_PER_ACCOUNT, env.LOGIN_WINDOW_SECONDS);
    this.addressFailures = limiter('login-failures-address', env.LOGIN_FAILURES_PER_ADDRESS, env.LOGIN_WINDOW_SECONDS);
    this.registrations = limiter('registrations-address', env.REGISTRATIONS_PER_ADDRESS, env.REGISTRATION_WINDOW_SECONDS);
    this.imports = limiter('imports-account', env.IMPORTS_PER_WINDOW, env.IMPORT_WINDOW_SECONDS);
  }

  /** Before a password is even checked: refuses an account or an address whose failures are used up. */
  async assertLoginAllowed(account: string, address: string | null | undefined): Promise<void> {
    const [byAccount, byAddress] = await Promise.all([this.accountFailures.get(account), this.addressFailures.get(addressKey(address))]);
    if (byAccount && byAccount.consumedPoints >= this.env.LOGIN_FAILURES_PER_ACCOUNT) {
      throw tooMany('Too many failed sign-ins for this account: try again later', ThrottleReason.ACCOUNT_LOCKED, byAccount);
    }
    if (byAddress && byAddress.consumedPoints >= this.env.LOGIN_FAILURES_PER_ADDRESS) {
      throw tooMany('Too many failed sign-ins from this network address: try again later', ThrottleReason.ADDRESS_LOCKED, byAddress);
    }
  }

  async loginFailed(account: string, address: string | null | undefined): Promise<void> {
    // consume() rejects once a limit is used up: that is for the next attempt to report.
    await Promise.all([this.accountFailures.consume(account).catch(ignoreUsedUp), this.addressFailures.consume(addressKey(address)).catch(ignoreUsedUp)]);
  }

  async loginSucceeded(account: string): Promise<void> {
    await this.accountFailures.delete(account).catch((error) => this.logger.warn(`could not clear failed sign-ins: ${(error as Error).message}`));
  }

  /** One registration from this address; refused once the address's registrations are used up. */
  async registration(address: string | null | undefined): Promise<void> {
    try {
      await this.registrations.consume(addressKey(address));
    } catch (res) {
      if (res instanceof RateLimiterRes)
        throw tooMany('Too many registrations from this network address: try again later', ThrottleReason.TOO_MANY_REGISTRATIONS, res);
      throw res;
    }
  }

  /** One bulk import (or dry run) by this account; refused once its imports in the window are used up. */
  async importFile(userId: string): Promise<void> {
    try {
      await this.imports.consume(userId);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw tooMany('Too many imports from this account: try again later', ThrottleReason.TOO_MANY_IMPORTS, res);
      throw res;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

const addressKey = (address: string | null | undefined) => address || 'unknown';

function ignoreUsedUp(res: unknown): void {
  if (res instanceof RateLimiterRes) return;
  throw res;
}
