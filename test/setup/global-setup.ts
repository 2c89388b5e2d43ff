/* eslint-disable @typescript-eslint/no-require-imports */
import { Client } from 'pg';

/**
 * One fresh database per test run, created here and dropped in global-teardown,
 * on the PostgreSQL given by DATABASE_URL (or an embedded one when it is unset).
 * The apps the tests boot apply the migrations to it, as production does.
 */
export default async function globalSetup(): Promise<void> {
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const { startEmbeddedPostgres } = require('../../scripts/embedded-postgres.js');
    const embedded = await startEmbeddedPostgres({ name: 'postgres-test', database: 'postgres' });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = embedded;
    baseUrl = embedded.adminUrl as string;
  }
  const databaseName = `marketplace_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  await admin.end();

  const url = new URL(baseUrl);
  process.env.TEST_ADMIN_DATABASE_URL = url.toString();
  url.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = url.toString();
  process.env.TEST_DATABASE_NAME = databaseName;
  process.env.NODE_ENV = 'test';
  process.env.JWT_SECRET ??= 'test-only-secret-0123456789abcdef0123456789';
}

// The suite registers hundreds of accounts and signs in from 127.0.0.1: per-address throttles
// would trip. Per-account limits stay at their defaults; throttle.e2e-spec sets its own.
process.env.REGISTRATIONS_PER_ADDRESS ??= '100000';
process.env.LOGIN_FAILURES_PER_ADDRESS ??= '100000';

// The ADMIN the api creates at start-up (see AdminBootstrap); e2e tests sign in with it.
process.env.ADMIN_EMAIL ??= 'admin@marketplace.test';
process.env.ADMIN_PASSWORD ??= 'admin-password-for-tests';
