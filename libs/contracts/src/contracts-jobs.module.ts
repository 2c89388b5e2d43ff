import { Module } from '@nestjs/common';
import { ContractsCoreModule } from './contracts-core.module';
import { CreateContractProcessor } from './jobs/create-contract.processor';

/** The worker's side of contracts: the create-contract processor, no GraphQL. */
@Module({
  imports: [ContractsCoreModule],
  providers: [CreateContractProcessor],
})
export class ContractsJobsModule {}
