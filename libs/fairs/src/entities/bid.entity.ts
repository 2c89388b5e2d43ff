import { Fen, fenColumnTransformer } from '@app/core';
import { OrganizationEntity } from '@app/directory';
import { ServiceNeedEntity } from '@app/needs';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MatchSessionEntity } from './match-session.entity';

export enum BidStatus {
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
  AWARDED = 'AWARDED',
  REJECTED = 'REJECTED',
}

/**
 * An organization's offer to deliver a need at a price. The partial unique index
 * allows at most one live bid per organization and need, whatever the races.
 */
@Entity('bids')
@Check('bids_price_check', '"price_fen" > 0')
@Index('bids_one_live_per_need_and_organization', ['needId', 'organizationId'], { unique: true, where: `"status" IN ('SUBMITTED', 'AWARDED')` })
export class BidEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column('uuid') needId: string;
  @ManyToOne(() => ServiceNeedEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'need_id' }) need?: ServiceNeedEntity;
  @Index() @Column('uuid') organizationId: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'organization_id' }) organization?: OrganizationEntity;
  @Index() @Column('uuid', { nullable: true }) sessionId: string | null;
  @ManyToOne(() => MatchSessionEntity, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'session_id' }) session?: MatchSessionEntity;
  @Column('bigint', { transformer: fenColumnTransformer }) priceFen: Fen;
  @Column({ length: 4000 }) plan: string;
  @Column({ type: 'enum', enum: BidStatus, enumName: 'bid_status', default: BidStatus.SUBMITTED }) status: BidStatus;
  @CreateDateColumn({ type: 'timestamptz' }) submittedAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
