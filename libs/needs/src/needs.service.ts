import { AuditService, badInput, Principal } from '@app/core';
import { CommunityEntity } from '@app/directory';
import { EvaluationGrade } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, In } from 'typeorm';
import { PostNeedInput } from './dto/need.inputs';
import { NeedStatus, ServiceNeedEntity } from './entities/service-need.entity';
import { canSeeNeed } from './need-visibility';
import { NeedsErrors } from './needs.errors';

/** Which statuses each community action may start from. */
const PUBLISHABLE_FROM: readonly NeedStatus[] = [NeedStatus.DRAFT];
// Once a contract exists (CONTRACTED, CLOSED) the need belongs to that contract.
const WITHDRAWABLE_FROM: readonly NeedStatus[] = [NeedStatus.DRAFT, NeedStatus.PUBLISHED, NeedStatus.MATCHED];

/** A community's needs: posting, publishing, withdrawing, and reading them with the visibility rule. */
@Injectable()
export class NeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Needs by id, whatever their status: for loaders of objects that point at a need (bids, proposals, contracts). */
  findNeeds(ids: readonly string[]): Promise<ServiceNeedEntity[]> {
    const valid = ids.filter((id) => isUUID(id));
    return valid.length ? this.db.getRepository(ServiceNeedEntity).findBy({ id: In(valid) }) : Promise.resolve([]);
  }

  /** The need if this viewer may see it; null for an unknown id and for a hidden one alike. */
  async visibleNeed(viewer: Principal | null, id: string): Promise<ServiceNeedEntity | null> {
    const [need] = await this.findNeeds([id]);
    return need && canSeeNeed(viewer, need) ? need : null;
  }

  async postNeed(principal: Principal, input: PostNeedInput): Promise<ServiceNeedEntity> {
    const communityId = this.ownCommunity(principal);
    const title = input.title.trim();
    const description = input.description.trim();
    // The length rules count what is stored, not surrounding blanks.
    if (title.length < 2) throw badInput('title', 'title must be 2 to 120 characters');
    if (description.length < 1) throw badInput('description', 'description must be 1 to 4000 characters');

    return this.db.transaction(async (manager) => {
      const community = await manager.findOneBy(CommunityEntity, { id: communityId });
      if (!community) throw NeedsErrors.notACommunity();
      if (input.fairId) {
        // Raw SQL: fairs is a later context, needs cannot import it.
        const fair = await manager.query('SELECT 1 FROM fairs WHERE id = $1', [input.fairId]);
        if (fair.length === 0) throw NeedsErrors.fairNotFound(input.fairId);
      }
      const status = input.draft ? NeedStatus.DRAFT : NeedStatus.PUBLISHED;
      const need = await manager.save(ServiceNeedEntity, manager.create(ServiceNeedEntity, {
        communityId, district: community.district, title, description, domain: input.domain,
        beneficiaries: input.beneficiaries, budgetFen: input.budget, fundingSource: input.fundingSource,
        minGrade: input.minGrade ?? EvaluationGrade.UNRATED, startsOn: input.startsOn, endsOn: input.endsOn,
        lat: input.location?.lat ?? community.lat, lng: input.location?.lng ?? community.lng,
        status, fairId: input.fairId ?? null,
      }));
      await this.audit.record(manager, principal, { entityType: 'NEED', entityId: need.id, from: null, to: status });
      return need;
    });
  }

  /** DRAFT -> PUBLISHED. */
  publishNeed(principal: Principal, id: string): Promise<ServiceNeedEntity> {
    return this.transition(principal, id, PUBLISHABLE_FROM, NeedStatus.PUBLISHED, 'published');
  }

  /** DRAFT, PUBLISHED or MATCHED -> WITHDRAWN. */
  withdrawNeed(principal: Principal, id: string): Promise<ServiceNeedEntity> {
    return this.transition(principal, id, WITHDRAWABLE_FROM, NeedStatus.WITHDRAWN, 'withdrawn');
  }

  /**
   * Moves one of the caller's needs to `to`. The UPDATE itself carries the allowed
   * source statuses, so of two concurrent calls only the first to commit changes the
   * row; the second finds the new status and gets a CONFLICT. The audit entry is
   * written in the same transaction, with the status the row really had.
   */
  private async transition(principal: Principal, id: string, from: readonly NeedStatus[], to: NeedStatus, action: string): Promise<ServiceNeedEntity> {
    const communityId = this.ownCommunity(principal);
    if (!isUUID(id)) throw NeedsErrors.needNotFound(id);
    return this.db.transaction(async (manager) => {
      // The CTE reads the status the UPDATE replaces (RETURNING only sees the new row).
      // For an UPDATE, query() answers [rows, affectedCount].
      const [rows]: [Array<{ previous: NeedStatus }>, number] = await manager.query(
        `WITH previous AS (SELECT id, status FROM service_needs WHERE id = $1 AND community_id = $2 FOR UPDATE)
         UPDATE service_needs n SET status = $3, updated_at = now()
           FROM previous WHERE n.id = previous.id AND previous.status = ANY($4::need_status[])
         RETURNING previous.status AS previous`,
        [id, communityId, to, from],
      );
      if (rows.length === 0) {
        const need = await manager.findOneBy(ServiceNeedEntity, { id });
        if (!need) throw NeedsErrors.needNotFound(id);
        if (need.communityId !== communityId) throw NeedsErrors.notYourNeed();
        throw NeedsErrors.statusForbids(action, need.status);
      }
      await this.audit.record(manager, principal, { entityType: 'NEED', entityId: id, from: rows[0].previous, to });
      return manager.findOneByOrFail(ServiceNeedEntity, { id });
    });
  }

  /**
   * For later contexts that move needs as their own records move (a match run marks
   * needs MATCHED, a signed contract CONTRACTED...), inside the caller's transaction.
   * Only needs still in one of `from` change; returns the ids that did, each audited.
   */
  async changeStatus(manager: EntityManager, actor: Principal | null, ids: readonly string[], from: readonly NeedStatus[], to: NeedStatus, detail?: Record<string, unknown>): Promise<string[]> {
    const valid = ids.filter((id) => isUUID(id));
    if (valid.length === 0) return [];
    const [rows]: [Array<{ id: string; previous: NeedStatus }>, number] = await manager.query(
      `WITH previous AS (SELECT id, status FROM service_needs WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
       UPDATE service_needs n SET status = $2, updated_at = now()
         FROM previous WHERE n.id = previous.id AND previous.status = ANY($3::need_status[])
       RETURNING n.id, previous.status AS previous`,
      [valid, to, from],
    );
    await this.audit.record(manager, actor, ...rows.map((r) => ({ entityType: 'NEED' as const, entityId: r.id, from: r.previous, to, detail })));
    return rows.map((r) => r.id);
  }

  private ownCommunity(principal: Principal): string {
    if (!principal.communityId) throw NeedsErrors.notACommunity();
    return principal.communityId;
  }
}
