import { DecimalScalar, Fen, GeoPointInput, NearInput, PageArgs } from '@app/core';
import { EvaluationGrade, OrganizationForm, ServiceDomain } from '@app/reference-data';
import { ArgsType, Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCreditCode } from './is-credit-code';

@InputType()
export class RegisterOrganizationInput {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(10, { message: 'password must be at least 10 characters' }) @MaxLength(200) password: string;
  @Field() @IsString() @Length(2, 120, { message: 'name must be 2 to 120 characters' }) name: string;
  @Field() @IsCreditCode() creditCode: string;
  @Field(() => OrganizationForm) @IsEnum(OrganizationForm) form: OrganizationForm;
  @Field() @IsString() @Length(2, 40, { message: 'district must be 2 to 40 characters' }) district: string;
  @Field(() => GeoPointInput) @ValidateNested() @Type(() => GeoPointInput) location: GeoPointInput;
  @Field(() => Float)
  @IsNumber()
  @Min(0.5, { message: 'serviceRadiusKm must be between 0.5 and 300' })
  @Max(300, { message: 'serviceRadiusKm must be between 0.5 and 300' })
  serviceRadiusKm: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(10000) certifiedSocialWorkers: number;
  @Field(() => Int) @IsInt() @Min(1, { message: 'staffCount must be at least 1' }) @Max(100000) staffCount: number;
  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'maxConcurrentProjects must be between 1 and 1000' })
  @Max(1000, { message: 'maxConcurrentProjects must be between 1 and 1000' })
  maxConcurrentProjects: number;
}

@InputType()
export class OfferingInput {
  @Field(() => ServiceDomain) @IsEnum(ServiceDomain) domain: ServiceDomain;
  @Field() @IsString() @Length(2, 120, { message: 'title must be 2 to 120 characters' }) title: string;
  @Field() @IsString() @Length(1, 2000, { message: 'description must be 1 to 2000 characters' }) description: string;
  // Fen, parsed from "12000.00" by the Decimal scalar.
  @Field(() => DecimalScalar) @IsInt() @Min(1, { message: 'priceMin must be greater than 0' }) priceMin: Fen;
  @Field(() => DecimalScalar) @IsInt() @Min(1, { message: 'priceMax must be greater than 0' }) priceMax: Fen;
  @Field(() => Int) @IsInt() @Min(1, { message: 'annualBeneficiaries must be at least 1' }) @Max(10_000_000) annualBeneficiaries: number;
}

@InputType()
export class OrganizationFilter {
  @Field(() => [ServiceDomain], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(16) @IsEnum(ServiceDomain, { each: true }) domains?: ServiceDomain[];
  @Field(() => EvaluationGrade, { nullable: true }) @IsOptional() @IsEnum(EvaluationGrade) minGrade?: EvaluationGrade;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(40) district?: string;
  @Field(() => NearInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => NearInput) near?: NearInput;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) text?: string;
}

@ArgsType()
export class OrganizationsArgs extends PageArgs {
  @Field(() => OrganizationFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => OrganizationFilter) filter?: OrganizationFilter;
}
