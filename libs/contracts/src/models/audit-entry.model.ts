import { AuditEntryEntity } from '@app/core';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

/** One line of the audit log: who changed what, when, from which status to which. */
@ObjectType('AuditEntry')
export class AuditEntry {
  @Field(() => ID) id: string;
  @Field() entityType: string;
  @Field(() => ID) entityId: string;
  @Field(() => ID, { nullable: true, description: 'null when the worker acted on its own' }) actorUserId: string | null;
  @Field({ description: 'the role of the actor, or SYSTEM for the worker' }) actorRole: string;
  @Field(() => String, { nullable: true }) fromStatus: string | null;
  @Field() toStatus: string;
  @Field(() => GraphQLJSON, { nullable: true }) detail: Record<string, unknown> | null;
  @Field(() => Date) at: Date;

  static from(e: AuditEntryEntity): AuditEntry {
    return Object.assign(new AuditEntry(), {
      id: e.id,
      entityType: e.entityType,
      entityId: e.entityId,
      actorUserId: e.actorUserId,
      actorRole: e.actorRole,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      detail: e.detail,
      at: e.at,
    });
  }
}
