import { Module } from '@nestjs/common';
import { ContractWriterService } from './contract-writer.service';
import { CreateContractProcessor } from './jobs/create-contract.processor';

/** The worker's side of contracts: the create-contract processor, no GraphQL. */
@Module({
  providers: [ContractWriterService, CreateContractProcessor],
})
export class ContractJobsModule {}
