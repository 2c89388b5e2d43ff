/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL under the same
 * advisory lock the api and worker take at start-up, so running it while they
 * start is safe. (Via scripts/run-built.js: the embedded PostgreSQL when unset.)
 */
import 'reflect-metadata';
import { dataSourceOptions, runMigrationsLocked } from '@app/core';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL must be set, e.g. postgres://postgres@127.0.0.1:5432/marketplace (npm run db:migrate sets it to the embedded PostgreSQL when unset)',
    );
  const dataSource = await new DataSource(dataSourceOptions(url, { extra: { max: 2, application_name: 'marketplace-migrate' } })).initialize();
  try {
    const applied = await runMigrationsLocked(dataSource, (msg) => console.log(msg));
    const total = (await dataSource.query('SELECT count(*)::int AS n FROM schema_migrations'))[0].n;
    console.log(applied ? `${applied} migration(s) applied; ${total} in total` : `schema up to date (${total} migrations applied)`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`db:migrate failed: ${error.message}`);
  process.exit(1);
});
