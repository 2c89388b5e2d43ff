import { AuditService, LiveEvents, notFound, Principal, SessionEventType } from '@app/core';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { OpenSessionInput } from './dto/fairs.inputs';
import { FairEntity, FairStatus } from './entities/fair.entity';
import { MatchSessionEntity, SessionStatus } from './entities/match-session.entity';
import { SessionNeedEntity } from './entities/session-need.entity';
import { FairsErrors, isUuid } from './fairs.errors';
import { rowsOf } from './sql-rows';

/**
 * The only moves a session makes: OPEN → CLOSED_FOR_BIDS (deadline or closeBidding)
 * → MATCHED (a run succeeded; re-runs keep it MATCHED) → CLOSED. Every move is one
 * conditional UPDATE ... WHERE status = <expected>, so two racing moves cannot both win.
 */
export interface SessionMove {
  session: MatchSessionEntity;
  from: SessionStatus;
  /** False when the session already had the target status and nothing was written (an idempotent re-run). */
  changed: boolean;
}

@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async find(id: string): Promise<MatchSessionEntity | null> {
    return isUuid(id) ? this.db.getRepository(MatchSessionEntity).findOneBy({ id }) : null;
  }

  findMany(ids: readonly string[]): Promise<MatchSessionEntity[]> {
    return this.db.getRepository(MatchSessionEntity).findBy({ id: In([...ids]) });
  }

  sessionsOfFairs(fairIds: readonly string[]): Promise<MatchSessionEntity[]> {
    return this.db.getRepository(MatchSessionEntity).find({ where: { fairId: In([...fairIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The needs on each session's table, as (sessionId, need) pairs. */
  async needsOfSessions(sessionIds: readonly string[]): Promise<Array<{ sessionId: string; need: ServiceNeedEntity }>> {
    const links = await this.db.getRepository(SessionNeedEntity).findBy({ sessionId: In([...sessionIds]) });
    if (links.length === 0) return [];
    const needs = await this.db.getRepository(ServiceNeedEntity).find({ where: { id: In([...new Set(links.map((l) => l.needId))]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const byId = new Map(needs.map((n) => [n.id, n]));
    // Ordered like the needs (oldest first), not like the link rows.
    const order = new Map(needs.map((n, i) => [n.id, i]));
    return links
      .filter((l) => byId.has(l.needId))
      .sort((a, b) => order.get(a.needId)! - order.get(b.needId)!)
      .map((l) => ({ sessionId: l.sessionId, need: byId.get(l.needId)! }));
  }

  /** Puts needs on the table until the bid deadline; the fair opens with its first session. */
  async open(principal: Principal, input: OpenSessionInput): Promise<MatchSessionEntity> {
    const session = await this.db.transaction(async (manager) => {
      // The fair row is locked so a concurrent status change of the fair waits for this session.
      const fair = await manager.getRepository(FairEntity).findOne({ where: { id: input.fairId }, lock: { mode: 'pessimistic_write' } });
      if (!fair) throw notFound('Fair', input.fairId);
      if (fair.status === FairStatus.CLOSED) throw FairsErrors.fairClosed(fair.id);
      // The database's clock decides, the same clock that later checks each bid.
      const [{ future }] = await manager.query('SELECT $1::timestamptz > now() AS future', [input.bidDeadline.toISOString()]);
      if (!future) throw FairsErrors.deadlineNotInFuture();

      const needIds = await this.needsForTable(manager, fair.id, input.needIds);
      const created = await manager.save(MatchSessionEntity, manager.create(MatchSessionEntity, {
        fairId: fair.id, title: input.title.trim(), zone: input.zone, status: SessionStatus.OPEN, bidDeadline: input.bidDeadline,
      }));
      await manager.query('INSERT INTO session_needs (session_id, need_id) SELECT $1, unnest($2::uuid[])', [created.id, needIds]);
      await manager.query(`UPDATE fairs SET status = 'OPEN' WHERE id = $1 AND status = 'PLANNED'`, [fair.id]);
      await this.audit.record(manager, principal, { entityType: 'SESSION', entityId: created.id, from: null, to: SessionStatus.OPEN, detail: { fairId: fair.id, needs: needIds.length } });
      return created;
    });
    await this.publishStatus(session);
    return session;
  }

  /** Needs given must exist, belong to the fair and be PUBLISHED; none given: every PUBLISHED need of the fair. */
  private async needsForTable(manager: EntityManager, fairId: string, given: string[] | undefined): Promise<string[]> {
    if (!given) {
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT id FROM service_needs WHERE fair_id = $1 AND status = 'PUBLISHED' ORDER BY created_at, id FOR SHARE`, [fairId]);
      if (rows.length === 0) throw FairsErrors.noPublishedNeeds(fairId);
      return rows.map((r) => r.id);
    }
    const ids = [...new Set(given)];
    // FOR SHARE: a need cannot be withdrawn between this check and the commit.
    const rows: Array<{ id: string; fair_id: string | null; status: NeedStatus }> = await manager.query(
      'SELECT id, fair_id, status FROM service_needs WHERE id = ANY($1::uuid[]) FOR SHARE', [ids]);
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw FairsErrors.needsMissing(missing);
    const elsewhere = rows.filter((r) => r.fair_id !== fairId).map((r) => r.id);
    if (elsewhere.length) throw FairsErrors.needsOfOtherFair(elsewhere);
    const unpublished = rows.filter((r) => r.status !== NeedStatus.PUBLISHED).map((r) => r.id);
    if (unpublished.length) throw FairsErrors.needsNotPublished(unpublished);
    return ids;
  }

  async closeBidding(principal: Principal, sessionId: string): Promise<MatchSessionEntity> {
    return this.moveAndPublish(principal, sessionId, SessionStatus.OPEN, SessionStatus.CLOSED_FOR_BIDS);
  }

  async close(principal: Principal, sessionId: string): Promise<MatchSessionEntity> {
    return this.moveAndPublish(principal, sessionId, SessionStatus.MATCHED, SessionStatus.CLOSED);
  }

  /**
   * For the matching worker, inside the transaction that records a successful run:
   * CLOSED_FOR_BIDS → MATCHED; an already MATCHED session (a re-run) stays as it is
   * (changed: false); any other status is a CONFLICT. The caller publishes
   * SESSION_STATUS_CHANGED after its commit when `changed` is true.
   */
  async markMatched(manager: EntityManager, sessionId: string, actor: Principal | null = null): Promise<SessionMove> {
    return this.move(manager, actor, sessionId, SessionStatus.CLOSED_FOR_BIDS, SessionStatus.MATCHED, true);
  }

  /** The periodic job: every OPEN session whose deadline passed stops taking bids. Returns the sessions closed. */
  async closeExpiredBidding(): Promise<MatchSessionEntity[]> {
    const closed = await this.db.transaction(async (manager) => {
      const rows = rowsOf<{ id: string }>(await manager.query(
        `UPDATE match_sessions SET status = 'CLOSED_FOR_BIDS', updated_at = now() WHERE status = 'OPEN' AND bid_deadline <= now() RETURNING id`));
      if (rows.length === 0) return [];
      await this.audit.record(manager, null, ...rows.map((r) => ({ entityType: 'SESSION' as const, entityId: r.id, from: SessionStatus.OPEN, to: SessionStatus.CLOSED_FOR_BIDS, detail: { reason: 'bid deadline passed' } })));
      return manager.getRepository(MatchSessionEntity).findBy({ id: In(rows.map((r) => r.id)) });
    });
    for (const session of closed) await this.publishStatus(session);
    return closed;
  }

  private async moveAndPublish(principal: Principal, sessionId: string, from: SessionStatus, to: SessionStatus): Promise<MatchSessionEntity> {
    const { session } = await this.db.transaction((manager) => this.move(manager, principal, sessionId, from, to, false));
    await this.publishStatus(session);
    return session;
  }

  private async move(manager: EntityManager, actor: Principal | null, sessionId: string, from: SessionStatus, to: SessionStatus, idempotent: boolean): Promise<SessionMove> {
    if (!isUuid(sessionId)) throw notFound('MatchSession', sessionId);
    const rows = rowsOf<{ id: string }>(await manager.query(
      'UPDATE match_sessions SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING id', [sessionId, from, to]));
    const session = await manager.getRepository(MatchSessionEntity).findOneBy({ id: sessionId });
    if (!session) throw notFound('MatchSession', sessionId);
    if (rows.length === 0) {
      if (idempotent && session.status === to) return { session, from: to, changed: false };
      throw FairsErrors.sessionMove(sessionId, session.status, to);
    }
    await this.audit.record(manager, actor, { entityType: 'SESSION', entityId: sessionId, from, to });
    return { session, from, changed: true };
  }

  /** After the commit; a failed publish must not undo a change that is already stored. */
  async publishStatus(session: MatchSessionEntity): Promise<void> {
    try {
      await this.live.session({ type: SessionEventType.SESSION_STATUS_CHANGED, sessionId: session.id, fairId: session.fairId });
    } catch (error) {
      this.logger.warn(`Could not publish the status of session ${session.id}: ${(error as Error).message}`);
    }
  }
}
