import { AuditEntryEntity, AuditService, isOrganizerOrAdmin, isPgError, LiveEvents, notFound, PG_UNIQUE_VIOLATION, Principal, Role, SessionEventType, StatusChange } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ContractsErrors, requireId } from './contracts.errors';
import { ContractsArgs, EvaluateContractInput } from './dto/contract.inputs';
import { ContractEvaluationEntity } from './entities/contract-evaluation.entity';
import { ContractMilestoneEntity } from './entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from './entities/contract.entity';
import { liveSessionOfProposal } from './live-session';

const IN_FORCE = [ContractStatus.SIGNED, ContractStatus.ACTIVE];

/**
 * Contracts after they are written: signing, payments, completion, evaluation, and
 * who may read them. Every status change is audited in its own transaction.
 *
 * Capacity: `organizations.active_projects` counts contracts SIGNED or ACTIVE. It is
 * incremented in the transaction that makes a contract SIGNED, by a conditional
 * UPDATE (no row updated: the organization is at capacity, CONFLICT), and the check
 * constraint organizations_capacity_check backs it; it is decremented when a SIGNED or
 * ACTIVE contract is COMPLETED or TERMINATED. (Contracts awaiting signature reserve
 * their slot when they are written, see ContractWriterService.)
 */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  // ---- reads ----

  /**
   * A contract is visible to its community, its organization, organizers and admins.
   * Anyone else gets null, exactly like an unknown id, so a contract's existence does
   * not leak (the same rule as need(id)).
   */
  async findVisible(principal: Principal, id: string): Promise<ContractEntity | null> {
    requireId('id', id);
    const contract = await this.db.getRepository(ContractEntity).findOneBy({ id });
    return contract && this.canRead(principal, contract) ? contract : null;
  }

  canRead(principal: Principal, contract: ContractEntity): boolean {
    return isOrganizerOrAdmin(principal)
      || (principal.role === Role.COMMUNITY && principal.communityId === contract.communityId)
      || (principal.role === Role.ORGANIZATION && principal.organizationId === contract.organizationId);
  }

  /** Organizers and admins see every contract; a community or an organization only its own. */
  async list(principal: Principal, args: ContractsArgs): Promise<ContractEntity[]> {
    const f = args.filter ?? {};
    const qb = this.db.getRepository(ContractEntity).createQueryBuilder('c');
    if (principal.role === Role.COMMUNITY) qb.andWhere('c.community_id = :own', { own: principal.communityId });
    else if (principal.role === Role.ORGANIZATION) qb.andWhere('c.organization_id = :own', { own: principal.organizationId });
    else if (!isOrganizerOrAdmin(principal)) return [];
    if (f.fairId) qb.andWhere('c.fair_id = :fairId', { fairId: f.fairId });
    if (f.organizationId) qb.andWhere('c.organization_id = :organizationId', { organizationId: f.organizationId });
    if (f.communityId) qb.andWhere('c.community_id = :communityId', { communityId: f.communityId });
    if (f.statuses?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: f.statuses });
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').offset(args.offset).limit(args.first).getMany();
  }

  findByIds(ids: readonly string[]): Promise<ContractEntity[]> {
    return this.db.getRepository(ContractEntity).findBy({ id: In([...ids]) });
  }

  findByProposals(proposalIds: readonly string[]): Promise<ContractEntity[]> {
    return this.db.getRepository(ContractEntity).findBy({ proposalId: In([...proposalIds]) });
  }

  milestonesOf(contractIds: readonly string[]): Promise<ContractMilestoneEntity[]> {
    return this.db.getRepository(ContractMilestoneEntity).find({ where: { contractId: In([...contractIds]) }, order: { seq: 'ASC' } });
  }

  evaluationsOf(contractIds: readonly string[]): Promise<ContractEvaluationEntity[]> {
    return this.db.getRepository(ContractEvaluationEntity).findBy({ contractId: In([...contractIds]) });
  }

  /** The audit log of one record, oldest first: who, when, from, to. */
  auditTrail(entityType: string, entityId: string): Promise<AuditEntryEntity[]> {
    return this.db.getRepository(AuditEntryEntity).find({ where: { entityType, entityId }, order: { at: 'ASC', id: 'ASC' } });
  }

  // ---- changes ----

  /** Each party signs its own side; the second signature makes the contract SIGNED and takes a capacity slot. */
  async sign(principal: Principal, id: string): Promise<ContractEntity> {
    const { contract, proposalId } = await this.change(id, async (m, contract) => {
      const side = this.partySide(principal, contract);
      if (contract.status !== ContractStatus.PENDING_SIGNATURE) throw ContractsErrors.notPendingSignature(contract.status);
      const signedAt = side === 'community' ? contract.communitySignedAt : contract.organizationSignedAt;
      if (signedAt) throw ContractsErrors.alreadySigned(side);
      const from = contract.status;
      if (side === 'community') contract.communitySignedAt = new Date();
      else contract.organizationSignedAt = new Date();
      if (contract.communitySignedAt && contract.organizationSignedAt) {
        contract.status = ContractStatus.SIGNED;
        const [, taken] = await m.query(
          `UPDATE organizations SET active_projects = active_projects + 1 WHERE id = $1 AND active_projects < max_concurrent_projects`,
          [contract.organizationId]);
        if (taken === 0) throw ContractsErrors.organizationAtCapacity();
      }
      await m.update(ContractEntity, { id: contract.id }, {
        status: contract.status, communitySignedAt: contract.communitySignedAt, organizationSignedAt: contract.organizationSignedAt,
      });
      return [{ entityType: 'CONTRACT', entityId: contract.id, from, to: contract.status, detail: { signedBy: side } }];
    }, principal);
    if (proposalId) await this.publish(proposalId, SessionEventType.CONTRACT_SIGNED, contract.id);
    return contract;
  }

  /** Paying the first milestone of a SIGNED contract makes it ACTIVE; milestones may be paid in any order, each once. */
  async markMilestonePaid(principal: Principal, contractId: string, seq: number): Promise<ContractEntity> {
    const { contract } = await this.change(contractId, async (m, contract) => {
      this.assertCommunityOrOrganizer(principal, contract);
      if (!IN_FORCE.includes(contract.status)) throw ContractsErrors.notInForce(contract.status, 'paying a milestone');
      const milestone = await m.findOneBy(ContractMilestoneEntity, { contractId: contract.id, seq });
      if (!milestone) throw notFound('Milestone', `${seq} of contract ${contract.id}`);
      if (milestone.paidAt) throw ContractsErrors.milestoneAlreadyPaid(seq);
      // The contract row lock already serialises payments; the condition keeps a payment single even without it.
      const [, paid] = await m.query(`UPDATE contract_milestones SET paid_at = now() WHERE contract_id = $1 AND seq = $2 AND paid_at IS NULL`, [contract.id, seq]);
      if (paid === 0) throw ContractsErrors.milestoneAlreadyPaid(seq);
      const changes: StatusChange[] = [{ entityType: 'MILESTONE', entityId: contract.id, from: 'DUE', to: 'PAID', detail: { seq, amountFen: milestone.amountFen } }];
      if (contract.status === ContractStatus.SIGNED) {
        contract.status = ContractStatus.ACTIVE;
        await m.update(ContractEntity, { id: contract.id }, { status: contract.status });
        changes.push({ entityType: 'CONTRACT', entityId: contract.id, from: ContractStatus.SIGNED, to: ContractStatus.ACTIVE, detail: { firstPaidMilestone: seq } });
      }
      return changes;
    }, principal);
    return contract;
  }

  async complete(principal: Principal, id: string): Promise<ContractEntity> {
    const { contract } = await this.change(id, async (m, contract) => {
      this.assertCommunityOrOrganizer(principal, contract);
      if (!IN_FORCE.includes(contract.status)) throw ContractsErrors.notInForce(contract.status, 'completing');
      return this.endInForce(m, contract, ContractStatus.COMPLETED, {});
    }, principal);
    await this.statsChanged(contract);
    return contract;
  }

  /** Ends a contract early: before signature it just lapses; in force, it frees the organization's slot. */
  async terminate(principal: Principal, id: string, reason: string): Promise<ContractEntity> {
    const { contract } = await this.change(id, async (m, contract) => {
      this.assertCommunityOrOrganizer(principal, contract);
      if (contract.status === ContractStatus.COMPLETED || contract.status === ContractStatus.TERMINATED) throw ContractsErrors.notInForce(contract.status, 'terminating');
      return this.endInForce(m, contract, ContractStatus.TERMINATED, { reason });
    }, principal);
    await this.statsChanged(contract);
    return contract;
  }

  /** Once per contract, by its community, after completion; updates the organization's running mean in the same transaction. */
  async evaluate(principal: Principal, input: EvaluateContractInput): Promise<ContractEvaluationEntity> {
    requireId('input.contractId', input.contractId);
    return this.db.transaction(async (m) => {
      const contract = await m.findOne(ContractEntity, { where: { id: input.contractId }, lock: { mode: 'pessimistic_write' } });
      if (!contract) throw notFound('Contract', input.contractId);
      if (principal.role !== Role.COMMUNITY || principal.communityId !== contract.communityId) throw ContractsErrors.notContractCommunity();
      if (contract.status !== ContractStatus.COMPLETED) throw ContractsErrors.notCompleted(contract.status);
      let evaluation: ContractEvaluationEntity;
      try {
        evaluation = await m.save(ContractEvaluationEntity, m.create(ContractEvaluationEntity, {
          contractId: contract.id, score: input.score, comment: input.comment?.trim() || null, evaluatedBy: principal.userId,
        }));
      } catch (error) {
        // The unique index is the guard, whatever the interleaving of two evaluations.
        if (isPgError(error, PG_UNIQUE_VIOLATION)) throw ContractsErrors.alreadyEvaluated();
        throw error;
      }
      // One statement reads and writes the mean, so concurrent evaluations of the organization's contracts never lose an update.
      await m.query(
        `UPDATE organizations
            SET performance_score = (coalesce(performance_score, 0) * evaluation_count + $2) / (evaluation_count + 1),
                evaluation_count = evaluation_count + 1
          WHERE id = $1`,
        [contract.organizationId, input.score]);
      return evaluation;
    });
  }

  // ---- helpers ----

  private async endInForce(m: EntityManager, contract: ContractEntity, to: ContractStatus.COMPLETED | ContractStatus.TERMINATED, detail: Record<string, unknown>): Promise<StatusChange[]> {
    const from = contract.status;
    if (IN_FORCE.includes(from)) {
      await m.query(`UPDATE organizations SET active_projects = active_projects - 1 WHERE id = $1 AND active_projects > 0`, [contract.organizationId]);
    }
    contract.status = to;
    contract.completedAt = to === ContractStatus.COMPLETED ? new Date() : contract.completedAt;
    await m.update(ContractEntity, { id: contract.id }, { status: to, completedAt: contract.completedAt });
    return [{ entityType: 'CONTRACT', entityId: contract.id, from, to, detail }];
  }

  /**
   * Locks the contract row, applies one change, audits it, commits, and returns the
   * fresh row. The lock serialises every change of one contract (two signatures,
   * two payments) so each sees the other's result.
   */
  private async change(id: string, apply: (m: EntityManager, contract: ContractEntity) => Promise<StatusChange[]>, principal: Principal): Promise<{ contract: ContractEntity; proposalId: string | null }> {
    requireId('id', id);
    return this.db.transaction(async (m) => {
      const contract = await m.findOne(ContractEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!contract) throw notFound('Contract', id);
      const changes = await apply(m, contract);
      await this.audit.record(m, principal, ...changes);
      return { contract: await m.findOneByOrFail(ContractEntity, { id }), proposalId: contract.proposalId };
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
    const session = await liveSessionOfProposal(this.db.manager, proposalId);
    if (session) await this.live.session({ type, sessionId: session.sessionId, fairId: session.fairId, proposalId, contractId });
  }
}
