import { DEFAULT_TOP_K } from '@app/matching';
import { Field, Float, ID, InputType, Int, ArgsType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';

const weight = (key: string) => [
  IsOptional(),
  IsNumber({ allowNaN: false, allowInfinity: false }, { message: `${key} must be a finite number` }),
  Min(0, { message: `${key} must be >= 0` }),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/** Relative importance of each score component; omitted ones take the documented defaults. */
@InputType()
export class MatchWeightsInput {
  @Field(() => Float, { nullable: true }) @apply(weight('domain')) domain?: number;
  @Field(() => Float, { nullable: true }) @apply(weight('capacity')) capacity?: number;
  @Field(() => Float, { nullable: true }) @apply(weight('grade')) grade?: number;
  @Field(() => Float, { nullable: true }) @apply(weight('distance')) distance?: number;
  @Field(() => Float, { nullable: true }) @apply(weight('price')) price?: number;
  @Field(() => Float, { nullable: true }) @apply(weight('performance')) performance?: number;
}

export const MAX_TOP_K = 100;

@ArgsType()
export class RunMatchingArgs {
  @Field(() => ID) @IsUUID('all', { message: 'sessionId must be an id' }) sessionId: string;
  @Field(() => MatchWeightsInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => MatchWeightsInput) weights?: MatchWeightsInput | null;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_TOP_K })
  @IsOptional()
  @IsInt({ message: `topK must be an integer between 1 and ${MAX_TOP_K}` })
  @Min(1, { message: `topK must be between 1 and ${MAX_TOP_K}` })
  @Max(MAX_TOP_K, { message: `topK must be between 1 and ${MAX_TOP_K}` })
  topK?: number | null;
}

@InputType()
export class ProposalFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'runId must be an id' }) runId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'sessionId must be an id' }) sessionId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'needId must be an id' }) needId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'organizationId must be an id' }) organizationId?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() assignedOnly?: boolean | null;
}

/**
 * The contract's `proposals(filter)` has no paging arguments: `first` and `after` are
 * extras, and a call without them gets every proposal up to the cap (need, then rank).
 * Page on with `after`: the id of the last proposal of the previous page.
 */
export const MAX_PROPOSALS_PAGE = 1000;

@ArgsType()
export class ProposalPageArgs {
  @Field(() => Int, { defaultValue: MAX_PROPOSALS_PAGE, description: `ordered by need, then run and rank; at most ${MAX_PROPOSALS_PAGE}` })
  @IsInt({ message: `first must be an integer between 1 and ${MAX_PROPOSALS_PAGE}` })
  @Min(1, { message: `first must be between 1 and ${MAX_PROPOSALS_PAGE}` })
  @Max(MAX_PROPOSALS_PAGE, { message: `first must be between 1 and ${MAX_PROPOSALS_PAGE}` })
  first = MAX_PROPOSALS_PAGE;

  @Field(() => ID, { nullable: true, description: 'the id of the last proposal of the previous page: the page goes on after it' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the id of a proposal returned by this API' })
  after?: string | null;
}

export const MAX_RECOMMENDATIONS = 100;

@ArgsType()
export class RecommendedNeedsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20 })
  @IsOptional()
  @IsInt({ message: `first must be an integer between 1 and ${MAX_RECOMMENDATIONS}` })
  @Min(1, { message: `first must be between 1 and ${MAX_RECOMMENDATIONS}` })
  @Max(MAX_RECOMMENDATIONS, { message: `first must be between 1 and ${MAX_RECOMMENDATIONS}` })
  first?: number | null;
}
