import { runSql, SqlFilter } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import { from as copyFrom, CopyStreamQuery } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, In } from 'typeorm';
import { ProposalFilter } from './dto/matching-runs.inputs';
import { MatchProposalEntity, ProposalStatus } from './entities/match-proposal.entity';
import { BREAKDOWN_KEYS, BreakdownKey } from './run/engine-thread';

/** A run's result as COPY reads it, row by row (index-aligned accessors: no object per row). */
export interface ProposalRows {
  count: number;
  needId(i: number): string;
  organizationId(i: number): string;
  /** Null when the price was judged from the offering's range, not a bid. */
  bidId(i: number): string | null;
  score(i: number): number;
  /** The ScoreBreakdown's components, in BREAKDOWN_KEYS order. */
  breakdown(i: number, key: BreakdownKey): number;
  rank(i: number): number;
  assigned(i: number): boolean;
}

/** Rows per write to the COPY stream: small enough to keep a province's text out of memory, large enough to keep the calls few. */
const COPY_BATCH_ROWS = 2_000;
/**
 * Rows per COPY statement: the worker's statement timeout (WORKER_STATEMENT_TIMEOUT_MS, 2 min) applies to
 * each COPY, and a province's 500,000 rows in one took 62 s on a loaded machine. 50,000 rows stay far
 * below it; a fair's run is one statement.
 */
const COPY_STATEMENT_ROWS = 50_000;

/**
 * One run's proposals COPYed into match_proposals on a transaction's connection, as they come:
 * `write` as often as there are rows, then `end`. COPY ... FROM STDIN is a text stream the server
 * parses row by row, no array parameters to build and unpack (on a fair's 20,681 rows, 25 % less
 * time than INSERT ... SELECT FROM unnest); text is produced in batches with the stream's
 * back-pressure, so a province's ~500,000 rows never sit in memory as one string, and a new
 * statement starts every `statementRows` rows. COPY has no ON CONFLICT: the caller holds the
 * run's row lock and writes only when the run has no proposals yet (they are written in the
 * transaction that makes it SUCCEEDED), and the unique (run, need, organization) key still
 * rejects a second copy (the whole transaction then rolls back).
 */
export class ProposalCopy {
  private stream: CopyStreamQuery | null = null;
  private finished: Promise<void> = Promise.resolve();
  private inStatement = 0;
  private stored = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly runId: string,
    private readonly statementRows = COPY_STATEMENT_ROWS,
  ) {}

  async write(rows: ProposalRows): Promise<void> {
    for (let start = 0; start < rows.count;) {
      if (this.inStatement === this.statementRows) await this.endStatement();
      const stream = this.stream ?? this.startStatement();
      const end = Math.min(rows.count, start + COPY_BATCH_ROWS, start + this.statementRows - this.inStatement);
      let text = '';
      for (let i = start; i < end; i++) text += copyLine(this.runId, rows, i);
      this.inStatement += end - start;
      start = end;
      // A server error ends the statement: `finished` rejects, whether or not a drain was awaited.
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), this.finished]);
    }
  }

  /** Ends the last statement; the rows the server stored. */
  async end(): Promise<number> {
    if (this.stream) await this.endStatement();
    return this.stored;
  }

  /** Abandons the statement under way (the server answers it with an error; the transaction must roll back). */
  abort(error: Error): void {
    this.stream?.destroy(error);
    this.stream = null;
  }

  private startStatement(): CopyStreamQuery {
    const stream = this.client.query(copyFrom(`COPY match_proposals (run_id, need_id, organization_id, bid_id, score, breakdown, rank, assigned) FROM STDIN`));
    this.finished = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    // A failure while nobody awaits (between writes) surfaces at the next write's drain or at end.
    this.finished.catch(() => undefined);
    this.stream = stream;
    this.inStatement = 0;
    return stream;
  }

  private async endStatement(): Promise<void> {
    const stream = this.stream!;
    stream.end();
    await this.finished;
    this.stored += stream.rowCount;
    this.stream = null;
  }
}

/** One proposal as a COPY text line. Every value is a UUID, a finite number or a boolean: nothing the text format must escape. */
function copyLine(runId: string, rows: ProposalRows, i: number): string {
  let breakdown = '{';
  for (let k = 0; k < BREAKDOWN_KEYS.length; k++) breakdown += `${k ? ',' : ''}"${BREAKDOWN_KEYS[k]}":${rows.breakdown(i, BREAKDOWN_KEYS[k])}`;
  return `${runId}\t${rows.needId(i)}\t${rows.organizationId(i)}\t${rows.bidId(i) ?? '\\N'}\t${rows.score(i)}\t${breakdown}}\t${rows.rank(i)}\t${rows.assigned(i) ? 't' : 'f'}\n`;
}

