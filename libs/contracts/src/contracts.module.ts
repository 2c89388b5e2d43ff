import { DirectoryModule } from '@app/directory';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { ContractsLoaders } from './contracts.loaders';
import { AuditTrailResolver, ContractResolver, ProposalContractResolver } from './contracts.resolver';
import { ContractsService } from './contracts.service';
import { OcdsResolver } from './ocds/ocds.resolver';
import { OcdsService } from './ocds/ocds.service';
import { ProposalAcceptanceService } from './proposal-acceptance.service';

/** The api's side of contracts: acceptance (enqueues the worker's contract job), contract life cycle, open data. */
@Module({
  imports: [DirectoryModule, NeedsModule],
  providers: [ContractsService, ProposalAcceptanceService, OcdsService, ContractsLoaders, ContractResolver, ProposalContractResolver, AuditTrailResolver, OcdsResolver],
  exports: [ContractsService, ContractsLoaders, OcdsService],
})
export class ContractsModule {}
