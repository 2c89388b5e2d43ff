import { DataSource, MigrationExecutor } from 'typeorm';

/** Any fixed 64-bit number: every process that migrates takes the same lock. */
const MIGRATION_LOCK_KEY = 7_260_411_201;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so an api, a worker
 * and `npm run db:migrate` started together never run the same migration twice:
 * the second one waits, then finds nothing pending.
 */
export async function runMigrationsLocked(dataSource: DataSource, log: (msg: string) => void = () => undefined): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Waiting for another process's migrations, or building an index on a large table, may take
    // longer than the pool's statement_timeout: this session has none.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // On this very session (no statement_timeout), not on another pooled connection.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    for (const m of applied) log(`migration applied: ${m.name}`);
    return applied.length;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
