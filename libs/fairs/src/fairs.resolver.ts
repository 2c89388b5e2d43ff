import { CurrentUser, errorReasons, Principal, Public, RequestContext, Role, Roles } from '@app/core';
import { DirectoryLoaders, Organization } from '@app/directory';
import { NeedPolicy, NeedsErrorReason, NeedsLoaders, ServiceNeed, UpdateNeedInput } from '@app/needs';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BidsService } from './bids.service';
import { CreateFairInput, MyBidsArgs, OpenSessionInput, SubmitBidInput } from './dto/fairs.inputs';
import { FairStatsService } from './fair-stats.service';
import { FairsErrorReason as R } from './fairs.errors';
import { FairsLoaders } from './fairs.loaders';
import { FairsService } from './fairs.service';
import { Bid } from './models/bid.model';
import { Fair, FairStats } from './models/fair.model';
import { MatchSession } from './models/match-session.model';
import { SessionsService } from './sessions.service';

@Resolver(() => Fair)
export class FairResolver {
  constructor(
    private readonly fairService: FairsService,
    private readonly statsService: FairStatsService,
    private readonly loaders: FairsLoaders,
  ) {}

  /** Fairs, their sessions and headline figures are public: the fair is a public event. */
  @Public()
  @Query(() => [Fair])
  async fairs(): Promise<Fair[]> {
    return (await this.fairService.list()).map(Fair.from);
  }

  @Public()
  @Query(() => Fair, { nullable: true })
  async fair(@Args('id', { type: () => ID }) id: string): Promise<Fair | null> {
    const fair = await this.fairService.find(id);
    return fair ? Fair.from(fair) : null;
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => Fair, { description: 'ORGANIZER.' + errorReasons(R.FAIR_PERIOD_INVERTED) })
  async createFair(@Args('input') input: CreateFairInput, @CurrentUser() principal: Principal): Promise<Fair> {
    return Fair.from(await this.fairService.create(principal, input));
  }

  @ResolveField(() => [MatchSession])
  async sessions(@Parent() fair: Fair, @Context() ctx: RequestContext): Promise<MatchSession[]> {
    return (await this.loaders.sessionsOfFair(ctx).load(fair.id)).map(MatchSession.from);
  }

  @ResolveField(() => FairStats)
  stats(@Parent() fair: Fair): Promise<FairStats> {
    return this.statsService.cached(fair.id);
  }
}

@Resolver(() => MatchSession)
export class MatchSessionResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly loaders: FairsLoaders,
  ) {}

  @Public()
  @Query(() => MatchSession, { nullable: true })
  async session(@Args('id', { type: () => ID }) id: string): Promise<MatchSession | null> {
    const session = await this.sessions.find(id);
    return session ? MatchSession.from(session) : null;
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => MatchSession, {
    description:
      'ORGANIZER.' +
      errorReasons(
        R.FAIR_NOT_FOUND,
        R.FAIR_CLOSED,
        R.DEADLINE_NOT_IN_FUTURE,
        R.SESSION_NEEDS_NOT_FOUND,
        R.SESSION_NEEDS_OF_OTHER_FAIR,
        R.SESSION_NEEDS_NOT_PUBLISHED,
        R.FAIR_HAS_NO_PUBLISHED_NEEDS,
      ),
  })
  async openSession(@Args('input') input: OpenSessionInput, @CurrentUser() principal: Principal): Promise<MatchSession> {
    return MatchSession.from(await this.sessions.open(principal, input));
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => MatchSession, {
    description: 'ORGANIZER: OPEN → CLOSED_FOR_BIDS before the deadline.' + errorReasons(R.SESSION_NOT_FOUND, R.SESSION_STATUS_FORBIDS),
  })
  async closeBidding(@Args('sessionId', { type: () => ID }) sessionId: string, @CurrentUser() principal: Principal): Promise<MatchSession> {
    return MatchSession.from(await this.sessions.closeBidding(principal, sessionId));
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => MatchSession, {
    description: 'ORGANIZER: MATCHED → CLOSED, the session is over.' + errorReasons(R.SESSION_NOT_FOUND, R.SESSION_STATUS_FORBIDS),
  })
  async closeSession(@Args('sessionId', { type: () => ID }) sessionId: string, @CurrentUser() principal: Principal): Promise<MatchSession> {
    return MatchSession.from(await this.sessions.close(principal, sessionId));
  }

  @ResolveField(() => Fair)
  async fair(@Parent() session: MatchSession, @Context() ctx: RequestContext): Promise<Fair> {
    return Fair.from((await this.loaders.fair(ctx).load(session.fairId))!);
  }

  /** A need withdrawn after the session opened stays on the table for its owner and the organizers only. */
  @ResolveField(() => [ServiceNeed])
  async needs(@Parent() session: MatchSession, @Context() ctx: RequestContext): Promise<ServiceNeed[]> {
    return (await this.loaders.needsOfSession(ctx).load(session.id)).filter((n) => NeedPolicy.canRead(ctx.principal, n)).map(ServiceNeed.from);
  }
}

