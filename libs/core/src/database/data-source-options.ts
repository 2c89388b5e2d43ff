import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One description of the database for the api, the worker, the scripts and the
 * tests. Entities are found by file name in every bounded context (libs/<context>/src/
 * entities), so core stays free of domain imports. Never `synchronize`: the schema
 * changes only through the committed migrations beside this file.
 */
export function dataSourceOptions(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(__dirname, '..', '..', '..', '*', 'src', 'entities', `*.entity.${ext}`)],
    migrations: [join(__dirname, 'migrations', `*.${ext}`)],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into PostgreSQL 13+, no extension needed
    migrationsRun: false,
    // A connection not had within 5 s (every one busy, or the server not answering) fails the request
    // (SERVICE_UNAVAILABLE) instead of holding it open with no end.
    extra: { max: 20, application_name: 'marketplace', connectionTimeoutMillis: 5_000 },
    ...overrides,
  } as DataSourceOptions;
}
