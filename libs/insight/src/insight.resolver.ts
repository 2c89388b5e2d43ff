import { errorReasons, Role, Roles } from '@app/core';
import { Fair, FairsErrorReason } from '@app/fairs';
import { MatchRun } from '@app/matching-runs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { FairnessReportArgs, GapMapArgs, WhatIfArgs } from './dto/insight.inputs';
import { InsightErrorReason as R } from './insight.errors';
import { InsightService } from './insight.service';
import { FairnessReport, GapCell, GapMap, ShareStat, WhatIfResult } from './models/insight.models';

const shareStats = (figures: Array<{ key: string; assigned: number; eligibleSupply: number; share: number; supplyShare: number }>): ShareStat[] =>
  figures.map((f) => Object.assign(new ShareStat(), f));

@Resolver()
export class InsightResolver {
  constructor(private readonly insight: InsightService) {}

  @Roles(Role.ORGANIZER, Role.ADMIN)
  @Query(() => FairnessReport, {
    description:
      "ORGANIZER or ADMIN. How fairly a succeeded run spread the work: coverage, newcomers' and unrated organizations' shares against their share of the eligible supply, top-10 share and Herfindahl index, by form, grade and district; from the run's stored proposals and the eligibility it saw." +
      errorReasons(R.RUN_NOT_FOUND, R.RUN_NOT_SUCCEEDED, R.RUN_FACTS_MISSING),
  })
  async fairnessReport(@Args() args: FairnessReportArgs): Promise<FairnessReport> {
    const { run, figures } = await this.insight.fairnessReport(args.runId);
    return Object.assign(new FairnessReport(), {
      ...figures,
      run: MatchRun.from(run),
      byForm: shareStats(figures.byForm),
      byGrade: shareStats(figures.byGrade),
      byDistrict: shareStats(figures.byDistrict),
    });
  }

  @Roles(Role.ORGANIZER, Role.ADMIN)
  @Query(() => GapMap, {
    description:
      'ORGANIZER or ADMIN: unmet demand of a fair by domain and district, with the supply that could meet it.' + errorReasons(FairsErrorReason.FAIR_NOT_FOUND),
  })
  async gapMap(@Args() args: GapMapArgs): Promise<GapMap> {
    const { fair, cells } = await this.insight.gapMap(args.fairId);
    return Object.assign(new GapMap(), {
      fair: Fair.from(fair),
      cells: cells.map(({ budgetFen, ...cell }) => Object.assign(new GapCell(), { ...cell, budget: budgetFen })),
    });
  }

  @Roles(Role.ORGANIZER)
  @Mutation(() => [WhatIfResult], {
    description:
      "ORGANIZER: the assignment under each weight set (at most 5), computed without writing proposals: each set solved exactly by the run's engine on the session's current data." +
      errorReasons(R.INVALID_WHAT_IF_WEIGHTS, FairsErrorReason.SESSION_NOT_FOUND),
  })
  async whatIf(@Args() args: WhatIfArgs): Promise<WhatIfResult[]> {
    const outcomes = await this.insight.whatIf(args.sessionId, args.weightSets);
    return outcomes.map((o) => Object.assign(new WhatIfResult(), { ...o, weights: { ...o.weights } }));
  }
}
