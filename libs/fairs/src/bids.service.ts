import { AuditService, Fen, isPgError, isUuid, LiveEvents, PG_UNIQUE_VIOLATION, Principal, SessionEventType, uuidsOnly } from '@app/core';
import { DirectoryService } from '@app/directory';
import { BidInput, explainIneligibility } from '@app/matching';
import { NeedsService, NeedStatus, ServiceNeedEntity } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BidPolicy } from './bid.policy';
import { BiddingSession, BidsRepository } from './bids.repository';
import { SubmitBidInput } from './dto/fairs.inputs';
import { BidEntity, BidStatus } from './entities/bid.entity';
import { SessionStatus } from './entities/match-session.entity';
import { FairStatsService } from './fair-stats.service';
import { FairsErrors } from './fairs.errors';

/** A bid with the two facts its readers are decided by (BidPolicy). */
export interface BidWithNeedFacts {
  bid: BidEntity;
  needCommunityId: string;
  fairId: string | null;
}

@Injectable()
export class BidsService {
  private readonly logger = new Logger(BidsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: BidsRepository,
    private readonly needs: NeedsService,
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
    private readonly stats: FairStatsService,
  ) {}

  /** Bids by id with no visibility applied: for objects whose own rule let the caller in, or followed by BidPolicy.canRead. */
  findMany(ids: readonly string[]): Promise<BidEntity[]> {
    return this.repo.byIds(uuidsOnly(ids));
  }

  /** Bids with their need's community and fair, for deciding who may read them. */
  async withNeedFacts(ids: readonly string[]): Promise<BidWithNeedFacts[]> {
    const bids = await this.findMany(ids);
    if (bids.length === 0) return [];
    const needs = new Map((await this.needs.findNeeds(bids.map((b) => b.needId))).map((n) => [n.id, n]));
    return bids.map((bid) => ({ bid, needCommunityId: needs.get(bid.needId)!.communityId, fairId: needs.get(bid.needId)!.fairId }));
  }

  /** The bids on these needs the caller may read (BidPolicy), filtered in SQL. */
  async visibleOnNeeds(principal: Principal | null, needIds: readonly string[]): Promise<BidEntity[]> {
    const scope = BidPolicy.scope(principal);
    if (scope.kind === 'none') return [];
    const ids = uuidsOnly(needIds);
    const communityNeedIds = scope.kind === 'community' ? await this.needs.needIdsOfCommunity(scope.communityId, ids) : [];
    return this.repo.onNeeds(ids, BidPolicy.where(scope, 'b', communityNeedIds));
  }

  /**
   * An organization bids on a need of an OPEN session. The session row is locked FOR
   * SHARE and the deadline compared with the database clock inside the transaction,
   * so closeBidding (an UPDATE of that row) waits for bids in flight and no bid lands
   * after the deadline. The partial unique index decides duplicates, not a prior read.
   */
  /** The signed-in organization's own bids, newest first. */
  async ofOrganization(principal: Principal, first: number): Promise<BidEntity[]> {
    if (!principal.organizationId) return [];
    return this.db
      .getRepository(BidEntity)
      .find({ where: { organizationId: principal.organizationId }, order: { submittedAt: 'DESC', id: 'DESC' }, take: first });
  }

  async submit(principal: Principal, input: SubmitBidInput): Promise<BidEntity> {
    const organizationId = this.ownOrganization(principal);
    const plan = input.plan.trim();
    if (!plan) throw FairsErrors.planBlank();
    let result: { bid: BidEntity; fairId: string };
    try {
      result = await this.db.transaction(async (manager) => {
        const need = await this.needs.lock(manager, input.needId, 'share');
        const session = await this.lockSessionOfNeed(manager, need.id, input.sessionId);
        if (session.status !== SessionStatus.OPEN) throw FairsErrors.sessionNotOpen(session.id, session.status);
        if (!session.before_deadline) throw FairsErrors.deadlinePassed(session.bid_deadline);
        if (need.status !== NeedStatus.PUBLISHED) throw FairsErrors.needNotOpen(need.id, need.status);
        if (input.price > need.budgetFen) throw FairsErrors.priceOverBudget(need.budgetFen);
        await this.assertEligible(manager, need, organizationId);

        const bid = await this.repo.insert(manager, {
          needId: need.id,
          organizationId,
          sessionId: session.id,
          priceFen: input.price as Fen,
          plan,
          status: BidStatus.SUBMITTED,
        });
        await this.audit.record(manager, principal, {
          entityType: 'BID',
          entityId: bid.id,
          from: null,
          to: BidStatus.SUBMITTED,
          detail: { needId: need.id, sessionId: session.id, priceFen: bid.priceFen },
        });
        return { bid, fairId: session.fair_id };
      });
    } catch (error) {
      if (isPgError(error, PG_UNIQUE_VIOLATION, 'bids_one_live_per_need_and_organization')) throw FairsErrors.duplicateBid();
      throw error;
    }
    await this.publish(SessionEventType.BID_SUBMITTED, result.bid, result.fairId);
    return result.bid;
  }

