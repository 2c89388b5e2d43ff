import { DirectoryCoreModule } from '@app/directory';
import { NeedsCoreModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { BidsRepository } from './bids.repository';
import { BidsService } from './bids.service';
import { FairStatsService } from './fair-stats.service';
import { FairsRepository } from './fairs.repository';
import { FairsService } from './fairs.service';
import { SessionsService } from './sessions.service';

/** Fairs, sessions and bids without GraphQL: services over their repositories, for the api and the worker alike. */
@Module({
  imports: [DirectoryCoreModule, NeedsCoreModule],
  providers: [FairsRepository, BidsRepository, FairsService, SessionsService, BidsService, FairStatsService],
  exports: [FairsService, SessionsService, BidsService, FairStatsService],
})
export class FairsCoreModule {}
