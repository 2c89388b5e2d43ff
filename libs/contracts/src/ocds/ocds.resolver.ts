import { Public } from '@app/core';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { OcdsService } from './ocds.service';

@Resolver()
export class OcdsResolver {
  constructor(private readonly ocds: OcdsService) {}

  /** Public: the fair's contracting is open data. */
  @Public()
  @Query(() => GraphQLJSON, { description: "Open Contracting Data Standard release package for a fair's contracting processes." })
  ocdsReleasePackage(@Args('fairId', { type: () => ID }) fairId: string): Promise<Record<string, unknown>> {
    return this.ocds.releasePackage(fairId);
  }
}
