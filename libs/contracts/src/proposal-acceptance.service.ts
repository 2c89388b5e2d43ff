import {
  ensureJob,
  EnvironmentVariables,
  JobPayloads,
  JobRecovery,
  JOBS,
  LiveEvents,
  Principal,
  QUEUES,
  Role,
  SessionEventType,
  withinQueueTimeout,
} from '@app/core';
import { LiveSession, MatchProposalEntity, ProposalsService, ProposalStatus } from '@app/matching-runs';
import { NeedsService, NeedStatus } from '@app/needs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ContractsErrors } from './contracts.errors';
import { ContractsRepository } from './contracts.repository';

type Side = 'community' | 'organization';

/**
 * BullMQ refuses custom job ids holding a ':' unless they have exactly three parts,
 * so the deterministic id is `contract-<proposalId>`: one contract job per proposal
 * however many times acceptance is retried.
 */
export const contractJobId = (proposalId: string) => `contract-${proposalId}`;

/** Proposals recovered per sweep at most; the next sweep takes the rest. */
const RECOVERY_BATCH = 500;

/** Needs whose proposals can still be accepted. */
const OPEN_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.PUBLISHED, NeedStatus.MATCHED];

/** Mutual acceptance: the need's community and the proposal's organization each say yes (or no). */
@Injectable()
export class ProposalAcceptanceService {
  private readonly logger = new Logger(ProposalAcceptanceService.name);

