import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { MatchRunEntity, RunStatus } from '../entities/match-run.entity';

/** The weights a run used, defaults filled in: organizers can explain a run after the fact. */
@ObjectType('MatchWeights')
export class MatchWeights {
  @Field(() => Float) domain: number;
  @Field(() => Float) capacity: number;
  @Field(() => Float) grade: number;
  @Field(() => Float) distance: number;
  @Field(() => Float) price: number;
  @Field(() => Float) performance: number;
}

@ObjectType('MatchRun')
export class MatchRun {
  @Field(() => ID) id: string;
  sessionId: string | null; // MatchRun.session resolved through the fairs loader
  @Field(() => RunStatus) status: RunStatus;
  @Field(() => Float, { description: '0..1' }) progress: number;
  @Field(() => Int) pairsScored: number;
  @Field(() => Int) proposalsCreated: number;
  @Field(() => Int, { description: 'needs given an organization by the capacity-respecting assignment' }) assignedCount: number;
  @Field(() => Float, { description: 'sum of scores of the assigned pairs' }) totalScore: number;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Int, { description: 'candidates kept as proposals per need' }) topK: number;
  @Field(() => MatchWeights) weights: MatchWeights;
  @Field(() => Int, { description: 'processing attempts so far (retries and crash recoveries included)' }) attempts: number;
  @Field(() => Date) createdAt: Date;

  static from(e: MatchRunEntity): MatchRun {
    return Object.assign(new MatchRun(), {
      id: e.id,
      sessionId: e.sessionId,
      status: e.status,
      progress: e.progress,
      pairsScored: e.pairsScored,
      proposalsCreated: e.proposalsCreated,
      assignedCount: e.assignedCount,
      totalScore: e.totalScore,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      error: e.error,
      topK: e.topK,
      weights: Object.assign(new MatchWeights(), e.weights),
      attempts: e.attempts,
      createdAt: e.createdAt,
    });
  }
}
