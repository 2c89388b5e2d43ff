/** Anything that runs a parameterised query: a pg Client, a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Multi-row insert through unnest() of typed arrays: one statement per `chunk`
 * rows instead of one per row. `columns` pairs each column with its SQL type.
 */
export async function bulkInsert(db: Queryable, table: string, columns: Array<[string, string]>, rows: unknown[][], chunk = 5_000): Promise<void> {
  const list = columns.map(([name]) => `"${name}"`).join(', ');
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    await db.query(
      `INSERT INTO ${table} (${list}) SELECT * FROM unnest(${unnest})`,
      columns.map((_, c) => part.map((r) => r[c])),
    );
  }
}
