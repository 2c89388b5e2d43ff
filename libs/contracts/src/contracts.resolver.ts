import { AuditService, CurrentUser, errorReasons, isUuid, Principal, RequestContext, Role, Roles } from '@app/core';
import { Community, DirectoryLoaders, Organization } from '@app/directory';
import { MatchingRunsErrorReason, MatchProposal } from '@app/matching-runs';
import { NeedsLoaders, ServiceNeed } from '@app/needs';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ContractPolicy } from './contract.policy';
import { ContractsErrorReason as R } from './contracts.errors';
import { ContractsLoaders } from './contracts.loaders';
import { ContractsService } from './contracts.service';
import { AuditTrailArgs, ContractsArgs, EvaluateContractInput, TerminateContractArgs } from './dto/contract.inputs';
import { AuditEntry } from './models/audit-entry.model';
import { Contract, Evaluation, Milestone } from './models/contract.model';
import { ProposalAcceptanceService } from './proposal-acceptance.service';

@Resolver(() => Contract)
export class ContractResolver {
  constructor(
    private readonly service: ContractsService,
    private readonly loaders: ContractsLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly needs: NeedsLoaders,
  ) {}

  @Query(() => Contract, { nullable: true, description: 'Its community, its organization, organizers and admins; null for anyone else, as for an unknown id.' })
  async contract(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<Contract | null> {
    const contract = await this.service.findVisible(principal, id);
    return contract ? Contract.from(contract) : null;
  }

  @Query(() => [Contract], { description: 'Organizers and admins: every contract; a community or an organization: only its own. Newest first.' })
  async contracts(@Args() args: ContractsArgs, @CurrentUser() principal: Principal): Promise<Contract[]> {
    return (await this.service.list(principal, args)).map(Contract.from);
  }

  @Roles(Role.COMMUNITY, Role.ORGANIZATION)
  @Mutation(() => Contract, {
    description:
      'Each party signs its side; SIGNED when both have.' +
      errorReasons(R.CONTRACT_NOT_FOUND, R.NOT_A_CONTRACT_PARTY, R.CONTRACT_NOT_PENDING_SIGNATURE, R.ALREADY_SIGNED, R.CAPACITY_EXHAUSTED, R.COMPLAINT_PENDING),
  })
  async signContract(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<Contract> {
    return Contract.from(await this.service.sign(principal, id));
  }

  @Roles(Role.COMMUNITY, Role.ORGANIZER)
  @Mutation(() => Contract, {
    description:
      "The contract's COMMUNITY or an ORGANIZER. Paying the first milestone of a SIGNED contract makes it ACTIVE." +
      errorReasons(R.CONTRACT_NOT_FOUND, R.NOT_CONTRACT_COMMUNITY_OR_ORGANIZER, R.CONTRACT_NOT_IN_FORCE, R.MILESTONE_NOT_FOUND, R.MILESTONE_ALREADY_PAID),
  })
  async markMilestonePaid(
    @Args('contractId', { type: () => ID }) contractId: string,
    @Args('seq', { type: () => Int }) seq: number,
    @CurrentUser() principal: Principal,
  ): Promise<Contract> {
    return Contract.from(await this.service.markMilestonePaid(principal, contractId, seq));
  }

  @Roles(Role.COMMUNITY, Role.ORGANIZER)
  @Mutation(() => Contract, {
    description:
      "The contract's COMMUNITY or an ORGANIZER, from SIGNED or ACTIVE." +
      errorReasons(R.CONTRACT_NOT_FOUND, R.NOT_CONTRACT_COMMUNITY_OR_ORGANIZER, R.CONTRACT_NOT_IN_FORCE),
  })
  async completeContract(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<Contract> {
    return Contract.from(await this.service.complete(principal, id));
  }

  @Roles(Role.COMMUNITY, Role.ORGANIZER)
  @Mutation(() => Contract, {
    description:
      "The contract's COMMUNITY or an ORGANIZER: ends a contract that is not COMPLETED; a SIGNED or ACTIVE one frees the organization's capacity. Its need goes back to PUBLISHED (proposals EXPIRED, bids released) and can be contracted again in a later session." +
      errorReasons(R.CONTRACT_NOT_FOUND, R.NOT_CONTRACT_COMMUNITY_OR_ORGANIZER, R.CONTRACT_NOT_IN_FORCE),
  })
  async terminateContract(@Args() args: TerminateContractArgs, @CurrentUser() principal: Principal): Promise<Contract> {
    return Contract.from(await this.service.terminate(principal, args.id, args.reason));
  }

  @Roles(Role.COMMUNITY)
  @Mutation(() => Evaluation, {
    description:
      "The contract's COMMUNITY, once, after completion; feeds Organization.performanceScore." +
      errorReasons(R.CONTRACT_NOT_FOUND, R.NOT_CONTRACT_COMMUNITY, R.CONTRACT_NOT_COMPLETED, R.ALREADY_EVALUATED),
  })
  async evaluateContract(@Args('input') input: EvaluateContractInput, @CurrentUser() principal: Principal): Promise<Evaluation> {
    return Evaluation.from(await this.service.evaluate(principal, input));
  }

  @ResolveField(() => ServiceNeed)
  async need(@Parent() contract: Contract, @Context() ctx: RequestContext): Promise<ServiceNeed> {
    return ServiceNeed.from((await this.needs.need(ctx).load(contract.needId))!);
  }

  @ResolveField(() => Organization)
  async organization(@Parent() contract: Contract, @Context() ctx: RequestContext): Promise<Organization> {
    return Organization.from((await this.directory.organization(ctx).load(contract.organizationId))!);
  }

  @ResolveField(() => Community)
  async community(@Parent() contract: Contract, @Context() ctx: RequestContext): Promise<Community> {
    return Community.from((await this.directory.community(ctx).load(contract.communityId))!);
  }

  @ResolveField(() => MatchProposal, { nullable: true })
  async proposal(@Parent() contract: Contract, @Context() ctx: RequestContext): Promise<MatchProposal | null> {
    const proposal = contract.proposalId ? await this.loaders.proposal(ctx).load(contract.proposalId) : null;
    return proposal ? MatchProposal.from(proposal) : null;
  }

  @ResolveField(() => [Milestone], { description: 'amounts add up exactly to `amount`' })
  async milestones(@Parent() contract: Contract, @Context() ctx: RequestContext): Promise<Milestone[]> {
    return (await this.loaders.milestones(ctx).load(contract.id)).map(Milestone.from);
  }

  @ResolveField(() => Evaluation, { nullable: true })
  async evaluation(@Parent() contract: Contract, @Context() ctx: RequestContext): Promise<Evaluation | null> {
    const evaluation = await this.loaders.evaluation(ctx).load(contract.id);
    return evaluation ? Evaluation.from(evaluation) : null;
  }
}

/** Mutual acceptance of proposals, and MatchProposal.contract (contracts come after matching-runs). */
@Resolver(() => MatchProposal)
export class ProposalContractResolver {
  constructor(
    private readonly acceptance: ProposalAcceptanceService,
    private readonly loaders: ContractsLoaders,
  ) {}

  @Roles(Role.COMMUNITY, Role.ORGANIZATION)
  @Mutation(() => MatchProposal, {
    description:
      "The need's COMMUNITY or the proposal's ORGANIZATION. When both sides have accepted, the worker creates the contract (with the job queue down, the acceptance is kept and the contract is written once the queue is back)." +
      errorReasons(MatchingRunsErrorReason.PROPOSAL_NOT_FOUND, R.NOT_A_PROPOSAL_PARTY, R.PROPOSAL_CLOSED, R.NEED_CLOSED_FOR_PROPOSALS),
  })
  async acceptProposal(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<MatchProposal> {
    return MatchProposal.from(await this.acceptance.accept(principal, id));
  }

  @Roles(Role.COMMUNITY, Role.ORGANIZATION)
  @Mutation(() => MatchProposal, {
    description:
      "The need's COMMUNITY or the proposal's ORGANIZATION." +
      errorReasons(MatchingRunsErrorReason.PROPOSAL_NOT_FOUND, R.NOT_A_PROPOSAL_PARTY, R.PROPOSAL_CLOSED),
  })
  async declineProposal(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal): Promise<MatchProposal> {
    return MatchProposal.from(await this.acceptance.decline(principal, id));
  }

  /** The contract written from this proposal, for those who may read it (null for anyone else). */
  @ResolveField(() => Contract, { nullable: true })
  async contract(@Parent() proposal: MatchProposal, @Context() ctx: RequestContext): Promise<Contract | null> {
    // Recommendations are scored on the fly and carry no stored id: they have no contract.
    if (!isUuid(proposal.id)) return null;
    const contract = await this.loaders.contractOfProposal(ctx).load(proposal.id);
    return contract && ContractPolicy.canRead(ctx.principal, contract) ? Contract.from(contract) : null;
  }
}

@Resolver(() => AuditEntry)
export class AuditTrailResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.ORGANIZER, Role.ADMIN)
  @Query(() => [AuditEntry], {
    description:
      'ORGANIZER or ADMIN: every status change of one record, oldest first (who, when, from, to). Milestone payments are logged under entityType MILESTONE with the contract id.',
  })
  async auditTrail(@Args() args: AuditTrailArgs): Promise<AuditEntry[]> {
    return (await this.audit.trail(args.entityType, args.entityId)).map(AuditEntry.from);
  }
}
