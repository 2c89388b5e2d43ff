import { FairsModule } from '@app/fairs';
import { Module } from '@nestjs/common';
import { RunMatchingProcessor } from './jobs/run-matching.processor';
import { RunExecutor } from './run-executor.service';

/** The worker's side of matching: the run-matching processor, no GraphQL. */
@Module({
  imports: [FairsModule],
  providers: [RunExecutor, RunMatchingProcessor],
  exports: [RunExecutor],
})
export class MatchingRunsJobsModule {}
