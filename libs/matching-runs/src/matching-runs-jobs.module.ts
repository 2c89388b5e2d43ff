import { Module } from '@nestjs/common';
import { MatchingRunsCoreModule } from './matching-runs-core.module';
import { RunMatchingProcessor } from './jobs/run-matching.processor';
import { RunExecutor } from './run-executor.service';
import { RunAnnounce } from './run/run-announce';
import { RunClaim } from './run/run-claim';
import { RunCompute } from './run/run-compute';
import { RunPersist } from './run/run-persist';

/** The worker's side of matching: the run-matching processor and the executor's parts, no GraphQL. */
@Module({
  imports: [MatchingRunsCoreModule],
  providers: [RunClaim, RunCompute, RunPersist, RunAnnounce, RunExecutor, RunMatchingProcessor],
  exports: [RunExecutor],
})
export class MatchingRunsJobsModule {}
