import { AuditService, badInput, Fen, forbidden, isOrganizerOrAdmin, isPgError, LiveEvents, notFound, PG_UNIQUE_VIOLATION, Principal, Role, SessionEventType } from '@app/core';
import { OrganizationEntity, ServiceOfferingEntity } from '@app/directory';
import { explainIneligibility, IneligibilityReason } from '@app/matching';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { SubmitBidInput } from './dto/fairs.inputs';
import { BidEntity, BidStatus } from './entities/bid.entity';
import { SessionStatus } from './entities/match-session.entity';
import { FairsErrors, isUuid } from './fairs.errors';
import { rowsOf } from './sql-rows';

/** Who may read a bid (its price is the secret): its organization, the need's community, organizers and admins. */
export function canReadBid(principal: Principal | null, bid: { organizationId: string }, needCommunityId: string): boolean {
  if (!principal) return false;
  if (isOrganizerOrAdmin(principal)) return true;
  if (principal.role === Role.ORGANIZATION) return principal.organizationId === bid.organizationId;
  if (principal.role === Role.COMMUNITY) return principal.communityId === needCommunityId;
  return false;
}

/** A bid with the two facts its readers are decided by. */
export interface BidWithNeedFacts {
  bid: BidEntity;
  needCommunityId: string;
  fairId: string | null;
}

const INELIGIBLE_TEXT: Record<IneligibilityReason, string> = {
  [IneligibilityReason.NO_MATCHING_OFFERING]: "no offering in the need's service domain or a related one",
  [IneligibilityReason.GRADE_BELOW_MINIMUM]: "the organization's evaluation grade is below the need's minimum grade",
  [IneligibilityReason.NO_FREE_CAPACITY]: 'the organization has no free capacity for another project',
  [IneligibilityReason.OUTSIDE_SERVICE_RADIUS]: "the need lies outside the organization's service radius",
  [IneligibilityReason.BID_NOT_LIVE]: 'the organization withdrew from this need',
  [IneligibilityReason.BID_OVER_BUDGET]: "the price exceeds the need's budget",
};

interface LockedSession {
  id: string;
  fair_id: string;
  status: SessionStatus;
  bid_deadline: Date;
  before_deadline: boolean;
}

