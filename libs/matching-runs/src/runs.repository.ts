import { runSql } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { MatchRunDemandEntity, MatchRunSupplyEntity } from './entities/match-run-facts.entity';
import { MatchRunEntity, RunStatus } from './entities/match-run.entity';

/** A run as a worker claimed it. */
export interface ClaimedRunRow {
  session_id: string | null;
  weights: Record<string, number>;
  top_k: number;
  attempts: number;
}

/** The figures a successful run stores. */
export interface RunFigures {
  pairsScored: number;
  proposalsCreated: number;
  assignedCount: number;
  totalScore: number;
}

/** A run's supply facts as INSERT column arrays (see MatchRunSupplyEntity). */
export interface SupplyColumns {
  organizationIds: string[];
  forms: string[];
  grades: string[];
  newcomers: boolean[];
  eligiblePairs: number[];
}

/** A run's demand facts as INSERT column arrays (see MatchRunDemandEntity). */
export interface DemandColumns {
  needIds: string[];
  districts: string[];
  candidates: number[];
}

/** Error texts kept on a run are cut to this many characters. */
const MAX_ERROR_CHARS = 2000;

/**
 * Every query about match_runs. Statuses travel as parameters; methods that take an
 * EntityManager run in the caller's transaction. Ids reaching here are UUIDs.
 */
