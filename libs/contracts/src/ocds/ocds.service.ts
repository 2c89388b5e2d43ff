import { DirectoryService } from '@app/directory';
import { BidsService, FairsService, SessionsService } from '@app/fairs';
import { ProposalsService } from '@app/matching-runs';
import { NeedsService } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { ContractsService } from '../contracts.service';
import { buildReleasePackage, OcdsTenderPeriod } from './ocds-release';

/**
 * The fair as open data: reads everything a release package needs from its owners in a
 * fixed number of set queries (no per-need round trips), then maps it with
 * buildReleasePackage. Open data is read as an anonymous caller: only public needs
 * (NeedPolicy) are published, never a DRAFT or a WITHDRAWN one; of bids only what
 * BidsService.openDataOfNeeds lets out (nothing while a session still takes bids).
 */
@Injectable()
export class OcdsService {
  constructor(
    private readonly fairs: FairsService,
    private readonly sessions: SessionsService,
    private readonly needs: NeedsService,
    private readonly bids: BidsService,
    private readonly proposals: ProposalsService,
    private readonly contracts: ContractsService,
    private readonly directory: DirectoryService,
  ) {}

  async releasePackage(fairId: string): Promise<Record<string, unknown>> {
    const fair = await this.fairs.get(fairId);
    const needs = await this.needs.readableOfFair(null, fair.id, await this.sessions.needIdsOnTablesOfFair(fair.id));
    const needIds = needs.map((n) => n.id);
    const fairInput = { id: fair.id, name: fair.name, city: fair.city, createdAt: fair.createdAt };
    if (needIds.length === 0) {
      return buildReleasePackage({
        fair: fairInput,
        needs,
        communities: new Map(),
        organizations: new Map(),
        bids: [],
        proposals: [],
        contracts: [],
        milestones: [],
        tenderPeriods: new Map(),
        needsInBidding: new Set(),
        complaints: [],
      });
    }

    const [{ bids, needsInBidding }, proposals, contracts, windows, complaints] = await Promise.all([
      this.bids.openDataOfNeeds(needIds),
      this.proposals.awardsOnNeeds(needIds),
      this.contracts.ofNeeds(needIds),
      this.sessions.biddingWindows(fair.id, needIds),
      this.contracts.resolvedComplaintsOf(needIds),
    ]);
    const milestones = await this.contracts.milestonesOf(contracts.map((c) => c.id));
    const organizationIds = [
      ...new Set([...bids.map((b) => b.organizationId), ...proposals.map((p) => p.organizationId), ...contracts.map((c) => c.organizationId)]),
    ];
    const [organizations, communities] = await Promise.all([
      this.directory.findOrganizations(organizationIds),
      this.directory.findCommunities([...new Set(needs.map((n) => n.communityId))]),
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
      tenderPeriods: new Map<string, OcdsTenderPeriod>([...windows].map(([needId, w]) => [needId, { startDate: w.openedAt, endDate: w.bidDeadline }])),
      needsInBidding,
      complaints,
    });
  }
}