  /** Before the deadline of an OPEN session, an organization takes its own SUBMITTED bid back. */
  async withdraw(principal: Principal, bidId: string): Promise<BidEntity> {
    const organizationId = this.ownOrganization(principal);
    if (!isUuid(bidId)) throw FairsErrors.bidNotFound(bidId);
    const result = await this.db.transaction(async (manager) => {
      const bid = await this.repo.lock(manager, bidId);
      if (!bid) throw FairsErrors.bidNotFound(bidId);
      if (bid.organizationId !== organizationId) throw FairsErrors.notYourBid();
      if (bid.status !== BidStatus.SUBMITTED) throw FairsErrors.bidMove(bid.id, bid.status, BidStatus.WITHDRAWN);
      const session = bid.sessionId ? await this.repo.lockSession(manager, bid.sessionId) : null;
      if (!session) throw FairsErrors.bidMove(bid.id, bid.status, BidStatus.WITHDRAWN);
      if (session.status !== SessionStatus.OPEN) throw FairsErrors.sessionNotOpen(session.id, session.status);
      if (!session.before_deadline) throw FairsErrors.deadlinePassed(session.bid_deadline);
      if (!(await this.repo.move(manager, bid.id, BidStatus.SUBMITTED, BidStatus.WITHDRAWN)))
        throw FairsErrors.bidMove(bid.id, bid.status, BidStatus.WITHDRAWN);
      await this.audit.record(manager, principal, { entityType: 'BID', entityId: bid.id, from: BidStatus.SUBMITTED, to: BidStatus.WITHDRAWN });
      return { bid: (await this.repo.one(manager, bid.id))!, fairId: session.fair_id };
    });
    await this.publish(SessionEventType.BID_WITHDRAWN, result.bid, result.fairId);
    return result.bid;
  }

  // ---- for later contexts ----

  /** The bid locked FOR NO KEY UPDATE, or null (the contract writer's third lock: need → proposals → bids → organization). */
  lock(manager: EntityManager, bidId: string): Promise<BidEntity | null> {
    return isUuid(bidId) ? this.repo.lock(manager, bidId) : Promise.resolve(null);
  }

  /** A contract was written: its bid AWARDED and every other SUBMITTED bid on the need REJECTED, each audited. */
  async settleForContract(manager: EntityManager, needId: string, winner: BidEntity | null, contractId: string): Promise<void> {
    if (winner) {
      await this.repo.move(manager, winner.id, winner.status, BidStatus.AWARDED);
      await this.audit.record(manager, null, { entityType: 'BID', entityId: winner.id, from: winner.status, to: BidStatus.AWARDED, detail: { contractId } });
    }
    const rejected = await this.repo.moveOthersOnNeed(manager, needId, winner?.id ?? null, BidStatus.SUBMITTED, BidStatus.REJECTED);
    await this.audit.record(
      manager,
      null,
      ...rejected.map((id) => ({ entityType: 'BID' as const, entityId: id, from: BidStatus.SUBMITTED, to: BidStatus.REJECTED, detail: { contractId } })),
    );
  }

  /**
   * The need goes back on the market (its award annulled, its contract terminated, or
   * every proposal of it expired), inside the caller's transaction: the winning bid and
   * the bids still SUBMITTED end REJECTED when their session no longer takes bids, so
   * each organization may bid again in the next session (one live bid per need and
   * organization); a session still taking bids gets its AWARDED bid back as SUBMITTED.
   * Each move audited with `detail`.
   */
  async releaseOfNeed(manager: EntityManager, actor: Principal | null, needId: string, detail: Record<string, unknown>): Promise<void> {
    const moved = await this.repo.releaseOfNeed(
      manager,
      needId,
      [BidStatus.SUBMITTED, BidStatus.AWARDED],
      BidStatus.SUBMITTED,
      BidStatus.REJECTED,
      SessionStatus.OPEN,
    );
    await this.audit.record(manager, actor, ...moved.map((b) => ({ entityType: 'BID' as const, entityId: b.id, from: b.previous, to: b.status, detail })));
  }

