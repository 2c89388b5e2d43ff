import { runSql, SqlFilter } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ComplaintFilter } from './dto/complaint.inputs';
import { ComplaintEntity, ComplaintStatus } from './entities/complaint.entity';

/** Every query about complaints: the complaints context alone reads and writes that table. Statuses travel as parameters. */
@Injectable()
export class ComplaintsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insert(
    manager: EntityManager,
    values: Pick<ComplaintEntity, 'needId' | 'needCommunityId' | 'needFairId' | 'filedByUserId' | 'filerRole' | 'title' | 'body'>,
  ) {
    return manager.save(ComplaintEntity, manager.create(ComplaintEntity, { ...values, status: ComplaintStatus.PENDING }));
  }

  one(id: string, manager: EntityManager = this.db.manager): Promise<ComplaintEntity | null> {
    return manager.findOneBy(ComplaintEntity, { id });
  }

  byIds(ids: string[]): Promise<ComplaintEntity[]> {
    return ids.length ? this.db.manager.find(ComplaintEntity, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  lock(manager: EntityManager, id: string): Promise<ComplaintEntity | null> {
    return manager.findOne(ComplaintEntity, { where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /** The complaints query: `visible` (ComplaintPolicy.where) and the filter, newest first, keyset paging after a complaint. */
  list(filter: ComplaintFilter, visible: SqlFilter, page: { first: number; after: string | null }): Promise<ComplaintEntity[]> {
    const qb = this.db.getRepository(ComplaintEntity).createQueryBuilder('c').where(visible.sql, visible.params);
    if (filter.fairId) qb.andWhere('c.need_fair_id = :fairId', { fairId: filter.fairId });
    if (filter.needId) qb.andWhere('c.need_id = :needId', { needId: filter.needId });
    if (filter.statuses?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: filter.statuses });
    if (page.after) qb.andWhere('(c.created_at, c.id) < (SELECT a.created_at, a.id FROM complaints a WHERE a.id = :after)', { after: page.after });
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(page.first).getMany();
  }

  /** Of these needs, the complaints `visible` lets through, newest first, at most `perNeed` each. */
  async ofNeeds(needIds: string[], visible: SqlFilter, perNeed: number): Promise<ComplaintEntity[]> {
    if (needIds.length === 0) return [];
    const rows = await this.db
      .getRepository(ComplaintEntity)
      .createQueryBuilder('c')
      .where('c.need_id IN (:...needIds)', { needIds })
      .andWhere(visible.sql, visible.params)
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getMany();
    const counts = new Map<string, number>();
    return rows.filter((c) => {
      const n = (counts.get(c.needId) ?? 0) + 1;
      counts.set(c.needId, n);
      return n <= perNeed;
    });
  }

  /** The other PENDING complaints of the need, locked in id order. */
  async lockPendingOfNeed(manager: EntityManager, needId: string, exceptId: string): Promise<ComplaintEntity[]> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      'SELECT id FROM complaints WHERE need_id = $1 AND status = $2 AND id <> $3 ORDER BY id FOR NO KEY UPDATE',
      [needId, ComplaintStatus.PENDING, exceptId],
    );
    return rows.length ? manager.find(ComplaintEntity, { where: { id: In(rows.map((r) => r.id)) } }) : [];
  }

  async pendingCount(manager: EntityManager, needId: string): Promise<number> {
    const { rows } = await runSql<{ n: number }>(manager, 'SELECT count(*)::int AS n FROM complaints WHERE need_id = $1 AND status = $2', [
      needId,
      ComplaintStatus.PENDING,
    ]);
    return rows[0].n;
  }

  /** Ends PENDING complaints: only rows still PENDING move; the ids that did. */
  async close(manager: EntityManager, ids: string[], to: ComplaintStatus, resolution: string | null, resolvedByUserId: string | null): Promise<string[]> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      `UPDATE complaints SET status = $2, resolution = $3::varchar, resolved_by_user_id = $4, resolved_at = CASE WHEN $3::varchar IS NULL THEN NULL ELSE now() END
        WHERE id = ANY($1::uuid[]) AND status = $5 RETURNING id`,
      [ids, to, resolution, resolvedByUserId, ComplaintStatus.PENDING],
    );
    return rows.map((r) => r.id);
  }
}
