import { Connection, containsPattern, decodeCursor, Fen, nearCondition, preparedFindIn, runSql, toConnection } from '@app/core';
import { OfferingInput, OrganizationInput } from '@app/matching';
import { EvaluationGrade, GRADE_RANK, GRADES_BY_RANK, ServiceDomain } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { OrganizationsArgs } from './dto/organization.inputs';
import { CommunityEntity } from './entities/community.entity';
import { OrganizationEntity } from './entities/organization.entity';
import { ServiceOfferingEntity } from './entities/service-offering.entity';

/** Grades at or above `min`, for SQL `IN` filters on the grade enum. */
function gradesAtLeast(min: EvaluationGrade): EvaluationGrade[] {
  return GRADES_BY_RANK.filter((g) => GRADE_RANK[g] >= GRADE_RANK[min]);
}

interface ProfileRow {
  id: string;
  lat: number;
  lng: number;
  service_radius_km: number;
  grade: EvaluationGrade;
  max_concurrent_projects: number;
  active_projects: number;
  performance_score: number | null;
}
interface OfferingRow {
  organization_id: string;
  domain: ServiceDomain;
  price_min_fen: string;
  price_max_fen: string;
  annual_beneficiaries: number;
}

/**
 * Every query about communities, organizations and service offerings: the directory
 * alone writes and reads these tables. Methods that take an EntityManager run inside
 * the caller's transaction; the others on their own connection. Ids reaching here are
 * UUIDs (the service filters the others out).
 */