@Injectable()
export class BidsService {
  private readonly logger = new Logger(BidsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  findMany(ids: readonly string[]): Promise<BidEntity[]> {
    return this.db.getRepository(BidEntity).findBy({ id: In([...ids]) });
  }

  /** Bids with their need's community and fair, for deciding who may read them. */
  async withNeedFacts(ids: readonly string[]): Promise<BidWithNeedFacts[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const bids = await this.findMany(valid);
    if (bids.length === 0) return [];
    const needs: Array<{ id: string; community_id: string; fair_id: string | null }> = await this.db.query(
      'SELECT id, community_id, fair_id FROM service_needs WHERE id = ANY($1::uuid[])', [[...new Set(bids.map((b) => b.needId))]]);
    const byNeed = new Map(needs.map((n) => [n.id, n]));
    return bids.map((bid) => ({ bid, needCommunityId: byNeed.get(bid.needId)!.community_id, fairId: byNeed.get(bid.needId)!.fair_id }));
  }

  /**
   * The bids on these needs the caller may read, filtered in SQL: organizers and admins
   * all, the need's community all, an organization its own, anyone else none.
   */
  async visibleOnNeeds(principal: Principal | null, needIds: readonly string[]): Promise<BidEntity[]> {
    if (!principal) return [];
    const qb = this.db.getRepository(BidEntity).createQueryBuilder('b')
      .where('b.need_id IN (:...needIds)', { needIds })
      .orderBy('b.submitted_at', 'ASC').addOrderBy('b.id', 'ASC');
    if (isOrganizerOrAdmin(principal)) return qb.getMany();
    if (principal.role === Role.ORGANIZATION && principal.organizationId) return qb.andWhere('b.organization_id = :org', { org: principal.organizationId }).getMany();
    if (principal.role === Role.COMMUNITY && principal.communityId) {
      return qb.innerJoin(ServiceNeedEntity, 'n', 'n.id = b.need_id').andWhere('n.community_id = :community', { community: principal.communityId }).getMany();
    }
    return [];
  }

  /**
   * An organization bids on a need of an OPEN session. The session row is locked FOR
   * SHARE and the deadline compared with the database clock inside the transaction,
   * so closeBidding (an UPDATE of that row) waits for bids in flight and no bid lands
   * after the deadline. The partial unique index decides duplicates, not a prior read.
   */
  async submit(principal: Principal, input: SubmitBidInput): Promise<BidEntity> {
    const organizationId = this.ownOrganization(principal);
    const plan = input.plan.trim();
    if (!plan) throw badInput('input.plan', 'must not be blank');
    let result: { bid: BidEntity; fairId: string };
    try {
      result = await this.db.transaction(async (manager) => {
        const need = await manager.getRepository(ServiceNeedEntity).findOne({ where: { id: input.needId }, lock: { mode: 'pessimistic_read' } });
        if (!need) throw notFound('ServiceNeed', input.needId);
        const session = await this.lockSessionOfNeed(manager, need.id, input.sessionId);
        if (session.status !== SessionStatus.OPEN) throw FairsErrors.sessionNotOpen(session.id, session.status);
        if (!session.before_deadline) throw FairsErrors.deadlinePassed(session.bid_deadline);
        if (need.status !== NeedStatus.PUBLISHED) throw FairsErrors.needNotOpen(need.id, need.status);
        if (input.price > need.budgetFen) throw FairsErrors.priceOverBudget(need.budgetFen);
        await this.assertEligible(manager, need, organizationId);

        const bid = await manager.save(BidEntity, manager.create(BidEntity, {
          needId: need.id, organizationId, sessionId: session.id, priceFen: input.price as Fen, plan, status: BidStatus.SUBMITTED,
        }));
        await this.audit.record(manager, principal, { entityType: 'BID', entityId: bid.id, from: null, to: BidStatus.SUBMITTED, detail: { needId: need.id, sessionId: session.id, priceFen: bid.priceFen } });
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
    if (!isUuid(bidId)) throw notFound('Bid', bidId);
    const result = await this.db.transaction(async (manager) => {
      const bid = await manager.getRepository(BidEntity).findOne({ where: { id: bidId }, lock: { mode: 'pessimistic_write' } });
      if (!bid) throw notFound('Bid', bidId);
      if (bid.organizationId !== organizationId) throw forbidden('An organization may withdraw only its own bids');
      if (bid.status !== BidStatus.SUBMITTED) throw FairsErrors.bidMove(bid.id, bid.status, BidStatus.WITHDRAWN);
      const [session] = bid.sessionId
        ? await manager.query<LockedSession[]>(
          'SELECT id, fair_id, status, bid_deadline, now() < bid_deadline AS before_deadline FROM match_sessions WHERE id = $1 FOR SHARE', [bid.sessionId])
        : [];
      if (!session) throw FairsErrors.bidMove(bid.id, bid.status, BidStatus.WITHDRAWN);
      if (session.status !== SessionStatus.OPEN) throw FairsErrors.sessionNotOpen(session.id, session.status);
      if (!session.before_deadline) throw FairsErrors.deadlinePassed(session.bid_deadline);
      const rows = rowsOf<{ id: string }>(await manager.query(
        `UPDATE bids SET status = 'WITHDRAWN', updated_at = now() WHERE id = $1 AND status = 'SUBMITTED' RETURNING id`, [bid.id]));
      if (rows.length === 0) throw FairsErrors.bidMove(bid.id, bid.status, BidStatus.WITHDRAWN);
      await this.audit.record(manager, principal, { entityType: 'BID', entityId: bid.id, from: BidStatus.SUBMITTED, to: BidStatus.WITHDRAWN });
      return { bid: (await manager.getRepository(BidEntity).findOneBy({ id: bid.id }))!, fairId: session.fair_id };
    });
    await this.publish(SessionEventType.BID_WITHDRAWN, result.bid, result.fairId);
    return result.bid;
  }

  /** The session the bid goes to, locked FOR SHARE: the given one, or the unique OPEN session with the need on its table. */
  private async lockSessionOfNeed(manager: EntityManager, needId: string, sessionId: string | undefined): Promise<LockedSession> {
    if (sessionId) {
      const [row] = await manager.query<Array<LockedSession & { has_need: boolean }>>(
        `SELECT s.id, s.fair_id, s.status, s.bid_deadline, now() < s.bid_deadline AS before_deadline,
                EXISTS (SELECT 1 FROM session_needs sn WHERE sn.session_id = s.id AND sn.need_id = $2) AS has_need
           FROM match_sessions s WHERE s.id = $1 FOR SHARE OF s`, [sessionId, needId]);
      if (!row) throw notFound('MatchSession', sessionId);
      if (!row.has_need) throw FairsErrors.needNotInSession(needId, sessionId);
      return row;
    }
    const rows = await manager.query<LockedSession[]>(
      `SELECT s.id, s.fair_id, s.status, s.bid_deadline, now() < s.bid_deadline AS before_deadline
         FROM match_sessions s JOIN session_needs sn ON sn.session_id = s.id
        WHERE sn.need_id = $1 AND s.status = 'OPEN' FOR SHARE OF s`, [needId]);
    if (rows.length === 0) throw FairsErrors.needInNoOpenSession(needId);
    if (rows.length > 1) throw FairsErrors.needInSeveralSessions();
    return rows[0];
  }

  /** The same rule the matching engine applies, so an organization bids only where it could be proposed. */
  private async assertEligible(manager: EntityManager, need: ServiceNeedEntity, organizationId: string): Promise<void> {
    const org = await manager.getRepository(OrganizationEntity).findOneBy({ id: organizationId });
    if (!org) throw notFound('Organization', organizationId);
    const offerings = await manager.getRepository(ServiceOfferingEntity).findBy({ organizationId });
    const reason = explainIneligibility(
      { id: need.id, domain: need.domain, lat: need.lat, lng: need.lng, beneficiaries: need.beneficiaries, budgetFen: need.budgetFen, minGrade: need.minGrade },
      {
        id: org.id, lat: org.lat, lng: org.lng, serviceRadiusKm: org.serviceRadiusKm, grade: org.grade,
        freeCapacity: org.maxConcurrentProjects - org.activeProjects, maxCapacity: org.maxConcurrentProjects,
        performanceScore: org.performanceScore,
        offerings: offerings.map((o) => ({ domain: o.domain, priceMinFen: o.priceMinFen, priceMaxFen: o.priceMaxFen, annualBeneficiaries: o.annualBeneficiaries })),
      },
    );
    if (reason) throw FairsErrors.ineligible(reason, INELIGIBLE_TEXT[reason]);
  }

  private ownOrganization(principal: Principal): string {
    if (!principal.organizationId) throw forbidden('Only an organization account bids');
    return principal.organizationId;
  }

  /** After the commit; a failed publish must not undo a bid that is already stored. */
  private async publish(type: SessionEventType, bid: BidEntity, fairId: string): Promise<void> {
    if (!bid.sessionId) return;
    try {
      await this.live.session({ type, sessionId: bid.sessionId, fairId, bidId: bid.id });
    } catch (error) {
      this.logger.warn(`Could not publish ${type} for bid ${bid.id}: ${(error as Error).message}`);
    }
  }
}
