import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ContractStatus } from '../entities/contract.entity';

@InputType()
export class EvaluateContractInput {
  @Field(() => ID) @IsUUID('all', { message: 'contractId must be a contract id' }) contractId: string;
  @Field(() => Int, { description: '0..100' })
  @IsInt({ message: 'score must be a whole number from 0 to 100' })
  @Min(0, { message: 'score must be a whole number from 0 to 100' })
  @Max(100, { message: 'score must be a whole number from 0 to 100' })
  score: number;
  @Field(() => String, { nullable: true, description: 'at most 2000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'comment must be at most 2000 characters' })
  comment?: string | null;
}

@InputType()
export class ContractFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'fairId must be a fair id' }) fairId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'organizationId must be an organization id' }) organizationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'communityId must be a community id' }) communityId?: string;
  @Field(() => [ContractStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(ContractStatus, { each: true, message: 'statuses must be contract statuses' })
  statuses?: ContractStatus[];
}

/**
 * The contract's `contracts(filter)` has no paging arguments: `first`, `after` and
 * `offset` are extras with defaults, so a call without them still means "the newest
 * 500". Page on with `after`: the id of the last contract of the previous page.
 */
export const MAX_CONTRACTS_PAGE = 1000;
export const DEFAULT_CONTRACTS_PAGE = 500;

@ArgsType()
export class ContractsArgs {
  @Field(() => ContractFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ContractFilter) filter?: ContractFilter;
  @Field(() => Int, { defaultValue: DEFAULT_CONTRACTS_PAGE, description: `newest first; at most ${MAX_CONTRACTS_PAGE}` })
  @IsInt()
  @Min(1, { message: `first must be between 1 and ${MAX_CONTRACTS_PAGE}` })
  @Max(MAX_CONTRACTS_PAGE, { message: `first must be between 1 and ${MAX_CONTRACTS_PAGE}` })
  first = DEFAULT_CONTRACTS_PAGE;
  @Field(() => ID, { nullable: true, description: 'the id of the last contract of the previous page: the page goes on after it' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the id of a contract returned by this API' })
  after?: string | null;
  @Field(() => Int, { defaultValue: 0, description: 'contracts skipped first (prefer after, which stays right while contracts are added)' })
  @IsInt()
  @Min(0, { message: 'offset must be 0 or more' })
  offset = 0;
}

const AUDITED_TYPES = ['BID', 'PROPOSAL', 'CONTRACT', 'NEED', 'SESSION', 'RUN', 'MILESTONE', 'COMPLAINT', 'RESIDENT_REVIEW'];

@ArgsType()
export class AuditTrailArgs {
  @Field({ description: AUDITED_TYPES.join(', ') })
  @IsIn(AUDITED_TYPES, { message: `entityType must be one of ${AUDITED_TYPES.join(', ')}` })
  entityType: string;
  @Field(() => ID) @IsUUID('all', { message: 'entityId must be an id' }) entityId: string;
}

@ArgsType()
export class TerminateContractArgs {
  @Field(() => ID) @IsUUID('all', { message: 'id must be a contract id' }) id: string;
  @Field({ description: 'why the contract ends early, kept in the audit log' })
  @IsString()
  @MaxLength(2000, { message: 'reason must be 1 to 2000 characters' })
  @IsNotEmpty({ message: 'reason must be 1 to 2000 characters' })
  reason: string;
}
