import { EntityManager, QueryResult } from 'typeorm';

export interface SqlResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted (for a SELECT: rows returned). */
  affected: number;
}

/**
 * Runs one SQL statement and answers every kind the same way: `rows` (RETURNING or
 * SELECT) and `affected`. (TypeORM's `manager.query` answers an UPDATE or DELETE with
 * `[rows, count]` and anything else with the rows alone; repositories go through this
 * instead, so nobody unwraps that by hand.) Inside a transaction pass its manager.
 */
export async function runSql<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<SqlResult<T>> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = (await runner.query(sql, params, true)) as QueryResult<T>;
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? result.records?.length ?? 0 };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** `%text%` for ILIKE, with the pattern characters of the text itself escaped (`\` is PostgreSQL's default escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A WHERE condition for a TypeORM query builder, with its named parameters: what an
 * access policy hands a repository (`qb.andWhere(filter.sql, filter.params)`).
 */
export interface SqlFilter {
  sql: string;
  params: Record<string, unknown>;
}
