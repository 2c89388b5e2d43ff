import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnvironmentVariables } from '../config/environment';

/**
 * A database an api has served with NODE_ENV=production carries this setting
 * (ALTER DATABASE ... SET), so `npm run seed` can tell it is a production database
 * even when run from a shell without NODE_ENV, and refuses it unless --force.
 */
export const ENVIRONMENT_SETTING = 'marketplace.environment';

/** 'production' when the database was marked so (or NODE_ENV=production in this process). */
export async function isProductionDatabase(dataSource: DataSource): Promise<boolean> {
  if (process.env.NODE_ENV === 'production') return true;
  const [row] = await dataSource.query(`SELECT current_setting($1, true) AS value`, [ENVIRONMENT_SETTING]);
  return row?.value === 'production';
}

export async function markDatabaseEnvironment(dataSource: DataSource, environment: string): Promise<void> {
  await dataSource.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET ${ENVIRONMENT_SETTING} = %L', current_database(), '${environment}'); END $$`);
}

@Injectable()
export class ProductionDatabaseMarker implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProductionDatabaseMarker.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: EnvironmentVariables,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.NODE_ENV !== 'production') return;
    // Best effort: only the database's owner may set it, and the api still runs without it.
    await markDatabaseEnvironment(this.db, 'production').catch((error) =>
      this.logger.warn(`could not mark the database as production (${(error as Error).message}); npm run seed still refuses it under NODE_ENV=production`),
    );
  }
}
