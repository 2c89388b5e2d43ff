import { AuditService, isPgError, isUuid, LiveEvents, PG_UNIQUE_VIOLATION, Principal, Role, SessionEventType, StatusChange, uuidsOnly } from '@app/core';
import { DirectoryService } from '@app/directory';
import { ProposalsService } from '@app/matching-runs';
import { NeedsService } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ContractPolicy } from './contract.policy';
import { ContractsErrors } from './contracts.errors';
import { ContractsRepository, ResolvedComplaint } from './contracts.repository';
import { ContractsArgs, EvaluateContractInput } from './dto/contract.inputs';
import { ContractEvaluationEntity } from './entities/contract-evaluation.entity';
import { ContractMilestoneEntity } from './entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from './entities/contract.entity';

const IN_FORCE = [ContractStatus.SIGNED, ContractStatus.ACTIVE];

/**
 * Contracts after they are written: signing, payments, completion, evaluation, and
 * reading them with ContractPolicy. Every status change is audited in its own transaction.
 *
 * Capacity: the organization's `activeProjects` counts contracts SIGNED or ACTIVE. The
 * directory takes a slot in the transaction that makes a contract SIGNED (none left:
 * CONFLICT, its check constraint backs it) and gives it back when a SIGNED or ACTIVE
 * contract is COMPLETED or TERMINATED. (Contracts awaiting signature reserve their slot
 * when they are written, see ContractWriterService.)
 */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ContractsRepository,
    private readonly directory: DirectoryService,
    private readonly proposals: ProposalsService,
    private readonly needs: NeedsService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  // ---- reads ----

  /** The contract if the caller may read it (ContractPolicy); null for an unknown or malformed id and for a hidden one alike. */
  async findVisible(principal: Principal, id: string): Promise<ContractEntity | null> {
    const contract = isUuid(id) ? await this.repo.one(id) : null;
    return contract && ContractPolicy.canRead(principal, contract) ? contract : null;
  }

  /** Organizers and admins see every contract; a community or an organization only its own (ContractPolicy, in SQL). */
  async list(principal: Principal, args: ContractsArgs): Promise<ContractEntity[]> {
    const scope = ContractPolicy.scope(principal);
    if (scope.kind === 'none') return [];
    if (args.after && !(isUuid(args.after) && (await this.repo.one(args.after)))) throw ContractsErrors.unknownCursor();
    return this.repo.list(args, ContractPolicy.where(scope, 'c'));
  }

  findByIds(ids: readonly string[]): Promise<ContractEntity[]> {
    return this.repo.byIds(uuidsOnly(ids));
  }

  findByProposals(proposalIds: readonly string[]): Promise<ContractEntity[]> {
    return this.repo.byProposals(uuidsOnly(proposalIds));
  }

  ofNeeds(needIds: readonly string[]): Promise<ContractEntity[]> {
    return this.repo.ofNeeds(uuidsOnly(needIds));
  }

  /** Open data: that a resolved complaint exists on these needs, its outcome and dates (never its text). */
  resolvedComplaintsOf(needIds: readonly string[]): Promise<ResolvedComplaint[]> {
    return this.repo.resolvedComplaintsOf(uuidsOnly(needIds));
  }

  milestonesOf(contractIds: readonly string[]): Promise<ContractMilestoneEntity[]> {
    return this.repo.milestonesOf(uuidsOnly(contractIds));
  }

  evaluationsOf(contractIds: readonly string[]): Promise<ContractEvaluationEntity[]> {
    return this.repo.evaluationsOf(uuidsOnly(contractIds));
  }

  // ---- changes ----

  /** Each party signs its own side; the second signature makes the contract SIGNED and takes a capacity slot. */
  async sign(principal: Principal, id: string): Promise<ContractEntity> {
    const { contract, proposalId } = await this.change(
      id,
      async (m, contract) => {
        const side = this.partySide(principal, contract);
        if (contract.status !== ContractStatus.PENDING_SIGNATURE) throw ContractsErrors.notPendingSignature(contract.status);
        // Under the contract's lock: fileComplaint takes it too, so a complaint and a signature never both win.
        if (await this.repo.complaintPending(m, contract.needId)) throw ContractsErrors.complaintPending();
        const signedAt = side === 'community' ? contract.communitySignedAt : contract.organizationSignedAt;
        if (signedAt) throw ContractsErrors.alreadySigned(side);
        const from = contract.status;
        if (side === 'community') contract.communitySignedAt = new Date();
        else contract.organizationSignedAt = new Date();
        if (contract.communitySignedAt && contract.organizationSignedAt) {
          contract.status = ContractStatus.SIGNED;
          if (!(await this.directory.takeCapacitySlot(m, contract.organizationId))) throw ContractsErrors.organizationAtCapacity();
        }
        await this.repo.update(m, contract.id, {
          status: contract.status,
          communitySignedAt: contract.communitySignedAt,
          organizationSignedAt: contract.organizationSignedAt,
        });
        return [{ entityType: 'CONTRACT', entityId: contract.id, from, to: contract.status, detail: { signedBy: side } }];
      },
      principal,
    );
    if (proposalId) await this.publish(proposalId, SessionEventType.CONTRACT_SIGNED, contract.id);
    return contract;
  }

  /** Paying the first milestone of a SIGNED contract makes it ACTIVE; milestones may be paid in any order, each once. */
  async markMilestonePaid(principal: Principal, contractId: string, seq: number): Promise<ContractEntity> {
    const { contract } = await this.change(
      contractId,
      async (m, contract) => {
        this.assertCommunityOrOrganizer(principal, contract);
        if (!IN_FORCE.includes(contract.status)) throw ContractsErrors.notInForce(contract.status, 'paying a milestone');
        const milestone = await this.repo.milestone(m, contract.id, seq);
        if (!milestone) throw ContractsErrors.milestoneNotFound(seq, contract.id);
        if (milestone.paidAt) throw ContractsErrors.milestoneAlreadyPaid(seq);
        if (!(await this.repo.payMilestone(m, contract.id, seq))) throw ContractsErrors.milestoneAlreadyPaid(seq);
        const changes: StatusChange[] = [
          { entityType: 'MILESTONE', entityId: contract.id, from: 'DUE', to: 'PAID', detail: { seq, amountFen: milestone.amountFen } },
        ];
        if (contract.status === ContractStatus.SIGNED) {
          contract.status = ContractStatus.ACTIVE;
          await this.repo.update(m, contract.id, { status: contract.status });
          changes.push({
            entityType: 'CONTRACT',
            entityId: contract.id,
            from: ContractStatus.SIGNED,
            to: ContractStatus.ACTIVE,
            detail: { firstPaidMilestone: seq },
          });
        }
        return changes;
      },
      principal,
    );
    return contract;
  }

  async complete(principal: Principal, id: string): Promise<ContractEntity> {
    const { contract } = await this.change(
      id,
      async (m, contract) => {
        this.assertCommunityOrOrganizer(principal, contract);
        if (!IN_FORCE.includes(contract.status)) throw ContractsErrors.notInForce(contract.status, 'completing');
        return this.endInForce(m, contract, ContractStatus.COMPLETED, {});
      },
      principal,
    );
    await this.statsChanged(contract);
    return contract;
  }

  /**
   * Ends a contract early: before signature it just lapses; in force, it frees the
   * organization's slot. Either way its need goes back on the market (PUBLISHED, its
   * proposals EXPIRED, its bids released: ProposalsService.returnNeedToMarket), so a
   * later session can contract it again. Locks need → contract, the writer's order.
   */
  async terminate(principal: Principal, id: string, reason: string): Promise<ContractEntity> {
    const known = isUuid(id) ? await this.repo.one(id) : null;
    if (!known) throw ContractsErrors.contractNotFound(id);
    const contract = await this.db.transaction(async (m) => {
      await this.needs.lock(m, known.needId, 'update');
      const contract = (await this.repo.lock(m, id))!;
      this.assertCommunityOrOrganizer(principal, contract);
      if (contract.status === ContractStatus.COMPLETED || contract.status === ContractStatus.TERMINATED)
        throw ContractsErrors.notInForce(contract.status, 'terminating');
      await this.audit.record(m, principal, ...(await this.endInForce(m, contract, ContractStatus.TERMINATED, { reason })));
      await this.proposals.returnNeedToMarket(m, principal, contract.needId, `contract ${contract.number} terminated: ${reason}`, { contractId: contract.id });
      return (await this.repo.one(id, m))!;
    });
    await this.statsChanged(contract);
    return contract;
  }

  /**
   * An upheld complaint annuls the need's award, inside the complaints context's
   * transaction (which holds the need's lock): a contract not yet signed (by both
   * sides) becomes TERMINATED with the reason, and the need goes back on the market
   * by the same path as a terminated contract. A contract in force is never annulled
   * (signing refuses while a complaint is pending, so it cannot be). Returns the
   * terminated contract, if there was one.
   */
  async annulAward(m: EntityManager, actor: Principal, needId: string, reason: string, detail: Record<string, unknown>): Promise<ContractEntity | null> {
    const contract = await this.repo.lockLiveOfNeed(m, needId);
    if (contract && contract.status !== ContractStatus.PENDING_SIGNATURE) throw ContractsErrors.alreadyInForce(contract.status);
    if (contract) await this.audit.record(m, actor, ...(await this.endInForce(m, contract, ContractStatus.TERMINATED, { reason, ...detail })));
    await this.proposals.returnNeedToMarket(m, actor, needId, reason, { ...detail, ...(contract ? { contractId: contract.id } : {}) });
    return contract;
  }

  /** The need's contract that is not TERMINATED, locked FOR NO KEY UPDATE in the caller's transaction (fileComplaint: the lock signing takes). */
  lockLiveOfNeed(m: EntityManager, needId: string): Promise<ContractEntity | null> {
    return isUuid(needId) ? this.repo.lockLiveOfNeed(m, needId) : Promise.resolve(null);
  }

  /** A terminated contract changes the fair's signed figures (after the caller committed). */
  async announceEnded(contract: ContractEntity): Promise<void> {
    await this.statsChanged(contract);
  }

  /** Once per contract, by its community, after completion; moves the organization's running mean in the same transaction. */
  async evaluate(principal: Principal, input: EvaluateContractInput): Promise<ContractEvaluationEntity> {
    if (!isUuid(input.contractId)) throw ContractsErrors.contractNotFound(input.contractId);
    return this.db.transaction(async (m) => {
      const contract = await this.repo.lock(m, input.contractId);
      if (!contract) throw ContractsErrors.contractNotFound(input.contractId);
      if (principal.role !== Role.COMMUNITY || principal.communityId !== contract.communityId) throw ContractsErrors.notContractCommunity();
      if (contract.status !== ContractStatus.COMPLETED) throw ContractsErrors.notCompleted(contract.status);
      let evaluation: ContractEvaluationEntity;
      try {
        evaluation = await this.repo.insertEvaluation(m, {
          contractId: contract.id,
          score: input.score,
          comment: input.comment?.trim() || null,
          evaluatedBy: principal.userId,
        });
      } catch (error) {
        // The unique index is the guard, whatever the interleaving of two evaluations.
        if (isPgError(error, PG_UNIQUE_VIOLATION)) throw ContractsErrors.alreadyEvaluated();
        throw error;
      }
      await this.directory.recordEvaluation(m, contract.organizationId, input.score);
      return evaluation;
    });
  }

  // ---- helpers ----

  private async endInForce(
    m: EntityManager,
    contract: ContractEntity,
    to: ContractStatus.COMPLETED | ContractStatus.TERMINATED,
    detail: Record<string, unknown>,
  ): Promise<StatusChange[]> {
    const from = contract.status;
    if (IN_FORCE.includes(from)) await this.directory.releaseCapacitySlot(m, contract.organizationId);
    contract.status = to;
    contract.completedAt = to === ContractStatus.COMPLETED ? new Date() : contract.completedAt;
    await this.repo.update(m, contract.id, { status: to, completedAt: contract.completedAt });
    return [{ entityType: 'CONTRACT', entityId: contract.id, from, to, detail }];
  }

  /**
   * Locks the contract row, applies one change, audits it, commits, and returns the
   * fresh row. The lock serialises every change of one contract (two signatures,
   * two payments) so each sees the other's result.
   */
  private async change(
    id: string,
    apply: (m: EntityManager, contract: ContractEntity) => Promise<StatusChange[]>,
    principal: Principal,
  ): Promise<{ contract: ContractEntity; proposalId: string | null }> {
    if (!isUuid(id)) throw ContractsErrors.contractNotFound(id);
    return this.db.transaction(async (m) => {
      const contract = await this.repo.lock(m, id);
      if (!contract) throw ContractsErrors.contractNotFound(id);
      const changes = await apply(m, contract);
      await this.audit.record(m, principal, ...changes);
      return { contract: (await this.repo.one(id, m))!, proposalId: contract.proposalId };
    });
  }

  private partySide(principal: Principal, contract: ContractEntity): 'community' | 'organization' {
    if (principal.role === Role.COMMUNITY && principal.communityId === contract.communityId) return 'community';
    if (principal.role === Role.ORGANIZATION && principal.organizationId === contract.organizationId) return 'organization';
    throw ContractsErrors.notAContractParty();
  }

  private assertCommunityOrOrganizer(principal: Principal, contract: ContractEntity): void {
    if (principal.role === Role.ORGANIZER) return;
    if (principal.role === Role.COMMUNITY && principal.communityId === contract.communityId) return;
    throw ContractsErrors.notContractCommunityOrOrganizer();
  }

  /** Ending a contract changes the fair's signed figures; there is no session event for it. */
  private async statsChanged(contract: ContractEntity): Promise<void> {
    if (contract.fairId) await this.live.fairStatsChanged(contract.fairId);
  }

  private async publish(proposalId: string, type: SessionEventType, contractId: string): Promise<void> {
    const session = await this.proposals.liveSessionOf(this.db.manager, proposalId);
    if (session) await this.live.session({ type, sessionId: session.sessionId, fairId: session.fairId, proposalId, contractId });
  }
}
