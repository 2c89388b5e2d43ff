import { CurrentUser, Principal, Public, RequestContext, Role, Roles } from '@app/core';
import { DirectoryLoaders, Organization } from '@app/directory';
import { canSeeNeed, NeedsLoaders, ServiceNeed } from '@app/needs';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BidsService } from './bids.service';
import { CreateFairInput, OpenSessionInput, SubmitBidInput } from './dto/fairs.inputs';
import { FairStatsService } from './fair-stats.service';
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
  @Mutation(() => Fair, { description: 'ORGANIZER.' })
  async createFair(@Args('input') input: CreateFairInput, @CurrentUser() principal: Principal): Promise<Fair> {
    return Fair.from(await this.fairService.create(principal, input));
  }

  @ResolveField(() => [MatchSession])
  async sessions(@Parent() fair: Fair, @Context() ctx: RequestContext): Promise<MatchSession[]> {
    return (await this.loaders.sessionsOfFair(ctx).load(fair.id)).map(MatchSession.from);
  }

  @ResolveField(() => FairStats)
  stats(@Parent() fair: Fair): Promise<FairStats> {
    return this.statsService.forFair(fair.id);
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
  @Mutation(() => MatchSession, { description: 'ORGANIZER.' })
  async openSession(@Args('input') input: OpenSessionInput, @CurrentUser() principal: Principal): Promise<MatchSession> {
    return MatchSession.from(await this.sessions.open(principal, input));
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => MatchSession, { description: 'ORGANIZER: OPEN → CLOSED_FOR_BIDS before the deadline.' })
  async closeBidding(@Args('sessionId', { type: () => ID }) sessionId: string, @CurrentUser() principal: Principal): Promise<MatchSession> {
    return MatchSession.from(await this.sessions.closeBidding(principal, sessionId));
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => MatchSession, { description: 'ORGANIZER: MATCHED → CLOSED, the session is over.' })
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
    return (await this.loaders.needsOfSession(ctx).load(session.id)).filter((n) => canSeeNeed(ctx.principal, n)).map(ServiceNeed.from);
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
  @Mutation(() => Bid, { description: 'ORGANIZATION: before the session\'s bid deadline, at most one live bid per need.' })
  async submitBid(@Args('input') input: SubmitBidInput, @CurrentUser() principal: Principal): Promise<Bid> {
    return Bid.from(await this.bids.submit(principal, input));
  }

  @Roles(Role.ORGANIZATION)
  @Mutation(() => Bid, { description: 'ORGANIZATION: its own SUBMITTED bid, before the deadline.' })
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
  constructor(private readonly loaders: FairsLoaders) {}

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
