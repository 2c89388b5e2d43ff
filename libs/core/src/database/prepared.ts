import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Statement names by text: a text is hashed once per process. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `read_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * One read that nearly every request makes (the account behind a token, a page of needs, the
 * communities of that page), sent to the pool as a named prepared statement: each connection
 * parses it once and PostgreSQL may keep its plan, where an unnamed statement is parsed and
 * planned again every time (for a primary-key read, parse and plan were 90 % of PostgreSQL's
 * work). The rows come back as pg reads them, without TypeORM's query builder and entity
 * hydration (for 20 communities 489 against 273 µs of api CPU).
 *
 * Only for a text that is fixed per query shape, values in $n and lists as `= ANY($n)`, so the
 * statements a connection keeps stay few; every column as pg types it (bigint and numeric as
 * strings, a date as a local Date: entitiesOf converts an entity's rows). Outside any transaction: the pool's
 * statement_timeout applies; connection errors carry pg's codes as TypeORM's do.
 */
export async function preparedRows<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const result = await pool.query<T & object>({ name: statementName(text), text, values });
  return result.rows;
}

/** Builds a statement's text and values together: `sql.value(x)` answers `$n` for x. */
export class SqlValues {
  readonly values: unknown[] = [];

  value(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** An entity's columns as a SELECT list, each qualified by `alias` when given. */
export function entityColumns(db: DataSource, target: new () => object, alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return db
    .getMetadata(target)
    .columns.map((c) => `${prefix}"${c.databaseName}"`)
    .join(', ');
}

/**
 * Rows that carry an entity's columns (entityColumns) as entities, hydrated as TypeORM
 * hydrates them: its driver converts each column (a date to 'YYYY-MM-DD', bigint through its
 * transformer, timestamps to Dates), without its query builder.
 */
export function entitiesOf<T extends object>(db: DataSource, target: new () => T, rows: ReadonlyArray<Record<string, unknown>>): T[] {
  const { columns } = db.getMetadata(target);
  return rows.map((row) => {
    const entity = new target() as Record<string, unknown>;
    for (const c of columns) entity[c.propertyName] = db.driver.prepareHydratedValue(row[c.databaseName], c);
    return entity as T;
  });
}

/** The text of each preparedFindIn statement, by entity, key column and order. */
const findInTexts = new Map<string, string>();

/**
 * `findBy({ [property]: In(keys) })` (ordered by `orderBy`, property names) as a prepared
 * statement: the reads by id behind every page (a need, an organization, a fair, their
 * loaders' batches), hydrated by entitiesOf.
 */
export async function preparedFindIn<T extends object>(
  db: DataSource,
  target: new () => T,
  property: keyof T & string,
  keys: readonly unknown[],
  orderBy: ReadonlyArray<keyof T & string> = [],
): Promise<T[]> {
  if (keys.length === 0) return [];
  const metadata = db.getMetadata(target);
  const cacheKey = `${metadata.name}.${property}.${orderBy.join(',')}`;
  let text = findInTexts.get(cacheKey);
  if (!text) {
    const column = (name: string) => {
      const found = metadata.findColumnWithPropertyName(name);
      if (!found) throw new Error(`${metadata.name} has no column ${name}`);
      return `"${found.databaseName}"`;
    };
    const order = orderBy.length ? ` ORDER BY ${orderBy.map(column).join(', ')}` : '';
    text = `SELECT ${entityColumns(db, target)} FROM "${metadata.tableName}" WHERE ${column(property)} = ANY($1)${order}`;
    findInTexts.set(cacheKey, text);
  }
  return entitiesOf(db, target, await preparedRows<Record<string, unknown>>(db, text, [keys]));
}
