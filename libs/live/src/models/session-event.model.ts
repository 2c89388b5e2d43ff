import { SessionEventType } from '@app/core';
import { Complaint } from '@app/complaints';
import { Contract } from '@app/contracts';
import { Bid } from '@app/fairs';
import { MatchProposal, MatchRun } from '@app/matching-runs';
import { Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * One thing that happened in a live session, as one subscriber may see it: the
 * objects are resolved per subscriber, and only those it may read are delivered.
 */
@ObjectType('SessionEvent')
export class SessionEvent {
  @Field(() => SessionEventType) type: SessionEventType;
  @Field({ description: 'when it happened (set by the publisher, before delivery)' }) at: Date;
  @Field(() => ID) sessionId: string;
  @Field(() => Bid, { nullable: true }) bid: Bid | null;
  @Field(() => MatchRun, { nullable: true }) run: MatchRun | null;
  @Field(() => MatchProposal, { nullable: true }) proposal: MatchProposal | null;
  @Field(() => Contract, { nullable: true }) contract: Contract | null;
  @Field(() => Complaint, { nullable: true, description: "complaint events: only for organizers, its filer and the need's community" })
  complaint: Complaint | null;
}
