import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialDirectoryAndIdentity1795319002450 implements MigrationInterface {
  name = 'InitialDirectoryAndIdentity1795319002450';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "communities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "district" character varying(40) NOT NULL, "street" character varying(60) NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "households" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fea1fe83c86ccde9d0a089e7ea2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_19736ff8cd01aa24dad9ff90fd" ON "communities"  ("district") `);
    await queryRunner.query(
      `CREATE TYPE "public"."service_domain" AS ENUM('ELDERLY_CARE', 'MINOR_PROTECTION', 'LEFT_BEHIND_CHILDREN', 'CHARITY_RELIEF', 'DISABILITY_SUPPORT', 'COMMUNITY_REHABILITATION', 'MEDIATION_GOVERNANCE', 'COMMUNITY_CORRECTION', 'DRUG_PREVENTION', 'HOSPICE_CARE', 'MIGRANT_SERVICES', 'EMPLOYMENT_TRAINING', 'CULTURE_SPORTS', 'COMMUNITY_EDUCATION', 'PUBLIC_SAFETY', 'VOLUNTEER_SERVICE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "service_offerings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "domain" "public"."service_domain" NOT NULL, "title" character varying(120) NOT NULL, "description" character varying(2000) NOT NULL, "price_min_fen" bigint NOT NULL, "price_max_fen" bigint NOT NULL, "annual_beneficiaries" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_offerings_price_check" CHECK ("price_min_fen" > 0 AND "price_min_fen" <= "price_max_fen"), CONSTRAINT "PK_9b854841d82dd234996e82399e8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9c223dfac379342f3bc6faddb2" ON "service_offerings"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_61382062a200c65431fb36ebd9" ON "service_offerings"  ("domain", "organization_id") `);
    await queryRunner.query(`CREATE TYPE "public"."organization_form" AS ENUM('SOCIAL_GROUP', 'SOCIAL_SERVICE_AGENCY', 'FOUNDATION', 'FILED_COMMUNITY_ORG')`);
    await queryRunner.query(`CREATE TYPE "public"."evaluation_grade" AS ENUM('UNRATED', 'A1', 'A2', 'A3', 'A4', 'A5')`);
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "credit_code" character varying(18) NOT NULL, "form" "public"."organization_form" NOT NULL, "grade" "public"."evaluation_grade" NOT NULL DEFAULT 'UNRATED', "district" character varying(40) NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "service_radius_km" double precision NOT NULL, "certified_social_workers" integer NOT NULL, "staff_count" integer NOT NULL, "max_concurrent_projects" integer NOT NULL, "active_projects" integer NOT NULL DEFAULT '0', "performance_score" double precision, "evaluation_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organizations_capacity_check" CHECK ("active_projects" >= 0 AND "active_projects" <= "max_concurrent_projects"), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    // Serves the directory's near-filter: bounding box on point(lng, lat), see nearCondition().
    await queryRunner.query(`CREATE INDEX "organizations_geo_idx" ON "organizations" USING gist (point("lng", "lat"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "organizations_credit_code_key" ON "organizations"  ("credit_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_0c5c52265c78c10ee608f9e8fa" ON "organizations"  ("grade") `);
    await queryRunner.query(`CREATE INDEX "IDX_06e3cf5d9a7b8e4bf074df95b4" ON "organizations"  ("district") `);
    await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('COMMUNITY', 'ORGANIZATION', 'ORGANIZER', 'ADMIN')`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" "public"."user_role" NOT NULL, "community_id" uuid, "organization_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_role_link_check" CHECK (("role" = 'COMMUNITY') = ("community_id" IS NOT NULL) AND ("role" = 'ORGANIZATION') = ("organization_id" IS NOT NULL)), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_6aeb00b8f57f51b23938b8f0bd" ON "users"  ("community_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_21a659804ed7bf61eb91688dea" ON "users"  ("organization_id") `);
    await queryRunner.query(
      `ALTER TABLE "service_offerings" ADD CONSTRAINT "FK_9c223dfac379342f3bc6faddb24" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_6aeb00b8f57f51b23938b8f0bd3" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_6aeb00b8f57f51b23938b8f0bd3"`);
    await queryRunner.query(`ALTER TABLE "service_offerings" DROP CONSTRAINT "FK_9c223dfac379342f3bc6faddb24"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_21a659804ed7bf61eb91688dea"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6aeb00b8f57f51b23938b8f0bd"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_06e3cf5d9a7b8e4bf074df95b4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0c5c52265c78c10ee608f9e8fa"`);
    await queryRunner.query(`DROP INDEX "public"."organizations_credit_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."organizations_geo_idx"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`DROP TYPE "public"."evaluation_grade"`);
    await queryRunner.query(`DROP TYPE "public"."organization_form"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_61382062a200c65431fb36ebd9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9c223dfac379342f3bc6faddb2"`);
    await queryRunner.query(`DROP TABLE "service_offerings"`);
    await queryRunner.query(`DROP TYPE "public"."service_domain"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_19736ff8cd01aa24dad9ff90fd"`);
    await queryRunner.query(`DROP TABLE "communities"`);
  }
}
