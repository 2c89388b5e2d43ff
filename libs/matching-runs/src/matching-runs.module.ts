import { DirectoryModule } from '@app/directory';
import { FairsModule } from '@app/fairs';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { MatchingRunsLoaders } from './matching-runs.loaders';
import { MatchProposalResolver, MatchRunResolver, MatchSessionRunsResolver } from './matching-runs.resolver';
import { MatchingRunsService } from './matching-runs.service';
import { RecommendationService } from './recommendation.service';

/** The api side of matching: request runs, read runs and proposals, recommendations. */
@Module({
  imports: [DirectoryModule, NeedsModule, FairsModule],
  providers: [MatchingRunsService, RecommendationService, MatchingRunsLoaders, MatchRunResolver, MatchProposalResolver, MatchSessionRunsResolver],
  exports: [MatchingRunsService, MatchingRunsLoaders],
})
export class MatchingRunsModule {}