  constructor(
    private readonly env: EnvironmentVariables,
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.contracts) private readonly contractsQueue: Queue,
    private readonly proposals: ProposalsService,
    private readonly needs: NeedsService,
    private readonly contracts: ContractsRepository,
    private readonly live: LiveEvents,
  ) {}

  async accept(principal: Principal, proposalId: string): Promise<MatchProposalEntity> {
    return this.decide(principal, proposalId, 'accept');
  }

  async decline(principal: Principal, proposalId: string): Promise<MatchProposalEntity> {
    return this.decide(principal, proposalId, 'decline');
  }

  private async decide(principal: Principal, proposalId: string, decision: 'accept' | 'decline'): Promise<MatchProposalEntity> {
    const { proposal, session, enqueue } = await this.db.transaction(async (m) => {
      // The row lock serialises the two sides: when the community and the organization
      // accept at the same moment, the second sees the first's flag and makes the
      // proposal ACCEPTED, so the contract job is enqueued by exactly one of them.
      const proposal = await this.proposals.lock(m, proposalId);
      const need = await this.needs.getIn(m, proposal.needId);
      const side = this.sideOf(principal, proposal, need.communityId);
      if (proposal.status !== ProposalStatus.PROPOSED && proposal.status !== ProposalStatus.ACCEPTED) {
        throw ContractsErrors.proposalClosed(proposal.status);
      }
      const from = proposal.status;
      if (decision === 'decline') {
        proposal.status = ProposalStatus.DECLINED;
        proposal.statusReason = `declined by the ${side}`;
      } else {
        if (!OPEN_NEED_STATUSES.includes(need.status)) throw ContractsErrors.needNotOpen(need.status);
        if (side === 'community') proposal.communityAccepted = true;
        else proposal.organizationAccepted = true;
        if (proposal.communityAccepted && proposal.organizationAccepted) proposal.status = ProposalStatus.ACCEPTED;
      }
      await this.proposals.recordDecision(m, principal, proposal, from, {
        decision,
        side,
        communityAccepted: proposal.communityAccepted,
        organizationAccepted: proposal.organizationAccepted,
      });
      if (decision === 'decline') await this.proposals.releaseNeedIfNoneOpen(m, proposal.needId);
      const session = await this.proposals.liveSessionOf(m, proposal.id);
      return { proposal, session, enqueue: decision === 'accept' && proposal.status === ProposalStatus.ACCEPTED };
    });
    // After commit: the worker must find the proposal ACCEPTED when it runs. A repeated
    // accept of an ACCEPTED proposal enqueues again on purpose: if the first enqueue was
    // lost (the process died right after commit), this recovers it; the job id dedupes.
    // With the queue down the acceptance stands (it is committed: the proposal ACCEPTED by
    // both sides is the record of the contract to write) and the recovery sweep enqueues
    // the job once the queue is back.
    if (enqueue) {
      await this.enqueueContract(proposal.id).catch((error: Error) =>
        this.logger.warn(`proposal ${proposal.id} ACCEPTED; its contract waits for the job queue: ${error.message}`),
      );
    }
    await this.publish(session, decision === 'accept' ? SessionEventType.PROPOSAL_ACCEPTED : SessionEventType.PROPOSAL_DECLINED, proposal.id);
    return this.proposals.get(this.db.manager, proposal.id);
  }

  private async enqueueContract(proposalId: string): Promise<void> {
    const payload: JobPayloads[typeof JOBS.createContract] = { proposalId };
    // add() not addBulk(): only add() dedupes by jobId.
    await withinQueueTimeout(`enqueue contract of ${proposalId}`, this.env.QUEUE_TIMEOUT_MS, () =>
      this.contractsQueue.add(JOBS.createContract, payload, { jobId: contractJobId(proposalId) }),
    );
  }

  /**
   * The recovery sweep's part for contracts (worker): every proposal ACCEPTED by both
   * sides for longer than `waitingForMs` still has no contract, so its job was never
   * enqueued (queue down), was lost with Redis's data, or failed all its attempts (the
   * database down). ensureJob adds or retries it by its deterministic id; the writer's
   * locks and unique indexes keep it to one contract per need however often it runs.
   */
  async recoverContracts(waitingForMs: number): Promise<Array<{ proposalId: string; recovery: JobRecovery }>> {
    const done: Array<{ proposalId: string; recovery: JobRecovery }> = [];
    const waiting = await this.proposals.findMany(await this.proposals.awaitingContract(waitingForMs, RECOVERY_BATCH));
    // A proposal whose need a PENDING complaint holds waits for the complaint's end (resumeContractsOfNeed), not for the sweep.
    const held = await this.contracts.heldNeeds([...new Set(waiting.map((p) => p.needId))]);
    for (const proposalId of waiting.filter((p) => !held.has(p.needId)).map((p) => p.id)) {
      const payload: JobPayloads[typeof JOBS.createContract] = { proposalId };
      const recovery = await ensureJob(this.contractsQueue, JOBS.createContract, payload, contractJobId(proposalId), {
        timeoutMs: this.env.QUEUE_TIMEOUT_MS,
        backoffBaseMs: waitingForMs,
      });
      done.push({ proposalId, recovery });
    }
    return done;
  }

  /**
   * A complaint that held the need's award ended (dismissed, withdrawn): the proposals
   * ACCEPTED by both sides get their contract job again (ensureJob: the job that found
   * the complaint pending completed without writing anything). Returns how many.
   */
  async resumeContractsOfNeed(needId: string): Promise<number> {
    const ids = await this.proposals.acceptedOnNeed(needId);
    for (const proposalId of ids) {
      const payload: JobPayloads[typeof JOBS.createContract] = { proposalId };
      await ensureJob(this.contractsQueue, JOBS.createContract, payload, contractJobId(proposalId), { timeoutMs: this.env.QUEUE_TIMEOUT_MS }).catch(
        (error: Error) => this.logger.warn(`proposal ${proposalId}: its contract waits for the recovery sweep: ${error.message}`),
      );
    }
    return ids.length;
  }

  private async publish(session: LiveSession | null, type: SessionEventType, proposalId: string): Promise<void> {
    if (session) await this.live.session({ type, sessionId: session.sessionId, fairId: session.fairId, proposalId });
  }

  /** Which side the caller speaks for; organizers and admins speak for neither. */
  private sideOf(principal: Principal, proposal: MatchProposalEntity, needCommunityId: string): Side {
    if (principal.role === Role.COMMUNITY && principal.communityId === needCommunityId) return 'community';
    if (principal.role === Role.ORGANIZATION && principal.organizationId === proposal.organizationId) return 'organization';
    throw ContractsErrors.notAProposalParty();
  }
}
