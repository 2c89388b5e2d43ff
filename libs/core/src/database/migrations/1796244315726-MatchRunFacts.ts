import { MigrationInterface, QueryRunner } from 'typeorm';

export class MatchRunFacts1796244315726 implements MigrationInterface {
  name = 'MatchRunFacts1796244315726';

  /** Owner: matching-runs. What each run saw of supply and demand, for its fairness report (written with the proposals). */
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "match_run_supply" ("run_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "form" "public"."organization_form" NOT NULL, "grade" "public"."evaluation_grade" NOT NULL, "newcomer" boolean NOT NULL, "eligible_pairs" integer NOT NULL, CONSTRAINT "PK_7b472c498f8eff81d2cadd55921" PRIMARY KEY ("run_id", "organization_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "match_run_demand" ("run_id" uuid NOT NULL, "need_id" uuid NOT NULL, "district" character varying(40) NOT NULL, "candidates" integer NOT NULL, CONSTRAINT "PK_dd52ff4dc33eb2b43c9229bd6b2" PRIMARY KEY ("run_id", "need_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_run_supply" ADD CONSTRAINT "FK_05959a4c5844b80616ca3d0525d" FOREIGN KEY ("run_id") REFERENCES "match_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_run_supply" ADD CONSTRAINT "FK_ee56436f78f05e70c3812ab0f3d" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_run_demand" ADD CONSTRAINT "FK_0ce52574ff07a9f3123511049ed" FOREIGN KEY ("run_id") REFERENCES "match_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_run_demand" ADD CONSTRAINT "FK_8d0768d0fc7d129351d33a9d047" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_run_demand" DROP CONSTRAINT "FK_8d0768d0fc7d129351d33a9d047"`);
    await queryRunner.query(`ALTER TABLE "match_run_demand" DROP CONSTRAINT "FK_0ce52574ff07a9f3123511049ed"`);
    await queryRunner.query(`ALTER TABLE "match_run_supply" DROP CONSTRAINT "FK_ee56436f78f05e70c3812ab0f3d"`);
    await queryRunner.query(`ALTER TABLE "match_run_supply" DROP CONSTRAINT "FK_05959a4c5844b80616ca3d0525d"`);
    await queryRunner.query(`DROP TABLE "match_run_demand"`);
    await queryRunner.query(`DROP TABLE "match_run_supply"`);
  }
}
