import { notFound } from '@app/core';
import { CommunityEntity, OrganizationEntity } from '@app/directory';
import { BidEntity, FairEntity } from '@app/fairs';
import { MatchProposalEntity, ProposalStatus } from '@app/matching-runs';
import { NeedStatus, ServiceNeedEntity } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { requireId } from '../contracts.errors';
import { ContractMilestoneEntity } from '../entities/contract-milestone.entity';
import { ContractEntity } from '../entities/contract.entity';
import { buildReleasePackage, OcdsTenderPeriod } from './ocds-release';

/**
 * The fair as open data: reads everything a release package needs in a fixed number
 * of set queries (no per-need round trips), then maps it with buildReleasePackage.
 * Needs still in DRAFT were never put on the market and are not published.
 */
@Injectable()
export class OcdsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async releasePackage(fairId: string): Promise<Record<string, unknown>> {
    requireId('fairId', fairId);
    const fair = await this.db.getRepository(FairEntity).findOneBy({ id: fairId });
    if (!fair) throw notFound('Fair', fairId);

    const needs = await this.db.getRepository(ServiceNeedEntity).createQueryBuilder('n')
      .where(`(n.fair_id = :fairId OR n.id IN (SELECT sn.need_id FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id WHERE s.fair_id = :fairId))`, { fairId })
      .andWhere('n.status <> :draft', { draft: NeedStatus.DRAFT })
      .orderBy('n.created_at', 'ASC').addOrderBy('n.id', 'ASC')
      .getMany();
    const needIds = needs.map((n) => n.id);
    const fairInput = { id: fair.id, name: fair.name, city: fair.city, createdAt: fair.createdAt };
    if (needIds.length === 0) {
      return buildReleasePackage({ fair: fairInput, needs, communities: new Map(), organizations: new Map(), bids: [], proposals: [], contracts: [], milestones: [], tenderPeriods: new Map() });
    }

    const [bids, proposals, contracts, periods] = await Promise.all([
      this.db.getRepository(BidEntity).findBy({ needId: In(needIds) }),
      this.db.getRepository(MatchProposalEntity).find({ where: { needId: In(needIds), status: In([ProposalStatus.ACCEPTED, ProposalStatus.CONTRACTED]) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(ContractEntity).find({ where: { needId: In(needIds) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.query(
        `SELECT DISTINCT ON (sn.need_id) sn.need_id, s.created_at, s.bid_deadline
           FROM session_needs sn JOIN match_sessions s ON s.id = sn.session_id
          WHERE s.fair_id = $1 AND sn.need_id = ANY($2::uuid[])
          ORDER BY sn.need_id, s.created_at DESC`,
        [fairId, needIds]) as Promise<Array<{ need_id: string; created_at: Date; bid_deadline: Date }>>,
    ]);
    const milestones = contracts.length
      ? await this.db.getRepository(ContractMilestoneEntity).find({ where: { contractId: In(contracts.map((c) => c.id)) }, order: { seq: 'ASC' } })
      : [];
    const organizationIds = [...new Set([...bids.map((b) => b.organizationId), ...proposals.map((p) => p.organizationId), ...contracts.map((c) => c.organizationId)])];
    const communityIds = [...new Set(needs.map((n) => n.communityId))];
    const [organizations, communities] = await Promise.all([
      organizationIds.length ? this.db.getRepository(OrganizationEntity).findBy({ id: In(organizationIds) }) : [],
      communityIds.length ? this.db.getRepository(CommunityEntity).findBy({ id: In(communityIds) }) : [],
    ]);

    return buildReleasePackage({
      fair: fairInput,
      needs,
      communities: new Map(communities.map((c) => [c.id, c])),
      organizations: new Map(organizations.map((o) => [o.id, o])),
      bids,
      proposals,
      contracts,
      milestones,
      tenderPeriods: new Map<string, OcdsTenderPeriod>(periods.map((p) => [p.need_id, { startDate: p.created_at, endDate: p.bid_deadline }])),
    });
  }
}
