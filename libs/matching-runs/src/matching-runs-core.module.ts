import { DirectoryCoreModule } from '@app/directory';
import { FairsCoreModule } from '@app/fairs';
import { NeedsCoreModule } from '@app/needs';
import { Module } from '@nestjs/common';
import { MatchingRunsService } from './matching-runs.service';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';
import { RecommendationService } from './recommendation.service';
import { RunsRepository } from './runs.repository';
import { SessionInputs } from './run/session-inputs';

/**
 * Match runs and proposals without GraphQL or processors: services over their
 * repositories. The repositories are exported for this context's own jobs module only
 * (other contexts cannot import their classes: see the boundary rules).
 */
@Module({
  imports: [DirectoryCoreModule, NeedsCoreModule, FairsCoreModule],
  providers: [RunsRepository, ProposalsRepository, MatchingRunsService, ProposalsService, RecommendationService, SessionInputs],
  exports: [
    MatchingRunsService,
    ProposalsService,
    RecommendationService,
    SessionInputs,
    RunsRepository,
    ProposalsRepository,
    DirectoryCoreModule,
    NeedsCoreModule,
    FairsCoreModule,
  ],
})
export class MatchingRunsCoreModule {}
