import { Role } from '@app/core';
import { CommunityEntity, OrganizationEntity } from '@app/directory';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** A sign-in account. A COMMUNITY user belongs to one community, an ORGANIZATION user to one organization. */
@Entity('users')
@Check('users_role_link_check', `("role" = 'COMMUNITY') = ("community_id" IS NOT NULL) AND ("role" = 'ORGANIZATION') = ("organization_id" IS NOT NULL)`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stored lower-cased, so the unique constraint is case-insensitive. */
  @Index('users_email_key', { unique: true }) @Column({ length: 254 }) email: string;
  @Column({ length: 200 }) passwordHash: string;
  @Column({ type: 'enum', enum: Role, enumName: 'user_role' }) role: Role;
  @Index() @Column('uuid', { nullable: true }) communityId: string | null;
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'community_id' }) community?: CommunityEntity;
  @Index() @Column('uuid', { nullable: true }) organizationId: string | null;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'organization_id' }) organization?: OrganizationEntity;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
