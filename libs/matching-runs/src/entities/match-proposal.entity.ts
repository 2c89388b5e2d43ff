import { OrganizationEntity } from '@app/directory';
import { BidEntity } from '@app/fairs';
import { ServiceNeedEntity } from '@app/needs';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MatchRunEntity } from './match-run.entity';

export enum ProposalStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CONTRACTED = 'CONTRACTED',
  EXPIRED = 'EXPIRED',
}

/**
 * A scored (need, organization) pair kept by a run. The unique key makes a retried
 * or duplicated run job unable to write a pair twice.
 */
@Entity('match_proposals')
@Index('match_proposals_run_need_organization_key', ['runId', 'needId', 'organizationId'], { unique: true })
@Check('match_proposals_score_check', '"score" >= 0 AND "score" <= 1')
// The recovery sweep looks for proposals waiting for their contract: a few rows, indexed apart from the run's thousands.
@Index('match_proposals_accepted', ['updatedAt'], { where: `"status" = 'ACCEPTED'` })
export class MatchProposalEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') runId: string;
  @ManyToOne(() => MatchRunEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'run_id' }) run?: MatchRunEntity;
  @Index() @Column('uuid') needId: string;
  @ManyToOne(() => ServiceNeedEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'need_id' }) need?: ServiceNeedEntity;
  @Index() @Column('uuid') organizationId: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'organization_id' }) organization?: OrganizationEntity;
  @Column('uuid', { nullable: true }) bidId: string | null;
  @ManyToOne(() => BidEntity, { onDelete: 'SET NULL' }) @JoinColumn({ name: 'bid_id' }) bid?: BidEntity;
  @Column('double precision') score: number;
  /** ScoreBreakdown: domain, capacity, grade, distance, price, performance, distanceKm. */
  @Column('jsonb') breakdown: Record<string, number>;
  @Column('int') rank: number;
  @Column('boolean') assigned: boolean;
  @Column({ type: 'enum', enum: ProposalStatus, enumName: 'proposal_status', default: ProposalStatus.PROPOSED }) status: ProposalStatus;
  @Column('boolean', { default: false }) communityAccepted: boolean;
  @Column('boolean', { default: false }) organizationAccepted: boolean;
  /** Why the proposal ended as it did (e.g. EXPIRED: organization at capacity). */
  @Column('text', { nullable: true }) statusReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
