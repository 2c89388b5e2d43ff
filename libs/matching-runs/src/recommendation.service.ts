import { forbidden } from '@app/core';
import { DEFAULT_WEIGHTS, RELATED_DOMAINS, scoreNeedsForOrganization } from '@app/matching';
import { ServiceDomain } from '@app/reference-data';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@app/core';
import { loadBidsOfOrganization, loadCandidateOrganizations, loadPublishedNeedsNear } from './engine-inputs';
import { ProposalStatus } from './entities/match-proposal.entity';
import { RunStatus } from './entities/match-run.entity';
import { MatchProposal, ScoreBreakdown } from './models/match-proposal.model';
import { MatchRun, MatchWeights } from './models/match-run.model';

const KM_PER_DEGREE_LAT = 111.32;

/**
 * recommendedNeeds: the open needs an organization could serve, scored synchronously
 * with the engine's own rules and default weights. Recommendations are not stored, but
 * the contract types them as MatchProposal, whose `run` is non-null: each answer carries
 * a synthetic, never persisted MatchRun (id `rec:<organizationId>`, status SUCCEEDED,
 * session null) and proposal ids `rec:<needId>` that name no stored proposal.
 */
@Injectable()
export class RecommendationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async recommendedNeeds(principal: Principal, first: number): Promise<MatchProposal[]> {
    if (!principal.organizationId) throw forbidden('Only an organization gets recommended needs');
    const [organization] = await loadCandidateOrganizations(this.db.manager, [principal.organizationId]);
    // No free slot or no catalogue: nothing it could take on now.
    if (!organization || organization.offerings.length === 0) return [];

    // Prefilter in SQL: the domains it offers and their related domains, inside the box around its radius.
    const domains = new Set<ServiceDomain>();
    for (const o of organization.offerings) {
      domains.add(o.domain);
      for (const related of RELATED_DOMAINS[o.domain] ?? []) domains.add(related);
    }
    const dLat = organization.serviceRadiusKm / KM_PER_DEGREE_LAT;
    const dLng = Math.min(180, organization.serviceRadiusKm / (KM_PER_DEGREE_LAT * Math.max(Math.cos((organization.lat * Math.PI) / 180), 0.01)));
    const needs = await loadPublishedNeedsNear(this.db.manager, [...domains], {
      minLat: organization.lat - dLat, maxLat: organization.lat + dLat, minLng: organization.lng - dLng, maxLng: organization.lng + dLng,
    });
    const bids = await loadBidsOfOrganization(this.db.manager, organization.id, needs.map((n) => n.id));
    const scored = scoreNeedsForOrganization(organization, needs, bids, DEFAULT_WEIGHTS).slice(0, first);

    const now = new Date();
    const run = Object.assign(new MatchRun(), {
      id: `rec:${organization.id}`, sessionId: null, status: RunStatus.SUCCEEDED, progress: 1, pairsScored: needs.length,
      proposalsCreated: scored.length, assignedCount: 0, totalScore: 0, startedAt: now, finishedAt: now, error: null,
      topK: first, weights: Object.assign(new MatchWeights(), DEFAULT_WEIGHTS), attempts: 0, createdAt: now,
    });
    return scored.map((pair, i) => Object.assign(new MatchProposal(), {
      id: `rec:${pair.needId}`, runId: run.id, syntheticRun: run, needId: pair.needId, organizationId: pair.organizationId, bidId: pair.bidId,
      score: pair.score, breakdown: Object.assign(new ScoreBreakdown(), pair.breakdown), rank: i + 1, assigned: false,
      status: ProposalStatus.PROPOSED, communityAccepted: false, organizationAccepted: false, statusReason: null,
    }));
  }
}
