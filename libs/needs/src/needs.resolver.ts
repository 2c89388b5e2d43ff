import { Connection, CurrentUser, errorReasons, Principal, Public, RequestContext, Role, Roles } from '@app/core';
import { Community, DirectoryLoaders } from '@app/directory';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NeedsArgs, PostNeedInput, ResidentReviewInput } from './dto/need.inputs';
import { NeedsLoaders } from './needs.loaders';
import { ResidentReview } from './models/resident-review.model';
import { NeedsErrorReason as R } from './needs.errors';
import { NeedsService } from './needs.service';
import { NeedConnection, ServiceNeed } from './models/service-need.model';

@Resolver(() => ServiceNeed)
export class ServiceNeedResolver {
  constructor(
    private readonly needsService: NeedsService,
    private readonly directory: DirectoryLoaders,
    private readonly loaders: NeedsLoaders,
  ) {}

  /** Public for needs on the market; a DRAFT or WITHDRAWN need answers null except to its community and organizers. */
  @Public()
  @Query(() => ServiceNeed, { nullable: true })
  async need(@Args('id', { type: () => ID }) id: string, @CurrentUser() viewer: Principal | null): Promise<ServiceNeed | null> {
    const need = await this.needsService.visibleNeed(viewer, id);
    return need ? ServiceNeed.from(need) : null;
  }

  @Public()
  @Query(() => NeedConnection)
  async needs(@Args() args: NeedsArgs, @CurrentUser() viewer: Principal | null): Promise<Connection<ServiceNeed>> {
    const page = await this.needsService.search(args, viewer);
    return { ...page, nodes: page.nodes.map(ServiceNeed.from) };
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed, { description: 'COMMUNITY: its own needs.' + errorReasons(R.NOT_A_COMMUNITY, R.FAIR_NOT_FOUND) })
  async postNeed(@Args('input') input: PostNeedInput, @CurrentUser() principal: Principal): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.postNeed(principal, input));
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed, {
    description: 'DRAFT → PUBLISHED.' + errorReasons(R.NOT_A_COMMUNITY, R.NEED_NOT_FOUND, R.NOT_YOUR_NEED, R.NEED_NOT_PUBLISHABLE),
  })
  async publishNeed(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.publishNeed(principal, id));
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed, {
    description: 'DRAFT, PUBLISHED or MATCHED → WITHDRAWN.' + errorReasons(R.NOT_A_COMMUNITY, R.NEED_NOT_FOUND, R.NOT_YOUR_NEED, R.NEED_NOT_WITHDRAWABLE),
  })
  async withdrawNeed(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.withdrawNeed(principal, id));
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed, {
    description:
      "The need's COMMUNITY, before the need is CONTRACTED: its residents' review (votesFor + votesAgainst ≤ participants, at least one vote); recording again replaces it." +
      errorReasons(R.NOT_A_COMMUNITY, R.NEED_NOT_FOUND, R.NOT_YOUR_NEED, R.REVIEW_CLOSED),
  })
  async recordResidentReview(
    @Args('needId', { type: () => ID }) needId: string,
    @Args('input') input: ResidentReviewInput,
    @CurrentUser() principal: Principal,
  ): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.recordResidentReview(principal, needId, input));
  }

  @ResolveField(() => ResidentReview, { nullable: true, description: "the residents' review (群众评议), when the community recorded one" })
  async residentReview(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<ResidentReview | null> {
    const review = await this.loaders.residentReview(ctx).load(need.id);
    return review ? ResidentReview.from(review) : null;
  }

  @ResolveField(() => Community)
  async community(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<Community> {
    return Community.from((await this.directory.community(ctx).load(need.communityId))!);
  }
}
