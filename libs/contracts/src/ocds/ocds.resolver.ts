import { errorReasons, Public } from '@app/core';
import { FairsErrorReason } from '@app/fairs';
import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { OcdsService } from './ocds.service';

/** The fair named by an argument checked with the other input rules: a malformed id is BAD_USER_INPUT naming fairId. */
@ArgsType()
export class OcdsReleasePackageArgs {
  @Field(() => ID) @IsUUID('all', { message: 'fairId must be an id returned by this API' }) fairId: string;
}

@Resolver()
export class OcdsResolver {
  constructor(private readonly ocds: OcdsService) {}

  /** Public: the fair's contracting is open data. */
  @Public()
  @Query(() => GraphQLJSON, {
    description:
      "Open Contracting Data Standard release package for a fair's contracting processes. Only needs that are or were on the market are published (never a DRAFT or WITHDRAWN one). While a session takes bids (before its deadline, unless bidding was closed) nothing of its bids is published: no tenderer, price or count; afterwards the tenderers are." +
      errorReasons(FairsErrorReason.FAIR_NOT_FOUND),
  })
  ocdsReleasePackage(@Args() args: OcdsReleasePackageArgs): Promise<Record<string, unknown>> {
    return this.ocds.releasePackage(args.fairId);
  }
}
