import { GeoPointInput } from '@app/core';
import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

@InputType()
export class RegisterCommunityInput {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email: string;
  @Field({ description: 'at least 10 characters' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password: string;
  @Field() @IsString() @Length(2, 120, { message: 'name must be 2 to 120 characters' }) name: string;
  @Field() @IsString() @Length(2, 40, { message: 'district must be 2 to 40 characters' }) district: string;
  @Field() @IsString() @Length(2, 60, { message: 'street must be 2 to 60 characters' }) street: string;
  @Field(() => GeoPointInput) @ValidateNested() @Type(() => GeoPointInput) location: GeoPointInput;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'households must be between 1 and 1000000' })
  @Max(1_000_000, { message: 'households must be between 1 and 1000000' })
  households?: number;
}

/** login(email, password): plain arguments in the contract, validated like an input. */
@ArgsType()
export class LoginArgs {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(1, { message: 'password must not be empty' }) @MaxLength(200) password: string;
}

/** createOrganizer(email, password): a new account, so the password rule applies. */
@ArgsType()
export class NewAccountArgs {
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(10, { message: 'password must be at least 10 characters' }) @MaxLength(200) password: string;
}
