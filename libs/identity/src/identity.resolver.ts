import { CurrentUser, Principal, Public, RequestContext, Role, Roles } from '@app/core';
import { Community, DirectoryLoaders, Organization, RegisterOrganizationInput } from '@app/directory';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { LoginArgs, NewAccountArgs, RegisterCommunityInput } from './dto/identity.inputs';
import { IdentityService } from './identity.service';
import { AuthPayload, User } from './models/user.model';

@Resolver(() => User)
export class IdentityResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly directory: DirectoryLoaders,
  ) {}

  @Public()
  @Query(() => User, { nullable: true })
  me(@CurrentUser() principal: Principal | null): Promise<User | null> | null {
    return principal ? this.identity.getUser(principal.userId) : null;
  }

  @Public()
  @Mutation(() => AuthPayload)
  registerCommunity(@Args('input') input: RegisterCommunityInput, @Context() ctx: RequestContext): Promise<AuthPayload> {
    return this.identity.registerCommunity(input, ctx.clientAddress);
  }

  @Public()
  @Mutation(() => AuthPayload)
  registerOrganization(@Args('input') input: RegisterOrganizationInput, @Context() ctx: RequestContext): Promise<AuthPayload> {
    return this.identity.registerOrganization(input, ctx.clientAddress);
  }

  @Public()
  @Mutation(() => AuthPayload)
  login(@Args() credentials: LoginArgs, @Context() ctx: RequestContext): Promise<AuthPayload> {
    return this.identity.login(credentials.email, credentials.password, ctx.clientAddress);
  }

  @Roles(Role.ADMIN)
  @Query(() => [User], { description: 'ADMIN only: the organizer accounts, oldest first.' })
  organizers(): Promise<User[]> {
    return this.identity.organizers();
  }

  @Roles(Role.ADMIN)
  @Mutation(() => User, { description: 'ADMIN only.' })
  createOrganizer(@Args() credentials: NewAccountArgs): Promise<User> {
    return this.identity.createOrganizer(credentials.email, credentials.password);
  }

  @ResolveField(() => Community, { nullable: true })
  async community(@Parent() user: User, @Context() ctx: RequestContext): Promise<Community | null> {
    const community = user.communityId ? await this.directory.community(ctx).load(user.communityId) : null;
    return community ? Community.from(community) : null;
  }

  @ResolveField(() => Organization, { nullable: true })
  async organization(@Parent() user: User, @Context() ctx: RequestContext): Promise<Organization | null> {
    const org = user.organizationId ? await this.directory.organization(ctx).load(user.organizationId) : null;
    return org ? Organization.from(org) : null;
  }
}
