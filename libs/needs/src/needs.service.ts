import {
  AuditService,
  Connection,
  DomainError,
  ImportRowError,
  isPgError,
  isUuid,
  LiveEvents,
  PG_FOREIGN_KEY_VIOLATION,
  Principal,
  Role,
  rowErrorOf,
  uuidsOnly,
} from '@app/core';
import { CommunityEntity } from '@app/directory';
import { DirectoryService } from '@app/directory';
import { GeoBox, NeedInput } from '@app/matching';
import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NeedsArgs, PostNeedInput, ResidentReviewInput, UpdateNeedInput } from './dto/need.inputs';
import { NeedResidentReviewEntity } from './entities/need-resident-review.entity';
import { NEED_FAIR_FOREIGN_KEY, NeedStatus, ServiceNeedEntity } from './entities/service-need.entity';
import { NeedSearchRepository } from './need-search.repository';
import { NeedPolicy } from './need.policy';
import { NeedsErrors } from './needs.errors';
import { NeedChanges, NeedsRepository } from './needs.repository';

/** Residents review a need until it is contracted. */
const REVIEWABLE: readonly NeedStatus[] = [NeedStatus.DRAFT, NeedStatus.PUBLISHED, NeedStatus.MATCHED];

/** Which statuses each community action may start from. */
const PUBLISHABLE_FROM: readonly NeedStatus[] = [NeedStatus.DRAFT];
// Once a contract exists (CONTRACTED, CLOSED) the need belongs to that contract.
const WITHDRAWABLE_FROM: readonly NeedStatus[] = [NeedStatus.DRAFT, NeedStatus.PUBLISHED, NeedStatus.MATCHED];
// Bidders and runs rely on what a need says once it is MATCHED or beyond.
const EDITABLE_IN: readonly NeedStatus[] = [NeedStatus.DRAFT, NeedStatus.PUBLISHED];

/**
 * Whether a need is on the table of a session that takes or weighs bids: a fact of the
 * fairs context (a later one), which passes it in when it edits a need (see updateNeed).
 */
export type OnTableCheck = (manager: EntityManager, needId: string) => Promise<boolean>;

/** One row of a needs booklet: the input the postNeed mutation takes, and (organizers) the community it is for, by id or name. */
export interface NeedImportRow {
  row: number;
  input: PostNeedInput;
  community?: string;
}

export interface NeedImportOutcome {
  /** Needs stored (0 on a dry run and whenever errors is not empty). */
  created: number;
  errors: ImportRowError[];
  /** Some row names a community the caller may not import for (answered 403, not 422). */
  denied: boolean;
}

/**
 * A community's needs: posting, publishing, withdrawing, and reading them with
 * NeedPolicy. Later contexts read and move needs only through here (passing their
 * EntityManager to share a transaction); every move is audited.
 */
