import { AuditService, isPgError, isUuid, LiveEvents, PG_UNIQUE_VIOLATION, Principal, Role, SessionEventType, StatusChange, uuidsOnly } from '@app/core';
import { ContractEntity, ContractsService, ContractStatus, ProposalAcceptanceService } from '@app/contracts';
import { BidsService, SessionsService } from '@app/fairs';
import { ProposalsService } from '@app/matching-runs';
import { NeedPolicy, NeedsErrors, NeedsService, NeedStatus, ServiceNeedEntity } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ComplaintPolicy } from './complaint.policy';
import { ComplaintsErrors } from './complaints.errors';
import { ComplaintsRepository } from './complaints.repository';
import { ComplaintsArgs, FileComplaintInput, MAX_COMPLAINTS_PER_NEED } from './dto/complaint.inputs';
import { ComplaintEntity, ComplaintStatus, ONE_PENDING_PER_FILER } from './entities/complaint.entity';

/**
 * Complaints (质疑投诉) against the award of a need: filed by a bidder, a proposed
 * organization or the need's community while the award is not yet signed, resolved
 * in writing by an organizer, withdrawn by the filer. While one is PENDING the need's
 * contract is neither written nor signed (the contracts context reads the view
 * `complaint_holds`). Every change locks the need first (FOR NO KEY UPDATE, the contract
 * writer's first lock), then the contract, then the complaint; each status change is
 * audited and announced on the need's session to the subscribers ComplaintPolicy lets read it.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly needs: NeedsService,
    private readonly bids: BidsService,
    private readonly sessions: SessionsService,
    private readonly proposals: ProposalsService,
    private readonly contracts: ContractsService,
    private readonly acceptance: ProposalAcceptanceService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  // ---- reads ----

  async list(principal: Principal, args: ComplaintsArgs): Promise<ComplaintEntity[]> {
    const scope = ComplaintPolicy.scope(principal);
    if (scope.kind === 'none') return [];
    if (args.after && !(isUuid(args.after) && (await this.repo.one(args.after)))) throw ComplaintsErrors.unknownCursor();
    return this.repo.list(args.filter ?? {}, ComplaintPolicy.where(scope, 'c'), { first: args.first, after: args.after ?? null });
  }

  /** The complaints of these needs the caller may read (ServiceNeed.complaints), newest first, at most MAX_COMPLAINTS_PER_NEED each. */
  ofNeeds(principal: Principal | null, needIds: readonly string[]): Promise<ComplaintEntity[]> {
    const scope = ComplaintPolicy.scope(principal);
    if (scope.kind === 'none') return Promise.resolve([]);
    return this.repo.ofNeeds([...new Set(uuidsOnly(needIds))], ComplaintPolicy.where(scope, 'c'), MAX_COMPLAINTS_PER_NEED);
  }

  /** By id with no visibility applied: followed by ComplaintPolicy.canRead (live events). */
  findByIds(ids: readonly string[]): Promise<ComplaintEntity[]> {
    return this.repo.byIds(uuidsOnly(ids));
  }

  // ---- changes ----

  async file(principal: Principal, input: FileComplaintInput): Promise<ComplaintEntity> {
    const title = input.title.trim();
    const body = input.body.trim();
    if (title.length < 2 || title.length > 120) throw ComplaintsErrors.titleLength();
    if (body.length < 10 || body.length > 4000) throw ComplaintsErrors.bodyLength();
    const complaint = await this.db.transaction(async (m) => {
      const need = await this.needs.lock(m, input.needId, 'update');
      if (!NeedPolicy.canRead(principal, need)) throw NeedsErrors.needNotFound(input.needId);
      await this.assertComplainant(m, principal, need);
      // The contract's lock is the one signing takes: a signature and a complaint never both win.
      const contract = await this.contracts.lockLiveOfNeed(m, need.id);
      const open = contract ? contract.status === ContractStatus.PENDING_SIGNATURE : need.status === NeedStatus.MATCHED;
      if (!open) throw ComplaintsErrors.awardNotOpen(need.status, contract?.status ?? null);
      let created: ComplaintEntity;
      try {
        created = await this.repo.insert(m, {
          needId: need.id,
          needCommunityId: need.communityId,
          needFairId: need.fairId,
          filedByUserId: principal.userId,
          filerRole: principal.role,
          title,
          body,
        });
      } catch (error) {
        // The partial unique index is the guard, whatever the interleaving of two filings.
        if (isPgError(error, PG_UNIQUE_VIOLATION, ONE_PENDING_PER_FILER)) throw ComplaintsErrors.alreadyPending();
        throw error;
      }
      await this.audit.record(m, principal, {
        entityType: 'COMPLAINT',
        entityId: created.id,
        from: null,
        to: ComplaintStatus.PENDING,
        detail: { needId: need.id, contractId: contract?.id ?? null },
      });
      return created;
    });
    await this.publish(complaint, SessionEventType.COMPLAINT_FILED);
    return complaint;
  }

  /** Its filer, while PENDING. The need's held contract proceeds when no other complaint is pending. */
  async withdraw(principal: Principal, id: string): Promise<ComplaintEntity> {
    const { complaint, released } = await this.change(id, async (m, complaint) => {
      if (!ComplaintPolicy.canRead(principal, complaint)) throw ComplaintsErrors.complaintNotFound(id);
      if (complaint.filedByUserId !== principal.userId) throw ComplaintsErrors.notFiler();
      if (complaint.status !== ComplaintStatus.PENDING) throw ComplaintsErrors.notPending(complaint.status);
      await this.repo.close(m, [complaint.id], ComplaintStatus.WITHDRAWN, null, null);
      await this.audit.record(m, principal, { entityType: 'COMPLAINT', entityId: complaint.id, from: ComplaintStatus.PENDING, to: ComplaintStatus.WITHDRAWN });
      return { released: (await this.repo.pendingCount(m, complaint.needId)) === 0, ended: null, others: [] };
    });
    await this.publish(complaint, SessionEventType.COMPLAINT_WITHDRAWN);
    if (released) await this.acceptance.resumeContractsOfNeed(complaint.needId);
    return complaint;
  }

  /**
   * ORGANIZER, with a written resolution. Upheld, in one transaction: the award is
   * annulled (ContractsService.annulAward: a contract not yet signed TERMINATED with the
   * reason, the need's proposals EXPIRED, its bids released, the need PUBLISHED again),
   * and the need's other PENDING complaints, whose award no longer exists, are upheld
   * with it. Dismissed: the held contract is written or signed as if nothing happened.
   */
  async resolve(principal: Principal, id: string, upheld: boolean, resolutionRaw: string): Promise<ComplaintEntity> {
    const resolution = resolutionRaw.trim();
    if (resolution.length < 1 || resolution.length > 4000) throw ComplaintsErrors.resolutionLength();
    const to = upheld ? ComplaintStatus.UPHELD : ComplaintStatus.DISMISSED;
    const { complaint, released, ended, others } = await this.change(id, async (m, complaint) => {
      if (complaint.status !== ComplaintStatus.PENDING) throw ComplaintsErrors.notPending(complaint.status);
      let ended: ContractEntity | null = null;
      let others: ComplaintEntity[] = [];
      const changes: StatusChange[] = [];
      if (upheld) {
        ended = await this.contracts.annulAward(m, principal, complaint.needId, `complaint upheld: ${resolution}`, { complaintId: complaint.id });
        others = await this.repo.lockPendingOfNeed(m, complaint.needId, complaint.id);
        await this.repo.close(
          m,
          others.map((c) => c.id),
          ComplaintStatus.UPHELD,
          resolution,
          principal.userId,
        );
        for (const c of others) {
          changes.push({ entityType: 'COMPLAINT', entityId: c.id, from: ComplaintStatus.PENDING, to, detail: { upheldWith: complaint.id } });
        }
      }
      await this.repo.close(m, [complaint.id], to, resolution, principal.userId);
      changes.unshift({ entityType: 'COMPLAINT', entityId: complaint.id, from: ComplaintStatus.PENDING, to, detail: { contractId: ended?.id ?? null } });
      await this.audit.record(m, principal, ...changes);
      return { released: !upheld && (await this.repo.pendingCount(m, complaint.needId)) === 0, ended, others };
    });
    await this.publish(complaint, SessionEventType.COMPLAINT_RESOLVED);
    for (const other of others) await this.publish((await this.repo.one(other.id))!, SessionEventType.COMPLAINT_RESOLVED);
    if (ended) await this.contracts.announceEnded(ended);
    if (released) await this.acceptance.resumeContractsOfNeed(complaint.needId);
    return complaint;
  }

  // ---- helpers ----

  /** An organization that bid on the need or was proposed for it; the need's community. */
  private async assertComplainant(m: EntityManager, principal: Principal, need: ServiceNeedEntity): Promise<void> {
    if (principal.role === Role.COMMUNITY && principal.communityId === need.communityId) return;
    if (principal.role === Role.ORGANIZATION && principal.organizationId) {
      if (await this.bids.hasBid(m, principal.organizationId, need.id)) return;
      if (await this.proposals.wasProposed(m, principal.organizationId, need.id)) return;
    }
    throw ComplaintsErrors.notAComplainant();
  }

  /** Locks need → complaint (fileComplaint's and the writer's order), applies one change, commits, returns the fresh row. */
  private async change<T extends { released: boolean; ended: ContractEntity | null; others: ComplaintEntity[] }>(
    id: string,
    apply: (m: EntityManager, complaint: ComplaintEntity) => Promise<T>,
  ): Promise<T & { complaint: ComplaintEntity }> {
    const known = isUuid(id) ? await this.repo.one(id) : null;
    if (!known) throw ComplaintsErrors.complaintNotFound(id);
    return this.db.transaction(async (m) => {
      await this.needs.lock(m, known.needId, 'update');
      const complaint = (await this.repo.lock(m, id))!;
      const result = await apply(m, complaint);
      return { ...result, complaint: (await this.repo.one(id, m))! };
    });
  }

  /** On the live channel of the latest session that had the need on its table; each subscriber gets it if ComplaintPolicy lets it read it. */
  private async publish(complaint: ComplaintEntity, type: SessionEventType): Promise<void> {
    const session = (await this.sessions.latestSessionsOfNeeds([complaint.needId])).get(complaint.needId);
    if (session) await this.live.session({ type, sessionId: session.sessionId, fairId: session.fairId, complaintId: complaint.id });
  }
}
