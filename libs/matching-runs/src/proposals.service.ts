import { AuditService, isUuid, Principal, StatusChange, uuidsOnly } from '@app/core';
import { BidsService, SessionsService } from '@app/fairs';
import { NeedsService, NeedStatus } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MAX_PROPOSALS_PAGE, ProposalFilter, ProposalPageArgs } from './dto/matching-runs.inputs';
import { MatchProposalEntity, ProposalStatus } from './entities/match-proposal.entity';
import { MatchingRunsErrors } from './matching-runs.errors';
import { ProposalPolicy } from './proposal.policy';
import { ProposalsRepository } from './proposals.repository';

/** The live session a proposal (through its run) belongs to, for publishing events. */
export interface LiveSession {
  sessionId: string;
  fairId: string;
}

/** Proposals that can still become (or are) the need's contract. */
const OPEN_PROPOSAL_STATUSES: readonly ProposalStatus[] = [ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED, ProposalStatus.CONTRACTED];

/** Proposals that awarded a need: accepted by both sides, or contracted. */
export const AWARD_PROPOSAL_STATUSES: readonly ProposalStatus[] = [ProposalStatus.ACCEPTED, ProposalStatus.CONTRACTED];

/**
 * Proposals after a run wrote them: reading them with ProposalPolicy, and the changes the
 * contracts context makes as both sides decide (through here, inside its transaction,
 * each change audited).
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly repo: ProposalsRepository,
    private readonly needs: NeedsService,
    private readonly sessions: SessionsService,
    private readonly bids: BidsService,
    private readonly audit: AuditService,
  ) {}

  /** The proposals the caller may read (ProposalPolicy, in SQL). The filter must narrow the question. */
  async list(principal: Principal, filter: ProposalFilter, page: Partial<ProposalPageArgs> = {}): Promise<MatchProposalEntity[]> {
    const given = [filter.runId, filter.sessionId, filter.needId, filter.organizationId, filter.assignedOnly].some((v) => v !== undefined && v !== null);
    if (!given) throw MatchingRunsErrors.emptyFilter();
    for (const key of ['runId', 'sessionId', 'needId', 'organizationId'] as const) {
      const value = filter[key];
      if (value != null && !isUuid(value)) return [];
    }
    const scope = ProposalPolicy.scope(principal);
    if (scope.kind === 'none') throw MatchingRunsErrors.proposalsNotReadable();
    const communityNeedIds = scope.kind === 'community' ? await this.needs.needIdsOfCommunity(scope.communityId) : [];
    if (page.after && !(isUuid(page.after) && (await this.repo.byIds([page.after])).length > 0)) throw MatchingRunsErrors.unknownCursor();
    return this.repo.list(filter, ProposalPolicy.where(scope, 'p', communityNeedIds), { after: page.after ?? null, first: page.first ?? MAX_PROPOSALS_PAGE });
  }

  /** By id with no visibility applied: for objects whose own rule let the caller in, or followed by ProposalPolicy.canRead. */
  findMany(ids: readonly string[]): Promise<MatchProposalEntity[]> {
    return this.repo.byIds(uuidsOnly(ids));
  }

  /** The assigned pair of each assigned need of these runs (no visibility applied: for organizers' reports). */
  assignedOfRuns(runIds: readonly string[]): Promise<Array<{ runId: string; needId: string; organizationId: string; bidId: string | null; score: number }>> {
    return this.repo.assignedOfRuns(uuidsOnly(runIds));
  }

  /** A proposal with its need's community, for deciding who may read it. */
  async withNeedFacts(id: string): Promise<{ proposal: MatchProposalEntity; needCommunityId: string } | null> {
    const [proposal] = await this.findMany([id]);
    if (!proposal) return null;
    const [need] = await this.needs.findNeeds([proposal.needId]);
    return { proposal, needCommunityId: need.communityId };
  }

  /** The awards of these needs (open data), oldest first. */
  awardsOnNeeds(needIds: readonly string[]): Promise<MatchProposalEntity[]> {
    return this.repo.onNeeds(uuidsOnly(needIds), AWARD_PROPOSAL_STATUSES);
  }

  /**
   * Proposals ACCEPTED by both sides, and so waiting for their contract, for longer
   * than `forMs` (at most `limit`, oldest first): the contract writer turns each into
   * a contract or an EXPIRED proposal within moments, so one still waiting lost its job.
   */
  awaitingContract(forMs: number, limit: number): Promise<string[]> {
    return this.repo.acceptedByBothSince(ProposalStatus.ACCEPTED, forMs, limit);
  }

  // ---- for the contracts context, inside its transactions ----

  needOf(manager: EntityManager, proposalId: string): Promise<string | null> {
    return isUuid(proposalId) ? this.repo.needOf(manager, proposalId) : Promise.resolve(null);
  }

  /** The proposal locked FOR NO KEY UPDATE: one decision (or contract) at a time. */
  async lock(manager: EntityManager, proposalId: string): Promise<MatchProposalEntity> {
    const proposal = isUuid(proposalId) ? await this.repo.lock(manager, proposalId) : null;
    if (!proposal) throw MatchingRunsErrors.proposalNotFound(proposalId);
    return proposal;
  }

  async get(manager: EntityManager, proposalId: string): Promise<MatchProposalEntity> {
    const proposal = isUuid(proposalId) ? await this.repo.one(manager, proposalId) : null;
    if (!proposal) throw MatchingRunsErrors.proposalNotFound(proposalId);
    return proposal;
  }

  /** Stores a side's decision (the caller changed `proposal` from `from`), audited with `detail`. */
  async recordDecision(
    manager: EntityManager,
    actor: Principal,
    proposal: MatchProposalEntity,
    from: ProposalStatus,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.repo.update(manager, proposal.id, {
      status: proposal.status,
      statusReason: proposal.statusReason,
      communityAccepted: proposal.communityAccepted,
      organizationAccepted: proposal.organizationAccepted,
    });
    await this.audit.record(manager, actor, { entityType: 'PROPOSAL', entityId: proposal.id, from, to: proposal.status, detail });
  }

  /** The proposal became contract `number`: CONTRACTED, audited. */
  async markContracted(manager: EntityManager, proposal: MatchProposalEntity, number: string, contractId: string): Promise<void> {
    await this.repo.update(manager, proposal.id, { status: ProposalStatus.CONTRACTED, statusReason: `contract ${number}` });
    await this.audit.record(manager, null, {
      entityType: 'PROPOSAL',
      entityId: proposal.id,
      from: proposal.status,
      to: ProposalStatus.CONTRACTED,
      detail: { contractId },
    });
  }

  /** The proposal can never become a contract: EXPIRED with the reason, audited. */
  async expire(manager: EntityManager, proposal: MatchProposalEntity, reason: string): Promise<void> {
    await this.repo.update(manager, proposal.id, { status: ProposalStatus.EXPIRED, statusReason: reason });
    await this.audit.record(manager, null, {
      entityType: 'PROPOSAL',
      entityId: proposal.id,
      from: proposal.status,
      to: ProposalStatus.EXPIRED,
      detail: { reason },
    });
  }

  /** The need went to another proposal: every other open one (PROPOSED, ACCEPTED) EXPIRED with the reason, each audited. */
  async expireOthersOnNeed(manager: EntityManager, needId: string, winnerId: string, reason: string): Promise<void> {
    const others = await this.repo.lockOthersOnNeed(manager, needId, winnerId, [ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED]);
    if (others.length === 0) return;
    await this.repo.setStatusOf(
      manager,
      others.map((p) => p.id),
      ProposalStatus.EXPIRED,
      reason,
    );
    await this.audit.record(
      manager,
      null,
      ...others.map((p): StatusChange => ({ entityType: 'PROPOSAL', entityId: p.id, from: p.status, to: ProposalStatus.EXPIRED, detail: { reason } })),
    );
  }

  /**
   * Puts a MATCHED or CONTRACTED need back on the market, inside the caller's
   * transaction (the caller holds the need's lock, taken first): every proposal of it
   * that could still become its contract (PROPOSED, ACCEPTED, CONTRACTED) EXPIRED with
   * the reason, its bids released (BidsService.releaseOfNeed), the need PUBLISHED so a
   * later session can take it. The one path for an annulled award (upheld complaint),
   * a terminated contract and a need whose proposals all closed. Each owner audits its
   * change. Returns whether the need moved.
   */
  async returnNeedToMarket(
    manager: EntityManager,
    actor: Principal | null,
    needId: string,
    reason: string,
    detail: Record<string, unknown> = {},
  ): Promise<boolean> {
    const open = await this.repo.lockOnNeed(manager, needId, OPEN_PROPOSAL_STATUSES);
    if (open.length) {
      await this.repo.setStatusOf(
        manager,
        open.map((p) => p.id),
        ProposalStatus.EXPIRED,
        reason,
      );
      await this.audit.record(
        manager,
        actor,
        ...open.map((p): StatusChange => ({
          entityType: 'PROPOSAL',
          entityId: p.id,
          from: p.status,
          to: ProposalStatus.EXPIRED,
          detail: { reason, ...detail },
        })),
      );
    }
    await this.bids.releaseOfNeed(manager, actor, needId, { reason, ...detail });
    const moved = await this.needs.changeStatus(manager, actor, [needId], [NeedStatus.MATCHED, NeedStatus.CONTRACTED], NeedStatus.PUBLISHED, {
      reason,
      ...detail,
    });
    return moved.length > 0;
  }

  /**
   * A MATCHED need none of whose proposals can still become a contract (each EXPIRED or
   * DECLINED) goes back on the market for a new session. Inside the caller's
   * transaction, which holds the need's lock.
   */
  async releaseNeedIfNoneOpen(manager: EntityManager, needId: string): Promise<boolean> {
    const need = await this.needs.getIn(manager, needId);
    if (need.status !== NeedStatus.MATCHED) return false;
    if ((await this.repo.lockOnNeed(manager, needId, OPEN_PROPOSAL_STATUSES)).length > 0) return false;
    return this.returnNeedToMarket(manager, null, needId, 'every proposal of the need expired or was declined');
  }

  /** Whether a run ever proposed the organization for the need (who may question its award). */
  wasProposed(manager: EntityManager, organizationId: string, needId: string): Promise<boolean> {
    return isUuid(organizationId) && isUuid(needId) ? this.repo.existsFor(manager, organizationId, needId) : Promise.resolve(false);
  }

  /** The proposals of a need ACCEPTED by both sides and waiting for their contract (a complaint held them). */
  async acceptedOnNeed(needId: string): Promise<string[]> {
    if (!isUuid(needId)) return [];
    return (await this.repo.onNeeds([needId], [ProposalStatus.ACCEPTED])).filter((p) => p.communityAccepted && p.organizationAccepted).map((p) => p.id);
  }

  /** The live session of the proposal's run; null for a run outside any session, which has no live channel. */
  async liveSessionOf(manager: EntityManager, proposalId: string): Promise<LiveSession | null> {
    const sessionId = isUuid(proposalId) ? await this.repo.sessionOf(manager, proposalId) : null;
    const session = sessionId ? await this.sessions.find(sessionId, manager) : null;
    return session ? { sessionId: session.id, fairId: session.fairId } : null;
  }
}
