import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL store of the sign-in and registration throttles (rate-limiter-flexible's
 * layout: key, points used, expiry in ms since the epoch) when there is no Redis. Not an
 * entity: only the throttle reads and writes it, through the library.
 */
export class RateLimits1795400000000 implements MigrationInterface {
  name = 'RateLimits1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
  }
}
