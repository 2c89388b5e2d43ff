import { AuditService, LiveEvents, SessionEventType } from '@app/core';
import { DirectoryService, OrganizationEntity } from '@app/directory';
import { BidsService, BidStatus } from '@app/fairs';
import { LiveSession, MatchProposalEntity, ProposalsService, ProposalStatus } from '@app/matching-runs';
import { NeedsService, NeedStatus } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ContractsRepository } from './contracts.repository';
import { ContractStatus } from './entities/contract.entity';
import { planMilestones } from './milestone-plan';

export type ContractOutcome =
  { kind: 'created'; contractId: string; number: string } | { kind: 'expired'; reason: string } | { kind: 'skipped'; reason: string };

/** Why a proposal accepted by both sides did not become a contract (ProposalStatus EXPIRED, statusReason). */
export const ExpiryReasons = {
  atCapacity: (org: OrganizationEntity, pending: number) =>
    `organization at capacity: ${org.activeProjects} contract(s) in force and ${pending} awaiting signature of ${org.maxConcurrentProjects} allowed`,
  needContracted: (number: string) => `the need already has a contract (${number})`,
  needNotOpen: (status: string) => `the need is ${status}`,
  bidNotLive: (status: string) => `the organization's bid is ${status}`,
  otherWon: (number: string) => `the need was contracted to another organization (${number})`,
};

/** Needs whose proposals can still become a contract. */
const OPEN_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.PUBLISHED, NeedStatus.MATCHED];

/**
 * Writes the contract record once both sides have accepted a proposal: the worker's
 * `create-contract` job. Idempotent and race-safe: every check is repeated under row
 * locks inside one transaction, and the unique indexes (one contract in force per
 * need, one per proposal) make a second contract impossible rather than unlikely. The
 * need, the proposals, the bids and the organization change through their owners'
 * services, in this transaction, each change audited by its owner.
 *
 * Capacity: an organization's `activeProjects` counts contracts SIGNED or ACTIVE (a
 * slot is taken when both parties have signed). A contract awaiting signature already
 * reserves a slot here: the organization row is locked and a proposal is EXPIRED when
 * activeProjects + contracts PENDING_SIGNATURE ≥ maxConcurrentProjects, so signing can
 * never push an organization over its capacity.
 */
@Injectable()
export class ContractWriterService {
  private readonly logger = new Logger(ContractWriterService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ContractsRepository,
    private readonly needs: NeedsService,
    private readonly proposals: ProposalsService,
    private readonly bids: BidsService,
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async createFromProposal(proposalId: string): Promise<ContractOutcome> {
    const { outcome, session } = await this.db.transaction(async (m) => {
      const outcome = await this.write(m, proposalId);
      const session = outcome.kind === 'skipped' ? null : await this.proposals.liveSessionOf(m, proposalId);
      return { outcome, session };
    });
    this.logger.log(`proposal ${proposalId}: ${outcome.kind}${'reason' in outcome ? ` (${outcome.reason})` : ` ${outcome.number}`}`);
    if (outcome.kind === 'created' && session) {
      await this.live.session({
        type: SessionEventType.CONTRACT_CREATED,
        sessionId: session.sessionId,
        fairId: session.fairId,
        proposalId,
        contractId: outcome.contractId,
      });
    }
    return outcome;
  }

  private async write(m: EntityManager, proposalId: string): Promise<ContractOutcome> {
    const needId = await this.proposals.needOf(m, proposalId);
    if (!needId) return { kind: 'skipped', reason: 'proposal not found' };
    // Lock order need → proposals → bids → organization, the same in every job: two jobs
    // for proposals of one need queue up on the need instead of deadlocking on each
    // other's proposals.
    const need = await this.needs.lock(m, needId, 'update');
    const proposal = await this.proposals.lock(m, proposalId);
    // A retried job finds its own work done.
    if (proposal.status === ProposalStatus.CONTRACTED) return { kind: 'skipped', reason: 'already contracted' };
    if (proposal.status !== ProposalStatus.ACCEPTED || !proposal.communityAccepted || !proposal.organizationAccepted) {
      return { kind: 'skipped', reason: `proposal is ${proposal.status}, not accepted by both sides` };
    }

    // A PENDING complaint holds the award: the proposal stays ACCEPTED, and dismissing or
    // withdrawing the complaint enqueues this job again (ProposalAcceptanceService.resumeContractsOfNeed).
    if (await this.repo.complaintPending(m, need.id)) return { kind: 'skipped', reason: 'a complaint against the award is pending' };

    const existing = await this.repo.liveNumberOfNeed(m, need.id);
    if (existing) return this.expire(m, proposal, ExpiryReasons.needContracted(existing));
    if (!OPEN_NEED_STATUSES.includes(need.status)) return this.expire(m, proposal, ExpiryReasons.needNotOpen(need.status));

    const bid = proposal.bidId ? await this.bids.lock(m, proposal.bidId) : null;
    if (bid && bid.status !== BidStatus.SUBMITTED) return this.expire(m, proposal, ExpiryReasons.bidNotLive(bid.status));

    const org = await this.directory.lockOrganization(m, proposal.organizationId);
    const pending = await this.repo.countOfOrganization(m, org.id, ContractStatus.PENDING_SIGNATURE);
    if (org.activeProjects + pending >= org.maxConcurrentProjects) return this.expire(m, proposal, ExpiryReasons.atCapacity(org, pending));

    const number = await this.repo.nextNumber(m);
    const amountFen = bid ? bid.priceFen : need.budgetFen;
    const contract = await this.repo.insert(m, {
      number,
      needId: need.id,
      organizationId: org.id,
      communityId: need.communityId,
      proposalId: proposal.id,
      fairId: need.fairId ?? (await this.fairOfProposal(m, proposal.id)),
      amountFen,
      fundingSource: need.fundingSource,
      startsOn: need.startsOn,
      endsOn: need.endsOn,
      status: ContractStatus.PENDING_SIGNATURE,
    });
    await this.repo.insertMilestones(
      m,
      planMilestones(amountFen, need.startsOn, need.endsOn).map((ms) => ({ ...ms, contractId: contract.id, paidAt: null })),
    );
    await this.audit.record(m, null, {
      entityType: 'CONTRACT',
      entityId: contract.id,
      from: null,
      to: ContractStatus.PENDING_SIGNATURE,
      detail: { number, proposalId: proposal.id, amountFen },
    });

    await this.needs.changeStatus(m, null, [need.id], [need.status], NeedStatus.CONTRACTED, { contractId: contract.id });
    await this.proposals.markContracted(m, proposal, number, contract.id);
    await this.proposals.expireOthersOnNeed(m, need.id, proposal.id, ExpiryReasons.otherWon(number));
    await this.bids.settleForContract(m, need.id, bid, contract.id);
    return { kind: 'created', contractId: contract.id, number };
  }

  /** The proposal EXPIRED; a MATCHED need left with no open proposal goes back on the market (the need is locked: first lock of the job). */
  private async expire(m: EntityManager, proposal: MatchProposalEntity, reason: string): Promise<ContractOutcome> {
    await this.proposals.expire(m, proposal, reason);
    await this.proposals.releaseNeedIfNoneOpen(m, proposal.needId);
    return { kind: 'expired', reason };
  }

  private async fairOfProposal(m: EntityManager, proposalId: string): Promise<string | null> {
    const session: LiveSession | null = await this.proposals.liveSessionOf(m, proposalId);
    return session?.fairId ?? null;
  }
}
