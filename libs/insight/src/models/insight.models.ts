import { DecimalScalar, Fen } from '@app/core';
import { Fair } from '@app/fairs';
import { MatchRun } from '@app/matching-runs';
import { ServiceDomain } from '@app/reference-data';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('ShareStat', { description: 'One group (an organization form, a grade, a district) of a run: what it won against what it could have.' })
export class ShareStat {
  @Field() key: string;
  @Field(() => Int, { description: 'assigned needs won by the group (districts: assigned needs of the district)' }) assigned: number;
  @Field(() => Int, {
    description: "eligible (need, organization) pairs of the group's organizations (districts: its needs with at least one eligible organization)",
  })
  eligibleSupply: number;
  @Field(() => Float, { description: 'assigned / all assigned needs of the run' }) share: number;
  @Field(() => Float, { description: 'eligibleSupply / all eligible supply of the same kind' }) supplyShare: number;
}

@ObjectType('FairnessReport', { description: 'How fairly a run spread the work, computed from its stored proposals and the eligibility it saw when it ran.' })
export class FairnessReport {
  @Field(() => MatchRun) run: MatchRun;
  @Field(() => Int) needs: number;
  @Field(() => Int) assigned: number;
  @Field(() => Float, { description: 'assigned / needs' }) coverage: number;
  @Field(() => Float, { description: 'share of assigned needs won by never-evaluated organizations' }) newcomerShare: number;
  @Field(() => Float, { description: 'their share of the eligible (need, organization) pairs' }) newcomerSupplyShare: number;
  @Field(() => Float, { description: 'share of assigned needs won by UNRATED organizations' }) unratedShare: number;
  @Field(() => Float, { description: 'share of assigned needs won by the 10 organizations with the most' }) top10Share: number;
  @Field(() => Float, { description: 'Herfindahl-Hirschman index of assigned needs over organizations, 0..1' }) hhi: number;
  @Field(() => [ShareStat], { description: 'key: OrganizationForm' }) byForm: ShareStat[];
  @Field(() => [ShareStat], { description: 'key: EvaluationGrade' }) byGrade: ShareStat[];
  @Field(() => [ShareStat], { description: 'key: district of the need; eligibleSupply = its needs with at least one eligible organization' })
  byDistrict: ShareStat[];
}

@ObjectType('GapCell', { description: 'One domain × district of a fair: its demand, what went unserved, and the supply that could reach it.' })
export class GapCell {
  @Field(() => ServiceDomain) domain: ServiceDomain;
  @Field() district: string;
  @Field(() => Int) needs: number;
  @Field(() => Int, { description: 'needs no organization was assigned to (latest succeeded run of each session), or without any candidate' })
  unassigned: number;
  @Field(() => Int, { description: 'unassigned needs no organization (with a free slot) is even eligible for today' }) withoutCandidate: number;
  @Field(() => DecimalScalar, { description: 'of the unassigned needs' }) budget: Fen;
  @Field(() => Int, { description: 'organizations offering the domain (or a related one) that reach the district' }) organizations: number;
  @Field(() => Int) freeCapacity: number;
}

@ObjectType('GapMap')
export class GapMap {
  @Field(() => Fair) fair: Fair;
  @Field(() => [GapCell], { description: 'needs without any candidate first ("recruit here"), then the most unassigned' }) cells: GapCell[];
}

@ObjectType('WhatIfResult')
export class WhatIfResult {
  @Field(() => GraphQLJSON, { description: 'the weights used, every component filled in' }) weights: Record<string, number>;
  @Field(() => Int) assigned: number;
  @Field(() => Float) totalScore: number;
  @Field(() => Float) coverage: number;
  @Field(() => Float) newcomerShare: number;
  @Field(() => Float) top10Share: number;
  @Field(() => Int, { description: "needs whose assigned organization differs from the first weight set's" }) changedVsFirst: number;
}
