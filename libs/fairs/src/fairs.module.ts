import { DirectoryModule } from '@app/directory';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { BidsService } from './bids.service';
import { FairStatsService } from './fair-stats.service';
import { FairsLoaders } from './fairs.loaders';
import { BidResolver, FairResolver, MatchSessionResolver, ServiceNeedFairsResolver } from './fairs.resolver';
import { FairsService } from './fairs.service';
import { SessionsService } from './sessions.service';

@Module({
  imports: [DirectoryModule, NeedsModule],
  providers: [FairsService, SessionsService, BidsService, FairStatsService, FairsLoaders, FairResolver, MatchSessionResolver, BidResolver, ServiceNeedFairsResolver],
  exports: [FairsService, SessionsService, BidsService, FairStatsService, FairsLoaders],
})
export class FairsModule {}
