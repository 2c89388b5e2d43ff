import { SessionEventType } from '@app/core';
import { ServiceDomain } from '@app/reference-data';
import { Field, ID, ObjectType } from '@nestjs/graphql';

/** One line of the fair's public ticker: what anyone in the hall may know, nothing more. */
@ObjectType('FairTickerEvent')
export class FairTickerEvent {
  @Field(() => SessionEventType) type: SessionEventType;
  @Field() at: Date;
  @Field(() => ID) sessionId: string;
  @Field(() => ServiceDomain, { nullable: true }) domain: ServiceDomain | null;
  @Field(() => String, { nullable: true }) district: string | null;
  @Field({ description: 'one line for the screen, e.g. "玄武区 · 养老服务 · 新增投标"' }) text: string;
}
