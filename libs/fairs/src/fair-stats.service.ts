import { Fen } from '@app/core';
import { ServiceDomain } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FairStats } from './models/fair.model';

/** Needs that were put before the public: drafts and withdrawn needs are not listed. */
const LISTED = `('PUBLISHED', 'MATCHED', 'CONTRACTED', 'CLOSED')`;
/** Contracts both parties signed, in force or done. */
const SIGNED = `('SIGNED', 'ACTIVE', 'COMPLETED')`;

/**
 * A fair's headline figures, computed by SQL aggregates over the records themselves
 * (needs, bids, proposals of the fair's sessions' runs, contracts) on every read: no
 * counter to keep in step, so the figures are exact whichever process changed what.
 * The later contexts' tables are read by name here because fairs comes before them.
 */
@Injectable()
export class FairStatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forFair(fairId: string): Promise<FairStats> {
    const [totals] = await this.db.query(
      `WITH fair_bids AS (
         SELECT b.organization_id FROM bids b JOIN service_needs n ON n.id = b.need_id
          WHERE n.fair_id = $1 AND b.status <> 'WITHDRAWN'
       ), fair_proposals AS (
         SELECT p.organization_id FROM match_proposals p
           JOIN match_runs r ON r.id = p.run_id
           JOIN match_sessions s ON s.id = r.session_id
          WHERE s.fair_id = $1
       ), signed AS (
         SELECT amount_fen FROM contracts WHERE fair_id = $1 AND status IN ${SIGNED}
       )
       SELECT (SELECT count(*) FROM service_needs WHERE fair_id = $1 AND status IN ${LISTED})::int AS needs_listed,
              (SELECT count(*) FROM (SELECT organization_id FROM fair_bids UNION SELECT organization_id FROM fair_proposals) o)::int AS organizations,
              (SELECT count(*) FROM fair_bids)::int AS bids,
              (SELECT count(*) FROM fair_proposals)::int AS proposals,
              (SELECT count(*) FROM signed)::int AS contracts,
              (SELECT coalesce(sum(amount_fen), 0) FROM signed)::text AS amount`,
      [fairId],
    );
    const groups = (key: 'domain' | 'district') => this.db.query(
      `WITH listed AS (
         SELECT ${key} AS k, count(*)::int AS needs FROM service_needs WHERE fair_id = $1 AND status IN ${LISTED} GROUP BY 1
       ), signed AS (
         SELECT n.${key} AS k, count(*)::int AS contracts, sum(c.amount_fen)::text AS amount
           FROM contracts c JOIN service_needs n ON n.id = c.need_id
          WHERE c.fair_id = $1 AND c.status IN ${SIGNED} GROUP BY 1
       )
       SELECT coalesce(l.k, s.k)::text AS k, coalesce(l.needs, 0) AS needs, coalesce(s.contracts, 0) AS contracts, coalesce(s.amount, '0') AS amount
         FROM listed l FULL JOIN signed s ON s.k = l.k
        ORDER BY 1`,
      [fairId],
    ) as Promise<Array<{ k: string; needs: number; contracts: number; amount: string }>>;
    const [byDomain, byDistrict] = await Promise.all([groups('domain'), groups('district')]);
    return Object.assign(new FairStats(), {
      needsListed: totals.needs_listed,
      organizationsParticipating: totals.organizations,
      bidsSubmitted: totals.bids,
      proposals: totals.proposals,
      contractsSigned: totals.contracts,
      amountSigned: Number(totals.amount) as Fen,
      byDomain: byDomain.map((r) => ({ domain: r.k as ServiceDomain, needs: r.needs, contracts: r.contracts, amountSigned: Number(r.amount) })),
      byDistrict: byDistrict.map((r) => ({ district: r.k, needs: r.needs, contracts: r.contracts, amountSigned: Number(r.amount) })),
    });
  }
}
