import { AuditService, JobPayloads, JOBS, LiveEvents, notFound, Principal, QUEUES, Role, SessionEventType } from '@app/core';
import { MatchProposalEntity, ProposalStatus } from '@app/matching-runs';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ContractsErrors, requireId } from './contracts.errors';
import { LiveSession, liveSessionOfProposal } from './live-session';

type Side = 'community' | 'organization';

/**
 * BullMQ refuses custom job ids holding a ':' unless they have exactly three parts,
 * so the deterministic id is `contract-<proposalId>`: one contract job per proposal
 * however many times acceptance is retried.
 */
export const contractJobId = (proposalId: string) => `contract-${proposalId}`;

/** Mutual acceptance: the need's community and the proposal's organization each say yes (or no). */
@Injectable()
export class ProposalAcceptanceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.contracts) private readonly contractsQueue: Queue,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async accept(principal: Principal, proposalId: string): Promise<MatchProposalEntity> {
    return this.decide(principal, proposalId, 'accept');
  }

  async decline(principal: Principal, proposalId: string): Promise<MatchProposalEntity> {
    return this.decide(principal, proposalId, 'decline');
  }

  private async decide(principal: Principal, proposalId: string, decision: 'accept' | 'decline'): Promise<MatchProposalEntity> {
    requireId('id', proposalId);
    const { proposal, session, enqueue } = await this.db.transaction(async (m) => {
      // The row lock serialises the two sides: when the community and the organization
      // accept at the same moment, the second sees the first's flag and makes the
      // proposal ACCEPTED, so the contract job is enqueued by exactly one of them.
      const proposal = await m.findOne(MatchProposalEntity, { where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
      if (!proposal) throw notFound('MatchProposal', proposalId);
      const need = await m.findOneOrFail(ServiceNeedEntity, { where: { id: proposal.needId } });
      const side = this.sideOf(principal, proposal, need);
      if (proposal.status !== ProposalStatus.PROPOSED && proposal.status !== ProposalStatus.ACCEPTED) {
        throw ContractsErrors.proposalClosed(proposal.status);
      }
      const from = proposal.status;
      if (decision === 'decline') {
        proposal.status = ProposalStatus.DECLINED;
        proposal.statusReason = `declined by the ${side}`;
      } else {
        if (need.status !== NeedStatus.PUBLISHED && need.status !== NeedStatus.MATCHED) throw ContractsErrors.needNotOpen(need.status);
        if (side === 'community') proposal.communityAccepted = true;
        else proposal.organizationAccepted = true;
        if (proposal.communityAccepted && proposal.organizationAccepted) proposal.status = ProposalStatus.ACCEPTED;
      }
      await m.update(MatchProposalEntity, { id: proposal.id }, {
        status: proposal.status, statusReason: proposal.statusReason,
        communityAccepted: proposal.communityAccepted, organizationAccepted: proposal.organizationAccepted,
      });
      await this.audit.record(m, principal, {
        entityType: 'PROPOSAL', entityId: proposal.id, from, to: proposal.status,
        detail: { decision, side, communityAccepted: proposal.communityAccepted, organizationAccepted: proposal.organizationAccepted },
      });
      const session = await liveSessionOfProposal(m, proposal.id);
      return { proposal, session, enqueue: decision === 'accept' && proposal.status === ProposalStatus.ACCEPTED };
    });
    // After commit: the worker must find the proposal ACCEPTED when it runs. A repeated
    // accept of an ACCEPTED proposal enqueues again on purpose: if the first enqueue was
    // lost (the process died right after commit), this recovers it; the job id dedupes.
    if (enqueue) await this.enqueueContract(proposal.id);
    await this.publish(session, decision === 'accept' ? SessionEventType.PROPOSAL_ACCEPTED : SessionEventType.PROPOSAL_DECLINED, proposal.id);
    return this.db.getRepository(MatchProposalEntity).findOneByOrFail({ id: proposal.id });
  }

  private async enqueueContract(proposalId: string): Promise<void> {
    const payload: JobPayloads[typeof JOBS.createContract] = { proposalId };
    // add() not addBulk(): only add() dedupes by jobId.
    await this.contractsQueue.add(JOBS.createContract, payload, { jobId: contractJobId(proposalId) });
  }

  private async publish(session: LiveSession | null, type: SessionEventType, proposalId: string): Promise<void> {
    if (session) await this.live.session({ type, sessionId: session.sessionId, fairId: session.fairId, proposalId });
  }

  /** Which side the caller speaks for; organizers and admins speak for neither. */
  private sideOf(principal: Principal, proposal: MatchProposalEntity, need: ServiceNeedEntity): Side {
    if (principal.role === Role.COMMUNITY && principal.communityId === need.communityId) return 'community';
    if (principal.role === Role.ORGANIZATION && principal.organizationId === proposal.organizationId) return 'organization';
    throw ContractsErrors.notAProposalParty();
  }
}
