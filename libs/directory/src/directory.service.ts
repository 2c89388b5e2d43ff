import { Fen, forbidden, isPgError, notFound, PG_UNIQUE_VIOLATION, Principal } from '@app/core';
import { EvaluationGrade, GRADE_RANK, GRADES_BY_RANK } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DirectoryErrors } from './directory.errors';
import { OfferingInput, RegisterOrganizationInput } from './dto/organization.inputs';
import { CommunityEntity } from './entities/community.entity';
import { OrganizationEntity } from './entities/organization.entity';
import { ServiceOfferingEntity } from './entities/service-offering.entity';

export interface NewCommunity {
  name: string;
  district: string;
  street: string;
  location: { lat: number; lng: number };
  households?: number | null;
}

/** Communities, organizations and their catalogues. */
@Injectable()
export class DirectoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Called inside the registration transaction, so the user and the community appear together or not at all. */
  createCommunity(manager: EntityManager, input: NewCommunity): Promise<CommunityEntity> {
    return manager.save(CommunityEntity, manager.create(CommunityEntity, {
      name: input.name.trim(), district: input.district.trim(), street: input.street.trim(),
      lat: input.location.lat, lng: input.location.lng, households: input.households ?? null,
    }));
  }

  async createOrganization(manager: EntityManager, input: Omit<RegisterOrganizationInput, 'email' | 'password'>): Promise<OrganizationEntity> {
    try {
      return await manager.save(OrganizationEntity, manager.create(OrganizationEntity, {
        name: input.name.trim(), creditCode: input.creditCode, form: input.form, grade: EvaluationGrade.UNRATED,
        district: input.district.trim(), lat: input.location.lat, lng: input.location.lng,
        serviceRadiusKm: input.serviceRadiusKm, certifiedSocialWorkers: input.certifiedSocialWorkers,
        staffCount: input.staffCount, maxConcurrentProjects: input.maxConcurrentProjects,
      }));
    } catch (error) {
      if (isPgError(error, PG_UNIQUE_VIOLATION, 'organizations_credit_code_key')) throw DirectoryErrors.creditCodeTaken(input.creditCode);
      throw error;
    }
  }

  async creditCodeTaken(manager: EntityManager, creditCode: string): Promise<boolean> {
    return manager.exists(OrganizationEntity, { where: { creditCode } });
  }

  async getOrganization(id: string): Promise<OrganizationEntity> {
    const org = isUUID(id) ? await this.db.getRepository(OrganizationEntity).findOneBy({ id }) : null;
    if (!org) throw notFound('Organization', id);
    return org;
  }

  // Ids come from clients: one that is not a UUID matches nothing (PostgreSQL would reject the whole batch).
  findOrganizations(ids: readonly string[]): Promise<OrganizationEntity[]> {
    const valid = ids.filter((id) => isUUID(id));
    return valid.length ? this.db.getRepository(OrganizationEntity).findBy({ id: In(valid) }) : Promise.resolve([]);
  }

  findCommunities(ids: readonly string[]): Promise<CommunityEntity[]> {
    const valid = ids.filter((id) => isUUID(id));
    return valid.length ? this.db.getRepository(CommunityEntity).findBy({ id: In(valid) }) : Promise.resolve([]);
  }

  async getCommunity(id: string): Promise<CommunityEntity> {
    const community = isUUID(id) ? await this.db.getRepository(CommunityEntity).findOneBy({ id }) : null;
    if (!community) throw notFound('Community', id);
    return community;
  }

  offeringsOf(organizationIds: readonly string[]): Promise<ServiceOfferingEntity[]> {
    return this.db.getRepository(ServiceOfferingEntity).find({ where: { organizationId: In([...organizationIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async setGrade(organizationId: string, grade: EvaluationGrade): Promise<OrganizationEntity> {
    if (!isUUID(organizationId)) throw notFound('Organization', organizationId);
    const result = await this.db.getRepository(OrganizationEntity).update({ id: organizationId }, { grade });
    if (!result.affected) throw notFound('Organization', organizationId);
    return this.getOrganization(organizationId);
  }

  /** An organization edits only its own catalogue. */
  async addOffering(principal: Principal, input: OfferingInput): Promise<ServiceOfferingEntity> {
    const organizationId = this.ownOrganization(principal);
    if (input.priceMax < input.priceMin) throw DirectoryErrors.priceRangeInverted();
    const repo = this.db.getRepository(ServiceOfferingEntity);
    return repo.save(repo.create({
      organizationId, domain: input.domain, title: input.title.trim(), description: input.description.trim(),
      priceMinFen: input.priceMin as Fen, priceMaxFen: input.priceMax as Fen, annualBeneficiaries: input.annualBeneficiaries,
    }));
  }

  async removeOffering(principal: Principal, offeringId: string): Promise<boolean> {
    const organizationId = this.ownOrganization(principal);
    const repo = this.db.getRepository(ServiceOfferingEntity);
    const offering = isUUID(offeringId) ? await repo.findOneBy({ id: offeringId }) : null;
    if (!offering) throw notFound('ServiceOffering', offeringId);
    if (offering.organizationId !== organizationId) throw forbidden('An organization may remove only its own offerings');
    await repo.delete({ id: offeringId });
    return true;
  }

  private ownOrganization(principal: Principal): string {
    if (!principal.organizationId) throw forbidden('Only an organization account has a catalogue');
    return principal.organizationId;
  }
}

/** Grades at or above `min`, for SQL `IN` filters on the grade enum. */
export function gradesAtLeast(min: EvaluationGrade): EvaluationGrade[] {
  return GRADES_BY_RANK.filter((g) => GRADE_RANK[g] >= GRADE_RANK[min]);
}
