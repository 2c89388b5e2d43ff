import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models that contexts publish for reporting across the context order (a fair's
 * figures are computed in fairs, which comes before matching-runs and contracts and so
 * cannot call them). Each view belongs to the context that owns its tables: only that
 * context changes its definition (in a new migration), everyone may read it, nobody
 * writes through it. TypeORM does not track these views (no @ViewEntity), so a later
 * migration that alters a column they show must drop and recreate them.
 */
export class ReportViews1796241000000 implements MigrationInterface {
  name = 'ReportViews1796241000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Owner: needs. Which needs are public is NeedPolicy's to say: readers filter `status` with NeedPolicy.publicStatuses.
    await queryRunner.query(`CREATE VIEW "report_needs" AS SELECT "id" AS "need_id", "fair_id", "domain", "district", "status" FROM "service_needs"`);
    // Owner: matching-runs. Every proposal with the session of its run.
    await queryRunner.query(
      `CREATE VIEW "report_proposals" AS SELECT p."id" AS "proposal_id", p."organization_id", p."need_id", r."session_id" FROM "match_proposals" p JOIN "match_runs" r ON r."id" = p."run_id"`,
    );
    // Owner: contracts. `signed`: both parties signed, in force or done (SIGNED, ACTIVE, COMPLETED).
    await queryRunner.query(
      `CREATE VIEW "report_contracts" AS SELECT "id" AS "contract_id", "need_id", "fair_id", "amount_fen", "status" IN ('SIGNED', 'ACTIVE', 'COMPLETED') AS "signed" FROM "contracts"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "report_contracts"`);
    await queryRunner.query(`DROP VIEW "report_proposals"`);
    await queryRunner.query(`DROP VIEW "report_needs"`);
  }
}