/**
 * Every query about match_proposals. Statuses travel as parameters; methods that take
 * an EntityManager run in the caller's transaction. Ids reaching here are UUIDs.
 */
@Injectable()
export class ProposalsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A COPY of a run's proposals on the caller's transaction (see ProposalCopy). */
  async openCopy(manager: EntityManager, runId: string, statementRows = COPY_STATEMENT_ROWS): Promise<ProposalCopy> {
    if (!manager.queryRunner) throw new Error("A proposal COPY runs in the caller's transaction");
    return new ProposalCopy((await manager.queryRunner.connect()) as PoolClient, runId, statementRows);
  }

  /**
   * Marks the run's proposals on these (need, organization) pairs assigned: the pairs of a run's
   * assignment, after its proposals were written while it was still being solved.
   */
  async markAssigned(manager: EntityManager, runId: string, needIds: string[], organizationIds: string[]): Promise<number> {
    const { affected } = await runSql(
      manager,
      `UPDATE match_proposals p SET assigned = true
         FROM unnest($2::uuid[], $3::uuid[]) AS a(need_id, organization_id)
        WHERE p.run_id = $1 AND p.need_id = a.need_id AND p.organization_id = a.organization_id AND NOT p.assigned`,
      [runId, needIds, organizationIds],
    );
    return affected;
  }

  /**
   * Refreshes the planner's statistics of match_proposals. Until they know a new run's
   * rows, `run_id = $new` is estimated at a few rows and the proposals query of that run
   * reads and sorts the whole run for each page (a bitmap scan: 18 ms a page of a fair's
   * run, the whole province for each of its pages) instead of walking the unique
   * (run, need, organization) index and stopping after the page (under 1 ms). ANALYZE
   * samples a fixed number of rows whatever the table's size.
   */
  async refreshStatistics(): Promise<void> {
    await this.db.query('ANALYZE match_proposals');
  }

  /** The proposals query: the filter's conditions and `visible` (ProposalPolicy.where); by need, run, rank. */
  list(filter: ProposalFilter, visible: SqlFilter, page: { after: string | null; first: number }): Promise<MatchProposalEntity[]> {
    const qb = this.db.getRepository(MatchProposalEntity).createQueryBuilder('p');
    if (filter.runId) qb.andWhere('p.run_id = :runId', { runId: filter.runId });
    if (filter.sessionId) qb.andWhere('p.run_id IN (SELECT r.id FROM match_runs r WHERE r.session_id = :sessionId)', { sessionId: filter.sessionId });
    if (filter.needId) qb.andWhere('p.need_id = :needId', { needId: filter.needId });
    if (filter.organizationId) qb.andWhere('p.organization_id = :organizationId', { organizationId: filter.organizationId });
    if (filter.assignedOnly) qb.andWhere('p.assigned = true');
    qb.andWhere(visible.sql, visible.params);
    if (page.after) {
      // Keyset paging: the page goes on after that proposal in the same order.
      qb.andWhere('(p.need_id, p.run_id, p.rank, p.id) > (SELECT a.need_id, a.run_id, a.rank, a.id FROM match_proposals a WHERE a.id = :after)', {
        after: page.after,
      });
    }
    // Need, then rank; the run and id make the order total when several runs are listed.
    return qb.orderBy('p.need_id', 'ASC').addOrderBy('p.run_id', 'ASC').addOrderBy('p.rank', 'ASC').addOrderBy('p.id', 'ASC').limit(page.first).getMany();
  }

  /** The assigned pairs of these runs (one per assigned need and run), by run and need. */
  async assignedOfRuns(runIds: string[]): Promise<Array<{ runId: string; needId: string; organizationId: string; bidId: string | null; score: number }>> {
    if (runIds.length === 0) return [];
    const { rows } = await runSql<{ run_id: string; need_id: string; organization_id: string; bid_id: string | null; score: number }>(
      this.db.manager,
      'SELECT run_id, need_id, organization_id, bid_id, score FROM match_proposals WHERE run_id = ANY($1::uuid[]) AND assigned ORDER BY run_id, need_id',
      [runIds],
    );
    return rows.map((r) => ({ runId: r.run_id, needId: r.need_id, organizationId: r.organization_id, bidId: r.bid_id, score: r.score }));
  }

  byIds(ids: string[]): Promise<MatchProposalEntity[]> {
    return ids.length ? this.db.getRepository(MatchProposalEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  one(manager: EntityManager, id: string): Promise<MatchProposalEntity | null> {
    return manager.findOneBy(MatchProposalEntity, { id });
  }

  lock(manager: EntityManager, id: string): Promise<MatchProposalEntity | null> {
    return manager.findOne(MatchProposalEntity, { where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  async needOf(manager: EntityManager, id: string): Promise<string | null> {
    const { rows } = await runSql<{ need_id: string }>(manager, 'SELECT need_id FROM match_proposals WHERE id = $1', [id]);
    return rows[0]?.need_id ?? null;
  }

  async update(
    manager: EntityManager,
    id: string,
    values: Partial<Pick<MatchProposalEntity, 'status' | 'statusReason' | 'communityAccepted' | 'organizationAccepted'>>,
  ): Promise<void> {
    await manager.update(MatchProposalEntity, { id }, values);
  }

  /** The other proposals on a need in `statuses`, locked in id order. */
  async lockOthersOnNeed(
    manager: EntityManager,
    needId: string,
    exceptId: string,
    statuses: readonly ProposalStatus[],
  ): Promise<Array<{ id: string; status: ProposalStatus }>> {
    const { rows } = await runSql<{ id: string; status: ProposalStatus }>(
      manager,
      'SELECT id, status FROM match_proposals WHERE need_id = $1 AND id <> $2 AND status = ANY($3::proposal_status[]) ORDER BY id FOR NO KEY UPDATE',
      [needId, exceptId, statuses],
    );
    return rows;
  }

  /** Every proposal of the need in `statuses`, locked in id order. */
  async lockOnNeed(manager: EntityManager, needId: string, statuses: readonly ProposalStatus[]): Promise<Array<{ id: string; status: ProposalStatus }>> {
    const { rows } = await runSql<{ id: string; status: ProposalStatus }>(
      manager,
      'SELECT id, status FROM match_proposals WHERE need_id = $1 AND status = ANY($2::proposal_status[]) ORDER BY id FOR NO KEY UPDATE',
      [needId, statuses],
    );
    return rows;
  }

  async existsFor(manager: EntityManager, organizationId: string, needId: string): Promise<boolean> {
    const { rows } = await runSql(manager, 'SELECT 1 FROM match_proposals WHERE organization_id = $1 AND need_id = $2 LIMIT 1', [organizationId, needId]);
    return rows.length > 0;
  }

  async setStatusOf(manager: EntityManager, ids: string[], status: ProposalStatus, reason: string): Promise<void> {
    await runSql(manager, 'UPDATE match_proposals SET status = $2, status_reason = $3, updated_at = now() WHERE id = ANY($1::uuid[])', [ids, status, reason]);
  }

  /** The session of the proposal's run (null: a run outside any session). */
  async sessionOf(manager: EntityManager, id: string): Promise<string | null> {
    const { rows } = await runSql<{ session_id: string | null }>(
      manager,
      'SELECT r.session_id FROM match_proposals p JOIN match_runs r ON r.id = p.run_id WHERE p.id = $1',
      [id],
    );
    return rows[0]?.session_id ?? null;
  }

  /** For the recovery sweep: proposals in `status` accepted by both sides, unchanged for more than `forMs`; oldest first (the partial index match_proposals_accepted). */
  async acceptedByBothSince(status: ProposalStatus, forMs: number, limit: number): Promise<string[]> {
    const { rows } = await runSql<{ id: string }>(
      this.db.manager,
      `SELECT id FROM match_proposals
        WHERE status = $1 AND community_accepted AND organization_accepted AND updated_at < now() - $2 * interval '1 millisecond'
        ORDER BY updated_at, id LIMIT $3`,
      [status, forMs, limit],
    );
    return rows.map((r) => r.id);
  }

  onNeeds(needIds: string[], statuses: readonly ProposalStatus[]): Promise<MatchProposalEntity[]> {
    if (needIds.length === 0) return Promise.resolve([]);
    return this.db
      .getRepository(MatchProposalEntity)
      .find({ where: { needId: In(needIds), status: In([...statuses]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
