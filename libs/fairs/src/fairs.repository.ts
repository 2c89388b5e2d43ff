import { preparedFindIn, runSql } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { FairEntity, FairStatus } from './entities/fair.entity';
import { MatchSessionEntity, SessionStatus } from './entities/match-session.entity';
import { SessionNeedEntity } from './entities/session-need.entity';

/** What the fair's figures are computed from (see FairStatsService). */
export interface FairStatsRows {
  totals: { needs_listed: number; organizations: number; bids: number; proposals: number; contracts: number; amount: string };
  byDomain: Array<{ k: string; needs: number; contracts: number; amount: string }>;
  byDistrict: Array<{ k: string; needs: number; contracts: number; amount: string }>;
}

/**
 * Every query about fairs, match sessions and the needs on their tables (session_needs);
 * bids are in bids.repository.ts. Statuses travel as parameters. Methods that take an
 * EntityManager run in the caller's transaction. Ids reaching here are UUIDs.
 */
@Injectable()
export class FairsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- fairs ----

  insertFair(values: Omit<FairEntity, 'id' | 'createdAt'>): Promise<FairEntity> {
    const repo = this.db.getRepository(FairEntity);
    return repo.save(repo.create(values));
  }

  fairs(): Promise<FairEntity[]> {
    return this.db.getRepository(FairEntity).find({ order: { startsOn: 'DESC', createdAt: 'DESC', id: 'ASC' } });
  }

  async fair(id: string): Promise<FairEntity | null> {
    const [fair] = await preparedFindIn(this.db, FairEntity, 'id', [id]);
    return fair ?? null;
  }

  fairsByIds(ids: string[]): Promise<FairEntity[]> {
    return preparedFindIn(this.db, FairEntity, 'id', ids);
  }

  /** Locked FOR NO KEY UPDATE, so a concurrent change of the fair waits for the caller. */
  lockFair(manager: EntityManager, id: string): Promise<FairEntity | null> {
    return manager.getRepository(FairEntity).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  async openFair(manager: EntityManager, id: string): Promise<void> {
    await runSql(manager, 'UPDATE fairs SET status = $2 WHERE id = $1 AND status = $3', [id, FairStatus.OPEN, FairStatus.PLANNED]);
  }

  /** The database's clock decides deadlines, the same clock that later checks each bid. */
  async isFuture(manager: EntityManager, at: Date): Promise<boolean> {
    const { rows } = await runSql<{ future: boolean }>(manager, 'SELECT $1::timestamptz > now() AS future', [at.toISOString()]);
    return rows[0].future;
  }

  // ---- sessions ----

  insertSession(manager: EntityManager, values: Omit<MatchSessionEntity, 'id' | 'createdAt' | 'updatedAt' | 'fair'>): Promise<MatchSessionEntity> {
    return manager.save(MatchSessionEntity, manager.create(MatchSessionEntity, values));
  }

  async putNeedsOnTable(manager: EntityManager, sessionId: string, needIds: string[]): Promise<void> {
    await runSql(manager, 'INSERT INTO session_needs (session_id, need_id) SELECT $1, unnest($2::uuid[])', [sessionId, needIds]);
  }

  session(id: string, manager: EntityManager = this.db.manager): Promise<MatchSessionEntity | null> {
    return manager.getRepository(MatchSessionEntity).findOneBy({ id });
  }

  /** Locked FOR SHARE: the session cannot move (e.g. to CLOSED) before the caller commits. */
  lockSessionShared(manager: EntityManager, id: string): Promise<MatchSessionEntity | null> {
    return manager.getRepository(MatchSessionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /** In the caller's transaction when it passes one; otherwise a prepared statement. */
  sessions(ids: string[], manager?: EntityManager): Promise<MatchSessionEntity[]> {
    if (!manager) return preparedFindIn(this.db, MatchSessionEntity, 'id', ids);
    return ids.length ? manager.getRepository(MatchSessionEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  sessionsOfFairs(fairIds: string[]): Promise<MatchSessionEntity[]> {
    return preparedFindIn(this.db, MatchSessionEntity, 'fairId', fairIds, ['createdAt', 'id']);
  }

  /** `UPDATE ... WHERE status = from`: of two racing moves only one wins. True when this one did. */
  async moveSession(manager: EntityManager, id: string, from: SessionStatus, to: SessionStatus): Promise<boolean> {
    const { affected } = await runSql(manager, 'UPDATE match_sessions SET status = $3, updated_at = now() WHERE id = $1 AND status = $2', [id, from, to]);
    return affected > 0;
  }

  /** Every session in `from` whose deadline passed, to `to`; the ids moved. */
  async moveExpired(manager: EntityManager, from: SessionStatus, to: SessionStatus): Promise<string[]> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      'UPDATE match_sessions SET status = $2, updated_at = now() WHERE status = $1 AND bid_deadline <= now() RETURNING id',
      [from, to],
    );
    return rows.map((r) => r.id);
  }

  // ---- the needs on sessions' tables ----

  tableLinks(sessionIds: string[]): Promise<SessionNeedEntity[]> {
    return sessionIds.length ? this.db.getRepository(SessionNeedEntity).findBy({ sessionId: In(sessionIds) }) : Promise.resolve([]);
  }

  /** Each need's sessions (the tables it was put on), oldest first, as (needId, session) pairs. */
  async sessionsOfNeeds(needIds: string[]): Promise<Array<{ needId: string; session: MatchSessionEntity }>> {
    if (needIds.length === 0) return [];
    const links = await preparedFindIn(this.db, SessionNeedEntity, 'needId', needIds);
    const sessions = new Map((await this.sessions([...new Set(links.map((l) => l.sessionId))])).map((s) => [s.id, s]));
    return links
      .filter((l) => sessions.has(l.sessionId))
      .map((l) => ({ needId: l.needId, session: sessions.get(l.sessionId)! }))
      .sort((a, b) => a.session.createdAt.getTime() - b.session.createdAt.getTime());
  }

  /** Whether the need is on the table of a session in one of `statuses`. */
  async isOnTable(manager: EntityManager, needId: string, statuses: readonly SessionStatus[]): Promise<boolean> {
    const { rows } = await runSql<{ on: boolean }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id
                       WHERE sn.need_id = $1 AND s.status = ANY($2::session_status[])) AS on`,
      [needId, statuses],
    );
    return rows[0].on;
  }

  async needIdsOnTable(manager: EntityManager, sessionId: string): Promise<string[]> {
    const { rows } = await runSql<{ need_id: string }>(manager, 'SELECT need_id FROM session_needs WHERE session_id = $1', [sessionId]);
    return rows.map((r) => r.need_id);
  }

  async needIdsOnTablesOfFair(fairId: string): Promise<string[]> {
    const { rows } = await runSql<{ need_id: string }>(
      this.db.manager,
      'SELECT DISTINCT sn.need_id FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id WHERE s.fair_id = $1',
      [fairId],
    );
    return rows.map((r) => r.need_id);
  }

  /** The bidding window of the latest session of the fair that put each need on its table. */
  async biddingWindows(fairId: string, needIds: string[]): Promise<Array<{ needId: string; openedAt: Date; bidDeadline: Date }>> {
    const { rows } = await runSql<{ need_id: string; created_at: Date; bid_deadline: Date }>(
      this.db.manager,
      `SELECT DISTINCT ON (sn.need_id) sn.need_id, s.created_at, s.bid_deadline
         FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id
        WHERE s.fair_id = $1 AND sn.need_id = ANY($2::uuid[])
        ORDER BY sn.need_id, s.created_at DESC`,
      [fairId, needIds],
    );
    return rows.map((r) => ({ needId: r.need_id, openedAt: r.created_at, bidDeadline: r.bid_deadline }));
  }

  /** The latest session of each need that put it on its table. */
  async latestSessionsOfNeeds(needIds: string[]): Promise<Array<{ needId: string; sessionId: string; fairId: string }>> {
    const { rows } = await runSql<{ need_id: string; session_id: string; fair_id: string }>(
      this.db.manager,
      `SELECT DISTINCT ON (sn.need_id) sn.need_id, s.id AS session_id, s.fair_id
         FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id
        WHERE sn.need_id = ANY($1::uuid[])
        ORDER BY sn.need_id, s.created_at DESC, s.id DESC`,
      [needIds],
    );
    return rows.map((r) => ({ needId: r.need_id, sessionId: r.session_id, fairId: r.fair_id }));
  }

  // ---- reporting ----

  /**
   * A fair's figures by SQL aggregates over the records themselves on every read (no
   * counter to keep in step). Bids and sessions are this context's own tables; needs,
   * proposals and contracts come through the views their contexts publish for reporting
   * (report_needs, report_proposals, report_contracts).
   */
  async stats(fairId: string, listedStatuses: readonly string[], withdrawnBid: string): Promise<FairStatsRows> {
    const params = [fairId, listedStatuses, withdrawnBid];
    const { rows } = await runSql<FairStatsRows['totals']>(
      this.db.manager,
      `WITH fair_bids AS (
         SELECT b.organization_id FROM bids b JOIN report_needs n ON n.need_id = b.need_id
          WHERE n.fair_id = $1 AND b.status <> $3
       ), fair_proposals AS (
         SELECT p.organization_id FROM report_proposals p JOIN match_sessions s ON s.id = p.session_id
          WHERE s.fair_id = $1
       ), signed AS (
         SELECT amount_fen FROM report_contracts WHERE fair_id = $1 AND signed
       )
       SELECT (SELECT count(*) FROM report_needs WHERE fair_id = $1 AND status = ANY($2::need_status[]))::int AS needs_listed,
              (SELECT count(*) FROM (SELECT organization_id FROM fair_bids UNION SELECT organization_id FROM fair_proposals) o)::int AS organizations,
              (SELECT count(*) FROM fair_bids)::int AS bids,
              (SELECT count(*) FROM fair_proposals)::int AS proposals,
              (SELECT count(*) FROM signed)::int AS contracts,
              (SELECT coalesce(sum(amount_fen), 0) FROM signed)::text AS amount`,
      params,
    );
    const groups = async (key: 'domain' | 'district') =>
      (
        await runSql<FairStatsRows['byDomain'][number]>(
          this.db.manager,
          `WITH listed AS (
             SELECT ${key} AS k, count(*)::int AS needs FROM report_needs WHERE fair_id = $1 AND status = ANY($2::need_status[]) GROUP BY 1
           ), signed AS (
             SELECT n.${key} AS k, count(*)::int AS contracts, sum(c.amount_fen)::text AS amount
               FROM report_contracts c JOIN report_needs n ON n.need_id = c.need_id
              WHERE c.fair_id = $1 AND c.signed GROUP BY 1
           )
           SELECT coalesce(l.k, s.k)::text AS k, coalesce(l.needs, 0) AS needs, coalesce(s.contracts, 0) AS contracts, coalesce(s.amount, '0') AS amount
             FROM listed l FULL JOIN signed s ON s.k = l.k
            ORDER BY 1`,
          [fairId, listedStatuses],
        )
      ).rows;
    const [byDomain, byDistrict] = await Promise.all([groups('domain'), groups('district')]);
    return { totals: rows[0], byDomain, byDistrict };
  }
}