@Injectable()
export class NeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: NeedsRepository,
    private readonly searchRepo: NeedSearchRepository,
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  /** Needs by id whatever their status, oldest first: for objects that point at a need (bids, proposals, contracts), whose own rule let the caller in. */
  findNeeds(ids: readonly string[], manager?: EntityManager): Promise<ServiceNeedEntity[]> {
    return this.repo.byIds([...new Set(uuidsOnly(ids))], manager);
  }

  /** The need if this viewer may see it; null for an unknown id and for a hidden one alike. */
  async visibleNeed(viewer: Principal | null, id: string): Promise<ServiceNeedEntity | null> {
    const [need] = await this.findNeeds([id]);
    return need && NeedPolicy.canRead(viewer, need) ? need : null;
  }

  search(args: NeedsArgs, viewer: Principal | null): Promise<Connection<ServiceNeedEntity>> {
    return this.searchRepo.search(args, viewer);
  }

  async postNeed(principal: Principal, input: PostNeedInput): Promise<ServiceNeedEntity> {
    const communityId = this.ownCommunity(principal);
    const [problem] = needRuleProblems(input);
    if (problem) throw problem;

    try {
      const posted = await this.db.transaction(async (manager) => {
        const community = await this.directory.communityIn(manager, communityId);
        if (!community) throw NeedsErrors.notACommunity();
        const need = await this.repo.insert(manager, needValues(community, input));
        const status = need.status;
        await this.audit.record(manager, principal, { entityType: 'NEED', entityId: need.id, from: null, to: status });
        return need;
      });
      await this.figuresChanged(posted);
      return posted;
    } catch (error) {
      // The foreign key settles whether the fair exists (fairs is a later context: needs never reads its table).
      if (input.fairId && isPgError(error, PG_FOREIGN_KEY_VIOLATION, NEED_FAIR_FOREIGN_KEY)) throw NeedsErrors.fairNotFound(input.fairId);
      throw error;
    }
  }

  /**
   * A booklet of needs, all or nothing: each row checked by postNeed's rules (the input
   * class was checked by the caller, with the mutation's validation), its community
   * resolved (a community imports only its own; an organizer names one per row, by id
   * or unique name). Any refusal: nothing stored and every refused cell returned. Else,
   * unless a dry run, every need inserted and audited in one transaction.
   */
  async importNeeds(principal: Principal, rows: readonly NeedImportRow[], dryRun: boolean): Promise<NeedImportOutcome> {
    const organizer = principal.role === Role.ORGANIZER;
    if (!organizer) this.ownCommunity(principal);
    return this.db.transaction(async (manager) => {
      const errors: ImportRowError[] = [];
      let denied = false;
      const refuse = (row: number, error: DomainError) => errors.push(rowErrorOf(row, error));

      const own = organizer ? null : await this.directory.communityIn(manager, principal.communityId!);
      if (!organizer && !own) throw NeedsErrors.notACommunity();
      const named = organizer
        ? await this.directory.communitiesByIdsOrNames(
            manager,
            rows.map((r) => r.community ?? ''),
          )
        : [];
      const byId = new Map(named.map((c) => [c.id, c]));
      const byName = new Map<string, CommunityEntity[]>();
      for (const c of named) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);

      const values: Array<ReturnType<typeof needValues>> = [];
      for (const { row, input, community: key } of rows) {
        let community: CommunityEntity | undefined;
        if (own) {
          // The column may repeat the community's own id or name; another one is not this account's to import for.
          if (key && key !== own.id && key !== own.name) {
            refuse(row, NeedsErrors.notYourCommunity(key));
            denied = true;
            continue;
          }
          community = own;
        } else {
          const trimmed = (key ?? '').trim();
          const matches = byId.has(trimmed) ? [byId.get(trimmed)!] : (byName.get(trimmed) ?? []);
          if (matches.length > 1) refuse(row, NeedsErrors.communityAmbiguous(trimmed));
          else if (matches.length === 0) refuse(row, NeedsErrors.communityNotFound(trimmed));
          community = matches.length === 1 ? matches[0] : undefined;
        }
        const problems = needRuleProblems(input);
        for (const problem of problems) refuse(row, problem);
        if (community && problems.length === 0) values.push(needValues(community, input));
      }
      if (errors.length || dryRun) return { created: 0, errors, denied };

      const created = await this.repo.insertMany(manager, values);
      await this.audit.record(
        manager,
        principal,
        ...created.map((n) => ({ entityType: 'NEED' as const, entityId: n.id, from: null, to: n.status, detail: { imported: true } })),
      );
      return { created: created.length, errors, denied };
    });
  }

  /**
   * Changes what a DRAFT or PUBLISHED need says. The need is locked FOR NO KEY UPDATE before
   * `onTable` is asked, and a session puts needs on its table under FOR SHARE locks
   * (lockFacts), so an edit and a session opening over the same need serialise: the
   * edit never lands under bids.
   */
  async updateNeed(principal: Principal, id: string, input: UpdateNeedInput, onTable: OnTableCheck): Promise<ServiceNeedEntity> {
    const communityId = this.ownCommunity(principal);
    if (!isUuid(id)) throw NeedsErrors.needNotFound(id);
    const title = input.title?.trim();
    const description = input.description?.trim();
    if (title !== undefined && title.length < 2) throw NeedsErrors.titleTooShort();
    if (description !== undefined && description.length < 1) throw NeedsErrors.descriptionBlank();
    try {
      return await this.db.transaction(async (manager) => {
        const need = await this.repo.lock(manager, id, 'update');
        if (!need) throw NeedsErrors.needNotFound(id);
        if (need.communityId !== communityId) throw NeedsErrors.notYourNeed();
        if (!EDITABLE_IN.includes(need.status)) throw NeedsErrors.notEditable(need.status, false);
        if (await onTable(manager, id)) throw NeedsErrors.notEditable(need.status, true);
        const changes: NeedChanges = {};
        if (title !== undefined) changes.title = title;
        if (description !== undefined) changes.description = description;
        if (input.domain != null) changes.domain = input.domain;
        if (input.beneficiaries != null) changes.beneficiaries = input.beneficiaries;
        if (input.budget != null) changes.budgetFen = input.budget;
        if (input.fundingSource != null) changes.fundingSource = input.fundingSource;
        if (input.minGrade != null) changes.minGrade = input.minGrade;
        if (input.startsOn != null) changes.startsOn = input.startsOn;
        if (input.endsOn != null) changes.endsOn = input.endsOn;
        if (input.location != null) Object.assign(changes, { lat: input.location.lat, lng: input.location.lng });
        if (input.fairId != null) changes.fairId = input.fairId;
        // One field may move without the other: the period is checked as it will be stored.
        if ((changes.endsOn ?? need.endsOn) < (changes.startsOn ?? need.startsOn)) throw NeedsErrors.periodInverted();
        if (Object.keys(changes).length === 0) return need;
        await this.repo.update(manager, id, changes);
        const fields = Object.keys(changes).filter((k) => k !== 'lng');
        await this.audit.record(manager, principal, { entityType: 'NEED', entityId: id, from: need.status, to: need.status, detail: { edited: fields } });
        return (await this.repo.one(manager, id))!;
      });
    } catch (error) {
      if (input.fairId && isPgError(error, PG_FOREIGN_KEY_VIOLATION, NEED_FAIR_FOREIGN_KEY)) throw NeedsErrors.fairNotFound(input.fairId);
      throw error;
    }
  }

  /** DRAFT -> PUBLISHED. */
  publishNeed(principal: Principal, id: string): Promise<ServiceNeedEntity> {
    return this.transition(principal, id, PUBLISHABLE_FROM, NeedStatus.PUBLISHED, NeedsErrors.notPublishable);
  }

  /** DRAFT, PUBLISHED or MATCHED -> WITHDRAWN. */
  withdrawNeed(principal: Principal, id: string): Promise<ServiceNeedEntity> {
    return this.transition(principal, id, WITHDRAWABLE_FROM, NeedStatus.WITHDRAWN, NeedsErrors.notWithdrawable);
  }

  /**
   * Moves one of the caller's needs to `to`. The UPDATE itself carries the allowed
   * source statuses, so of two concurrent calls only the first to commit changes the
   * row; the second finds the new status and gets a CONFLICT. The audit entry is
   * written in the same transaction, with the status the row really had.
   */
  private async transition(
    principal: Principal,
    id: string,
    from: readonly NeedStatus[],
    to: NeedStatus,
    refusal: (status: NeedStatus) => Error,
  ): Promise<ServiceNeedEntity> {
    const communityId = this.ownCommunity(principal);
    if (!isUuid(id)) throw NeedsErrors.needNotFound(id);
    const moved = await this.db.transaction(async (manager) => {
      const previous = await this.repo.moveOwn(manager, id, communityId, from, to);
      if (previous === null) {
        const need = await this.repo.one(manager, id);
        if (!need) throw NeedsErrors.needNotFound(id);
        if (need.communityId !== communityId) throw NeedsErrors.notYourNeed();
        throw refusal(need.status);
      }
      await this.audit.record(manager, principal, { entityType: 'NEED', entityId: id, from: previous, to });
      return (await this.repo.one(manager, id))!;
    });
    await this.figuresChanged(moved);
    return moved;
  }

  /** After the commit: a need of a fair posted or moved changes the fair's listed needs (the screens and the cached figures follow the event). */
  private async figuresChanged(need: ServiceNeedEntity): Promise<void> {
    if (need.fairId) await this.live.fairStatsChanged(need.fairId);
  }

  /**
   * The need's community records its residents' review (群众评议立项) before the need is
   * CONTRACTED; recording again replaces the earlier review. The need is locked FOR
   * UPDATE, so a contract written at the same moment either sees the review or makes
   * this call refuse. Audited (RESIDENT_REVIEW, RECORDED or REPLACED, with the votes).
   */
  async recordResidentReview(principal: Principal, needId: string, input: ResidentReviewInput): Promise<ServiceNeedEntity> {
    const communityId = this.ownCommunity(principal);
    const minutes = input.minutes.trim();
    if (minutes.length < 1) throw NeedsErrors.minutesBlank();
    if (input.votesFor + input.votesAgainst < 1) throw NeedsErrors.noVotes();
    if (input.votesFor + input.votesAgainst > input.participants) throw NeedsErrors.votesExceedParticipants();
    if (!isUuid(needId)) throw NeedsErrors.needNotFound(needId);
    return this.db.transaction(async (manager) => {
      if (!(await this.repo.notAfterToday(manager, input.heldOn))) throw NeedsErrors.heldInFuture();
      const need = await this.repo.lock(manager, needId, 'update');
      if (!need || !NeedPolicy.canRead(principal, need)) throw NeedsErrors.needNotFound(needId);
      if (need.communityId !== communityId) throw NeedsErrors.notYourNeed();
      if (!REVIEWABLE.includes(need.status)) throw NeedsErrors.reviewClosed(need.status);
      const { replaced } = await this.repo.upsertReview(manager, {
        needId,
        heldOn: input.heldOn,
        participants: input.participants,
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
        minutes,
        recordedByUserId: principal.userId,
      });
      await this.audit.record(manager, principal, {
        entityType: 'RESIDENT_REVIEW',
        entityId: needId,
        from: replaced ? 'RECORDED' : null,
        to: replaced ? 'REPLACED' : 'RECORDED',
        detail: { heldOn: input.heldOn, participants: input.participants, votesFor: input.votesFor, votesAgainst: input.votesAgainst },
      });
      return need;
    });
  }

  /** The residents' reviews of these needs (at most one each). */
  residentReviewsOf(needIds: readonly string[]): Promise<NeedResidentReviewEntity[]> {
    return this.repo.reviewsOf([...new Set(uuidsOnly(needIds))]);
  }

  // ---- for later contexts, inside their transactions ----

  /** Of `ids`, the needs whose residents' review supports them at least `min` (openSession's minResidentSupport); unreviewed needs never pass. */
  supportedAtLeast(manager: EntityManager, ids: readonly string[], min: number): Promise<string[]> {
    return this.repo.supportedAtLeast(manager, uuidsOnly(ids), min);
  }

  /**
   * Moves needs as later contexts' records move (a match run marks needs MATCHED, a
   * contract CONTRACTED...), inside the caller's transaction. Only needs still in one of
   * `from` change; returns the ids that did, each audited.
   */
  async changeStatus(
    manager: EntityManager,
    actor: Principal | null,
    ids: readonly string[],
    from: readonly NeedStatus[],
    to: NeedStatus,
    detail?: Record<string, unknown>,
  ): Promise<string[]> {
    const valid = uuidsOnly(ids);
    if (valid.length === 0) return [];
    const moved = await this.repo.moveMany(manager, valid, from, to);
    await this.audit.record(manager, actor, ...moved.map((r) => ({ entityType: 'NEED' as const, entityId: r.id, from: r.previous, to, detail })));
    return moved.map((r) => r.id);
  }

  /** The need locked FOR SHARE (a bid) or FOR NO KEY UPDATE (a contract: the first lock of need → proposals → bids → organization). */
  async lock(manager: EntityManager, id: string, mode: 'share' | 'update'): Promise<ServiceNeedEntity> {
    const need = isUuid(id) ? await this.repo.lock(manager, id, mode) : null;
    if (!need) throw NeedsErrors.needNotFound(id);
    return need;
  }

  /** A need read inside the caller's transaction, whatever its status. */
  async getIn(manager: EntityManager, id: string): Promise<ServiceNeedEntity> {
    const need = isUuid(id) ? await this.repo.one(manager, id) : null;
    if (!need) throw NeedsErrors.needNotFound(id);
    return need;
  }

  /** For a session's table: each need's fair and status, locked FOR SHARE so none is withdrawn before the caller commits. */
  lockFacts(manager: EntityManager, ids: string[]): Promise<Array<{ id: string; fairId: string | null; status: NeedStatus }>> {
    return this.repo.lockFacts(manager, uuidsOnly(ids));
  }

  /** Every PUBLISHED need of a fair, oldest first, locked FOR SHARE. */
  lockPublishedOfFair(manager: EntityManager, fairId: string): Promise<string[]> {
    return this.repo.lockIdsOfFair(manager, fairId, NeedStatus.PUBLISHED);
  }

  /** Of `among` (or of every need), the ids of the needs the community posted: the "need's community" of the bid and proposal policies. */
  needIdsOfCommunity(communityId: string, among?: readonly string[]): Promise<string[]> {
    if (!isUuid(communityId)) return Promise.resolve([]);
    return this.repo.idsOfCommunity(communityId, among && uuidsOnly(among));
  }

  /** A fair's needs (its own, and `alsoIds`: those its sessions put on the table) that this viewer may read, oldest first. */
  readableOfFair(viewer: Principal | null, fairId: string, alsoIds: readonly string[] = []): Promise<ServiceNeedEntity[]> {
    if (!isUuid(fairId)) return Promise.resolve([]);
    return this.repo.readableOfFair(NeedPolicy.scope(viewer), fairId, uuidsOnly(alsoIds));
  }

  /** The engine's view of these needs, only those in `statuses`. */
  matchInputs(manager: EntityManager, ids: readonly string[], statuses: readonly NeedStatus[]): Promise<NeedInput[]> {
    return this.repo.matchInputs(manager, uuidsOnly(ids), statuses);
  }

  /** The engine's view of the PUBLISHED needs in `domains` inside a box (recommendations). */
  publishedMatchInputsNear(domains: ServiceDomain[], box: GeoBox): Promise<NeedInput[]> {
    return this.repo.matchInputsNear(NeedStatus.PUBLISHED, domains, box);
  }

  private ownCommunity(principal: Principal): string {
    if (!principal.communityId) throw NeedsErrors.notACommunity();
    return principal.communityId;
  }
}

/**
 * postNeed's rules beyond the input class: the length rules count what is stored, not
 * surrounding blanks. The bulk import applies the same list to every row.
 */
function needRuleProblems(input: PostNeedInput): DomainError[] {
  const problems: DomainError[] = [];
  if (input.title.trim().length < 2) problems.push(NeedsErrors.titleTooShort());
  if (input.description.trim().length < 1) problems.push(NeedsErrors.descriptionBlank());
  return problems;
}

/** The stored row of a posted need: the community gives its district and, unless the input has one, its place. */
function needValues(community: CommunityEntity, input: PostNeedInput) {
  return {
    communityId: community.id,
    district: community.district,
    title: input.title.trim(),
    description: input.description.trim(),
    domain: input.domain,
    beneficiaries: input.beneficiaries,
    budgetFen: input.budget,
    fundingSource: input.fundingSource,
    minGrade: input.minGrade ?? EvaluationGrade.UNRATED,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    lat: input.location?.lat ?? community.lat,
    lng: input.location?.lng ?? community.lng,
    status: input.draft ? NeedStatus.DRAFT : NeedStatus.PUBLISHED,
    fairId: input.fairId ?? null,
  };
}
