import { dataSourceOptions, runMigrationsLocked } from '@app/core';
import { DataSource } from 'typeorm';

describe('database schema', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    await runMigrationsLocked(ds);
  });
  afterAll(() => ds.destroy());

  it('matches the entities exactly: migration:generate would produce nothing', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('applies migrations once even when several processes start together', async () => {
    const others = await Promise.all([0, 1, 2].map(() => new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize()));
    const applied = await Promise.all(others.map((o) => runMigrationsLocked(o)));
    expect(applied).toEqual([0, 0, 0]);
    await Promise.all(others.map((o) => o.destroy()));
  });
});
