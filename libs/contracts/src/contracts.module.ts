import { DirectoryModule } from '@app/directory';
import { MatchingRunsModule } from '@app/matching-runs';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { ContractsCoreModule } from './contracts-core.module';
import { ContractsLoaders } from './contracts.loaders';
import { AuditTrailResolver, ContractResolver, ProposalContractResolver } from './contracts.resolver';
import { OcdsResolver } from './ocds/ocds.resolver';

/** The api's side of contracts: acceptance (enqueues the worker's contract job), contract life cycle, open data (GraphQL over ContractsCoreModule). */
@Module({
  imports: [ContractsCoreModule, DirectoryModule, NeedsModule, MatchingRunsModule],
  providers: [ContractsLoaders, ContractResolver, ProposalContractResolver, AuditTrailResolver, OcdsResolver],
  exports: [ContractsCoreModule, ContractsLoaders],
})
export class ContractsModule {}
