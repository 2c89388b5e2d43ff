import { byKeys, groupByKeys, RequestContext, requestLoader } from '@app/core';
import { Injectable } from '@nestjs/common';
import { MatchRunEntity } from './entities/match-run.entity';
import { MatchingRunsService } from './matching-runs.service';

/** Batch loads for runs, one DataLoader per request (see requestLoader). */
@Injectable()
export class MatchingRunsLoaders {
  constructor(private readonly runs: MatchingRunsService) {}

  run(ctx: RequestContext) {
    return requestLoader<string, MatchRunEntity | null>(ctx, 'matchingRuns.run', async (ids) => byKeys(ids, await this.runs.findRuns(ids), (r) => r.id));
  }

  runsOfSession(ctx: RequestContext) {
    return requestLoader<string, MatchRunEntity[]>(ctx, 'matchingRuns.runsOfSession', async (ids) =>
      groupByKeys(ids, await this.runs.runsOfSessions(ids), (r) => r.sessionId!),
    );
  }
}
