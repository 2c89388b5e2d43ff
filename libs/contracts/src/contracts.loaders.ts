import { byKeys, groupByKeys, RequestContext, requestLoader } from '@app/core';
import { MatchProposalEntity, ProposalsService } from '@app/matching-runs';
import { Injectable } from '@nestjs/common';
import { ContractsService } from './contracts.service';
import { ContractEvaluationEntity } from './entities/contract-evaluation.entity';
import { ContractMilestoneEntity } from './entities/contract-milestone.entity';
import { ContractEntity } from './entities/contract.entity';

/** Batch loads for contracts, one DataLoader per request (see requestLoader). */
@Injectable()
export class ContractsLoaders {
  constructor(
    private readonly contracts: ContractsService,
    private readonly proposals: ProposalsService,
  ) {}

  milestones(ctx: RequestContext) {
    return requestLoader<string, ContractMilestoneEntity[]>(ctx, 'contracts.milestones', async (ids) =>
      groupByKeys(ids, await this.contracts.milestonesOf(ids), (m) => m.contractId),
    );
  }

  evaluation(ctx: RequestContext) {
    return requestLoader<string, ContractEvaluationEntity | null>(ctx, 'contracts.evaluation', async (ids) =>
      byKeys(ids, await this.contracts.evaluationsOf(ids), (e) => e.contractId),
    );
  }

  /** The contract written from a proposal, with no visibility applied: callers check canRead. */
  contractOfProposal(ctx: RequestContext) {
    return requestLoader<string, ContractEntity | null>(ctx, 'contracts.contractOfProposal', async (ids) =>
      byKeys(ids, await this.contracts.findByProposals(ids), (c) => c.proposalId!),
    );
  }

  /** A contract's proposal: the contract's own rule already let the caller in. */
  proposal(ctx: RequestContext) {
    return requestLoader<string, MatchProposalEntity | null>(ctx, 'contracts.proposal', async (ids) =>
      byKeys(ids, await this.proposals.findMany(ids), (p) => p.id),
    );
  }
}
