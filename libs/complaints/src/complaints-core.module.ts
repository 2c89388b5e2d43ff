import { ContractsCoreModule } from '@app/contracts';
import { FairsCoreModule } from '@app/fairs';
import { MatchingRunsCoreModule } from '@app/matching-runs';
import { NeedsCoreModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { ComplaintsRepository } from './complaints.repository';
import { ComplaintsService } from './complaints.service';

/** Complaints without GraphQL: the service over its repository (the api; live reads complaints through it). */
@Module({
  imports: [NeedsCoreModule, FairsCoreModule, MatchingRunsCoreModule, ContractsCoreModule],
  providers: [ComplaintsRepository, ComplaintsService],
  exports: [ComplaintsService],
})
export class ComplaintsCoreModule {}
