import { GeoPoint } from '@app/core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CommunityEntity } from '../entities/community.entity';

@ObjectType('Community')
export class Community {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: '区' }) district: string;
  @Field({ description: '街道' }) street: string;
  @Field(() => GeoPoint) location: GeoPoint;
  @Field(() => Int, { nullable: true }) households: number | null;

  static from(e: CommunityEntity): Community {
    return Object.assign(new Community(), {
      id: e.id,
      name: e.name,
      district: e.district,
      street: e.street,
      location: { lat: e.lat, lng: e.lng },
      households: e.households,
    });
  }
}
