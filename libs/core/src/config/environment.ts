import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Every setting the api and the worker read, validated once at boot. A missing or
 * bad value stops start-up with a message that names the key and how to fix it.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/marketplace' })
  DATABASE_URL: string;

  /** Unset: the queue and live events run on PostgreSQL (embedded mode). Set: Redis (production). */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer' })
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString({ message: 'JWT_SECRET must be set (at least 32 characters), e.g. JWT_SECRET=$(openssl rand -hex 32)' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters, e.g. JWT_SECRET=$(openssl rand -hex 32)' })
  JWT_SECRET: string;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** The GraphQL explorer (GraphiQL) at GET /graphql in a browser. Unset: on, except in production. */
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'GRAPHQL_EXPLORER must be "on" or "off"' })
  GRAPHQL_EXPLORER?: 'on' | 'off';

  /** Where the built web app lives. Unset: apps/web/dist of this checkout. */
  @IsOptional()
  @IsString({ message: 'WEB_DIST_DIR must be a directory path' })
  WEB_DIST_DIR?: string;
  /** Longest one SQL statement of the api may run before PostgreSQL cancels it (the client gets SERVICE_UNAVAILABLE). */
  @Transform(({ value }) => (value === undefined ? 5000 : Number(value)))
  @IsInt({ message: 'STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, e.g. 5000' })
  @Min(100, { message: 'STATEMENT_TIMEOUT_MS must be at least 100' })
  STATEMENT_TIMEOUT_MS = 5000;

  /** The same for the worker, whose bulk writes (a run's proposals, up to 50,000 rows per COPY statement) take longer. */
  @Transform(({ value }) => (value === undefined ? 120_000 : Number(value)))
  @IsInt({ message: 'WORKER_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, e.g. 120000' })
  @Min(1000, { message: 'WORKER_STATEMENT_TIMEOUT_MS must be at least 1000' })
  WORKER_STATEMENT_TIMEOUT_MS = 120_000;

  /**
   * Longest a request waits for the job queue (adding a job, reading one): beyond it the
   * queue counts as down. The change stays recorded and the worker's recovery sweep
   * enqueues it once the queue is back.
   */
  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  @IsInt({ message: 'QUEUE_TIMEOUT_MS must be a whole number of milliseconds, e.g. 3000' })
  @Min(100, { message: 'QUEUE_TIMEOUT_MS must be at least 100' })
  QUEUE_TIMEOUT_MS = 3000;

  /** How often each worker runs the recovery sweep (runs and contract jobs an outage left behind). */
  @Transform(({ value }) => (value === undefined ? 30_000 : Number(value)))
  @IsInt({ message: 'RECOVERY_SWEEP_EVERY_MS must be a whole number of milliseconds, e.g. 30000' })
  @Min(100, { message: 'RECOVERY_SWEEP_EVERY_MS must be at least 100' })
  RECOVERY_SWEEP_EVERY_MS = 30_000;

  /** A RUNNING run with no live job, started longer ago than this, is taken as left by a dead worker and run again. */
  @Transform(({ value }) => (value === undefined ? 120_000 : Number(value)))
  @IsInt({ message: 'RECOVERY_STALL_MS must be a whole number of milliseconds, e.g. 120000' })
  @Min(100, { message: 'RECOVERY_STALL_MS must be at least 100' })
  RECOVERY_STALL_MS = 120_000;

  /**
   * Bytes a live socket may have waiting to be sent (ws bufferedAmount, beyond what the
   * kernel took) before it is closed as a slow consumer (close code 4420): one slow
   * screen never holds up the others, and reconnects for a fresh snapshot.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 1_048_576 : Number(value)))
  @IsInt({ message: 'LIVE_SOCKET_MAX_BUFFERED_BYTES must be a whole number of bytes, e.g. 1048576' })
  @Min(1024, { message: 'LIVE_SOCKET_MAX_BUFFERED_BYTES must be at least 1024' })
  LIVE_SOCKET_MAX_BUFFERED_BYTES: number = 1_048_576;

  /** Express's `trust proxy`: unset, the caller's address is the socket's; behind a reverse proxy e.g. `loopback` or `1` (hops). */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Failed logins per account within LOGIN_WINDOW_SECONDS before it is locked for that long. */
  @Transform(({ value }) => (value === undefined ? 5 : Number(value)))
  @IsInt({ message: 'LOGIN_FAILURES_PER_ACCOUNT must be a whole number' })
  @Min(1)
  LOGIN_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins per network address within LOGIN_WINDOW_SECONDS (higher than per account: one account's lock-out never blocks another). */
  @Transform(({ value }) => (value === undefined ? 50 : Number(value)))
  @IsInt({ message: 'LOGIN_FAILURES_PER_ADDRESS must be a whole number' })
  @Min(1)
  LOGIN_FAILURES_PER_ADDRESS = 50;

  @Transform(({ value }) => (value === undefined ? 900 : Number(value)))
  @IsInt({ message: 'LOGIN_WINDOW_SECONDS must be a whole number of seconds' })
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** Registrations (communities and organizations) per network address within REGISTRATION_WINDOW_SECONDS. */
  @Transform(({ value }) => (value === undefined ? 20 : Number(value)))
  @IsInt({ message: 'REGISTRATIONS_PER_ADDRESS must be a whole number' })
  @Min(1)
  REGISTRATIONS_PER_ADDRESS = 20;

  @Transform(({ value }) => (value === undefined ? 3600 : Number(value)))
  @IsInt({ message: 'REGISTRATION_WINDOW_SECONDS must be a whole number of seconds' })
  @Min(1)
  REGISTRATION_WINDOW_SECONDS = 3600;

  /** Bulk imports (POST /import/..., dry runs included) per account within IMPORT_WINDOW_SECONDS. */
  @Transform(({ value }) => (value === undefined ? 60 : Number(value)))
  @IsInt({ message: 'IMPORTS_PER_WINDOW must be a whole number' })
  @Min(1)
  IMPORTS_PER_WINDOW = 60;

  @Transform(({ value }) => (value === undefined ? 600 : Number(value)))
  @IsInt({ message: 'IMPORT_WINDOW_SECONDS must be a whole number of seconds' })
  @Min(1)
  IMPORT_WINDOW_SECONDS = 600;
}

