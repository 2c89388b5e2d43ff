import { CurrentUser, errorReasons, Principal, RequestContext, Role, Roles } from '@app/core';
import { DirectoryLoaders, Organization } from '@app/directory';
import { Bid, FairsErrorReason, FairsLoaders, MatchSession } from '@app/fairs';
import { NeedsLoaders, ServiceNeed } from '@app/needs';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ProposalFilter, ProposalPageArgs, RecommendedNeedsArgs, RunMatchingArgs } from './dto/matching-runs.inputs';
import { MatchingRunsErrorReason as R } from './matching-runs.errors';
import { MatchingRunsLoaders } from './matching-runs.loaders';
import { MatchingRunsService } from './matching-runs.service';
import { ProposalsService } from './proposals.service';
import { MatchProposal } from './models/match-proposal.model';
import { MatchRun } from './models/match-run.model';
import { RecommendationService } from './recommendation.service';

@Resolver(() => MatchRun)
export class MatchRunResolver {
  constructor(
    private readonly runs: MatchingRunsService,
    private readonly loaders: FairsLoaders,
  ) {}

  @Roles(Role.ORGANIZER, Role.ADMIN)
  @Mutation(() => MatchRun, {
    description:
      'ORGANIZER: enqueues a match run on the worker and returns at once (status QUEUED; with the job queue down the run waits QUEUED and starts once the queue is back). Allowed once bidding is closed (CLOSED_FOR_BIDS or MATCHED: organizers may re-run with other weights). topK: candidates kept as proposals per need; the assignment is optimal over all eligible pairs, and assigned pairs are always kept.' +
      errorReasons(R.INVALID_WEIGHT, FairsErrorReason.SESSION_NOT_FOUND, R.SESSION_NOT_CLOSED_FOR_BIDS),
  })
  async runMatching(@Args() args: RunMatchingArgs, @CurrentUser() principal: Principal): Promise<MatchRun> {
    return MatchRun.from(await this.runs.requestRun(principal, args));
  }

  /** A run's figures are the fair's public record of how matching went; any signed-in user may read them. */
  @Query(() => MatchRun, { nullable: true })
  async matchRun(@Args('id', { type: () => ID }) id: string): Promise<MatchRun | null> {
    const run = await this.runs.findRun(id);
    return run ? MatchRun.from(run) : null;
  }

  @ResolveField(() => MatchSession, { nullable: true })
  async session(@Parent() run: MatchRun, @Context() ctx: RequestContext): Promise<MatchSession | null> {
    const session = run.sessionId ? await this.loaders.session(ctx).load(run.sessionId) : null;
    return session ? MatchSession.from(session) : null;
  }
}

@Resolver(() => MatchProposal)
export class MatchProposalResolver {
  constructor(
    private readonly proposalsService: ProposalsService,
    private readonly recommendations: RecommendationService,
    private readonly runLoaders: MatchingRunsLoaders,
    private readonly needLoaders: NeedsLoaders,
    private readonly directoryLoaders: DirectoryLoaders,
    private readonly fairsLoaders: FairsLoaders,
  ) {}

  @Query(() => [MatchProposal], {
    description:
      'Organizers and admins: every proposal; a community: those on its own needs; an organization: those naming it. The filter must name at least one thing.' +
      errorReasons(R.EMPTY_PROPOSAL_FILTER, R.PROPOSALS_NOT_READABLE),
  })
  async proposals(@Args('filter') filter: ProposalFilter, @Args() page: ProposalPageArgs, @CurrentUser() principal: Principal): Promise<MatchProposal[]> {
    return (await this.proposalsService.list(principal, filter, page)).map(MatchProposal.from);
  }

  @Roles(Role.ORGANIZATION)
  @Query(() => [MatchProposal], {
    description: 'For the signed-in organization: open needs it could serve, best first, scored like a match run.' + errorReasons(R.NOT_AN_ORGANIZATION),
  })
  recommendedNeeds(@Args() args: RecommendedNeedsArgs, @CurrentUser() principal: Principal): Promise<MatchProposal[]> {
    return this.recommendations.recommendedNeeds(principal, args.first ?? 20);
  }

  @ResolveField(() => MatchRun)
  async run(@Parent() proposal: MatchProposal, @Context() ctx: RequestContext): Promise<MatchRun> {
    if (proposal.syntheticRun) return proposal.syntheticRun;
    return MatchRun.from((await this.runLoaders.run(ctx).load(proposal.runId))!);
  }

  @ResolveField(() => ServiceNeed)
  async need(@Parent() proposal: MatchProposal, @Context() ctx: RequestContext): Promise<ServiceNeed> {
    return ServiceNeed.from((await this.needLoaders.need(ctx).load(proposal.needId))!);
  }

  @ResolveField(() => Organization)
  async organization(@Parent() proposal: MatchProposal, @Context() ctx: RequestContext): Promise<Organization> {
    return Organization.from((await this.directoryLoaders.organization(ctx).load(proposal.organizationId))!);
  }

  /** Whoever may read the proposal may read its bid: the organizers, the need's community, or the bidding organization itself. */
  @ResolveField(() => Bid, { nullable: true })
  async bid(@Parent() proposal: MatchProposal, @Context() ctx: RequestContext): Promise<Bid | null> {
    const bid = proposal.bidId ? await this.fairsLoaders.bid(ctx).load(proposal.bidId) : null;
    return bid ? Bid.from(bid) : null;
  }
}

/** MatchSession.runs: sessions come before runs in the context order, so the field lives here. */
@Resolver(() => MatchSession)
export class MatchSessionRunsResolver {
  constructor(private readonly loaders: MatchingRunsLoaders) {}

  @ResolveField(() => [MatchRun], { description: 'newest first' })
  async runs(@Parent() session: MatchSession, @Context() ctx: RequestContext): Promise<MatchRun[]> {
    return (await this.loaders.runsOfSession(ctx).load(session.id)).map(MatchRun.from);
  }
}
