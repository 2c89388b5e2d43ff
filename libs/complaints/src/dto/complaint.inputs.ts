import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { ComplaintStatus } from '../entities/complaint.entity';

@InputType()
export class FileComplaintInput {
  @Field(() => ID) @IsUUID('all', { message: 'needId must be an id returned by this API' }) needId: string;
  @Field() @IsString() @Length(2, 120, { message: 'title must be 2 to 120 characters' }) title: string;
  @Field() @IsString() @Length(10, 4000, { message: 'body must be 10 to 4000 characters' }) body: string;
}

@InputType()
export class ComplaintFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'fairId must be an id returned by this API' }) fairId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'needId must be an id returned by this API' }) needId?: string;
  @Field(() => [ComplaintStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ComplaintStatus, { each: true, message: 'statuses must be complaint statuses' })
  statuses?: ComplaintStatus[];
}

/** complaints(filter) pages with `first` (newest first, at most MAX_COMPLAINTS_PAGE) and `after`: extras with defaults, so the contract's call stays valid. */
export const MAX_COMPLAINTS_PAGE = 200;
export const DEFAULT_COMPLAINTS_PAGE = 50;
/** ServiceNeed.complaints: a need's complaints the caller may read, newest first, at most this many. */
export const MAX_COMPLAINTS_PER_NEED = 20;

@ArgsType()
export class ComplaintsArgs {
  @Field(() => ComplaintFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ComplaintFilter) filter?: ComplaintFilter;
  @Field(() => Int, { defaultValue: DEFAULT_COMPLAINTS_PAGE, description: `newest first; at most ${MAX_COMPLAINTS_PAGE}` })
  @IsInt()
  @Min(1, { message: `first must be between 1 and ${MAX_COMPLAINTS_PAGE}` })
  @Max(MAX_COMPLAINTS_PAGE, { message: `first must be between 1 and ${MAX_COMPLAINTS_PAGE}` })
  first = DEFAULT_COMPLAINTS_PAGE;
  @Field(() => ID, { nullable: true, description: 'the id of the last complaint of the previous page: the page goes on after it' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the id of a complaint returned by this API' })
  after?: string | null;
}

@ArgsType()
export class ResolveComplaintArgs {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a complaint id' }) id: string;
  @Field({ description: 'true: the award is annulled; false: dismissed, signing proceeds' }) @IsBoolean() upheld: boolean;
  @Field({ description: "the organizer's reasoned answer, kept with the complaint" })
  @IsString()
  @Length(1, 4000, { message: 'resolution must be 1 to 4000 characters: the organizer answers in writing' })
  resolution: string;
}
