import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ComplaintEntity, ComplaintStatus } from '../entities/complaint.entity';

@ObjectType('Complaint', { description: 'A complaint (质疑投诉) against the award of a need.' })
export class Complaint {
  @Field(() => ID) id: string;
  // need and filedBy: resolved by ComplaintResolver
  needId: string;
  filedByUserId: string;
  @Field() title: string;
  @Field() body: string;
  @Field(() => ComplaintStatus) status: ComplaintStatus;
  @Field(() => String, { nullable: true, description: "the organizer's reasoned answer, required to resolve" }) resolution: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;

  static from(e: ComplaintEntity): Complaint {
    return Object.assign(new Complaint(), {
      id: e.id,
      needId: e.needId,
      filedByUserId: e.filedByUserId,
      title: e.title,
      body: e.body,
      status: e.status,
      resolution: e.resolution,
      createdAt: e.createdAt,
      resolvedAt: e.resolvedAt,
    });
  }
}
