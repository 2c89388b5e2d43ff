import { MigrationInterface, QueryRunner } from 'typeorm';

export class MarketplaceSchema1795319769341 implements MigrationInterface {
  name = 'MarketplaceSchema1795319769341';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" uuid NOT NULL, "actor_user_id" uuid, "actor_role" character varying(40) NOT NULL, "from_status" character varying(40), "to_status" character varying(40) NOT NULL, "detail" jsonb, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c90b869e72230a796448270652" ON "audit_log"  ("entity_type", "entity_id", "at") `);
    await queryRunner.query(
      `CREATE TYPE "public"."funding_source" AS ENUM('CITY', 'DISTRICT', 'STREET', 'WELFARE_LOTTERY', 'VENTURE_PHILANTHROPY', 'SOCIAL_DONATION')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."need_status" AS ENUM('DRAFT', 'PUBLISHED', 'MATCHED', 'CONTRACTED', 'CLOSED', 'WITHDRAWN')`);
    await queryRunner.query(
      `CREATE TABLE "service_needs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "community_id" uuid NOT NULL, "district" character varying(40) NOT NULL, "title" character varying(120) NOT NULL, "description" character varying(4000) NOT NULL, "domain" "public"."service_domain" NOT NULL, "beneficiaries" integer NOT NULL, "budget_fen" bigint NOT NULL, "funding_source" "public"."funding_source" NOT NULL, "min_grade" "public"."evaluation_grade" NOT NULL DEFAULT 'UNRATED', "starts_on" date NOT NULL, "ends_on" date NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "status" "public"."need_status" NOT NULL DEFAULT 'PUBLISHED', "fair_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_needs_period_check" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "service_needs_budget_check" CHECK ("budget_fen" > 0), CONSTRAINT "PK_bdc7919f7279425ef71ede2be9d" PRIMARY KEY ("id"))`,
    );
    // Serves the needs near-filter: bounding box on point(lng, lat), see nearCondition().
    await queryRunner.query(`CREATE INDEX "service_needs_geo_idx" ON "service_needs" USING gist (point("lng", "lat"))`);
    // Contract numbers NJ-<year>-<6 digits> come from this sequence: unique without a read-then-write.
    await queryRunner.query(`CREATE SEQUENCE "contract_number_seq" START 1`);
    await queryRunner.query(`CREATE INDEX "IDX_9f859424de27c3756a270761b1" ON "service_needs"  ("community_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b68101ac9d31c8f0eaa3470af5" ON "service_needs"  ("district") `);
    await queryRunner.query(`CREATE INDEX "IDX_cb43690a0cb2bb355992357c14" ON "service_needs"  ("domain") `);
    await queryRunner.query(`CREATE INDEX "IDX_ebac5c90e19016b6ba6e460a13" ON "service_needs"  ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_de91c490a068f813d6a237b5a7" ON "service_needs"  ("fair_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_ba6fb39197923411d30950b501" ON "service_needs"  ("status", "created_at") `);
    await queryRunner.query(`CREATE TYPE "public"."contract_status" AS ENUM('PENDING_SIGNATURE', 'SIGNED', 'ACTIVE', 'COMPLETED', 'TERMINATED')`);
    await queryRunner.query(
      `CREATE TABLE "contracts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(32) NOT NULL, "need_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "community_id" uuid NOT NULL, "proposal_id" uuid, "fair_id" uuid, "amount_fen" bigint NOT NULL, "funding_source" "public"."funding_source" NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "status" "public"."contract_status" NOT NULL DEFAULT 'PENDING_SIGNATURE', "community_signed_at" TIMESTAMP WITH TIME ZONE, "organization_signed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "contracts_period_check" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "contracts_amount_check" CHECK ("amount_fen" > 0), CONSTRAINT "PK_2c7b8f3a7b1acdd49497d83d0fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "contracts_number_key" ON "contracts"  ("number") `);
    await queryRunner.query(`CREATE INDEX "IDX_deb40e2f2ce5c32699535a0584" ON "contracts"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2496e1de3f4f2af7466b105e67" ON "contracts"  ("community_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "contracts_proposal_key" ON "contracts"  ("proposal_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_265ff8a547ec9c176fdeac87cb" ON "contracts"  ("fair_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_78fd0b9f9cbfc7869ca4d9f5e3" ON "contracts"  ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "contracts_one_per_need" ON "contracts"  ("need_id") WHERE "status" <> 'TERMINATED'`);
    await queryRunner.query(
      `CREATE TABLE "contract_evaluations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "score" integer NOT NULL, "comment" text, "evaluated_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_c34a7415f31974894ad6162901" UNIQUE ("contract_id"), CONSTRAINT "contract_evaluations_score_check" CHECK ("score" >= 0 AND "score" <= 100), CONSTRAINT "PK_203f7b89dd1c912d9f6dc9e1fd5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "contract_evaluations_contract_key" ON "contract_evaluations"  ("contract_id") `);
    await queryRunner.query(
      `CREATE TABLE "contract_milestones" ("contract_id" uuid NOT NULL, "seq" integer NOT NULL, "title" character varying(120) NOT NULL, "due_on" date NOT NULL, "amount_fen" bigint NOT NULL, "paid_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "contract_milestones_amount_check" CHECK ("amount_fen" >= 0), CONSTRAINT "PK_5f9b0e4cc4ad36c5011d9e002cb" PRIMARY KEY ("contract_id", "seq"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."fair_status" AS ENUM('PLANNED', 'OPEN', 'CLOSED')`);
    await queryRunner.query(
      `CREATE TABLE "fairs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "city" character varying(40) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "status" "public"."fair_status" NOT NULL DEFAULT 'PLANNED', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fairs_period_check" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "PK_763c6ba03c2a2a65c76410421da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."fair_zone" AS ENUM('EXHIBITION', 'DISTRICT_PROJECTS', 'BRAND_ORGANIZATIONS', 'NEGOTIATION', 'ACTIVITY_EXPERIENCE')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."session_status" AS ENUM('OPEN', 'CLOSED_FOR_BIDS', 'MATCHED', 'CLOSED')`);
    await queryRunner.query(
      `CREATE TABLE "match_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "fair_id" uuid NOT NULL, "title" character varying(120) NOT NULL, "zone" "public"."fair_zone" NOT NULL, "status" "public"."session_status" NOT NULL DEFAULT 'OPEN', "bid_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_52f88c0fd969514ae22fa6ca920" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5a491243469ca4035d08cce9da" ON "match_sessions"  ("fair_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_e5c26164fae17faeba5948245d" ON "match_sessions"  ("status", "bid_deadline") `);
    await queryRunner.query(`CREATE TYPE "public"."bid_status" AS ENUM('SUBMITTED', 'WITHDRAWN', 'AWARDED', 'REJECTED')`);
    await queryRunner.query(
      `CREATE TABLE "bids" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "session_id" uuid, "price_fen" bigint NOT NULL, "plan" character varying(4000) NOT NULL, "status" "public"."bid_status" NOT NULL DEFAULT 'SUBMITTED', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "bids_price_check" CHECK ("price_fen" > 0), CONSTRAINT "PK_7950d066d322aab3a488ac39fe5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bafe2a7d01ccb8921cecbc31a9" ON "bids"  ("need_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fc21cd80d880a0ede54269692" ON "bids"  ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_8c232f4affc7bffcee87dca440" ON "bids"  ("session_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "bids_one_live_per_need_and_organization" ON "bids"  ("need_id", "organization_id") WHERE "status" IN ('SUBMITTED', 'AWARDED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "session_needs" ("session_id" uuid NOT NULL, "need_id" uuid NOT NULL, CONSTRAINT "PK_ac2659eb3ffe181db26d175a226" PRIMARY KEY ("session_id", "need_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d1773af822552abe7cd5004243" ON "session_needs"  ("need_id") `);
    await queryRunner.query(`CREATE TYPE "public"."run_status" AS ENUM('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "match_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid, "status" "public"."run_status" NOT NULL DEFAULT 'QUEUED', "progress" double precision NOT NULL DEFAULT '0', "weights" jsonb NOT NULL, "top_k" integer NOT NULL, "pairs_scored" integer NOT NULL DEFAULT '0', "proposals_created" integer NOT NULL DEFAULT '0', "assigned_count" integer NOT NULL DEFAULT '0', "total_score" double precision NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "error" text, "requested_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "match_runs_progress_check" CHECK ("progress" >= 0 AND "progress" <= 1), CONSTRAINT "PK_1e9ec070b43e5b98acfb9f1979d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4e1fd6306dc1750dca7518c49a" ON "match_runs"  ("session_id") `);
    await queryRunner.query(`CREATE TYPE "public"."proposal_status" AS ENUM('PROPOSED', 'ACCEPTED', 'DECLINED', 'CONTRACTED', 'EXPIRED')`);
    await queryRunner.query(
      `CREATE TABLE "match_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "need_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "bid_id" uuid, "score" double precision NOT NULL, "breakdown" jsonb NOT NULL, "rank" integer NOT NULL, "assigned" boolean NOT NULL, "status" "public"."proposal_status" NOT NULL DEFAULT 'PROPOSED', "community_accepted" boolean NOT NULL DEFAULT false, "organization_accepted" boolean NOT NULL DEFAULT false, "status_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "match_proposals_score_check" CHECK ("score" >= 0 AND "score" <= 1), CONSTRAINT "PK_37eb97a731845dfc2f9dee1c4ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bedd1a547e65c43b07d1d6795b" ON "match_proposals"  ("need_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cb52613cf12b47213586d3d416" ON "match_proposals"  ("organization_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "match_proposals_run_need_organization_key" ON "match_proposals"  ("run_id", "need_id", "organization_id") `);
    await queryRunner.query(
      `ALTER TABLE "service_needs" ADD CONSTRAINT "FK_9f859424de27c3756a270761b1b" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "FK_8d9095f9d9a3afcd91a30b7320e" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "FK_deb40e2f2ce5c32699535a05843" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "FK_2496e1de3f4f2af7466b105e670" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contract_evaluations" ADD CONSTRAINT "FK_c34a7415f31974894ad6162901e" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contract_milestones" ADD CONSTRAINT "FK_867356a86fadf0430feb74a5920" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_sessions" ADD CONSTRAINT "FK_5a491243469ca4035d08cce9dad" FOREIGN KEY ("fair_id") REFERENCES "fairs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bids" ADD CONSTRAINT "FK_bafe2a7d01ccb8921cecbc31a96" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bids" ADD CONSTRAINT "FK_2fc21cd80d880a0ede54269692b" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bids" ADD CONSTRAINT "FK_8c232f4affc7bffcee87dca440c" FOREIGN KEY ("session_id") REFERENCES "match_sessions"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_needs" ADD CONSTRAINT "FK_7a94501a083e9c607b586b173d3" FOREIGN KEY ("session_id") REFERENCES "match_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_needs" ADD CONSTRAINT "FK_d1773af822552abe7cd50042435" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_runs" ADD CONSTRAINT "FK_4e1fd6306dc1750dca7518c49a8" FOREIGN KEY ("session_id") REFERENCES "match_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_proposals" ADD CONSTRAINT "FK_4879ebee1e3e23e31c7b66f986b" FOREIGN KEY ("run_id") REFERENCES "match_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_proposals" ADD CONSTRAINT "FK_bedd1a547e65c43b07d1d6795b4" FOREIGN KEY ("need_id") REFERENCES "service_needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_proposals" ADD CONSTRAINT "FK_cb52613cf12b47213586d3d4164" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_proposals" ADD CONSTRAINT "FK_af39b232116e90d67a18a27cb23" FOREIGN KEY ("bid_id") REFERENCES "bids"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "contract_number_seq"`);
    await queryRunner.query(`DROP INDEX "public"."service_needs_geo_idx"`);
    await queryRunner.query(`ALTER TABLE "match_proposals" DROP CONSTRAINT "FK_af39b232116e90d67a18a27cb23"`);
    await queryRunner.query(`ALTER TABLE "match_proposals" DROP CONSTRAINT "FK_cb52613cf12b47213586d3d4164"`);
    await queryRunner.query(`ALTER TABLE "match_proposals" DROP CONSTRAINT "FK_bedd1a547e65c43b07d1d6795b4"`);
    await queryRunner.query(`ALTER TABLE "match_proposals" DROP CONSTRAINT "FK_4879ebee1e3e23e31c7b66f986b"`);
    await queryRunner.query(`ALTER TABLE "match_runs" DROP CONSTRAINT "FK_4e1fd6306dc1750dca7518c49a8"`);
    await queryRunner.query(`ALTER TABLE "session_needs" DROP CONSTRAINT "FK_d1773af822552abe7cd50042435"`);
    await queryRunner.query(`ALTER TABLE "session_needs" DROP CONSTRAINT "FK_7a94501a083e9c607b586b173d3"`);
    await queryRunner.query(`ALTER TABLE "bids" DROP CONSTRAINT "FK_8c232f4affc7bffcee87dca440c"`);
    await queryRunner.query(`ALTER TABLE "bids" DROP CONSTRAINT "FK_2fc21cd80d880a0ede54269692b"`);
    await queryRunner.query(`ALTER TABLE "bids" DROP CONSTRAINT "FK_bafe2a7d01ccb8921cecbc31a96"`);
    await queryRunner.query(`ALTER TABLE "match_sessions" DROP CONSTRAINT "FK_5a491243469ca4035d08cce9dad"`);
    await queryRunner.query(`ALTER TABLE "contract_milestones" DROP CONSTRAINT "FK_867356a86fadf0430feb74a5920"`);
    await queryRunner.query(`ALTER TABLE "contract_evaluations" DROP CONSTRAINT "FK_c34a7415f31974894ad6162901e"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "FK_2496e1de3f4f2af7466b105e670"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "FK_deb40e2f2ce5c32699535a05843"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "FK_8d9095f9d9a3afcd91a30b7320e"`);
    await queryRunner.query(`ALTER TABLE "service_needs" DROP CONSTRAINT "FK_9f859424de27c3756a270761b1b"`);
    await queryRunner.query(`DROP INDEX "public"."match_proposals_run_need_organization_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cb52613cf12b47213586d3d416"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bedd1a547e65c43b07d1d6795b"`);
    await queryRunner.query(`DROP TABLE "match_proposals"`);
    await queryRunner.query(`DROP TYPE "public"."proposal_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e1fd6306dc1750dca7518c49a"`);
    await queryRunner.query(`DROP TABLE "match_runs"`);
    await queryRunner.query(`DROP TYPE "public"."run_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d1773af822552abe7cd5004243"`);
    await queryRunner.query(`DROP TABLE "session_needs"`);
    await queryRunner.query(`DROP INDEX "public"."bids_one_live_per_need_and_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c232f4affc7bffcee87dca440"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fc21cd80d880a0ede54269692"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bafe2a7d01ccb8921cecbc31a9"`);
    await queryRunner.query(`DROP TABLE "bids"`);
    await queryRunner.query(`DROP TYPE "public"."bid_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5c26164fae17faeba5948245d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a491243469ca4035d08cce9da"`);
    await queryRunner.query(`DROP TABLE "match_sessions"`);
    await queryRunner.query(`DROP TYPE "public"."session_status"`);
    await queryRunner.query(`DROP TYPE "public"."fair_zone"`);
    await queryRunner.query(`DROP TABLE "fairs"`);
    await queryRunner.query(`DROP TYPE "public"."fair_status"`);
    await queryRunner.query(`DROP TABLE "contract_milestones"`);
    await queryRunner.query(`DROP INDEX "public"."contract_evaluations_contract_key"`);
    await queryRunner.query(`DROP TABLE "contract_evaluations"`);
    await queryRunner.query(`DROP INDEX "public"."contracts_one_per_need"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_78fd0b9f9cbfc7869ca4d9f5e3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_265ff8a547ec9c176fdeac87cb"`);
    await queryRunner.query(`DROP INDEX "public"."contracts_proposal_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2496e1de3f4f2af7466b105e67"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deb40e2f2ce5c32699535a0584"`);
    await queryRunner.query(`DROP INDEX "public"."contracts_number_key"`);
    await queryRunner.query(`DROP TABLE "contracts"`);
    await queryRunner.query(`DROP TYPE "public"."contract_status"`);
    await queryRunner.query(`DROP TYPE "public"."funding_source"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ba6fb39197923411d30950b501"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_de91c490a068f813d6a237b5a7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ebac5c90e19016b6ba6e460a13"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cb43690a0cb2bb355992357c14"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b68101ac9d31c8f0eaa3470af5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9f859424de27c3756a270761b1"`);
    await queryRunner.query(`DROP TABLE "service_needs"`);
    await queryRunner.query(`DROP TYPE "public"."need_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c90b869e72230a796448270652"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
