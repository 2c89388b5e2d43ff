import { AuditService } from '@app/core';
import { SessionMove, SessionsService } from '@app/fairs';
import { NeedsService, NeedStatus } from '@app/needs';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { RunStatus } from '../entities/match-run.entity';
import { ProposalCopy, ProposalRows, ProposalsRepository } from '../proposals.repository';
import { DemandColumns, RunsRepository, SupplyColumns } from '../runs.repository';
import { EngineInput, EngineOutput, EngineRows } from './engine-thread';
import { ClaimedRun } from './run-claim';
import { RunSeen } from './run-compute';

export interface Persisted {
  proposalsCreated: number;
  /** From the COPY's opening (the inputs read) to the run's facts written, the assignment marked: mostly while the engine computes. */
  insertMs: number;
  sessionMove: SessionMove;
}

/**
 * A run's final transaction, opened as soon as its inputs are read: `rows` with each block of
 * proposals the engine streams, written at once while the engine goes on scoring and assigning;
 * `finish` with the engine's result; `abort` when the run fails on the way.
 */
export interface RunWrite {
  rows(rows: EngineRows): void;
  /** Null when another execution of the same run committed first. A failure rolls everything back before it is thrown. */
  finish(result: EngineOutput, seen: RunSeen): Promise<Persisted | null>;
  abort(): Promise<void>;
}

/**
 * Stores a run's whole result in one transaction: its proposals, its figures, the needs
 * the assignment gave an organization MATCHED (through NeedsService, audited like every
 * move of a need), the session's move to MATCHED, and the run's audit entry. Safe to
 * run twice for one run: the row lock serialises two executions racing to finish, and
 * the unique (run, need, organization) index makes a second copy of a proposal impossible.
 *
 * The write starts with the engine (`begin`), not after it: the proposals' COPY, bound by the
 * per-row checks of match_proposals' foreign keys, takes longer than the engine, and on the
 * machine's second core it runs beside it. The run row stays locked from the start, so
 * progress meanwhile goes to the job and the live channel only.
 */
@Injectable()
export class RunPersist {
  private readonly logger = new Logger(RunPersist.name);

  private readonly stores: RunStores;

  constructor(
    @InjectDataSource() db: DataSource,
    runs: RunsRepository,
    proposals: ProposalsRepository,
    needs: NeedsService,
    sessions: SessionsService,
    audit: AuditService,
  ) {
    this.stores = { db, runs, proposals, needs, sessions, audit };
  }

  /** After the run is stored: the planner's statistics of the proposals (see ProposalsRepository.refreshStatistics); a failure only logs. */
  async refreshStatistics(): Promise<void> {
    try {
      await this.stores.proposals.refreshStatistics();
    } catch (error) {
      this.logger.warn(`Could not refresh the statistics of match_proposals: ${(error as Error).message}`);
    }
  }

  /** Opens the run's transaction (see RunWrite). */
  begin(run: ClaimedRun, input: EngineInput, worker: string): RunWrite {
    return new StreamedRunWrite(this.stores, run, input, worker);
  }
}

/** What a run's write goes through. */
interface RunStores {
  db: DataSource;
  runs: RunsRepository;
  proposals: ProposalsRepository;
  needs: NeedsService;
  sessions: SessionsService;
  audit: AuditService;
}

class StreamedRunWrite implements RunWrite {
  private readonly queryRunner: QueryRunner;
  private status: RunStatus | null = null;
  private copy: ProposalCopy | null = null;
  /** The writes, one after the other in the order the rows came; the first failure ends them. */
  private writing: Promise<void>;
  private failure: Error | null = null;
  private copyStart = 0;
  private closed = false;

  constructor(
    private readonly stores: RunStores,
    private readonly run: ClaimedRun,
    private readonly input: EngineInput,
    private readonly worker: string,
  ) {
    this.queryRunner = stores.db.createQueryRunner();
    this.writing = this.open().catch((error) => this.fail(error));
  }

  rows(rows: EngineRows): void {
    // After a failure the rest is not even formatted: the run will store nothing.
    this.writing = this.writing.then(() => (this.failure ? undefined : this.copy?.write(rowsOf(this.input, rows, false)))).catch((error) => this.fail(error));
  }

