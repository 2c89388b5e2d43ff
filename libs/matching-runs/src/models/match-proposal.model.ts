import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { MatchProposalEntity, ProposalStatus } from '../entities/match-proposal.entity';
import { MatchRun } from './match-run.model';

/** Every component in [0, 1]; the score is their mean weighted by the run's weights. */
@ObjectType('ScoreBreakdown')
export class ScoreBreakdown {
  @Field(() => Float) domain: number;
  @Field(() => Float) capacity: number;
  @Field(() => Float) grade: number;
  @Field(() => Float) distance: number;
  @Field(() => Float) price: number;
  @Field(() => Float) performance: number;
  @Field(() => Float, { description: 'great-circle distance between the need and the organization' }) distanceKm: number;
}

@ObjectType('MatchProposal')
export class MatchProposal {
  @Field(() => ID) id: string;
  // run, need, organization, bid: resolved by MatchProposalResolver through per-request loaders
  runId: string;
  needId: string;
  organizationId: string;
  bidId: string | null;
  /** Set on recommendations, which belong to no stored run (see RecommendationService). */
  syntheticRun?: MatchRun;
  @Field(() => Float, { description: '0..1' }) score: number;
  @Field(() => ScoreBreakdown) breakdown: ScoreBreakdown;
  @Field(() => Int, { description: '1 = best candidate for this need in this run' }) rank: number;
  @Field(() => Boolean, { description: 'chosen by the capacity-respecting optimal assignment' }) assigned: boolean;
  @Field(() => ProposalStatus) status: ProposalStatus;
  @Field(() => Boolean) communityAccepted: boolean;
  @Field(() => Boolean) organizationAccepted: boolean;
  @Field(() => String, { nullable: true, description: 'why the proposal ended as it did (e.g. EXPIRED: organization at capacity)' }) statusReason:
    string | null;

  static from(e: MatchProposalEntity): MatchProposal {
    return Object.assign(new MatchProposal(), {
      id: e.id,
      runId: e.runId,
      needId: e.needId,
      organizationId: e.organizationId,
      bidId: e.bidId,
      score: e.score,
      breakdown: Object.assign(new ScoreBreakdown(), e.breakdown),
      rank: e.rank,
      assigned: e.assigned,
      status: e.status,
      communityAccepted: e.communityAccepted,
      organizationAccepted: e.organizationAccepted,
      statusReason: e.statusReason,
    });
  }
}
