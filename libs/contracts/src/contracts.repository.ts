import { runSql, SqlFilter } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ContractsArgs } from './dto/contract.inputs';
import { ContractEvaluationEntity } from './entities/contract-evaluation.entity';
import { ContractMilestoneEntity } from './entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from './entities/contract.entity';

/**
 * Every query about contracts, their milestones and evaluations, and the contract
 * number sequence. Statuses travel as parameters; methods that take an EntityManager
 * run in the caller's transaction. Ids reaching here are UUIDs.
 */
/** A resolved complaint as open data knows it: no text, no filer. */
export interface ResolvedComplaint {
  id: string;
  needId: string;
  status: string;
  createdAt: Date;
  resolvedAt: Date;
}

@Injectable()
export class ContractsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  one(id: string, manager: EntityManager = this.db.manager): Promise<ContractEntity | null> {
    return manager.findOneBy(ContractEntity, { id });
  }

  byIds(ids: string[]): Promise<ContractEntity[]> {
    return ids.length ? this.db.getRepository(ContractEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  byProposals(proposalIds: string[]): Promise<ContractEntity[]> {
    return proposalIds.length ? this.db.getRepository(ContractEntity).findBy({ proposalId: In(proposalIds) }) : Promise.resolve([]);
  }

  /** Every contract of these needs, oldest first. */
  ofNeeds(needIds: string[]): Promise<ContractEntity[]> {
    return needIds.length
      ? this.db.getRepository(ContractEntity).find({ where: { needId: In(needIds) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : Promise.resolve([]);
  }

  /** The contracts query: `visible` (ContractPolicy.where) and the filter, newest first. */
  list(args: ContractsArgs, visible: SqlFilter): Promise<ContractEntity[]> {
    const f = args.filter ?? {};
    const qb = this.db.getRepository(ContractEntity).createQueryBuilder('c').where(visible.sql, visible.params);
    if (f.fairId) qb.andWhere('c.fair_id = :fairId', { fairId: f.fairId });
    if (f.organizationId) qb.andWhere('c.organization_id = :organizationId', { organizationId: f.organizationId });
    if (f.communityId) qb.andWhere('c.community_id = :communityId', { communityId: f.communityId });
    if (f.statuses?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: f.statuses });
    // Keyset paging: the page goes on after that contract in the same order (newest first).
    if (args.after) qb.andWhere('(c.created_at, c.id) < (SELECT a.created_at, a.id FROM contracts a WHERE a.id = :after)', { after: args.after });
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').offset(args.offset).limit(args.first).getMany();
  }

  milestonesOf(contractIds: string[]): Promise<ContractMilestoneEntity[]> {
    return contractIds.length
      ? this.db.getRepository(ContractMilestoneEntity).find({ where: { contractId: In(contractIds) }, order: { seq: 'ASC' } })
      : Promise.resolve([]);
  }

  evaluationsOf(contractIds: string[]): Promise<ContractEvaluationEntity[]> {
    return contractIds.length ? this.db.getRepository(ContractEvaluationEntity).findBy({ contractId: In(contractIds) }) : Promise.resolve([]);
  }

  /** Locked FOR NO KEY UPDATE: every change of one contract (two signatures, two payments) sees the other's result. */
  lock(manager: EntityManager, id: string): Promise<ContractEntity | null> {
    return manager.findOne(ContractEntity, { where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  async update(
    manager: EntityManager,
    id: string,
    values: Partial<Pick<ContractEntity, 'status' | 'communitySignedAt' | 'organizationSignedAt' | 'completedAt'>>,
  ): Promise<void> {
    await manager.update(ContractEntity, { id }, values);
  }

  milestone(manager: EntityManager, contractId: string, seq: number): Promise<ContractMilestoneEntity | null> {
    return manager.findOneBy(ContractMilestoneEntity, { contractId, seq });
  }

  /** The condition keeps a payment single even without the contract's row lock. False: it was paid already. */
  async payMilestone(manager: EntityManager, contractId: string, seq: number): Promise<boolean> {
    const { affected } = await runSql(manager, 'UPDATE contract_milestones SET paid_at = now() WHERE contract_id = $1 AND seq = $2 AND paid_at IS NULL', [
      contractId,
      seq,
    ]);
    return affected > 0;
  }

  insertEvaluation(
    manager: EntityManager,
    values: Pick<ContractEvaluationEntity, 'contractId' | 'score' | 'comment' | 'evaluatedBy'>,
  ): Promise<ContractEvaluationEntity> {
    return manager.save(ContractEvaluationEntity, manager.create(ContractEvaluationEntity, values));
  }

  /** The number of the need's contract that is not TERMINATED, if any. */
  async liveNumberOfNeed(manager: EntityManager, needId: string): Promise<string | null> {
    const { rows } = await runSql<{ number: string }>(manager, 'SELECT number FROM contracts WHERE need_id = $1 AND status <> $2', [
      needId,
      ContractStatus.TERMINATED,
    ]);
    return rows[0]?.number ?? null;
  }

  /** The need's contract that is not TERMINATED (at most one: contracts_one_per_need), locked FOR NO KEY UPDATE. */
  async lockLiveOfNeed(manager: EntityManager, needId: string): Promise<ContractEntity | null> {
    const { rows } = await runSql<{ id: string }>(manager, 'SELECT id FROM contracts WHERE need_id = $1 AND status <> $2 FOR NO KEY UPDATE', [
      needId,
      ContractStatus.TERMINATED,
    ]);
    return rows[0] ? this.one(rows[0].id, manager) : null;
  }

  /**
   * Whether a complaint on the need is PENDING: the complaints context (a later one)
   * keeps the view `complaint_holds` (its migration) so this context reads the fact
   * without importing it. Read after the contract's or the need's lock, so a complaint
   * filed under that lock is seen (fileComplaint takes the same locks).
   */
  async complaintPending(manager: EntityManager, needId: string): Promise<boolean> {
    const { rows } = await runSql<{ pending: number }>(manager, 'SELECT pending FROM complaint_holds WHERE need_id = $1', [needId]);
    return (rows[0]?.pending ?? 0) > 0;
  }

  /**
   * What open data may say of the complaints on these needs: that a resolved one exists,
   * its outcome and dates (the view `report_complaints` of the complaints context never
   * carries a title, body, filer or resolution text).
   */
  async resolvedComplaintsOf(needIds: string[]): Promise<ResolvedComplaint[]> {
    if (needIds.length === 0) return [];
    const { rows } = await runSql<{ id: string; need_id: string; status: string; created_at: Date; resolved_at: Date }>(
      this.db.manager,
      'SELECT id, need_id, status, created_at, resolved_at FROM report_complaints WHERE need_id = ANY($1::uuid[]) ORDER BY created_at, id',
      [needIds],
    );
    return rows.map((r) => ({ id: r.id, needId: r.need_id, status: r.status, createdAt: r.created_at, resolvedAt: r.resolved_at }));
  }

  /** Of these needs, those with a PENDING complaint (complaint_holds). */
  async heldNeeds(needIds: string[]): Promise<Set<string>> {
    if (needIds.length === 0) return new Set();
    const { rows } = await runSql<{ need_id: string }>(this.db.manager, 'SELECT need_id FROM complaint_holds WHERE need_id = ANY($1::uuid[])', [needIds]);
    return new Set(rows.map((r) => r.need_id));
  }

  async countOfOrganization(manager: EntityManager, organizationId: string, status: ContractStatus): Promise<number> {
    const { rows } = await runSql<{ n: number }>(manager, 'SELECT count(*)::int AS n FROM contracts WHERE organization_id = $1 AND status = $2', [
      organizationId,
      status,
    ]);
    return rows[0].n;
  }

  /** NJ-<year in Nanjing>-<6 digits> from a sequence: unique without a read-then-write. */
  async nextNumber(manager: EntityManager): Promise<string> {
    const { rows } = await runSql<{ number: string }>(
      manager,
      `SELECT 'NJ-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('contract_number_seq')::text, 6, '0') AS number`,
    );
    return rows[0].number;
  }

  insert(
    manager: EntityManager,
    values: Omit<
      ContractEntity,
      'id' | 'createdAt' | 'updatedAt' | 'need' | 'organization' | 'community' | 'communitySignedAt' | 'organizationSignedAt' | 'completedAt'
    >,
  ): Promise<ContractEntity> {
    return manager.save(ContractEntity, manager.create(ContractEntity, values));
  }

  async insertMilestones(manager: EntityManager, rows: Array<Omit<ContractMilestoneEntity, 'contract'>>): Promise<void> {
    await manager.insert(ContractMilestoneEntity, rows);
  }
}
