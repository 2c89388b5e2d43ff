import { AuditService } from '@app/core';
import { SessionMove, SessionsService } from '@app/fairs';
import { NeedsService, NeedStatus } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RunStatus } from '../entities/match-run.entity';
import { ProposalRows, ProposalsRepository } from '../proposals.repository';
import { RunsRepository } from '../runs.repository';
import { EngineInput, EngineOutput } from './engine-thread';
import { ClaimedRun } from './run-claim';
import { RunSeen } from './run-compute';
import { DemandColumns, SupplyColumns } from '../runs.repository';

export interface Persisted {
  proposalsCreated: number;
  insertMs: number;
  sessionMove: SessionMove;
}

/**
 * Stores a run's whole result in one transaction: its proposals, its figures, the needs
 * the assignment gave an organization MATCHED (through NeedsService, audited like every
 * move of a need), the session's move to MATCHED, and the run's audit entry. Safe to
 * call twice for one run: the row lock serialises two executions racing to finish, and
 * the unique (run, need, organization) index makes a second copy of a proposal impossible.
 */
@Injectable()
export class RunPersist {
  private readonly logger = new Logger(RunPersist.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsRepository,
    private readonly proposals: ProposalsRepository,
    private readonly needs: NeedsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** After the run is stored: the planner's statistics of the proposals (see ProposalsRepository.refreshStatistics); a failure only logs. */
  async refreshStatistics(): Promise<void> {
    try {
      await this.proposals.refreshStatistics();
    } catch (error) {
      this.logger.warn(`Could not refresh the statistics of match_proposals: ${(error as Error).message}`);
    }
  }

  /** Null when another execution of the same run committed first. `onProgress(f)` in [0, 1] as the proposals are written. */
  persist(
    run: ClaimedRun,
    input: EngineInput,
    result: EngineOutput,
    seen: RunSeen,
    worker: string,
    onProgress?: (fraction: number) => void,
  ): Promise<Persisted | null> {
    return this.db.transaction((manager) => this.write(manager, run, input, result, seen, worker, onProgress));
  }

  private async write(
    manager: EntityManager,
    run: ClaimedRun,
    input: EngineInput,
    result: EngineOutput,
    seen: RunSeen,
    worker: string,
    onProgress?: (fraction: number) => void,
  ): Promise<Persisted | null> {
    const status = await this.runs.lockStatus(manager, run.runId);
    if (status === null || status === RunStatus.SUCCEEDED) return null;

    const insertStart = performance.now();
    const proposalsCreated = await this.proposals.copyIn(manager, run.runId, rowsOf(input, result), onProgress);
    await this.runs.insertFacts(manager, run.runId, supplyOf(input, result, seen), demandOf(input, result, seen));
    const insertMs = performance.now() - insertStart;
    await this.runs.succeed(manager, run.runId, {
      pairsScored: result.pairsScored,
      proposalsCreated,
      assignedCount: result.assignedCount,
      totalScore: result.totalScore,
    });
    // A need the assignment gave an organization is MATCHED: it waits for both sides to accept.
    // Only PUBLISHED needs move; a need already MATCHED by an earlier run stays MATCHED, and one
    // that moved on (CONTRACTED, WITHDRAWN...) meanwhile is not touched. Re-runs never move a need back.
    const assignedNeedIds = Array.from(result.assignedNeeds, (i) => input.needs[i].id);
    const matched = await this.needs.changeStatus(manager, null, assignedNeedIds, [NeedStatus.PUBLISHED], NeedStatus.MATCHED, { runId: run.runId });
    const sessionMove = await this.sessions.markMatched(manager, run.sessionId, null);
    await this.audit.record(manager, null, {
      entityType: 'RUN',
      entityId: run.runId,
      from: status,
      to: RunStatus.SUCCEEDED,
      detail: {
        pairsScored: result.pairsScored,
        proposalsCreated,
        assignedCount: result.assignedCount,
        totalScore: result.totalScore,
        needsMatched: matched.length,
        worker,
      },
    });
    return { proposalsCreated, insertMs, sessionMove };
  }
}

/** The result's columns as the rows COPY writes. */
function rowsOf(input: EngineInput, result: EngineOutput): ProposalRows {
  const b = result.breakdown;
  return {
    count: result.count,
    needId: (i) => input.needs[result.need[i]].id,
    organizationId: (i) => input.organizations[result.organization[i]].id,
    bidId: (i) => (result.bid[i] < 0 ? null : input.bids[result.bid[i]].id),
    score: (i) => result.score[i],
    breakdown: (i, key) => b[key][i],
    rank: (i) => result.rank[i],
    assigned: (i) => result.assigned[i] === 1,
  };
}

/** The organizations with eligible pairs, as the run saw them (the supply side of its fairness report). */
function supplyOf(input: EngineInput, result: EngineOutput, seen: RunSeen): SupplyColumns {
  const columns: SupplyColumns = { organizationIds: [], forms: [], grades: [], newcomers: [], eligiblePairs: [] };
  input.organizations.forEach((organization, o) => {
    if (result.eligiblePairs[o] === 0) return;
    columns.organizationIds.push(organization.id);
    columns.forms.push(seen.organizationForms[o]);
    columns.grades.push(organization.grade);
    columns.newcomers.push(organization.performanceScore === null);
    columns.eligiblePairs.push(result.eligiblePairs[o]);
  });
  return columns;
}

/** Every need of the run with its district and number of candidates. */
function demandOf(input: EngineInput, result: EngineOutput, seen: RunSeen): DemandColumns {
  return { needIds: input.needs.map((n) => n.id), districts: seen.needDistricts, candidates: Array.from(result.candidates) };
}
