import { preparedFindIn, runSql } from '@app/core';
import { GeoBox, NeedInput } from '@app/matching';
import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { NeedResidentReviewEntity } from './entities/need-resident-review.entity';
import { NeedStatus, ServiceNeedEntity } from './entities/service-need.entity';
import { NeedPolicy, NeedScope } from './need.policy';

/** Plain rows for the matching engine: a province run reads tens of thousands of needs, and entities would cost more than matching. */
interface NeedInputRow {
  id: string;
  domain: ServiceDomain;
  lat: number;
  lng: number;
  beneficiaries: number;
  budget_fen: string;
  min_grade: EvaluationGrade;
}
const NEED_INPUT_COLUMNS = 'n.id, n.domain, n.lat, n.lng, n.beneficiaries, n.budget_fen, n.min_grade';
const toNeedInput = (r: NeedInputRow): NeedInput => ({
  id: r.id,
  domain: r.domain,
  lat: r.lat,
  lng: r.lng,
  beneficiaries: r.beneficiaries,
  budgetFen: Number(r.budget_fen),
  minGrade: r.min_grade,
});

/** A need's status as a moving UPDATE found it. */
export interface NeedMove {
  id: string;
  previous: NeedStatus;
}

/** What updateNeed may change: the need's own columns, never its status, community or timestamps. */
export type NeedChanges = Partial<
  Pick<
    ServiceNeedEntity,
    'title' | 'description' | 'domain' | 'beneficiaries' | 'budgetFen' | 'fundingSource' | 'minGrade' | 'startsOn' | 'endsOn' | 'lat' | 'lng' | 'fairId'
  >
>;

/**
 * Every query about service_needs except the browse query (need-search.repository.ts):
 * the needs context alone writes and reads that table. Statuses travel as parameters.
 * Methods that take an EntityManager run in the caller's transaction. Ids reaching
 * here are UUIDs (the service filters the others out).
 */