@Injectable()
export class DirectoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insertCommunity(manager: EntityManager, values: Omit<CommunityEntity, 'id' | 'createdAt'>): Promise<CommunityEntity> {
    return manager.save(CommunityEntity, manager.create(CommunityEntity, values));
  }

  insertOrganization(
    manager: EntityManager,
    values: Omit<OrganizationEntity, 'id' | 'createdAt' | 'activeProjects' | 'performanceScore' | 'evaluationCount' | 'offerings'>,
  ): Promise<OrganizationEntity> {
    return manager.save(OrganizationEntity, manager.create(OrganizationEntity, values));
  }

  async organization(id: string): Promise<OrganizationEntity | null> {
    const [org] = await preparedFindIn(this.db, OrganizationEntity, 'id', [id]);
    return org ?? null;
  }

  organizations(ids: string[]): Promise<OrganizationEntity[]> {
    return preparedFindIn(this.db, OrganizationEntity, 'id', ids);
  }

  /** The communities of a page of needs (a loader's batch, every list of needs asks it). */
  communities(ids: string[]): Promise<CommunityEntity[]> {
    return preparedFindIn(this.db, CommunityEntity, 'id', ids);
  }

  community(manager: EntityManager, id: string): Promise<CommunityEntity | null> {
    return manager.findOneBy(CommunityEntity, { id });
  }

  /** Communities named by id or by name (a bulk import's community column), in the caller's transaction. */
  communitiesByIdsOrNames(manager: EntityManager, ids: string[], names: string[]): Promise<CommunityEntity[]> {
    if (ids.length === 0 && names.length === 0) return Promise.resolve([]);
    return manager.find(CommunityEntity, { where: [...(ids.length ? [{ id: In(ids) }] : []), ...(names.length ? [{ name: In(names) }] : [])] });
  }

  offeringsOf(organizationIds: string[]): Promise<ServiceOfferingEntity[]> {
    return preparedFindIn(this.db, ServiceOfferingEntity, 'organizationId', organizationIds, ['createdAt', 'id']);
  }

  async setGrade(organizationId: string, grade: EvaluationGrade): Promise<boolean> {
    const result = await this.db.getRepository(OrganizationEntity).update({ id: organizationId }, { grade });
    return !!result.affected;
  }

  insertOffering(values: Omit<ServiceOfferingEntity, 'id' | 'createdAt' | 'organization'>): Promise<ServiceOfferingEntity> {
    const repo = this.db.getRepository(ServiceOfferingEntity);
    return repo.save(repo.create(values));
  }

  /** A catalogue's offerings in one statement per 1,000 rows, in the caller's transaction; their ids in input order. */
  async insertOfferings(manager: EntityManager, values: Array<Omit<ServiceOfferingEntity, 'id' | 'createdAt' | 'organization'>>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < values.length; i += 1000) {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(ServiceOfferingEntity)
        .values(values.slice(i, i + 1000))
        .returning(['id'])
        .updateEntity(false)
        .execute();
      ids.push(...(result.raw as Array<{ id: string }>).map((r) => r.id));
    }
    return ids;
  }

  offering(id: string): Promise<ServiceOfferingEntity | null> {
    return this.db.getRepository(ServiceOfferingEntity).findOneBy({ id });
  }

  async deleteOffering(id: string): Promise<void> {
    await this.db.getRepository(ServiceOfferingEntity).delete({ id });
  }

  /** The browse query: filters, keyset pagination by (name, id), exact totals. */
  async search(args: OrganizationsArgs): Promise<Connection<OrganizationEntity>> {
    const f = args.filter ?? {};
    const qb = this.db.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (f.domains?.length) {
      const sub = qb.subQuery().select('1').from(ServiceOfferingEntity, 's').where('s.organization_id = o.id').andWhere('s.domain IN (:...domains)').getQuery();
      qb.andWhere(`EXISTS ${sub}`, { domains: f.domains });
    }
    if (f.minGrade) qb.andWhere('o.grade IN (:...grades)', { grades: gradesAtLeast(f.minGrade) });
    if (f.district) qb.andWhere('o.district = :district', { district: f.district.trim() });
    if (f.near) {
      const near = nearCondition('o', f.near);
      qb.andWhere(near.sql, near.params);
    }
    if (f.text?.trim()) {
      const like = containsPattern(f.text.trim());
      qb.andWhere(new Brackets((w) => w.where('o.name ILIKE :like', { like }).orWhere('o.district ILIKE :like', { like })));
    }
    const totalCount = await qb.clone().getCount();
    const after = decodeCursor(args.after);
    if (after) qb.andWhere('(o.name, o.id) > (:afterName, :afterId)', { afterName: String(after.key), afterId: after.id });
    const rows = await qb
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(args.first + 1)
      .getMany();
    return toConnection(rows, args.first, totalCount, (o) => ({ key: o.name, id: o.id }));
  }

  // ---- inside other contexts' transactions ----

  lockOrganization(manager: EntityManager, id: string): Promise<OrganizationEntity | null> {
    return manager.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /** One conditional UPDATE: false when the organization is at capacity (the check constraint backs it). */
  async takeCapacitySlot(manager: EntityManager, id: string): Promise<boolean> {
    const { affected } = await runSql(
      manager,
      'UPDATE organizations SET active_projects = active_projects + 1 WHERE id = $1 AND active_projects < max_concurrent_projects',
      [id],
    );
    return affected > 0;
  }

  async releaseCapacitySlot(manager: EntityManager, id: string): Promise<void> {
    await runSql(manager, 'UPDATE organizations SET active_projects = active_projects - 1 WHERE id = $1 AND active_projects > 0', [id]);
  }

  /** One statement reads and writes the mean, so concurrent evaluations never lose an update. */
  async addEvaluation(manager: EntityManager, id: string, score: number): Promise<void> {
    await runSql(
      manager,
      `UPDATE organizations
          SET performance_score = (coalesce(performance_score, 0) * evaluation_count + $2) / (evaluation_count + 1),
              evaluation_count = evaluation_count + 1
        WHERE id = $1`,
      [id, score],
    );
  }

  /**
   * What the matching engine knows of organizations, as plain rows (a province run reads
   * ten thousand; hydrating entities would cost more than matching): `freeSlotOnly` keeps
   * those with a free slot (the engine skips the others anyway), `ids` narrows to some.
   */
  async matchingProfiles(manager: EntityManager = this.db.manager, filter: { ids?: string[]; freeSlotOnly: boolean }): Promise<OrganizationInput[]> {
    const conditions = [filter.freeSlotOnly ? 'o.active_projects < o.max_concurrent_projects' : 'true', filter.ids ? 'o.id = ANY($1::uuid[])' : 'true'];
    const where = conditions.join(' AND ');
    const params = filter.ids ? [filter.ids] : [];
    const orgQuery = () =>
      runSql<ProfileRow>(
        manager,
        `SELECT o.id, o.lat, o.lng, o.service_radius_km, o.grade, o.max_concurrent_projects, o.active_projects, o.performance_score
           FROM organizations o WHERE ${where}`,
        params,
      );
    const offeringQuery = () =>
      runSql<OfferingRow>(
        manager,
        `SELECT f.organization_id, f.domain, f.price_min_fen, f.price_max_fen, f.annual_beneficiaries
           FROM service_offerings f JOIN organizations o ON o.id = f.organization_id
          WHERE ${where}`,
        params,
      );
    // One connection runs one statement at a time: in the caller's transaction they go one after the other.
    const [orgs, offerings] = manager.queryRunner ? [await orgQuery(), await offeringQuery()] : await Promise.all([orgQuery(), offeringQuery()]);
    const byOrg = new Map<string, OfferingInput[]>();
    for (const f of offerings.rows) {
      const list = byOrg.get(f.organization_id) ?? [];
      list.push({
        domain: f.domain,
        priceMinFen: Number(f.price_min_fen) as Fen,
        priceMaxFen: Number(f.price_max_fen) as Fen,
        annualBeneficiaries: f.annual_beneficiaries,
      });
      byOrg.set(f.organization_id, list);
    }
    return orgs.rows.map((o) => ({
      id: o.id,
      lat: o.lat,
      lng: o.lng,
      serviceRadiusKm: o.service_radius_km,
      grade: o.grade,
      freeCapacity: o.max_concurrent_projects - o.active_projects,
      maxCapacity: o.max_concurrent_projects,
      performanceScore: o.performance_score,
      offerings: byOrg.get(o.id) ?? [],
    }));
  }
}
