import { AuditService, isOrganizerOrAdmin, JOBS, JobPayloads, notFound, Principal, QUEUES, Role, forbidden } from '@app/core';
import { InvalidWeightsError, resolveWeights } from '@app/matching';
import { MatchSessionEntity, SessionStatus } from '@app/fairs';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { MatchWeightsInput, ProposalFilter, RunMatchingArgs } from './dto/matching-runs.inputs';
import { MatchProposalEntity } from './entities/match-proposal.entity';
import { MatchRunEntity, RunStatus } from './entities/match-run.entity';
import { isUuid, MatchingRunsErrors } from './matching-runs.errors';

export const DEFAULT_TOP_K = 10;

/** Match runs as the api sees them: requested here, executed by the worker (RunMatchingProcessor). */
@Injectable()
export class MatchingRunsService {
  private readonly logger = new Logger(MatchingRunsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.matching) private readonly queue: Queue,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a QUEUED run and enqueues its job, then returns at once: the worker does the
   * work. Bad weights are refused before anything is written.
   */
  async requestRun(principal: Principal, args: RunMatchingArgs): Promise<MatchRunEntity> {
    const weights = this.resolve(args.weights ?? undefined);
    const topK = args.topK ?? DEFAULT_TOP_K;
    if (!isUuid(args.sessionId)) throw notFound('MatchSession', args.sessionId);
    const run = await this.db.transaction(async (manager) => {
      // FOR SHARE: the session cannot move (e.g. to CLOSED) between this check and the commit.
      const session = await manager.getRepository(MatchSessionEntity).findOne({ where: { id: args.sessionId }, lock: { mode: 'pessimistic_read' } });
      if (!session) throw notFound('MatchSession', args.sessionId);
      if (session.status !== SessionStatus.CLOSED_FOR_BIDS && session.status !== SessionStatus.MATCHED) {
        throw MatchingRunsErrors.sessionNotClosed(session.id, session.status);
      }
      const created = await manager.save(MatchRunEntity, manager.create(MatchRunEntity, {
        sessionId: session.id, status: RunStatus.QUEUED, progress: 0, weights: { ...weights }, topK, requestedBy: principal.userId,
      }));
      await this.audit.record(manager, principal, { entityType: 'RUN', entityId: created.id, from: null, to: RunStatus.QUEUED, detail: { sessionId: session.id, weights, topK } });
      return created;
    });
    try {
      await this.enqueue(run.id);
    } catch (error) {
      // Without its job the run would wait forever: say so on the run, then fail the request.
      await this.db.getRepository(MatchRunEntity).update({ id: run.id, status: RunStatus.QUEUED }, { status: RunStatus.FAILED, error: `could not enqueue: ${(error as Error).message}`, finishedAt: new Date() });
      throw error;
    }
    return run;
  }

  /** jobId = run id: add() ignores a second job with the same id, so a run is queued once. */
  enqueue(runId: string): Promise<unknown> {
    const payload: JobPayloads[typeof JOBS.runMatching] = { runId };
    return this.queue.add(JOBS.runMatching, payload, { jobId: runId });
  }

  private resolve(input: MatchWeightsInput | undefined): Record<string, number> {
    const partial: Record<string, number> = {};
    for (const [key, value] of Object.entries(input ?? {})) if (value !== undefined && value !== null) partial[key] = value;
    try {
      return { ...resolveWeights(partial) };
    } catch (error) {
      if (error instanceof InvalidWeightsError) throw MatchingRunsErrors.badWeight(error.key, error.message);
      throw error;
    }
  }

  async findRun(id: string): Promise<MatchRunEntity | null> {
    return isUuid(id) ? this.db.getRepository(MatchRunEntity).findOneBy({ id }) : null;
  }

  findRuns(ids: readonly string[]): Promise<MatchRunEntity[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.getRepository(MatchRunEntity).findBy({ id: In(valid) }) : Promise.resolve([]);
  }

  /** Newest first: the live screen shows the latest run on top. */
  runsOfSessions(sessionIds: readonly string[]): Promise<MatchRunEntity[]> {
    return this.db.getRepository(MatchRunEntity).find({ where: { sessionId: In([...sessionIds]) }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /**
   * Organizers and admins read every proposal; a community only those on its own
   * needs; an organization only its own. The filter must narrow the question.
   */
  async proposals(principal: Principal, filter: ProposalFilter): Promise<MatchProposalEntity[]> {
    const given = [filter.runId, filter.sessionId, filter.needId, filter.organizationId, filter.assignedOnly].some((v) => v !== undefined && v !== null);
    if (!given) throw MatchingRunsErrors.emptyFilter();
    for (const key of ['runId', 'sessionId', 'needId', 'organizationId'] as const) {
      const value = filter[key];
      if (value != null && !isUuid(value)) return [];
    }
    const qb = this.db.getRepository(MatchProposalEntity).createQueryBuilder('p').innerJoin('service_needs', 'n', 'n.id = p.need_id');
    if (filter.runId) qb.andWhere('p.run_id = :runId', { runId: filter.runId });
    if (filter.sessionId) qb.andWhere('p.run_id IN (SELECT r.id FROM match_runs r WHERE r.session_id = :sessionId)', { sessionId: filter.sessionId });
    if (filter.needId) qb.andWhere('p.need_id = :needId', { needId: filter.needId });
    if (filter.organizationId) qb.andWhere('p.organization_id = :organizationId', { organizationId: filter.organizationId });
    if (filter.assignedOnly) qb.andWhere('p.assigned = true');
    if (!isOrganizerOrAdmin(principal)) {
      if (principal.role === Role.COMMUNITY && principal.communityId) qb.andWhere('n.community_id = :communityId', { communityId: principal.communityId });
      else if (principal.role === Role.ORGANIZATION && principal.organizationId) qb.andWhere('p.organization_id = :ownOrganizationId', { ownOrganizationId: principal.organizationId });
      else throw forbidden('Only organizers, communities and organizations read proposals');
    }
    // Need, then rank; the run and id make the order total when several runs are listed.
    return qb.orderBy('p.need_id', 'ASC').addOrderBy('p.run_id', 'ASC').addOrderBy('p.rank', 'ASC').addOrderBy('p.id', 'ASC').getMany();
  }
}
