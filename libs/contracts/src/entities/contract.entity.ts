import { Fen, fenColumnTransformer } from '@app/core';
import { CommunityEntity, OrganizationEntity } from '@app/directory';
import { ServiceNeedEntity } from '@app/needs';
import { FundingSource } from '@app/reference-data';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ContractStatus {
  PENDING_SIGNATURE = 'PENDING_SIGNATURE',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  TERMINATED = 'TERMINATED',
}

/**
 * The service contract between a community and an organization. At most one
 * contract in force per need and per proposal: enforced by unique indexes, so
 * concurrent acceptances cannot create two.
 */
@Entity('contracts')
@Check('contracts_amount_check', '"amount_fen" > 0')
@Check('contracts_period_check', '"ends_on" >= "starts_on"')
@Index('contracts_one_per_need', ['needId'], { unique: true, where: `"status" <> 'TERMINATED'` })
export class ContractEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** NJ-2026-000123: city prefix, year, a database sequence. */
  @Index('contracts_number_key', { unique: true }) @Column({ length: 32 }) number: string;
  @Column('uuid') needId: string;
  @ManyToOne(() => ServiceNeedEntity, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'need_id' }) need?: ServiceNeedEntity;
  @Index() @Column('uuid') organizationId: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'organization_id' }) organization?: OrganizationEntity;
  @Index() @Column('uuid') communityId: string;
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'community_id' }) community?: CommunityEntity;
  @Index('contracts_proposal_key', { unique: true }) @Column('uuid', { nullable: true }) proposalId: string | null;
  @Index() @Column('uuid', { nullable: true }) fairId: string | null;
  @Column('bigint', { transformer: fenColumnTransformer }) amountFen: Fen;
  @Column({ type: 'enum', enum: FundingSource, enumName: 'funding_source' }) fundingSource: FundingSource;
  @Column('date') startsOn: string;
  @Column('date') endsOn: string;
  @Index() @Column({ type: 'enum', enum: ContractStatus, enumName: 'contract_status', default: ContractStatus.PENDING_SIGNATURE }) status: ContractStatus;
  @Column('timestamptz', { nullable: true }) communitySignedAt: Date | null;
  @Column('timestamptz', { nullable: true }) organizationSignedAt: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
