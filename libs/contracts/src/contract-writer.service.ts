import { AuditService, LiveEvents, SessionEventType, StatusChange } from '@app/core';
import { OrganizationEntity } from '@app/directory';
import { BidEntity, BidStatus } from '@app/fairs';
import { MatchProposalEntity, ProposalStatus } from '@app/matching-runs';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ContractMilestoneEntity } from './entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from './entities/contract.entity';
import { LiveSession, liveSessionOfProposal, updateReturning } from './live-session';
import { planMilestones } from './milestone-plan';

export type ContractOutcome =
  | { kind: 'created'; contractId: string; number: string }
  | { kind: 'expired'; reason: string }
  | { kind: 'skipped'; reason: string };

/** Why a proposal accepted by both sides did not become a contract (ProposalStatus EXPIRED, statusReason). */
export const ExpiryReasons = {
  atCapacity: (org: OrganizationEntity, pending: number) =>
    `organization at capacity: ${org.activeProjects} contract(s) in force and ${pending} awaiting signature of ${org.maxConcurrentProjects} allowed`,
  needContracted: (number: string) => `the need already has a contract (${number})`,
  needNotOpen: (status: string) => `the need is ${status}`,
  bidNotLive: (status: string) => `the organization's bid is ${status}`,
  otherWon: (number: string) => `the need was contracted to another organization (${number})`,
};

/**
 * Writes the contract record once both sides have accepted a proposal: the worker's
 * `create-contract` job. Idempotent and race-safe: every check is repeated under row
 * locks inside one transaction, and the unique indexes (one contract in force per
 * need, one per proposal) make a second contract impossible rather than unlikely.
 *
 * Capacity: `organizations.active_projects` counts contracts SIGNED or ACTIVE (it is
 * incremented when both parties have signed). A contract awaiting signature already
 * reserves a slot here: the organization row is locked and a proposal is EXPIRED when
 * activeProjects + contracts PENDING_SIGNATURE ≥ maxConcurrentProjects, so signing can
 * never push an organization over its capacity.
 */