  /** Whether the organization ever bid on the need (who may question its award). */
  hasBid(manager: EntityManager, organizationId: string, needId: string): Promise<boolean> {
    return isUuid(organizationId) && isUuid(needId) ? this.repo.exists(manager, organizationId, needId) : Promise.resolve(false);
  }

  /** Every bid on the session's table as the matching engine reads them. */
  matchInputsOfSession(manager: EntityManager, sessionId: string): Promise<BidInput[]> {
    return this.repo.matchInputsOfSession(manager, sessionId);
  }

  /** One organization's bids on these needs as the matching engine reads them (recommendations). */
  matchInputsOfOrganization(organizationId: string, needIds: readonly string[]): Promise<BidInput[]> {
    return this.repo.matchInputsOfOrganization(organizationId, uuidsOnly(needIds));
  }

  /**
   * What open data (OCDS) may know of the bids on these needs, once for the product.
   * A session's bids are sealed while it takes bids (OPEN, its deadline not passed by
   * the database clock): nothing of them leaves, not even that they exist (no
   * tenderer, price, count or date). Once its bidding has ended (the deadline, or
   * closeBidding) they are public. Returns the bids whose session no longer takes
   * bids, whatever their status, and the needs still on the table of a session that
   * does: open data names no tenderer of those at all, so no count moves while bids
   * arrive.
   */
  async openDataOfNeeds(needIds: readonly string[]): Promise<{ bids: BidEntity[]; needsInBidding: Set<string> }> {
    const { bids, needsInBidding } = await this.repo.openData(uuidsOnly(needIds), SessionStatus.OPEN);
    return { bids, needsInBidding: new Set(needsInBidding) };
  }

  /** The session the bid goes to, locked FOR SHARE: the given one, or the unique OPEN session with the need on its table. */
  private async lockSessionOfNeed(manager: EntityManager, needId: string, sessionId: string | undefined): Promise<BiddingSession> {
    if (sessionId) {
      const row = await this.repo.lockSessionWithNeed(manager, sessionId, needId);
      if (!row) throw FairsErrors.sessionNotFound(sessionId);
      if (!row.has_need) throw FairsErrors.needNotInSession(needId, sessionId);
      return row;
    }
    const rows = await this.repo.lockSessionsWithNeed(manager, needId, SessionStatus.OPEN);
    if (rows.length === 0) throw FairsErrors.needInNoOpenSession(needId);
    if (rows.length > 1) throw FairsErrors.needInSeveralSessions();
    return rows[0];
  }

  /** The same rule the matching engine applies, so an organization bids only where it could be proposed. */
  private async assertEligible(manager: EntityManager, need: ServiceNeedEntity, organizationId: string): Promise<void> {
    const organization = await this.directory.matchingProfile(manager, organizationId);
    const reason = explainIneligibility(
      { id: need.id, domain: need.domain, lat: need.lat, lng: need.lng, beneficiaries: need.beneficiaries, budgetFen: need.budgetFen, minGrade: need.minGrade },
      organization,
    );
    if (reason) throw FairsErrors.ineligible(reason);
  }

  private ownOrganization(principal: Principal): string {
    if (!principal.organizationId) throw FairsErrors.notAnOrganization();
    return principal.organizationId;
  }

  /** After the commit; a failed publish must not undo a bid that is already stored. */
  private async publish(type: SessionEventType, bid: BidEntity, fairId: string): Promise<void> {
    // The fair's bid count changed: this process's cached figures go at once (other processes' on the event).
    this.stats.invalidate(fairId);
    if (!bid.sessionId) return;
    try {
      await this.live.session({ type, sessionId: bid.sessionId, fairId, bidId: bid.id });
    } catch (error) {
      this.logger.warn(`Could not publish ${type} for bid ${bid.id}: ${(error as Error).message}`);
    }
  }
}
