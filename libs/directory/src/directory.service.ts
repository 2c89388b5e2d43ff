import {
  AuditService,
  Connection,
  DomainError,
  Fen,
  ImportRowError,
  isPgError,
  isUuid,
  PG_UNIQUE_VIOLATION,
  Principal,
  rowErrorOf,
  uuidsOnly,
} from '@app/core';
import { OrganizationInput } from '@app/matching';
import { EvaluationGrade } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DirectoryErrors } from './directory.errors';
import { DirectoryRepository } from './directory.repository';
import { OfferingInput, OrganizationsArgs, RegisterOrganizationInput } from './dto/organization.inputs';
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

/**
 * Communities, organizations and their catalogues: the directory's public face. Other
 * contexts read and change organizations only through here (capacity slots, evaluation
 * means, the engine's view of them), passing their EntityManager to share a transaction.
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly repo: DirectoryRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Called inside the registration transaction, so the user and the community appear together or not at all. */
  createCommunity(manager: EntityManager, input: NewCommunity): Promise<CommunityEntity> {
    return this.repo.insertCommunity(manager, {
      name: input.name.trim(),
      district: input.district.trim(),
      street: input.street.trim(),
      lat: input.location.lat,
      lng: input.location.lng,
      households: input.households ?? null,
    });
  }

  async createOrganization(manager: EntityManager, input: Omit<RegisterOrganizationInput, 'email' | 'password'>): Promise<OrganizationEntity> {
    try {
      return await this.repo.insertOrganization(manager, {
        name: input.name.trim(),
        creditCode: input.creditCode,
        form: input.form,
        grade: EvaluationGrade.UNRATED,
        district: input.district.trim(),
        lat: input.location.lat,
        lng: input.location.lng,
        serviceRadiusKm: input.serviceRadiusKm,
        certifiedSocialWorkers: input.certifiedSocialWorkers,
        staffCount: input.staffCount,
        maxConcurrentProjects: input.maxConcurrentProjects,
      });
    } catch (error) {
      if (isPgError(error, PG_UNIQUE_VIOLATION, 'organizations_credit_code_key')) throw DirectoryErrors.creditCodeTaken(input.creditCode);
      throw error;
    }
  }

  async getOrganization(id: string): Promise<OrganizationEntity> {
    const org = isUuid(id) ? await this.repo.organization(id) : null;
    if (!org) throw DirectoryErrors.organizationNotFound(id);
    return org;
  }

  findOrganizations(ids: readonly string[]): Promise<OrganizationEntity[]> {
    return this.repo.organizations(uuidsOnly(ids));
  }

  findCommunities(ids: readonly string[]): Promise<CommunityEntity[]> {
    return this.repo.communities(uuidsOnly(ids));
  }

  /** A community read inside the caller's transaction (a need copies its district and location). */
  communityIn(manager: EntityManager, id: string): Promise<CommunityEntity | null> {
    return isUuid(id) ? this.repo.community(manager, id) : Promise.resolve(null);
  }

  /** The communities a bulk import's rows name, each by its id or its name (names are not unique: the caller decides what an ambiguous one means). */
  communitiesByIdsOrNames(manager: EntityManager, keys: readonly string[]): Promise<CommunityEntity[]> {
    const unique = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
    return this.repo.communitiesByIdsOrNames(
      manager,
      uuidsOnly(unique),
      unique.filter((k) => !isUuid(k)),
    );
  }

  offeringsOf(organizationIds: readonly string[]): Promise<ServiceOfferingEntity[]> {
    return this.repo.offeringsOf(uuidsOnly(organizationIds));
  }

  searchOrganizations(args: OrganizationsArgs): Promise<Connection<OrganizationEntity>> {
    return this.repo.search(args);
  }

  async setGrade(organizationId: string, grade: EvaluationGrade): Promise<OrganizationEntity> {
    if (!isUuid(organizationId) || !(await this.repo.setGrade(organizationId, grade))) throw DirectoryErrors.organizationNotFound(organizationId);
    return this.getOrganization(organizationId);
  }

  /** An organization edits only its own catalogue. */
  async addOffering(principal: Principal, input: OfferingInput): Promise<ServiceOfferingEntity> {
    const organizationId = this.ownOrganization(principal);
    const [problem] = offeringRuleProblems(input);
    if (problem) throw problem;
    return this.repo.insertOffering(offeringValues(organizationId, input));
  }

  /**
   * A catalogue in bulk, all or nothing: every row checked by addOffering's rules (the
   * input class was checked by the caller, with the mutation's validation). Any refusal:
   * nothing stored, every refused cell returned; else, unless a dry run, every offering
   * inserted and audited in one transaction.
   */
  async importOfferings(
    principal: Principal,
    rows: ReadonlyArray<{ row: number; input: OfferingInput }>,
    dryRun: boolean,
  ): Promise<{ created: number; errors: ImportRowError[] }> {
    const organizationId = this.ownOrganization(principal);
    const errors = rows.flatMap(({ row, input }) => offeringRuleProblems(input).map((p) => rowErrorOf(row, p)));
    if (errors.length || dryRun) return { created: 0, errors };
    return this.db.transaction(async (manager) => {
      if (!(await this.repo.lockOrganization(manager, organizationId))) throw DirectoryErrors.notAnOrganization();
      const values = rows.map((r) => offeringValues(organizationId, r.input));
      const ids = await this.repo.insertOfferings(manager, values);
      await this.audit.record(
        manager,
        principal,
        ...ids.map((id) => ({ entityType: 'OFFERING' as const, entityId: id, from: null, to: 'LISTED', detail: { imported: true } })),
      );
      return { created: ids.length, errors: [] };
    });
  }

  async removeOffering(principal: Principal, offeringId: string): Promise<boolean> {
    const organizationId = this.ownOrganization(principal);
    const offering = isUuid(offeringId) ? await this.repo.offering(offeringId) : null;
    if (!offering) throw DirectoryErrors.offeringNotFound(offeringId);
    if (offering.organizationId !== organizationId) throw DirectoryErrors.notYourOffering();
    await this.repo.deleteOffering(offeringId);
    return true;
  }

  // ---- for later contexts, inside their transactions ----

  /** The organization row locked FOR NO KEY UPDATE (the contract writer's last lock: need → proposals → bids → organization). */
  async lockOrganization(manager: EntityManager, id: string): Promise<OrganizationEntity> {
    const org = isUuid(id) ? await this.repo.lockOrganization(manager, id) : null;
    if (!org) throw DirectoryErrors.organizationNotFound(id);
    return org;
  }

  /**
   * `activeProjects` counts contracts SIGNED or ACTIVE: a contract's second signature
   * takes a slot (false: the organization is at capacity, nothing changed), ending a
   * contract in force gives it back.
   */
  takeCapacitySlot(manager: EntityManager, organizationId: string): Promise<boolean> {
    return this.repo.takeCapacitySlot(manager, organizationId);
  }

  releaseCapacitySlot(manager: EntityManager, organizationId: string): Promise<void> {
    return this.repo.releaseCapacitySlot(manager, organizationId);
  }

  /** An evaluation (0..100) moves the organization's running mean, which the next match runs use. */
  recordEvaluation(manager: EntityManager, organizationId: string, score: number): Promise<void> {
    return this.repo.addEvaluation(manager, organizationId, score);
  }

  /** Every organization with a free slot (or only `ids` among them), as the matching engine reads them. */
  matchingCandidates(ids?: readonly string[]): Promise<OrganizationInput[]> {
    return this.repo.matchingProfiles(undefined, { ids: ids && uuidsOnly(ids), freeSlotOnly: true });
  }

  /** One organization as the engine sees it, free slot or not (bids check eligibility with the engine's rule). */
  async matchingProfile(manager: EntityManager, id: string): Promise<OrganizationInput> {
    const [profile] = isUuid(id) ? await this.repo.matchingProfiles(manager, { ids: [id], freeSlotOnly: false }) : [];
    if (!profile) throw DirectoryErrors.organizationNotFound(id);
    return profile;
  }

  private ownOrganization(principal: Principal): string {
    if (!principal.organizationId) throw DirectoryErrors.notAnOrganization();
    return principal.organizationId;
  }
}

/** addOffering's rules beyond the input class; the bulk import applies the same list to every row. */
function offeringRuleProblems(input: OfferingInput): DomainError[] {
  return input.priceMax < input.priceMin ? [DirectoryErrors.priceRangeInverted()] : [];
}

function offeringValues(organizationId: string, input: OfferingInput) {
  return {
    organizationId,
    domain: input.domain,
    title: input.title.trim(),
    description: input.description.trim(),
    priceMinFen: input.priceMin as Fen,
    priceMaxFen: input.priceMax as Fen,
    annualBeneficiaries: input.annualBeneficiaries,
  };
}
