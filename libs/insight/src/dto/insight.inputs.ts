import { MatchWeightsInput } from '@app/matching-runs';
import { MAX_WHAT_IF_WEIGHT_SETS } from '@app/matching';
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, ValidateNested } from 'class-validator';

@ArgsType()
export class FairnessReportArgs {
  @Field(() => ID) @IsUUID('all', { message: 'runId must be an id returned by this API' }) runId: string;
}

@ArgsType()
export class GapMapArgs {
  @Field(() => ID) @IsUUID('all', { message: 'fairId must be an id returned by this API' }) fairId: string;
}

@ArgsType()
export class WhatIfArgs {
  @Field(() => ID) @IsUUID('all', { message: 'sessionId must be an id returned by this API' }) sessionId: string;
  @Field(() => [MatchWeightsInput])
  @IsArray()
  @ArrayMinSize(1, { message: `weightSets must hold between 1 and ${MAX_WHAT_IF_WEIGHT_SETS} weight sets` })
  @ArrayMaxSize(MAX_WHAT_IF_WEIGHT_SETS, { message: `weightSets must hold between 1 and ${MAX_WHAT_IF_WEIGHT_SETS} weight sets` })
  @ValidateNested({ each: true })
  @Type(() => MatchWeightsInput)
  weightSets: MatchWeightsInput[];
}
