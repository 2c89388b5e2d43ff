import { Connection, CurrentUser, Principal, Public, RequestContext, Role, Roles } from '@app/core';
import { Community, DirectoryLoaders } from '@app/directory';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NeedsArgs, PostNeedInput } from './dto/need.inputs';
import { NeedSearchService } from './need-search.service';
import { NeedsService } from './needs.service';
import { NeedConnection, ServiceNeed } from './models/service-need.model';

@Resolver(() => ServiceNeed)
export class ServiceNeedResolver {
  constructor(
    private readonly needsService: NeedsService,
    private readonly search: NeedSearchService,
    private readonly directory: DirectoryLoaders,
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
    const page = await this.search.search(args, viewer);
    return { ...page, nodes: page.nodes.map(ServiceNeed.from) };
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed, { description: 'COMMUNITY: its own needs.' })
  async postNeed(@Args('input') input: PostNeedInput, @CurrentUser() principal: Principal): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.postNeed(principal, input));
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed)
  async publishNeed(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.publishNeed(principal, id));
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => ServiceNeed)
  async withdrawNeed(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<ServiceNeed> {
    return ServiceNeed.from(await this.needsService.withdrawNeed(principal, id));
  }

  @ResolveField(() => Community)
  async community(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<Community> {
    return Community.from((await this.directory.community(ctx).load(need.communityId))!);
  }
}
