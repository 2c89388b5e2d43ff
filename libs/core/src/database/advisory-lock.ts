import { DataSource } from 'typeorm';

/**
 * Runs `work` only if this process gets the session-level advisory lock `key` at once
 * (pg_try_advisory_lock), so of several workers one does it at a time and the others
 * skip their turn. The lock belongs to one pooled connection held for the duration: it
 * is released when `work` ends, or by PostgreSQL when the connection dies. Returns
 * undefined when another process held the lock.
 */
export async function withTryAdvisoryLock<T>(db: DataSource, key: number, work: () => Promise<T>): Promise<T | undefined> {
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as Array<{ locked: boolean }>;
    if (!locked) return undefined;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release().catch(() => undefined);
  }
}
