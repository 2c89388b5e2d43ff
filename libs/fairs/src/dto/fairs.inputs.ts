import { DateScalar, DecimalScalar, Fen } from '@app/core';
import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { FairZone } from '../entities/match-session.entity';

/** A session puts at most this many needs on the table (a whole district's projects fit). */
export const MAX_SESSION_NEEDS = 5000;

@InputType()
export class CreateFairInput {
  @Field() @IsString() @Length(2, 120, { message: 'name must be 2 to 120 characters' }) name: string;
  @Field() @IsString() @Length(1, 40, { message: 'city must be 1 to 40 characters' }) city: string;
  @Field(() => DateScalar) @IsString() startsOn: string;
  @Field(() => DateScalar) @IsString() endsOn: string;
}

@InputType()
export class OpenSessionInput {
  @Field(() => ID) @IsUUID('all', { message: 'fairId must be an id returned by this API' }) fairId: string;
  @Field() @IsString() @Length(2, 120, { message: 'title must be 2 to 120 characters' }) title: string;
  @Field(() => FairZone) @IsEnum(FairZone) zone: FairZone;
  @Field() @IsDate({ message: 'bidDeadline must be an ISO-8601 timestamp' }) bidDeadline: Date;
  @Field(() => [ID], { nullable: true, description: 'the needs put on the table; omitted: every PUBLISHED need of the fair' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'needIds must list at least one need (omit it to take every PUBLISHED need of the fair)' })
  @ArrayMaxSize(MAX_SESSION_NEEDS, { message: `needIds may list at most ${MAX_SESSION_NEEDS} needs` })
  @IsUUID('all', { each: true, message: 'needIds must be ids returned by this API' })
  needIds?: string[];
  @Field(() => Float, {
    nullable: true,
    description: "when set, only needs whose residents' review supports them at least this much (0 to 1: votesFor / (votesFor + votesAgainst)) go on the table",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minResidentSupport must be a number from 0 to 1' })
  @Min(0, { message: 'minResidentSupport must be a number from 0 to 1' })
  @Max(1, { message: 'minResidentSupport must be a number from 0 to 1' })
  minResidentSupport?: number | null;
}

@InputType()
export class SubmitBidInput {
  @Field(() => ID) @IsUUID('all', { message: 'needId must be an id returned by this API' }) needId: string;
  @Field(() => ID, { nullable: true, description: 'omitted: the one OPEN session that has the need on its table' })
  @IsOptional()
  @IsUUID('all', { message: 'sessionId must be an id returned by this API' })
  sessionId?: string;
  // Fen, parsed from "12000.00" by the Decimal scalar; the budget cap is checked against the need.
  @Field(() => DecimalScalar) @IsInt() @Min(1, { message: 'price must be greater than 0' }) price: Fen;
  @Field() @IsString() @Length(1, 4000, { message: 'plan must be 1 to 4000 characters' }) plan: string;
}

@ArgsType()
export class MyBidsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50 })
  @IsInt({ message: 'first must be an integer between 1 and 100' })
  @Min(1, { message: 'first must be between 1 and 100' })
  @Max(100, { message: 'first must be between 1 and 100' })
  first = 50;
}
