import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProposalsAwaitingContract1796248373190 implements MigrationInterface {
  name = 'ProposalsAwaitingContract1796248373190';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "match_proposals_accepted" ON "match_proposals"  ("updated_at") WHERE "status" = 'ACCEPTED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."match_proposals_accepted"`);
  }
}
