import { Role } from '@app/core';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UserEntity } from '../entities/user.entity';

@ObjectType('User')
export class User {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => Role) role: Role;
  communityId: string | null;
  organizationId: string | null;

  static from(e: UserEntity): User {
    return Object.assign(new User(), { id: e.id, email: e.email, role: e.role, communityId: e.communityId, organizationId: e.organizationId });
  }
}

@ObjectType()
export class AuthPayload {
  @Field() token: string;
  @Field(() => User) user: User;
}