@Injectable()
export class RunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insert(
    manager: EntityManager,
    values: Pick<MatchRunEntity, 'sessionId' | 'status' | 'progress' | 'weights' | 'topK' | 'requestedBy'>,
  ): Promise<MatchRunEntity> {
    return manager.save(MatchRunEntity, manager.create(MatchRunEntity, values));
  }

  /** For the recovery sweep: runs in `queued` created more than `queuedForMs` ago, or in `running` started more than `runningForMs` ago; oldest first. */
  async waitingOrRunningSince(queued: RunStatus, queuedForMs: number, running: RunStatus, runningForMs: number, limit: number): Promise<string[]> {
    const { rows } = await runSql<{ id: string }>(
      this.db.manager,
      `SELECT id FROM match_runs
        WHERE (status = $1 AND created_at < now() - $2 * interval '1 millisecond')
           OR (status = $3 AND started_at < now() - $4 * interval '1 millisecond')
        ORDER BY created_at, id LIMIT $5`,
      [queued, queuedForMs, running, runningForMs, limit],
    );
    return rows.map((r) => r.id);
  }

  one(id: string): Promise<MatchRunEntity | null> {
    return this.db.getRepository(MatchRunEntity).findOneBy({ id });
  }

  byIds(ids: string[]): Promise<MatchRunEntity[]> {
    return ids.length ? this.db.getRepository(MatchRunEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** Newest first. */
  ofSessions(sessionIds: string[]): Promise<MatchRunEntity[]> {
    return this.db.getRepository(MatchRunEntity).find({ where: { sessionId: In(sessionIds) }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async status(runId: string): Promise<RunStatus | null> {
    const { rows } = await runSql<{ status: RunStatus }>(this.db.manager, 'SELECT status FROM match_runs WHERE id = $1', [runId]);
    return rows[0]?.status ?? null;
  }

  /** Any run not SUCCEEDED starts again from scratch as RUNNING (one more attempt); null when it had SUCCEEDED meanwhile. */
  async claim(runId: string): Promise<ClaimedRunRow | null> {
    const { rows } = await runSql<ClaimedRunRow>(
      this.db.manager,
      `UPDATE match_runs SET status = $2, started_at = now(), attempts = attempts + 1, progress = 0, error = NULL
        WHERE id = $1 AND status <> $3 RETURNING session_id, weights, top_k, attempts`,
      [runId, RunStatus.RUNNING, RunStatus.SUCCEEDED],
    );
    return rows[0] ?? null;
  }

  /** The run row locked FOR NO KEY UPDATE: two executions of one run finish one after the other. */
  async lockStatus(manager: EntityManager, runId: string): Promise<RunStatus | null> {
    const { rows } = await runSql<{ status: RunStatus }>(manager, 'SELECT status FROM match_runs WHERE id = $1 FOR NO KEY UPDATE', [runId]);
    return rows[0]?.status ?? null;
  }

  async succeed(manager: EntityManager, runId: string, figures: RunFigures): Promise<void> {
    await runSql(
      manager,
      `UPDATE match_runs SET status = $2, progress = 1, pairs_scored = $3, proposals_created = $4, assigned_count = $5,
              total_score = $6, finished_at = now(), error = NULL WHERE id = $1`,
      [runId, RunStatus.SUCCEEDED, figures.pairsScored, figures.proposalsCreated, figures.assignedCount, figures.totalScore],
    );
  }

  /** FAILED with the error, if still QUEUED or RUNNING; the run's session, or undefined when nothing changed. */
  async fail(runId: string, error: string): Promise<{ sessionId: string | null } | undefined> {
    const { rows } = await runSql<{ session_id: string | null }>(
      this.db.manager,
      'UPDATE match_runs SET status = $3, error = $2, finished_at = now() WHERE id = $1 AND status = ANY($4::run_status[]) RETURNING session_id',
      [runId, error.slice(0, MAX_ERROR_CHARS), RunStatus.FAILED, [RunStatus.QUEUED, RunStatus.RUNNING]],
    );
    return rows[0] ? { sessionId: rows[0].session_id } : undefined;
  }

  async noteError(runId: string, error: string): Promise<void> {
    await runSql(this.db.manager, 'UPDATE match_runs SET error = $2 WHERE id = $1 AND status = $3', [
      runId,
      error.slice(0, MAX_ERROR_CHARS),
      RunStatus.RUNNING,
    ]);
  }

  /** Only forward (GREATEST) and only while RUNNING, so a late report never overwrites the final figures. */
  async progress(runId: string, fraction: number): Promise<void> {
    await runSql(this.db.manager, 'UPDATE match_runs SET progress = GREATEST(progress, $2) WHERE id = $1 AND status = $3', [
      runId,
      fraction,
      RunStatus.RUNNING,
    ]);
  }

  /** What the run saw of supply and demand, written with its proposals (a second copy is impossible: the keys). */
  async insertFacts(manager: EntityManager, runId: string, supply: SupplyColumns, demand: DemandColumns): Promise<void> {
    await runSql(
      manager,
      `INSERT INTO match_run_supply (run_id, organization_id, form, grade, newcomer, eligible_pairs)
       SELECT $1, u.organization_id, u.form, u.grade, u.newcomer, u.eligible_pairs
         FROM unnest($2::uuid[], $3::organization_form[], $4::evaluation_grade[], $5::boolean[], $6::int[])
           AS u(organization_id, form, grade, newcomer, eligible_pairs)
       ON CONFLICT DO NOTHING`,
      [runId, supply.organizationIds, supply.forms, supply.grades, supply.newcomers, supply.eligiblePairs],
    );
    await runSql(
      manager,
      `INSERT INTO match_run_demand (run_id, need_id, district, candidates)
       SELECT $1, u.need_id, u.district, u.candidates FROM unnest($2::uuid[], $3::text[], $4::int[]) AS u(need_id, district, candidates)
       ON CONFLICT DO NOTHING`,
      [runId, demand.needIds, demand.districts, demand.candidates],
    );
  }

  supplyOf(runId: string): Promise<MatchRunSupplyEntity[]> {
    return this.db.getRepository(MatchRunSupplyEntity).find({ where: { runId }, order: { organizationId: 'ASC' } });
  }

  demandOf(runId: string): Promise<MatchRunDemandEntity[]> {
    return this.db.getRepository(MatchRunDemandEntity).find({ where: { runId }, order: { needId: 'ASC' } });
  }
}