@Resolver(() => Bid)
export class BidResolver {
  constructor(
    private readonly bids: BidsService,
    private readonly loaders: FairsLoaders,
    private readonly needs: NeedsLoaders,
    private readonly directory: DirectoryLoaders,
  ) {}

  @Roles(Role.ORGANIZATION)
  @Query(() => [Bid], { description: 'ORGANIZATION: its own bids, newest first (at most 100).' })
  async myBids(@Args() args: MyBidsArgs, @CurrentUser() principal: Principal): Promise<Bid[]> {
    return (await this.bids.ofOrganization(principal, args.first)).map(Bid.from);
  }

  @Roles(Role.ORGANIZATION)
  @Mutation(() => Bid, {
    description:
      "ORGANIZATION: before the session's bid deadline, at most one live bid per need." +
      errorReasons(
        R.NOT_AN_ORGANIZATION,
        NeedsErrorReason.NEED_NOT_FOUND,
        R.SESSION_NOT_FOUND,
        R.NEED_NOT_IN_SESSION,
        R.NEED_IN_NO_OPEN_SESSION,
        R.NEED_IN_SEVERAL_SESSIONS,
        R.SESSION_NOT_OPEN,
        R.BID_DEADLINE_PASSED,
        R.NEED_NOT_OPEN_FOR_BIDS,
        R.PRICE_OVER_BUDGET,
        R.LIVE_BID_EXISTS,
        R.NO_MATCHING_OFFERING,
        R.GRADE_BELOW_MINIMUM,
        R.NO_FREE_CAPACITY,
        R.OUTSIDE_SERVICE_RADIUS,
      ),
  })
  async submitBid(@Args('input') input: SubmitBidInput, @CurrentUser() principal: Principal): Promise<Bid> {
    return Bid.from(await this.bids.submit(principal, input));
  }

  @Roles(Role.ORGANIZATION)
  @Mutation(() => Bid, {
    description:
      'ORGANIZATION: its own SUBMITTED bid, before the deadline.' +
      errorReasons(R.NOT_AN_ORGANIZATION, R.BID_NOT_FOUND, R.NOT_YOUR_BID, R.BID_STATUS_FORBIDS, R.SESSION_NOT_OPEN, R.BID_DEADLINE_PASSED),
  })
  async withdrawBid(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<Bid> {
    return Bid.from(await this.bids.withdraw(principal, id));
  }

  @ResolveField(() => ServiceNeed)
  async need(@Parent() bid: Bid, @Context() ctx: RequestContext): Promise<ServiceNeed> {
    return ServiceNeed.from((await this.needs.need(ctx).load(bid.needId))!);
  }

  @ResolveField(() => Organization)
  async organization(@Parent() bid: Bid, @Context() ctx: RequestContext): Promise<Organization> {
    return Organization.from((await this.directory.organization(ctx).load(bid.organizationId))!);
  }

  @ResolveField(() => MatchSession, { nullable: true })
  async session(@Parent() bid: Bid, @Context() ctx: RequestContext): Promise<MatchSession | null> {
    const session = bid.sessionId ? await this.loaders.session(ctx).load(bid.sessionId) : null;
    return session ? MatchSession.from(session) : null;
  }
}

/** The fields of ServiceNeed that point into this context. */
@Resolver(() => ServiceNeed)
export class ServiceNeedFairsResolver {
  constructor(
    private readonly loaders: FairsLoaders,
    private readonly sessionsService: SessionsService,
  ) {}

  // Resolved here, not in needs: whether a session is taking bids on the need is a fact of fairs.
  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed, {
    description:
      'COMMUNITY: its own DRAFT or PUBLISHED need, while no session is taking or weighing bids on it (OPEN, CLOSED_FOR_BIDS or MATCHED). Omitted fields stay as they are.' +
      errorReasons(NeedsErrorReason.NOT_A_COMMUNITY, NeedsErrorReason.NEED_NOT_FOUND, NeedsErrorReason.NOT_YOUR_NEED, NeedsErrorReason.NEED_NOT_EDITABLE),
  })
  async updateNeed(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateNeedInput,
    @CurrentUser() principal: Principal,
  ): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.sessionsService.updateNeed(principal, id, input));
  }

  @ResolveField(() => [MatchSession], { description: 'the sessions that put this need on their table, oldest first' })
  async sessions(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<MatchSession[]> {
    return (await this.loaders.sessionsOfNeed(ctx).load(need.id)).map(MatchSession.from);
  }

  @ResolveField(() => Fair, { nullable: true })
  async fair(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<Fair | null> {
    const fair = need.fairId ? await this.loaders.fair(ctx).load(need.fairId) : null;
    return fair ? Fair.from(fair) : null;
  }

  @ResolveField(() => [Bid], { description: "the need's community, organizers and admins see all; an organization sees only its own; anonymous callers none" })
  async bids(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<Bid[]> {
    return (await this.loaders.visibleBidsOnNeed(ctx).load(need.id)).map(Bid.from);
  }
}
