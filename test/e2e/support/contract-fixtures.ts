import { DataSource } from 'typeorm';

/**
 * Direct SQL seeding for the contract tests: a fair, a session, needs, bids, and the
 * match proposals the matching worker would write (status PROPOSED), so the contract
 * flow is tested on its own, independent of the matching engine's choices.
 */
export class ContractFixtures {
  constructor(private readonly db: DataSource) {}

  async fair(name = '第五届南京社洽会'): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO fairs (name, city, starts_on, ends_on, status) VALUES ($1, '南京', '2026-11-20', '2026-11-21', 'OPEN') RETURNING id`,
      [name],
    );
    return row.id;
  }

  /** A session whose bidding has closed and whose run succeeded: proposals may be accepted. */
  async session(fairId: string, needIds: string[] = []): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO match_sessions (fair_id, title, zone, status, bid_deadline) VALUES ($1, '玄武区项目专场', 'DISTRICT_PROJECTS', 'MATCHED', now() - interval '1 hour') RETURNING id`,
      [fairId],
    );
    for (const needId of needIds) await this.db.query('INSERT INTO session_needs (session_id, need_id) VALUES ($1, $2)', [row.id, needId]);
    return row.id;
  }

  async need(
    communityId: string,
    o: { budgetFen?: number; fairId?: string | null; startsOn?: string; endsOn?: string; status?: string; title?: string; fundingSource?: string } = {},
  ): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO service_needs (community_id, district, title, description, domain, beneficiaries, budget_fen, funding_source, min_grade, starts_on, ends_on, lat, lng, status, fair_id)
       VALUES ($1, '玄武区', $2, '为社区高龄独居老人提供助餐、探访和应急呼叫服务', 'ELDERLY_CARE', 120, $3, $4, 'UNRATED', $5, $6, 32.0756, 118.8103, $7, $8) RETURNING id`,
      [
        communityId,
        o.title ?? '高龄独居老人关爱服务',
        o.budgetFen ?? 4_800_000,
        o.fundingSource ?? 'WELFARE_LOTTERY',
        o.startsOn ?? '2027-01-01',
        o.endsOn ?? '2027-12-31',
        o.status ?? 'MATCHED',
        o.fairId ?? null,
      ],
    );
    return row.id;
  }

  async bid(needId: string, organizationId: string, priceFen: number, sessionId: string | null = null): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO bids (need_id, organization_id, session_id, price_fen, plan, status) VALUES ($1, $2, $3, $4, '每周三次上门探访，配备持证社工', 'SUBMITTED') RETURNING id`,
      [needId, organizationId, sessionId, priceFen],
    );
    return row.id;
  }

  async run(sessionId: string | null): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO match_runs (session_id, status, progress, weights, top_k, started_at, finished_at) VALUES ($1, 'SUCCEEDED', 1, '{}'::jsonb, 10, now(), now()) RETURNING id`,
      [sessionId],
    );
    return row.id;
  }

  async proposal(runId: string, needId: string, organizationId: string, o: { bidId?: string | null; rank?: number; score?: number } = {}): Promise<string> {
    const breakdown = { domain: 1, capacity: 0.8, grade: 0.5, distance: 0.9, price: 0.7, performance: 0.5, distanceKm: 1.5 };
    const [row] = await this.db.query(
      `INSERT INTO match_proposals (run_id, need_id, organization_id, bid_id, score, breakdown, rank, assigned, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PROPOSED') RETURNING id`,
      [runId, needId, organizationId, o.bidId ?? null, o.score ?? 0.8, JSON.stringify(breakdown), o.rank ?? 1, (o.rank ?? 1) === 1],
    );
    return row.id;
  }

  async proposalRow(id: string): Promise<{ status: string; status_reason: string | null; community_accepted: boolean; organization_accepted: boolean }> {
    return (await this.db.query('SELECT status, status_reason, community_accepted, organization_accepted FROM match_proposals WHERE id = $1', [id]))[0];
  }

  async contractsOfNeed(needId: string): Promise<Array<{ id: string; proposal_id: string; organization_id: string; status: string }>> {
    return this.db.query('SELECT id, proposal_id, organization_id, status FROM contracts WHERE need_id = $1', [needId]);
  }
}

export { eventually } from './eventually';