  async finish(result: EngineOutput, seen: RunSeen): Promise<Persisted | null> {
    try {
      return await this.store(result, seen);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  private async store(result: EngineOutput, seen: RunSeen): Promise<Persisted | null> {
    await this.writing;
    if (this.failure) throw this.failure;
    if (!this.copy) {
      await this.close(false); // another execution stored the run: nothing of ours to keep
      return null;
    }
    const manager = this.queryRunner.manager;
    const { runs, proposals, needs, sessions, audit } = this.stores;
    const runId = this.run.runId;
    await this.copy.write(rowsOf(this.input, result.extra, true));
    const proposalsCreated = await this.copy.end();
    // Every block the engine streamed reached the server, or the run stores nothing.
    if (proposalsCreated !== result.streamedCount + result.extra.count) {
      throw new Error(`Run ${runId}: ${proposalsCreated} proposals stored of the ${result.streamedCount + result.extra.count} the engine returned`);
    }
    const assignedNeedIds = Array.from(result.assignedNeeds, (i) => this.input.needs[i].id);
    const assignedOrganizationIds = Array.from(result.assignedOrganizations, (j) => this.input.organizations[j].id);
    // The extra pairs were written assigned; every other assigned pair is one of the streamed rows.
    const marked = await proposals.markAssigned(manager, runId, assignedNeedIds, assignedOrganizationIds);
    if (marked !== assignedNeedIds.length - result.extra.count) {
      throw new Error(
        `Run ${runId}: ${marked} stored proposals marked assigned of the ${assignedNeedIds.length - result.extra.count} the assignment chose among them`,
      );
    }
    await runs.insertFacts(manager, runId, supplyOf(this.input, result, seen), demandOf(this.input, result, seen));
    const insertMs = performance.now() - this.copyStart;
    await runs.succeed(manager, runId, {
      pairsScored: result.pairsScored,
      proposalsCreated,
      assignedCount: result.assignedCount,
      totalScore: result.totalScore,
    });
    // A need the assignment gave an organization is MATCHED: it waits for both sides to accept.
    // Only PUBLISHED needs move; a need already MATCHED by an earlier run stays MATCHED, and one
    // that moved on (CONTRACTED, WITHDRAWN...) meanwhile is not touched. Re-runs never move a need back.
    const matched = await needs.changeStatus(manager, null, assignedNeedIds, [NeedStatus.PUBLISHED], NeedStatus.MATCHED, { runId });
    const sessionMove = await sessions.markMatched(manager, this.run.sessionId, null);
    await audit.record(manager, null, {
      entityType: 'RUN',
      entityId: runId,
      from: this.status,
      to: RunStatus.SUCCEEDED,
      detail: {
        pairsScored: result.pairsScored,
        proposalsCreated,
        assignedCount: result.assignedCount,
        totalScore: result.totalScore,
        needsMatched: matched.length,
        worker: this.worker,
      },
    });
    await this.close(true);
    return { proposalsCreated, insertMs, sessionMove };
  }

  async abort(): Promise<void> {
    const error = new Error('The run failed before its proposals were all written');
    this.copy?.abort(error); // a write under way ends now
    await this.writing;
    // The COPY may have been opened while we waited: a rollback queued behind it would never run.
    this.copy?.abort(error);
    await this.close(false);
  }

  /** Begins the transaction and locks the run row; writes nothing when the run is gone or already SUCCEEDED. */
  private async open(): Promise<void> {
    await this.queryRunner.connect();
    await this.queryRunner.startTransaction();
    this.status = await this.stores.runs.lockStatus(this.queryRunner.manager, this.run.runId);
    if (this.status === null || this.status === RunStatus.SUCCEEDED) return;
    this.copyStart = performance.now();
    this.copy = await this.stores.proposals.openCopy(this.queryRunner.manager, this.run.runId);
  }

  private fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
  }

  private async close(commit: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (commit) await this.queryRunner.commitTransaction();
      else if (this.queryRunner.isTransactionActive) await this.queryRunner.rollbackTransaction().catch(() => undefined);
    } finally {
      await this.queryRunner.release();
    }
  }
}

/** A block of the engine's rows as COPY reads them; `assigned` the same for the whole block. */
function rowsOf(input: EngineInput, rows: EngineRows, assigned: boolean): ProposalRows {
  const b = rows.breakdown;
  return {
    count: rows.count,
    needId: (i) => input.needs[rows.need[i]].id,
    organizationId: (i) => input.organizations[rows.organization[i]].id,
    bidId: (i) => (rows.bid[i] < 0 ? null : input.bids[rows.bid[i]].id),
    score: (i) => rows.score[i],
    breakdown: (i, key) => b[key][i],
    rank: (i) => rows.rank[i],
    assigned: () => assigned,
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
