import { JobPayloads, JOBS, QUEUES } from '@app/core';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { ContractOutcome, ContractWriterService } from '../contract-writer.service';

type ContractsJob = Job<JobPayloads[typeof JOBS.createContract], ContractOutcome, typeof JOBS.createContract>;

/** The contracts queue: writes a contract once both sides have accepted a proposal. */
@Processor(QUEUES.contracts)
export class CreateContractProcessor extends WorkerHost {
  private readonly logger = new Logger(CreateContractProcessor.name);

  constructor(private readonly writer: ContractWriterService) {
    super();
  }

  async process(job: ContractsJob): Promise<ContractOutcome> {
    const name = job.name;
    switch (name) {
      case JOBS.createContract:
        return this.writer.createFromProposal(job.data.proposalId);
      default: {
        const unknown: never = name;
        this.logger.warn(`Unknown contracts job ${String(unknown)}`);
        throw new Error(`Unknown job ${String(unknown)}`);
      }
    }
  }
}