/**
 * Values shipped in examples, old compose files and tests: anyone can read them, so
 * tokens signed with them are forgeable. Production refuses them.
 */
const KNOWN_PLACEHOLDERS = ['change-me-to-a-long-random-secret-0123456789', 'change-me-admin-password', 'test-only-secret-0123456789abcdef0123456789'];
const PLACEHOLDER_PATTERN = /change[-_ ]?me|changeit|placeholder|your[-_ ]?secret|^(.)\1+$|^(0123456789|abcdef|secret|password)+$/i;

function productionProblems(env: EnvironmentVariables): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const secret = env.JWT_SECRET ?? '';
  if (KNOWN_PLACEHOLDERS.includes(secret) || PLACEHOLDER_PATTERN.test(secret)) {
    problems.push('  JWT_SECRET: is a published placeholder; in production set a random one, e.g. JWT_SECRET=$(openssl rand -hex 32)');
  }
  const admin = env.ADMIN_PASSWORD;
  if (admin && (KNOWN_PLACEHOLDERS.includes(admin) || PLACEHOLDER_PATTERN.test(admin))) {
    problems.push('  ADMIN_PASSWORD: is a published placeholder; in production set a strong one of your own');
  }
  return problems;
}

export class InvalidEnvironmentError extends Error {}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const env = plainToInstance(EnvironmentVariables, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (errors.length === 0) lines.push(...productionProblems(env));
  if (lines.length > 0) throw new InvalidEnvironmentError(`Invalid environment, start-up stopped:\n${lines.join('\n')}`);
  return env;
}
