import { runSql, SqlFilter } from '@app/core';
import { BidInput } from '@app/matching';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BidEntity, BidStatus } from './entities/bid.entity';
import { SessionStatus } from './entities/match-session.entity';

/** A session row as bidding reads it: locked FOR SHARE, with the database clock's verdict on the deadline. */
export interface BiddingSession {
  id: string;
  fair_id: string;
  status: SessionStatus;
  bid_deadline: Date;
  before_deadline: boolean;
}

interface BidInputRow {
  id: string;
  need_id: string;
  organization_id: string;
  price_fen: string;
  status: BidStatus;
}
const toBidInput = (r: BidInputRow): BidInput => ({
  id: r.id,
  needId: r.need_id,
  organizationId: r.organization_id,
  priceFen: Number(r.price_fen),
  live: r.status === BidStatus.SUBMITTED,
});

/**
 * Every query about bids, and the session reads bidding does under its locks. Statuses
 * travel as parameters; methods that take an EntityManager run in the caller's
 * transaction. Ids reaching here are UUIDs.
 */
@Injectable()
export class BidsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  byIds(ids: string[]): Promise<BidEntity[]> {
    return ids.length ? this.db.getRepository(BidEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The bids on these needs that `visible` (BidPolicy.where) lets through, oldest first. */
  onNeeds(needIds: string[], visible: SqlFilter): Promise<BidEntity[]> {
    if (needIds.length === 0) return Promise.resolve([]);
    return this.db
      .getRepository(BidEntity)
      .createQueryBuilder('b')
      .where('b.need_id IN (:...needIds)', { needIds })
      .andWhere(visible.sql, visible.params)
      .orderBy('b.submitted_at', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .getMany();
  }

  insert(manager: EntityManager, values: Omit<BidEntity, 'id' | 'submittedAt' | 'updatedAt' | 'need' | 'organization' | 'session'>): Promise<BidEntity> {
    return manager.save(BidEntity, manager.create(BidEntity, values));
  }

  one(manager: EntityManager, id: string): Promise<BidEntity | null> {
    return manager.getRepository(BidEntity).findOneBy({ id });
  }

  lock(manager: EntityManager, id: string): Promise<BidEntity | null> {
    return manager.getRepository(BidEntity).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /** One bid from `from` to `to` (false: it was not in `from` any more). */
  async move(manager: EntityManager, id: string, from: BidStatus, to: BidStatus): Promise<boolean> {
    const { affected } = await runSql(manager, 'UPDATE bids SET status = $3, updated_at = now() WHERE id = $1 AND status = $2', [id, from, to]);
    return affected > 0;
  }

  /** Every bid on the need in `from`, except `exceptId`, to `to`; the ids moved. */
  async moveOthersOnNeed(manager: EntityManager, needId: string, exceptId: string | null, from: BidStatus, to: BidStatus): Promise<string[]> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      'UPDATE bids SET status = $4, updated_at = now() WHERE need_id = $1 AND status = $3 AND id IS DISTINCT FROM $2 RETURNING id',
      [needId, exceptId, from, to],
    );
    return rows.map((r) => r.id);
  }

  /**
   * A need back on the market: its live bids (SUBMITTED, AWARDED) of sessions that no
   * longer take bids become REJECTED (a new session takes new bids); an AWARDED bid of
   * a session still taking bids is SUBMITTED again. Rows locked in id order.
   */
  async releaseOfNeed(
    manager: EntityManager,
    needId: string,
    live: readonly BidStatus[],
    submitted: BidStatus,
    rejected: BidStatus,
    open: SessionStatus,
  ): Promise<Array<{ id: string; previous: BidStatus; status: BidStatus }>> {
    const { rows } = await runSql<{ id: string; previous: BidStatus; status: BidStatus }>(
      manager,
      `WITH live AS (
         SELECT b.id, b.status, COALESCE(s.status = $5 AND now() < s.bid_deadline, false) AS taking
           FROM bids b LEFT JOIN match_sessions s ON s.id = b.session_id
          WHERE b.need_id = $1 AND b.status = ANY($2::bid_status[]) ORDER BY b.id FOR NO KEY UPDATE OF b)
       UPDATE bids b SET status = CASE WHEN live.taking THEN $3::bid_status ELSE $4::bid_status END, updated_at = now()
         FROM live WHERE b.id = live.id AND NOT (live.taking AND live.status = $3::bid_status)
       RETURNING b.id, live.status AS previous, b.status`,
      [needId, live, submitted, rejected, open],
    );
    return rows;
  }

  /** Whether the organization has bid on the need (any status: a withdrawn or rejected bidder may still question the award). */
  async exists(manager: EntityManager, organizationId: string, needId: string): Promise<boolean> {
    const { rows } = await runSql(manager, 'SELECT 1 FROM bids WHERE organization_id = $1 AND need_id = $2 LIMIT 1', [organizationId, needId]);
    return rows.length > 0;
  }

  async lockSession(manager: EntityManager, sessionId: string): Promise<BiddingSession | null> {
    const { rows } = await runSql<BiddingSession>(
      manager,
      'SELECT id, fair_id, status, bid_deadline, now() < bid_deadline AS before_deadline FROM match_sessions WHERE id = $1 FOR SHARE',
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** The given session, locked, and whether the need is on its table. */
  async lockSessionWithNeed(manager: EntityManager, sessionId: string, needId: string): Promise<(BiddingSession & { has_need: boolean }) | null> {
    const { rows } = await runSql<BiddingSession & { has_need: boolean }>(
      manager,
      `SELECT s.id, s.fair_id, s.status, s.bid_deadline, now() < s.bid_deadline AS before_deadline,
              EXISTS (SELECT 1 FROM session_needs sn WHERE sn.session_id = s.id AND sn.need_id = $2) AS has_need
         FROM match_sessions s WHERE s.id = $1 FOR SHARE OF s`,
      [sessionId, needId],
    );
    return rows[0] ?? null;
  }

  /** The sessions in `status` with the need on their table, locked. */
  async lockSessionsWithNeed(manager: EntityManager, needId: string, status: SessionStatus): Promise<BiddingSession[]> {
    const { rows } = await runSql<BiddingSession>(
      manager,
      `SELECT s.id, s.fair_id, s.status, s.bid_deadline, now() < s.bid_deadline AS before_deadline
         FROM match_sessions s JOIN session_needs sn ON sn.session_id = s.id
        WHERE sn.need_id = $1 AND s.status = $2 FOR SHARE OF s`,
      [needId, status],
    );
    return rows;
  }

  /** Every bid on the needs of the session's table, as the engine reads them (it judges which are live). */
  async matchInputsOfSession(manager: EntityManager, sessionId: string): Promise<BidInput[]> {
    const { rows } = await runSql<BidInputRow>(
      manager,
      `SELECT b.id, b.need_id, b.organization_id, b.price_fen, b.status
         FROM bids b JOIN session_needs sn ON sn.need_id = b.need_id WHERE sn.session_id = $1`,
      [sessionId],
    );
    return rows.map(toBidInput);
  }

  async matchInputsOfOrganization(organizationId: string, needIds: string[]): Promise<BidInput[]> {
    if (needIds.length === 0) return [];
    const { rows } = await runSql<BidInputRow>(
      this.db.manager,
      'SELECT b.id, b.need_id, b.organization_id, b.price_fen, b.status FROM bids b WHERE b.organization_id = $1 AND b.need_id = ANY($2::uuid[])',
      [organizationId, needIds],
    );
    return rows.map(toBidInput);
  }

  /**
   * For open data (BidsService.openDataOfNeeds): the bids on these needs whose session
   * no longer takes bids (not in `takingBids`, or its deadline passed by the database
   * clock), and the needs on the table of a session that still takes bids.
   */
  async openData(needIds: string[], takingBids: SessionStatus): Promise<{ bids: BidEntity[]; needsInBidding: string[] }> {
    if (needIds.length === 0) return { bids: [], needsInBidding: [] };
    const [bids, inBidding] = await Promise.all([
      this.db
        .getRepository(BidEntity)
        .createQueryBuilder('b')
        .where('b.need_id IN (:...needIds)', { needIds })
        .andWhere('NOT EXISTS (SELECT 1 FROM match_sessions s WHERE s.id = b.session_id AND s.status = :takingBids AND now() < s.bid_deadline)', {
          takingBids,
        })
        .orderBy('b.submitted_at', 'ASC')
        .addOrderBy('b.id', 'ASC')
        .getMany(),
      runSql<{ need_id: string }>(
        this.db.manager,
        `SELECT DISTINCT sn.need_id FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id
          WHERE sn.need_id = ANY($1::uuid[]) AND s.status = $2 AND now() < s.bid_deadline`,
        [needIds, takingBids],
      ),
    ]);
    return { bids, needsInBidding: inBidding.rows.map((r) => r.need_id) };
  }
}