@Injectable()
export class ContractWriterService {
  private readonly logger = new Logger(ContractWriterService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async createFromProposal(proposalId: string): Promise<ContractOutcome> {
    const { outcome, session } = await this.db.transaction(async (m) => {
      const outcome = await this.write(m, proposalId);
      const session = outcome.kind === 'skipped' ? null : await liveSessionOfProposal(m, proposalId);
      return { outcome, session };
    });
    this.logger.log(`proposal ${proposalId}: ${outcome.kind}${'reason' in outcome ? ` (${outcome.reason})` : ` ${outcome.number}`}`);
    if (outcome.kind === 'created' && session) {
      await this.live.session({ type: SessionEventType.CONTRACT_CREATED, sessionId: session.sessionId, fairId: session.fairId, proposalId, contractId: outcome.contractId });
    }
    return outcome;
  }

  private async write(m: EntityManager, proposalId: string): Promise<ContractOutcome> {
    const [ref]: Array<{ need_id: string }> = await m.query('SELECT need_id FROM match_proposals WHERE id = $1', [proposalId]);
    if (!ref) return { kind: 'skipped', reason: 'proposal not found' };
    // Lock order need → proposals → bids → organization, the same in every job: two jobs
    // for proposals of one need queue up on the need instead of deadlocking on each
    // other's proposals.
    const need = await m.findOneOrFail(ServiceNeedEntity, { where: { id: ref.need_id }, lock: { mode: 'pessimistic_write' } });
    const proposal = await m.findOneOrFail(MatchProposalEntity, { where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
    // A retried job finds its own work done.
    if (proposal.status === ProposalStatus.CONTRACTED) return { kind: 'skipped', reason: 'already contracted' };
    if (proposal.status !== ProposalStatus.ACCEPTED || !proposal.communityAccepted || !proposal.organizationAccepted) {
      return { kind: 'skipped', reason: `proposal is ${proposal.status}, not accepted by both sides` };
    }

    const [existing]: Array<{ number: string }> = await m.query(`SELECT number FROM contracts WHERE need_id = $1 AND status <> 'TERMINATED'`, [need.id]);
    if (existing) return this.expire(m, proposal, ExpiryReasons.needContracted(existing.number));
    if (need.status !== NeedStatus.PUBLISHED && need.status !== NeedStatus.MATCHED) return this.expire(m, proposal, ExpiryReasons.needNotOpen(need.status));

    const bid = proposal.bidId ? await m.findOne(BidEntity, { where: { id: proposal.bidId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (bid && bid.status !== BidStatus.SUBMITTED) return this.expire(m, proposal, ExpiryReasons.bidNotLive(bid.status));

    const org = await m.findOneOrFail(OrganizationEntity, { where: { id: proposal.organizationId }, lock: { mode: 'pessimistic_write' } });
    const [{ pending }]: Array<{ pending: number }> = await m.query(
      `SELECT count(*)::int AS pending FROM contracts WHERE organization_id = $1 AND status = 'PENDING_SIGNATURE'`, [org.id]);
    if (org.activeProjects + pending >= org.maxConcurrentProjects) return this.expire(m, proposal, ExpiryReasons.atCapacity(org, pending));

    const [{ number }]: Array<{ number: string }> = await m.query(
      `SELECT 'NJ-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('contract_number_seq')::text, 6, '0') AS number`);
    const amountFen = bid ? bid.priceFen : need.budgetFen;
    const contract = await m.save(ContractEntity, m.create(ContractEntity, {
      number, needId: need.id, organizationId: org.id, communityId: need.communityId, proposalId: proposal.id,
      fairId: need.fairId ?? (await this.fairOfProposal(m, proposal.id)), amountFen, fundingSource: need.fundingSource,
      startsOn: need.startsOn, endsOn: need.endsOn, status: ContractStatus.PENDING_SIGNATURE,
    }));
    await m.insert(ContractMilestoneEntity, planMilestones(amountFen, need.startsOn, need.endsOn).map((ms) => ({ ...ms, contractId: contract.id, paidAt: null })));

    const changes: StatusChange[] = [
      { entityType: 'CONTRACT', entityId: contract.id, from: null, to: ContractStatus.PENDING_SIGNATURE, detail: { number, proposalId: proposal.id, amountFen } },
      { entityType: 'NEED', entityId: need.id, from: need.status, to: NeedStatus.CONTRACTED, detail: { contractId: contract.id } },
      { entityType: 'PROPOSAL', entityId: proposal.id, from: proposal.status, to: ProposalStatus.CONTRACTED, detail: { contractId: contract.id } },
    ];
    await m.update(ServiceNeedEntity, { id: need.id }, { status: NeedStatus.CONTRACTED });
    await m.update(MatchProposalEntity, { id: proposal.id }, { status: ProposalStatus.CONTRACTED, statusReason: `contract ${number}` });

    const reason = ExpiryReasons.otherWon(number);
    const others: Array<{ id: string; status: string }> = await m.query(
      `SELECT id, status FROM match_proposals WHERE need_id = $1 AND id <> $2 AND status IN ('PROPOSED', 'ACCEPTED') ORDER BY id FOR UPDATE`,
      [need.id, proposal.id]);
    if (others.length) {
      await m.query(`UPDATE match_proposals SET status = 'EXPIRED', status_reason = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [others.map((p) => p.id), reason]);
    }
    changes.push(...others.map((p): StatusChange => ({ entityType: 'PROPOSAL', entityId: p.id, from: p.status, to: ProposalStatus.EXPIRED, detail: { reason } })));

    if (bid) {
      await m.update(BidEntity, { id: bid.id }, { status: BidStatus.AWARDED });
      changes.push({ entityType: 'BID', entityId: bid.id, from: bid.status, to: BidStatus.AWARDED, detail: { contractId: contract.id } });
    }
    const rejected = await updateReturning<{ id: string }>(m,
      `UPDATE bids SET status = 'REJECTED', updated_at = now() WHERE need_id = $1 AND status = 'SUBMITTED' AND id IS DISTINCT FROM $2 RETURNING id`,
      [need.id, bid?.id ?? null]);
    changes.push(...rejected.map((b): StatusChange => ({ entityType: 'BID', entityId: b.id, from: BidStatus.SUBMITTED, to: BidStatus.REJECTED, detail: { contractId: contract.id } })));

    await this.audit.record(m, null, ...changes);
    return { kind: 'created', contractId: contract.id, number };
  }

  private async expire(m: EntityManager, proposal: MatchProposalEntity, reason: string): Promise<ContractOutcome> {
    await m.update(MatchProposalEntity, { id: proposal.id }, { status: ProposalStatus.EXPIRED, statusReason: reason });
    await this.audit.record(m, null, { entityType: 'PROPOSAL', entityId: proposal.id, from: proposal.status, to: ProposalStatus.EXPIRED, detail: { reason } });
    return { kind: 'expired', reason };
  }

  private async fairOfProposal(m: EntityManager, proposalId: string): Promise<string | null> {
    const session: LiveSession | null = await liveSessionOfProposal(m, proposalId);
    return session?.fairId ?? null;
  }
}
