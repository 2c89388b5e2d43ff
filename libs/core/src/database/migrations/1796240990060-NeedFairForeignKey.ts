import { MigrationInterface, QueryRunner } from 'typeorm';

export class NeedFairForeignKey1796240990060 implements MigrationInterface {
  name = 'NeedFairForeignKey1796240990060';

  /**
   * Owner: needs. A need's fair must exist; the database says so instead of the needs
   * context reading the fairs context's table. postNeed always checked it, so no row
   * should point nowhere; any that does loses its fair rather than blocking the key.
   */
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "service_needs" n SET "fair_id" = NULL WHERE "fair_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "fairs" f WHERE f."id" = n."fair_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_needs" ADD CONSTRAINT "service_needs_fair_fkey" FOREIGN KEY ("fair_id") REFERENCES "fairs"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "service_needs" DROP CONSTRAINT "service_needs_fair_fkey"`);
  }
}