@Injectable()
export class NeedsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Oldest first (a session's table lists them so). */
  byIds(ids: string[], manager?: EntityManager): Promise<ServiceNeedEntity[]> {
    // Outside a transaction (a need's page, the loaders of bids and contracts): a prepared statement.
    if (!manager) return preparedFindIn(this.db, ServiceNeedEntity, 'id', ids, ['createdAt', 'id']);
    return ids.length ? manager.find(ServiceNeedEntity, { where: { id: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }) : Promise.resolve([]);
  }

  insert(manager: EntityManager, values: Omit<ServiceNeedEntity, 'id' | 'createdAt' | 'updatedAt' | 'community' | 'fair'>): Promise<ServiceNeedEntity> {
    return manager.save(ServiceNeedEntity, manager.create(ServiceNeedEntity, values));
  }

  async update(manager: EntityManager, id: string, changes: NeedChanges): Promise<void> {
    await manager.update(ServiceNeedEntity, { id }, changes);
  }

  /**
   * Many needs in one INSERT whatever their number (a booklet of thousands): each column
   * travels as one array parameter and unnest() turns the arrays into rows. Returns each
   * new need's id and status.
   */
  async insertMany(
    manager: EntityManager,
    values: ReadonlyArray<Omit<ServiceNeedEntity, 'id' | 'createdAt' | 'updatedAt' | 'community' | 'fair'>>,
  ): Promise<Array<{ id: string; status: NeedStatus }>> {
    if (values.length === 0) return [];
    const column = <K extends keyof (typeof values)[number]>(key: K) => values.map((v) => v[key]);
    const { rows } = await runSql<{ id: string; status: NeedStatus }>(
      manager,
      `INSERT INTO service_needs (community_id, district, title, description, domain, beneficiaries, budget_fen, funding_source, min_grade,
                                  starts_on, ends_on, lat, lng, status, fair_id)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::service_domain[], $6::int[], $7::bigint[],
                            $8::funding_source[], $9::evaluation_grade[], $10::date[], $11::date[], $12::float8[], $13::float8[], $14::need_status[], $15::uuid[])
       RETURNING id, status`,
      [
        column('communityId'),
        column('district'),
        column('title'),
        column('description'),
        column('domain'),
        column('beneficiaries'),
        values.map((v) => String(v.budgetFen)),
        column('fundingSource'),
        column('minGrade'),
        column('startsOn'),
        column('endsOn'),
        column('lat'),
        column('lng'),
        column('status'),
        column('fairId'),
      ],
    );
    return rows;
  }

  /**
   * One community's need to `to`, only from `from`. The CTE reads the status the UPDATE
   * replaces (RETURNING sees only the new row); of two concurrent moves only the first to
   * commit finds an allowed status. Null: nothing moved.
   */
  async moveOwn(manager: EntityManager, id: string, communityId: string, from: readonly NeedStatus[], to: NeedStatus): Promise<NeedStatus | null> {
    const { rows } = await runSql<{ previous: NeedStatus }>(
      manager,
      `WITH previous AS (SELECT id, status FROM service_needs WHERE id = $1 AND community_id = $2 FOR NO KEY UPDATE)
       UPDATE service_needs n SET status = $3, updated_at = now()
         FROM previous WHERE n.id = previous.id AND previous.status = ANY($4::need_status[])
       RETURNING previous.status AS previous`,
      [id, communityId, to, from],
    );
    return rows[0]?.previous ?? null;
  }

  /**
   * Every need of `ids` still in one of `from` to `to`, locked in id order (no deadlock between two movers).
   * Every lock the contexts take to change a row is FOR NO KEY UPDATE, not FOR UPDATE: keys never
   * change, and FOR UPDATE also waits for the KEY SHARE locks that inserting a referencing row takes.
   * Two runs of one session that had each COPY'd their proposals (KEY SHARE on the needs) then
   * deadlocked here, and one attempt failed.
   */
  async moveMany(manager: EntityManager, ids: string[], from: readonly NeedStatus[], to: NeedStatus): Promise<NeedMove[]> {
    const { rows } = await runSql<NeedMove>(
      manager,
      `WITH previous AS (SELECT id, status FROM service_needs WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE)
       UPDATE service_needs n SET status = $2, updated_at = now()
         FROM previous WHERE n.id = previous.id AND previous.status = ANY($3::need_status[])
       RETURNING n.id, previous.status AS previous`,
      [ids, to, from],
    );
    return rows;
  }

  one(manager: EntityManager, id: string): Promise<ServiceNeedEntity | null> {
    return manager.findOneBy(ServiceNeedEntity, { id });
  }

  /** FOR SHARE: the need cannot change (be withdrawn, contracted) until the caller commits; FOR NO KEY UPDATE: the caller changes it. */
  lock(manager: EntityManager, id: string, mode: 'share' | 'update'): Promise<ServiceNeedEntity | null> {
    return manager.findOne(ServiceNeedEntity, { where: { id }, lock: { mode: mode === 'share' ? 'pessimistic_read' : 'for_no_key_update' } });
  }

  /** Fair and status of each need, locked FOR SHARE. */
  async lockFacts(manager: EntityManager, ids: string[]): Promise<Array<{ id: string; fairId: string | null; status: NeedStatus }>> {
    const { rows } = await runSql<{ id: string; fair_id: string | null; status: NeedStatus }>(
      manager,
      'SELECT id, fair_id, status FROM service_needs WHERE id = ANY($1::uuid[]) FOR SHARE',
      [ids],
    );
    return rows.map((r) => ({ id: r.id, fairId: r.fair_id, status: r.status }));
  }

  /** The ids of a fair's needs in `status`, oldest first, locked FOR SHARE. */
  async lockIdsOfFair(manager: EntityManager, fairId: string, status: NeedStatus): Promise<string[]> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      'SELECT id FROM service_needs WHERE fair_id = $1 AND status = $2 ORDER BY created_at, id FOR SHARE',
      [fairId, status],
    );
    return rows.map((r) => r.id);
  }

  /** Of `among` (or of all needs), those posted by the community. */
  async idsOfCommunity(communityId: string, among?: string[]): Promise<string[]> {
    const { rows } = among
      ? await runSql<{ id: string }>(this.db.manager, 'SELECT id FROM service_needs WHERE community_id = $1 AND id = ANY($2::uuid[])', [communityId, among])
      : await runSql<{ id: string }>(this.db.manager, 'SELECT id FROM service_needs WHERE community_id = $1', [communityId]);
    return rows.map((r) => r.id);
  }

  /** The needs of a fair (fair_id), plus `alsoIds`, that `scope` lets through; oldest first. */
  readableOfFair(scope: NeedScope, fairId: string, alsoIds: string[]): Promise<ServiceNeedEntity[]> {
    const visible = NeedPolicy.where(scope, 'n');
    return this.db
      .getRepository(ServiceNeedEntity)
      .createQueryBuilder('n')
      .where(alsoIds.length ? '(n.fair_id = :fairId OR n.id IN (:...alsoIds))' : 'n.fair_id = :fairId', { fairId, alsoIds })
      .andWhere(visible.sql, visible.params)
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .getMany();
  }

  /** The engine's view of these needs, those in `statuses` only. */
  async matchInputs(manager: EntityManager, ids: string[], statuses: readonly NeedStatus[]): Promise<NeedInput[]> {
    const { rows } = await runSql<NeedInputRow>(
      manager,
      `SELECT ${NEED_INPUT_COLUMNS} FROM service_needs n WHERE n.id = ANY($1::uuid[]) AND n.status = ANY($2::need_status[])`,
      [ids, statuses],
    );
    return rows.map(toNeedInput);
  }

  /** Needs in `status` and `domains` inside a box (the GiST index on point(lng, lat) serves it). */
  async matchInputsNear(status: NeedStatus, domains: ServiceDomain[], box: GeoBox): Promise<NeedInput[]> {
    const { rows } = await runSql<NeedInputRow>(
      this.db.manager,
      `SELECT ${NEED_INPUT_COLUMNS} FROM service_needs n
        WHERE n.status = $1 AND n.domain = ANY($2::service_domain[])
          AND point(n.lng, n.lat) <@ box(point($3, $4), point($5, $6))`,
      [status, domains, box.minLng, box.minLat, box.maxLng, box.maxLat],
    );
    return rows.map(toNeedInput);
  }

  // ---- residents' reviews (need_resident_reviews) ----

  /** Records the need's review, replacing an earlier one; returns the review and whether one existed. */
  async upsertReview(
    manager: EntityManager,
    values: Omit<NeedResidentReviewEntity, 'recordedAt' | 'need'>,
  ): Promise<{ review: NeedResidentReviewEntity; replaced: boolean }> {
    const { rows } = await runSql<{ replaced: boolean }>(
      manager,
      `INSERT INTO need_resident_reviews AS r (need_id, held_on, participants, votes_for, votes_against, minutes, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (need_id) DO UPDATE SET held_on = EXCLUDED.held_on, participants = EXCLUDED.participants, votes_for = EXCLUDED.votes_for,
         votes_against = EXCLUDED.votes_against, minutes = EXCLUDED.minutes, recorded_by_user_id = EXCLUDED.recorded_by_user_id, recorded_at = now()
       RETURNING (xmax <> 0) AS replaced`,
      [values.needId, values.heldOn, values.participants, values.votesFor, values.votesAgainst, values.minutes, values.recordedByUserId],
    );
    const review = (await manager.findOneBy(NeedResidentReviewEntity, { needId: values.needId }))!;
    return { review, replaced: rows[0].replaced };
  }

  /** Whether the date is not after today by the database clock (Asia/Shanghai's calendar: the fair's). */
  async notAfterToday(manager: EntityManager, date: string): Promise<boolean> {
    const { rows } = await runSql<{ ok: boolean }>(manager, `SELECT $1::date <= (now() AT TIME ZONE 'Asia/Shanghai')::date AS ok`, [date]);
    return rows[0].ok;
  }

  reviewsOf(needIds: string[]): Promise<NeedResidentReviewEntity[]> {
    return needIds.length ? this.db.manager.find(NeedResidentReviewEntity, { where: { needId: In(needIds) } }) : Promise.resolve([]);
  }

  /** Of `ids`, those whose review's support (for / (for + against)) is at least `min`; needs without a review never are. */
  async supportedAtLeast(manager: EntityManager, ids: string[], min: number): Promise<string[]> {
    const { rows } = await runSql<{ need_id: string }>(
      manager,
      'SELECT need_id FROM need_resident_reviews WHERE need_id = ANY($1::uuid[]) AND votes_for::float8 / (votes_for + votes_against) >= $2',
      [ids, min],
    );
    return rows.map((r) => r.need_id);
  }
}
