import { DecimalScalar, Fen } from '@app/core';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { BidEntity, BidStatus } from '../entities/bid.entity';

/** Only ever built for a caller allowed to read it (see canReadBid): the price is the secret. */
@ObjectType('Bid')
export class Bid {
  @Field(() => ID) id: string;
  needId: string; // need, organization, session: resolved by BidResolver
  organizationId: string;
  sessionId: string | null;
  @Field(() => DecimalScalar) price: Fen;
  @Field() plan: string;
  @Field(() => BidStatus) status: BidStatus;
  @Field() submittedAt: Date;

  static from(e: BidEntity): Bid {
    return Object.assign(new Bid(), {
      id: e.id,
      needId: e.needId,
      organizationId: e.organizationId,
      sessionId: e.sessionId,
      price: e.priceFen,
      plan: e.plan,
      status: e.status,
      submittedAt: e.submittedAt,
    });
  }
}
