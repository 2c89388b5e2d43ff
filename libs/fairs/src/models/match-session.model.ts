import { Field, ID, ObjectType } from '@nestjs/graphql';
import { FairZone, MatchSessionEntity, SessionStatus } from '../entities/match-session.entity';

@ObjectType('MatchSession')
export class MatchSession {
  @Field(() => ID) id: string;
  fairId: string; // Fair resolved by MatchSessionResolver
  @Field() title: string;
  @Field(() => FairZone) zone: FairZone;
  @Field(() => SessionStatus) status: SessionStatus;
  @Field() bidDeadline: Date;
  // needs: resolved by MatchSessionResolver; runs: by the matching-runs context

  static from(e: MatchSessionEntity): MatchSession {
    return Object.assign(new MatchSession(), { id: e.id, fairId: e.fairId, title: e.title, zone: e.zone, status: e.status, bidDeadline: e.bidDeadline });
  }
}
