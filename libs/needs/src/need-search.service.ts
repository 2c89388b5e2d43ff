import { badInput, Connection, decodeCursor, isOrganizerOrAdmin, nearCondition, Principal, toConnection } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { NeedsArgs } from './dto/need.inputs';
import { ServiceNeedEntity } from './entities/service-need.entity';
import { PUBLIC_NEED_STATUSES } from './need-visibility';

// created_at as PostgreSQL prints it ('2026-11-22 03:58:25.123456+00'): microseconds
// survive the round trip through the cursor, which a JS Date (milliseconds) would lose.
const CURSOR_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** The needs browse query: filters, visibility, keyset pagination newest first, exact totals. */
@Injectable()
export class NeedSearchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(args: NeedsArgs, viewer: Principal | null): Promise<Connection<ServiceNeedEntity>> {
    const total = await this.countQuery(args, viewer).getRawOne<{ total: number }>();
    const { entities, raw } = await this.pageQuery(args, viewer).getRawAndEntities<{ n_id: string; cursor_at: string }>();
    const cursorAt = new Map(raw.map((r) => [r.n_id, r.cursor_at]));
    return toConnection(entities, args.first, total?.total ?? 0, (n) => ({ key: cursorAt.get(n.id)!, id: n.id }));
  }

  /** One page (first + 1 rows, the extra one says there is a next page): what `search` runs, and what EXPLAIN checks. */
  pageQuery(args: NeedsArgs, viewer: Principal | null): SelectQueryBuilder<ServiceNeedEntity> {
    const qb = this.filteredQuery(args, viewer).addSelect('n.created_at::text', 'cursor_at');
    const after = decodeCursor(args.after);
    if (after) {
      if (typeof after.key !== 'string' || !CURSOR_TIMESTAMP.test(after.key) || !isUUID(after.id)) throw badInput('after', 'is not a cursor returned by this API');
      qb.andWhere('(n.created_at, n.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))', { afterAt: after.key, afterId: after.id });
    }
    // No joins, so limit() is a plain SQL LIMIT.
    return qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(args.first + 1);
  }

  /** totalCount: every matching need, whatever the page. */
  countQuery(args: NeedsArgs, viewer: Principal | null): SelectQueryBuilder<ServiceNeedEntity> {
    return this.filteredQuery(args, viewer).select('count(*)::int', 'total');
  }

  /** Every filter and the visibility rule, without order or page. */
  filteredQuery(args: NeedsArgs, viewer: Principal | null): SelectQueryBuilder<ServiceNeedEntity> {
    const f = args.filter ?? {};
    const qb = this.db.getRepository(ServiceNeedEntity).createQueryBuilder('n');
    this.restrictToVisible(qb, viewer);
    if (f.statuses?.length) qb.andWhere('n.status IN (:...statuses)', { statuses: f.statuses });
    if (f.domains?.length) qb.andWhere('n.domain IN (:...domains)', { domains: f.domains });
    if (f.district?.trim()) qb.andWhere('n.district = :district', { district: f.district.trim() });
    if (f.fairId) qb.andWhere('n.fair_id = :fairId', { fairId: f.fairId });
    if (f.budgetMin !== undefined && f.budgetMin !== null) qb.andWhere('n.budget_fen >= :budgetMin', { budgetMin: f.budgetMin });
    if (f.budgetMax !== undefined && f.budgetMax !== null) qb.andWhere('n.budget_fen <= :budgetMax', { budgetMax: f.budgetMax });
    if (f.near) {
      // A box on point(lng, lat) served by service_needs_geo_idx, then the exact great-circle distance.
      const near = nearCondition('n', f.near);
      qb.andWhere(near.sql, near.params);
    }
    if (f.text?.trim()) {
      const like = `%${f.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('n.title ILIKE :like', { like }).orWhere('n.description ILIKE :like', { like })));
    }
    return qb;
  }

  /** See need-visibility.ts: DRAFT and WITHDRAWN needs only for their community and organizers. */
  private restrictToVisible(qb: SelectQueryBuilder<ServiceNeedEntity>, viewer: Principal | null): void {
    if (viewer && isOrganizerOrAdmin(viewer)) return;
    const publicStatuses = [...PUBLIC_NEED_STATUSES];
    if (viewer?.communityId) {
      qb.andWhere(new Brackets((w) => w.where('n.status IN (:...publicStatuses)', { publicStatuses }).orWhere('n.community_id = :viewerCommunityId', { viewerCommunityId: viewer.communityId })));
    } else {
      qb.andWhere('n.status IN (:...publicStatuses)', { publicStatuses });
    }
  }
}
