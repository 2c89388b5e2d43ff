import { AuditService, isUuid, LiveEvents, Principal, SessionEventType, uuidsOnly } from '@app/core';
import { NeedsService, NeedStatus, ServiceNeedEntity, UpdateNeedInput } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OpenSessionInput } from './dto/fairs.inputs';
import { FairStatus } from './entities/fair.entity';
import { MatchSessionEntity, SessionStatus } from './entities/match-session.entity';
import { FairsErrors } from './fairs.errors';
import { FairsRepository } from './fairs.repository';

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

/** Statuses in which a session can be matched: bidding closed, and re-runs of a MATCHED one. */
export const MATCHABLE_SESSION_STATUSES: readonly SessionStatus[] = [SessionStatus.CLOSED_FOR_BIDS, SessionStatus.MATCHED];

/** Sessions whose bids depend on what their needs say: bidding, or bids closed and waiting for (or re-running) a match. */
const BIDS_AT_STAKE: readonly SessionStatus[] = [SessionStatus.OPEN, SessionStatus.CLOSED_FOR_BIDS, SessionStatus.MATCHED];

@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: FairsRepository,
    private readonly needs: NeedsService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async find(id: string, manager?: EntityManager): Promise<MatchSessionEntity | null> {
    return isUuid(id) ? this.repo.session(id, manager) : null;
  }

  async get(id: string): Promise<MatchSessionEntity> {
    const session = await this.find(id);
    if (!session) throw FairsErrors.sessionNotFound(id);
    return session;
  }

  findMany(ids: readonly string[]): Promise<MatchSessionEntity[]> {
    return this.repo.sessions(uuidsOnly(ids));
  }

  sessionsOfFairs(fairIds: readonly string[]): Promise<MatchSessionEntity[]> {
    return this.repo.sessionsOfFairs(uuidsOnly(fairIds));
  }

  /** Each need's sessions, oldest first (the need's page shows where it went on the table). */
  sessionsOfNeeds(needIds: readonly string[]): Promise<Array<{ needId: string; session: MatchSessionEntity }>> {
    return this.repo.sessionsOfNeeds(uuidsOnly(needIds));
  }

  /**
   * A community edits its need, unless a session is taking or weighing bids on it: what
   * bidders priced and a run scored must not change under them.
   */
  updateNeed(principal: Principal, needId: string, input: UpdateNeedInput): Promise<ServiceNeedEntity> {
    return this.needs.updateNeed(principal, needId, input, (manager, id) => this.repo.isOnTable(manager, id, BIDS_AT_STAKE));
  }

  /** The needs on each session's table, as (sessionId, need) pairs, ordered like the needs (oldest first). */
  async needsOfSessions(sessionIds: readonly string[]): Promise<Array<{ sessionId: string; need: ServiceNeedEntity }>> {
    const links = await this.repo.tableLinks(uuidsOnly(sessionIds));
    if (links.length === 0) return [];
    const needs = await this.needs.findNeeds(links.map((l) => l.needId));
    const byId = new Map(needs.map((n) => [n.id, n]));
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
      const fair = await this.repo.lockFair(manager, input.fairId);
      if (!fair) throw FairsErrors.fairNotFound(input.fairId);
      if (fair.status === FairStatus.CLOSED) throw FairsErrors.fairClosed(fair.id);
      if (!(await this.repo.isFuture(manager, input.bidDeadline))) throw FairsErrors.deadlineNotInFuture();

      const needIds = await this.needsForTable(manager, fair.id, input.needIds, input.minResidentSupport ?? null);
      const created = await this.repo.insertSession(manager, {
        fairId: fair.id,
        title: input.title.trim(),
        zone: input.zone,
        status: SessionStatus.OPEN,
        bidDeadline: input.bidDeadline,
      });
      await this.repo.putNeedsOnTable(manager, created.id, needIds);
      await this.repo.openFair(manager, fair.id);
      await this.audit.record(manager, principal, {
        entityType: 'SESSION',
        entityId: created.id,
        from: null,
        to: SessionStatus.OPEN,
        detail: { fairId: fair.id, needs: needIds.length },
      });
      return created;
    });
    await this.publishStatus(session);
    return session;
  }

  /**
   * Needs given must exist, belong to the fair and be PUBLISHED; none given: every
   * PUBLISHED need of the fair. With minResidentSupport, only needs whose residents'
   * review supports them at least that much (given ones that do not: refused; of the
   * fair's: the others stay off the table). Locked FOR SHARE until commit.
   */
  private async needsForTable(manager: EntityManager, fairId: string, given: string[] | undefined, minSupport: number | null): Promise<string[]> {
    if (!given) {
      const ids = await this.needs.lockPublishedOfFair(manager, fairId);
      if (ids.length === 0) throw FairsErrors.noPublishedNeeds(fairId);
      if (minSupport === null) return ids;
      const supported = new Set(await this.needs.supportedAtLeast(manager, ids, minSupport));
      const kept = ids.filter((id) => supported.has(id));
      if (kept.length === 0) throw FairsErrors.noSupportedNeeds(fairId, minSupport);
      return kept;
    }
    const ids = [...new Set(given)];
    const rows = await this.needs.lockFacts(manager, ids);
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw FairsErrors.needsMissing(missing);
    const elsewhere = rows.filter((r) => r.fairId !== fairId).map((r) => r.id);
    if (elsewhere.length) throw FairsErrors.needsOfOtherFair(elsewhere);
    const unpublished = rows.filter((r) => r.status !== NeedStatus.PUBLISHED).map((r) => r.id);
    if (unpublished.length) throw FairsErrors.needsNotPublished(unpublished);
    if (minSupport !== null) {
      const supported = new Set(await this.needs.supportedAtLeast(manager, ids, minSupport));
      const unsupported = ids.filter((id) => !supported.has(id));
      if (unsupported.length) throw FairsErrors.needsWithoutSupport(unsupported, minSupport);
    }
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

  /** For a match run request: the session locked FOR SHARE (it cannot move before the run row commits). */
  async lockForRun(manager: EntityManager, sessionId: string): Promise<MatchSessionEntity> {
    const session = isUuid(sessionId) ? await this.repo.lockSessionShared(manager, sessionId) : null;
    if (!session) throw FairsErrors.sessionNotFound(sessionId);
    return session;
  }

  /** The latest session that put each need on its table (its live channel), by need id. */
  async latestSessionsOfNeeds(needIds: readonly string[]): Promise<Map<string, { sessionId: string; fairId: string }>> {
    const rows = await this.repo.latestSessionsOfNeeds(uuidsOnly(needIds));
    return new Map(rows.map((r) => [r.needId, { sessionId: r.sessionId, fairId: r.fairId }]));
  }

  /** The ids of the needs on a session's table. */
  needIdsOnTable(manager: EntityManager, sessionId: string): Promise<string[]> {
    return isUuid(sessionId) ? this.repo.needIdsOnTable(manager, sessionId) : Promise.resolve([]);
  }

  /** The needs the fair's sessions put on their tables (some may belong to no fair or another). */
  needIdsOnTablesOfFair(fairId: string): Promise<string[]> {
    return isUuid(fairId) ? this.repo.needIdsOnTablesOfFair(fairId) : Promise.resolve([]);
  }

  /** For open data: the bidding window of the latest session of the fair that put each need on its table. */
  async biddingWindows(fairId: string, needIds: readonly string[]): Promise<Map<string, { openedAt: Date; bidDeadline: Date }>> {
    const rows = needIds.length ? await this.repo.biddingWindows(fairId, uuidsOnly(needIds)) : [];
    return new Map(rows.map((r) => [r.needId, { openedAt: r.openedAt, bidDeadline: r.bidDeadline }]));
  }

  /** The periodic job: every OPEN session whose deadline passed stops taking bids. Returns the sessions closed. */
  async closeExpiredBidding(): Promise<MatchSessionEntity[]> {
    const closed = await this.db.transaction(async (manager) => {
      const ids = await this.repo.moveExpired(manager, SessionStatus.OPEN, SessionStatus.CLOSED_FOR_BIDS);
      if (ids.length === 0) return [];
      await this.audit.record(
        manager,
        null,
        ...ids.map((id) => ({
          entityType: 'SESSION' as const,
          entityId: id,
          from: SessionStatus.OPEN,
          to: SessionStatus.CLOSED_FOR_BIDS,
          detail: { reason: 'bid deadline passed' },
        })),
      );
      return this.repo.sessions(ids, manager);
    });
    for (const session of closed) await this.publishStatus(session);
    return closed;
  }

  private async moveAndPublish(principal: Principal, sessionId: string, from: SessionStatus, to: SessionStatus): Promise<MatchSessionEntity> {
    const { session } = await this.db.transaction((manager) => this.move(manager, principal, sessionId, from, to, false));
    await this.publishStatus(session);
    return session;
  }

  private async move(
    manager: EntityManager,
    actor: Principal | null,
    sessionId: string,
    from: SessionStatus,
    to: SessionStatus,
    idempotent: boolean,
  ): Promise<SessionMove> {
    if (!isUuid(sessionId)) throw FairsErrors.sessionNotFound(sessionId);
    const moved = await this.repo.moveSession(manager, sessionId, from, to);
    const session = await this.repo.session(sessionId, manager);
    if (!session) throw FairsErrors.sessionNotFound(sessionId);
    if (!moved) {
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
