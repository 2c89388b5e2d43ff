import { Principal } from '@app/core';
import { DirectoryService } from '@app/directory';
import { BidsService } from '@app/fairs';
import { boundingBox, DEFAULT_WEIGHTS, RELATED_DOMAINS, scoreNeedsForOrganization } from '@app/matching';
import { NeedsService } from '@app/needs';
import { ServiceDomain } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { ProposalStatus } from './entities/match-proposal.entity';
import { RunStatus } from './entities/match-run.entity';
import { MatchingRunsErrors } from './matching-runs.errors';
import { MatchProposal, ScoreBreakdown } from './models/match-proposal.model';
import { MatchRun, MatchWeights } from './models/match-run.model';

/**
 * recommendedNeeds: the open needs an organization could serve, scored synchronously
 * with the engine's own rules and default weights. Recommendations are not stored, but
 * the contract types them as MatchProposal, whose `run` is non-null: each answer carries
 * a synthetic, never persisted MatchRun (id `rec:<organizationId>`, status SUCCEEDED,
 * session null) and proposal ids `rec:<needId>` that name no stored proposal.
 */
@Injectable()
export class RecommendationService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly needs: NeedsService,
    private readonly bids: BidsService,
  ) {}

  async recommendedNeeds(principal: Principal, first: number): Promise<MatchProposal[]> {
    if (!principal.organizationId) throw MatchingRunsErrors.notAnOrganization();
    const [organization] = await this.directory.matchingCandidates([principal.organizationId]);
    // No free slot or no catalogue: nothing it could take on now.
    if (!organization || organization.offerings.length === 0) return [];

    // Prefilter in SQL: the domains it offers and their related domains, inside the box around its radius.
    const domains = new Set<ServiceDomain>();
    for (const o of organization.offerings) {
      domains.add(o.domain);
      for (const related of RELATED_DOMAINS[o.domain] ?? []) domains.add(related);
    }
    const needs = await this.needs.publishedMatchInputsNear([...domains], boundingBox(organization.lat, organization.lng, organization.serviceRadiusKm));
    const bids = await this.bids.matchInputsOfOrganization(
      organization.id,
      needs.map((n) => n.id),
    );
    const scored = scoreNeedsForOrganization(organization, needs, bids, DEFAULT_WEIGHTS).slice(0, first);

    const now = new Date();
    const run = Object.assign(new MatchRun(), {
      id: `rec:${organization.id}`,
      sessionId: null,
      status: RunStatus.SUCCEEDED,
      progress: 1,
      pairsScored: needs.length,
      proposalsCreated: scored.length,
      assignedCount: 0,
      totalScore: 0,
      startedAt: now,
      finishedAt: now,
      error: null,
      topK: first,
      weights: Object.assign(new MatchWeights(), DEFAULT_WEIGHTS),
      attempts: 0,
      createdAt: now,
    });
    return scored.map((pair, i) =>
      Object.assign(new MatchProposal(), {
        id: `rec:${pair.needId}`,
        runId: run.id,
        syntheticRun: run,
        needId: pair.needId,
        organizationId: pair.organizationId,
        bidId: pair.bidId,
        score: pair.score,
        breakdown: Object.assign(new ScoreBreakdown(), pair.breakdown),
        rank: i + 1,
        assigned: false,
        status: ProposalStatus.PROPOSED,
        communityAccepted: false,
        organizationAccepted: false,
        statusReason: null,
      }),
    );
  }
}
