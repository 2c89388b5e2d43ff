import { DateScalar, DecimalScalar, Fen } from '@app/core';
import { ServiceDomain } from '@app/reference-data';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { FairEntity, FairStatus } from '../entities/fair.entity';

@ObjectType('Fair')
export class Fair {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() city: string;
  @Field(() => DateScalar) startsOn: string;
  @Field(() => DateScalar) endsOn: string;
  @Field(() => FairStatus) status: FairStatus;
  // sessions, stats: resolved by FairResolver

  static from(e: FairEntity): Fair {
    return Object.assign(new Fair(), { id: e.id, name: e.name, city: e.city, startsOn: e.startsOn, endsOn: e.endsOn, status: e.status });
  }
}

@ObjectType('DomainStat')
export class DomainStat {
  @Field(() => ServiceDomain) domain: ServiceDomain;
  @Field(() => Int) needs: number;
  @Field(() => Int) contracts: number;
  @Field(() => DecimalScalar) amountSigned: Fen;
}

@ObjectType('DistrictStat')
export class DistrictStat {
  @Field() district: string;
  @Field(() => Int) needs: number;
  @Field(() => Int) contracts: number;
  @Field(() => DecimalScalar) amountSigned: Fen;
}

@ObjectType('FairStats', { description: "A fair's headline figures, computed from the records themselves on every read (never a counter that can drift)." })
export class FairStats {
  @Field(() => Int, {
    description: 'needs of the fair that were published (PUBLISHED, MATCHED, CONTRACTED or CLOSED; drafts and withdrawn needs are not listed)',
  })
  needsListed: number;
  @Field(() => Int, { description: 'organizations with at least one bid or proposal in the fair' })
  organizationsParticipating: number;
  @Field(() => Int, { description: "bids on the fair's needs that were not withdrawn" })
  bidsSubmitted: number;
  @Field(() => Int, { description: "proposals of the match runs of the fair's sessions" })
  proposals: number;
  @Field(() => Int, { description: 'contracts of the fair SIGNED, ACTIVE or COMPLETED' })
  contractsSigned: number;
  @Field(() => DecimalScalar, { description: 'sum of the amounts of the signed contracts' })
  amountSigned: Fen;
  @Field(() => [DomainStat]) byDomain: DomainStat[];
  @Field(() => [DistrictStat]) byDistrict: DistrictStat[];
}
