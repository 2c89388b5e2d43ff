import { CurrentUser, errorReasons, Principal, RequestContext, Role, Roles } from '@app/core';
import { ContractsErrorReason } from '@app/contracts';
import { IdentityService, User } from '@app/identity';
import { NeedsErrorReason, NeedsLoaders, ServiceNeed } from '@app/needs';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ComplaintsErrorReason as R } from './complaints.errors';
import { ComplaintsLoaders } from './complaints.loaders';
import { ComplaintsService } from './complaints.service';
import { ComplaintsArgs, FileComplaintInput, MAX_COMPLAINTS_PER_NEED, ResolveComplaintArgs } from './dto/complaint.inputs';
import { Complaint } from './models/complaint.model';

@Resolver(() => Complaint)
export class ComplaintResolver {
  constructor(
    private readonly service: ComplaintsService,
    private readonly needs: NeedsLoaders,
    private readonly identity: IdentityService,
  ) {}

  @Query(() => [Complaint], {
    description: 'Organizers: all; an organization or community: those it filed or that concern its needs. Newest first, paged with first/after.',
  })
  async complaints(@Args() args: ComplaintsArgs, @CurrentUser() principal: Principal): Promise<Complaint[]> {
    return (await this.service.list(principal, args)).map(Complaint.from);
  }

  @Roles(Role.ORGANIZATION, Role.COMMUNITY)
  @Mutation(() => Complaint, {
    description:
      "An ORGANIZATION that bid on the need or was proposed for it, or the need's COMMUNITY; while the need is MATCHED or its contract is PENDING_SIGNATURE. A PENDING complaint blocks signing the need's contract (CONFLICT)." +
      errorReasons(NeedsErrorReason.NEED_NOT_FOUND, R.NOT_A_COMPLAINANT, R.AWARD_NOT_OPEN_TO_COMPLAINT, R.COMPLAINT_ALREADY_PENDING),
  })
  async fileComplaint(@Args('input') input: FileComplaintInput, @CurrentUser() principal: Principal): Promise<Complaint> {
    return Complaint.from(await this.service.file(principal, input));
  }

  @Roles(Role.ORGANIZATION, Role.COMMUNITY)
  @Mutation(() => Complaint, { description: 'Its filer, while PENDING.' + errorReasons(R.COMPLAINT_NOT_FOUND, R.NOT_COMPLAINT_FILER, R.COMPLAINT_NOT_PENDING) })
  async withdrawComplaint(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<Complaint> {
    return Complaint.from(await this.service.withdraw(principal, id));
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => Complaint, {
    description:
      "ORGANIZER. upheld: the award is annulled (a contract not yet signed is TERMINATED, the need's proposals EXPIRED, the need PUBLISHED again so it can go to another session)." +
      errorReasons(R.COMPLAINT_NOT_FOUND, R.COMPLAINT_NOT_PENDING, ContractsErrorReason.CONTRACT_ALREADY_IN_FORCE),
  })
  async resolveComplaint(@Args() args: ResolveComplaintArgs, @CurrentUser() principal: Principal): Promise<Complaint> {
    return Complaint.from(await this.service.resolve(principal, args.id, args.upheld, args.resolution));
  }

  @ResolveField(() => ServiceNeed)
  async need(@Parent() complaint: Complaint, @Context() ctx: RequestContext): Promise<ServiceNeed> {
    return ServiceNeed.from((await this.needs.need(ctx).load(complaint.needId))!);
  }

  @ResolveField(() => User)
  async filedBy(@Parent() complaint: Complaint): Promise<User> {
    return (await this.identity.getUser(complaint.filedByUserId))!;
  }
}

/** ServiceNeed.complaints: resolved here, in the later context (as MatchSession.runs lives in matching-runs). */
@Resolver(() => ServiceNeed)
export class NeedComplaintsResolver {
  constructor(private readonly loaders: ComplaintsLoaders) {}

  @ResolveField(() => [Complaint], { description: `as complaints(): what the caller may read; newest first, at most ${MAX_COMPLAINTS_PER_NEED}` })
  async complaints(@Parent() need: ServiceNeed, @Context() ctx: RequestContext): Promise<Complaint[]> {
    return (await this.loaders.ofNeed(ctx).load(need.id)).map(Complaint.from);
  }
}
