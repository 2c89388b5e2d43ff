import { MatchingRunsCoreModule } from '@app/matching-runs';
import { Module } from '@nestjs/common';
import { ContractWriterService } from './contract-writer.service';
import { ContractsRepository } from './contracts.repository';
import { ContractsService } from './contracts.service';
import { OcdsService } from './ocds/ocds.service';
import { ProposalAcceptanceService } from './proposal-acceptance.service';

/** Contracts without GraphQL or processors: acceptance, the contract life cycle, the writer, open data, over their repository. */
@Module({
  imports: [MatchingRunsCoreModule],
  providers: [ContractsRepository, ContractsService, ProposalAcceptanceService, ContractWriterService, OcdsService],
  exports: [ContractsService, ProposalAcceptanceService, ContractWriterService, OcdsService],
})
export class ContractsCoreModule {}
