import { Connection, CurrentUser, errorReasons, Principal, RequestContext, Role, Roles, Public } from '@app/core';
import { EvaluationGrade } from '@app/reference-data';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DirectoryErrorReason as R } from './directory.errors';
import { DirectoryLoaders } from './directory.loaders';
import { DirectoryService } from './directory.service';
import { OfferingInput, OrganizationsArgs } from './dto/organization.inputs';
import { Organization, OrganizationConnection } from './models/organization.model';
import { ServiceOffering } from './models/service-offering.model';

@Resolver(() => Organization)
export class OrganizationResolver {
  constructor(
    private readonly directory: DirectoryService,
    private readonly loaders: DirectoryLoaders,
  ) {}

  /** The directory is public: communities and residents browse who serves what. */
  @Public()
  @Query(() => Organization, { nullable: true })
  async organization(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<Organization | null> {
    const org = await this.loaders.organization(ctx).load(id);
    return org ? Organization.from(org) : null;
  }

  @Public()
  @Query(() => OrganizationConnection)
  async organizations(@Args() args: OrganizationsArgs): Promise<Connection<Organization>> {
    const page = await this.directory.searchOrganizations(args);
    return { ...page, nodes: page.nodes.map(Organization.from) };
  }

  @Roles(Role.ORGANIZER, Role.ADMIN)
  @Mutation(() => Organization, { description: 'ORGANIZER or ADMIN.' + errorReasons(R.ORGANIZATION_NOT_FOUND) })
  async setOrganizationGrade(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('grade', { type: () => EvaluationGrade }) grade: EvaluationGrade,
  ): Promise<Organization> {
    return Organization.from(await this.directory.setGrade(organizationId, grade));
  }

  @Roles(Role.ORGANIZATION)
  @Mutation(() => ServiceOffering, { description: "The signed-in organization's own catalog." + errorReasons(R.NOT_AN_ORGANIZATION, R.PRICE_RANGE_INVERTED) })
  async addOffering(@Args('input') input: OfferingInput, @CurrentUser() principal: Principal): Promise<ServiceOffering> {
    return ServiceOffering.from(await this.directory.addOffering(principal, input));
  }

  @Roles(Role.ORGANIZATION)
  @Mutation(() => Boolean, { description: errorReasons(R.NOT_AN_ORGANIZATION, R.OFFERING_NOT_FOUND, R.NOT_YOUR_OFFERING).trim() })
  removeOffering(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<boolean> {
    return this.directory.removeOffering(principal, id);
  }

  @ResolveField(() => [ServiceOffering])
  async offerings(@Parent() org: Organization, @Context() ctx: RequestContext): Promise<ServiceOffering[]> {
    return (await this.loaders.offeringsOf(ctx).load(org.id)).map(ServiceOffering.from);
  }
}

@Resolver(() => ServiceOffering)
export class ServiceOfferingResolver {
  constructor(private readonly loaders: DirectoryLoaders) {}

  @ResolveField(() => Organization)
  async organization(@Parent() offering: ServiceOffering, @Context() ctx: RequestContext): Promise<Organization> {
    return Organization.from((await this.loaders.organization(ctx).load(offering.organizationId))!);
  }
}
