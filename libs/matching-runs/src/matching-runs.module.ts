import { DirectoryModule } from '@app/directory';
import { FairsModule } from '@app/fairs';
import { NeedsModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { MatchingRunsCoreModule } from './matching-runs-core.module';
import { MatchingRunsLoaders } from './matching-runs.loaders';
import { MatchProposalResolver, MatchRunResolver, MatchSessionRunsResolver } from './matching-runs.resolver';

/** The api side of matching: request runs, read runs and proposals, recommendations (GraphQL over MatchingRunsCoreModule). */
@Module({
  imports: [MatchingRunsCoreModule, DirectoryModule, NeedsModule, FairsModule],
  providers: [MatchingRunsLoaders, MatchRunResolver, MatchProposalResolver, MatchSessionRunsResolver],
  exports: [MatchingRunsCoreModule, MatchingRunsLoaders],
})
export class MatchingRunsModule {}
