import { DateScalar, DecimalScalar, Fen, GeoPointInput, NearInput, PageArgs } from '@app/core';
import { EvaluationGrade, FundingSource, ServiceDomain } from '@app/reference-data';
import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NeedStatus } from '../entities/service-need.entity';
import { IsNotBefore } from './is-not-before';

/** 1e10 yuan in fen: far above any community project, low enough that fen stay exact in a JS number. */
export const MAX_BUDGET_FEN: Fen = 1_000_000_000_000;

@InputType()
export class PostNeedInput {
  @Field() @IsString() @Length(2, 120, { message: 'title must be 2 to 120 characters' }) title: string;
  @Field() @IsString() @Length(1, 4000, { message: 'description must be 1 to 4000 characters' }) description: string;
  @Field(() => ServiceDomain) @IsEnum(ServiceDomain, { message: 'domain must be a ServiceDomain' }) domain: ServiceDomain;
  @Field(() => Int)
  @IsInt({ message: 'beneficiaries must be a whole number' })
  @Min(1, { message: 'beneficiaries must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'beneficiaries must be between 1 and 10000000' })
  beneficiaries: number;
  // Fen, parsed from "48000.00" by the Decimal scalar.
  @Field(() => DecimalScalar)
  @IsInt()
  @Min(1, { message: 'budget must be greater than 0' })
  @Max(MAX_BUDGET_FEN, { message: 'budget must be at most 10000000000.00' })
  budget: Fen;
  @Field(() => FundingSource) @IsEnum(FundingSource, { message: 'fundingSource must be a FundingSource' }) fundingSource: FundingSource;
  @Field(() => EvaluationGrade, { nullable: true })
  @IsOptional()
  @IsEnum(EvaluationGrade, { message: 'minGrade must be an EvaluationGrade' })
  minGrade?: EvaluationGrade;
  @Field(() => DateScalar) @IsString() startsOn: string;
  @Field(() => DateScalar) @IsString() @IsNotBefore('startsOn') endsOn: string;
  @Field(() => GeoPointInput, { nullable: true, description: "defaults to the community's location" })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointInput)
  location?: GeoPointInput;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'fairId must be an id returned by this API' }) fairId?: string;
  @Field({ nullable: true, description: 'true: stays DRAFT until publishNeed' }) @IsOptional() @IsBoolean() draft?: boolean;
}

/** updateNeed: the fields to change, each validated as postNeed validates it; omitted (or null) fields stay as they are. */
@InputType()
export class UpdateNeedInput extends PartialType(OmitType(PostNeedInput, ['draft'] as const)) {}

@InputType()
export class NeedFilter {
  @Field(() => [ServiceDomain], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsEnum(ServiceDomain, { each: true, message: 'domains must be ServiceDomain values' })
  domains?: ServiceDomain[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(40, { message: 'district must be at most 40 characters' }) district?: string;
  @Field(() => [NeedStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(NeedStatus, { each: true, message: 'statuses must be NeedStatus values' })
  statuses?: NeedStatus[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'fairId must be an id returned by this API' }) fairId?: string;
  @Field(() => ID, { nullable: true, description: "one community's needs (its own drafts too, for that community)" })
  @IsOptional()
  @IsUUID('all', { message: 'communityId must be an id returned by this API' })
  communityId?: string;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @IsInt() @Min(0) budgetMin?: Fen;
  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @IsNotBefore('budgetMin', { message: 'budgetMax must be at least budgetMin' })
  budgetMax?: Fen;
  @Field(() => NearInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => NearInput) near?: NearInput;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100, { message: 'text must be at most 100 characters' }) text?: string;
}

@ArgsType()
export class NeedsArgs extends PageArgs {
  @Field(() => NeedFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => NeedFilter) filter?: NeedFilter;
}

/** Up to the population of a large community's residents' assembly. */
export const MAX_REVIEW_PARTICIPANTS = 100_000;

@InputType()
export class ResidentReviewInput {
  @Field(() => DateScalar, { description: 'the day the residents met' }) @IsString() heldOn: string;
  @Field(() => Int)
  @IsInt({ message: 'participants must be a whole number' })
  @Min(1, { message: `participants must be between 1 and ${MAX_REVIEW_PARTICIPANTS}` })
  @Max(MAX_REVIEW_PARTICIPANTS, { message: `participants must be between 1 and ${MAX_REVIEW_PARTICIPANTS}` })
  participants: number;
  @Field(() => Int)
  @IsInt({ message: 'votesFor must be a whole number' })
  @Min(0, { message: 'votesFor must be 0 or more' })
  votesFor: number;
  @Field(() => Int)
  @IsInt({ message: 'votesAgainst must be a whole number' })
  @Min(0, { message: 'votesAgainst must be 0 or more' })
  votesAgainst: number;
  @Field() @IsString() @Length(1, 4000, { message: 'minutes must be 1 to 4000 characters' }) minutes: string;
}
