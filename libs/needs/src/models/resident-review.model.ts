import { DateScalar } from '@app/core';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { NeedResidentReviewEntity, residentSupport } from '../entities/need-resident-review.entity';

@ObjectType('ResidentReview', { description: "The residents' review of a need (群众评议立项)." })
export class ResidentReview {
  @Field(() => DateScalar) heldOn: string;
  @Field(() => Int) participants: number;
  @Field(() => Int) votesFor: number;
  @Field(() => Int) votesAgainst: number;
  @Field(() => Float, { description: 'votesFor / (votesFor + votesAgainst)' }) support: number;
  @Field() minutes: string;

  static from(e: NeedResidentReviewEntity): ResidentReview {
    return Object.assign(new ResidentReview(), {
      heldOn: e.heldOn,
      participants: e.participants,
      votesFor: e.votesFor,
      votesAgainst: e.votesAgainst,
      support: residentSupport(e),
      minutes: e.minutes,
    });
  }
}
