import { DirectoryModule } from '@app/directory';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { FairsCoreModule } from './fairs-core.module';
import { FairsLoaders } from './fairs.loaders';
import { BidResolver, FairResolver, MatchSessionResolver, ServiceNeedFairsResolver } from './fairs.resolver';

/** The fairs' GraphQL face (api only): resolvers and per-request loaders over FairsCoreModule. */
@Module({
  imports: [FairsCoreModule, DirectoryModule, NeedsModule],
  providers: [FairsLoaders, FairResolver, MatchSessionResolver, BidResolver, ServiceNeedFairsResolver],
  exports: [FairsCoreModule, FairsLoaders],
})
export class FairsModule {}
