import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fair governance: residents' reviews of needs (needs context), complaints against
 * awards (complaints context), and the one fact of complaints the contracts context
 * reads without importing a later context: `complaint_holds`, the needs that have a
 * PENDING complaint (signing and the contract writer refuse while a need is listed),
 * and `report_complaints`, what open data may say of a resolved complaint (never its
 * body).
 */
export class Governance1796250000000 implements MigrationInterface {
  name = 'Governance1796250000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "need_resident_reviews" (
        "need_id" uuid NOT NULL,
        "held_on" date NOT NULL,
        "participants" integer NOT NULL,
        "votes_for" integer NOT NULL,
        "votes_against" integer NOT NULL,
        "minutes" character varying(4000) NOT NULL,
        "recorded_by_user_id" uuid,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_need_resident_reviews" PRIMARY KEY ("need_id"),
        CONSTRAINT "need_resident_reviews_votes_check" CHECK ("votes_for" >= 0 AND "votes_against" >= 0 AND "votes_for" + "votes_against" >= 1 AND "votes_for" + "votes_against" <= "participants"),
        CONSTRAINT "need_resident_reviews_need_fkey" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(`CREATE TYPE "complaint_status" AS ENUM('PENDING', 'UPHELD', 'DISMISSED', 'WITHDRAWN')`);
    await queryRunner.query(
      `CREATE TABLE "complaints" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "need_id" uuid NOT NULL,
        "need_community_id" uuid NOT NULL,
        "need_fair_id" uuid,
        "filed_by_user_id" uuid NOT NULL,
        "filer_role" character varying(40) NOT NULL,
        "title" character varying(120) NOT NULL,
        "body" character varying(4000) NOT NULL,
        "status" "complaint_status" NOT NULL DEFAULT 'PENDING',
        "resolution" character varying(4000),
        "resolved_by_user_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_complaints" PRIMARY KEY ("id"),
        CONSTRAINT "complaints_need_fkey" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE CASCADE,
        CONSTRAINT "complaints_filed_by_fkey" FOREIGN KEY ("filed_by_user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "complaints_resolution_check" CHECK (("status" IN ('UPHELD', 'DISMISSED')) = ("resolution" IS NOT NULL AND "resolved_at" IS NOT NULL))
      )`,
    );
    await queryRunner.query(`CREATE INDEX "complaints_need_idx" ON "complaints" ("need_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "complaints_filer_idx" ON "complaints" ("filed_by_user_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "complaints_community_idx" ON "complaints" ("need_community_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "complaints_fair_idx" ON "complaints" ("need_fair_id", "created_at")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "complaints_one_pending_per_filer" ON "complaints" ("need_id", "filed_by_user_id") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE VIEW "complaint_holds" AS SELECT need_id, count(*)::int AS pending FROM complaints WHERE status = 'PENDING' GROUP BY need_id`,
    );
    await queryRunner.query(
      `CREATE VIEW "report_complaints" AS SELECT id, need_id, status, created_at, resolved_at FROM complaints WHERE status IN ('UPHELD', 'DISMISSED')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "report_complaints"`);
    await queryRunner.query(`DROP VIEW "complaint_holds"`);
    await queryRunner.query(`DROP TABLE "complaints"`);
    await queryRunner.query(`DROP TYPE "complaint_status"`);
    await queryRunner.query(`DROP TABLE "need_resident_reviews"`);
  }
}
