import { UserEntity } from '@app/identity';
import { ServiceNeedEntity } from '@app/needs';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export enum ComplaintStatus {
  PENDING = 'PENDING',
  UPHELD = 'UPHELD',
  DISMISSED = 'DISMISSED',
  WITHDRAWN = 'WITHDRAWN',
}

/** The name of the unique index that keeps one PENDING complaint per filer and need, whatever the races. */
export const ONE_PENDING_PER_FILER = 'complaints_one_pending_per_filer';

/**
 * A complaint (质疑投诉) against the award of a need, filed by a bidder, a proposed
 * organization or the need's community. `needCommunityId` and `needFairId` are copied from the
 * need at filing, so ComplaintPolicy and the fair filter work in SQL without reading the
 * needs context's table.
 */
@Entity('complaints')
@Index(ONE_PENDING_PER_FILER, ['needId', 'filedByUserId'], { unique: true, where: `"status" = 'PENDING'` })
@Index('complaints_need_idx', ['needId', 'createdAt'])
@Index('complaints_filer_idx', ['filedByUserId', 'createdAt'])
@Index('complaints_community_idx', ['needCommunityId', 'createdAt'])
@Index('complaints_fair_idx', ['needFairId', 'createdAt'])
@Check('complaints_resolution_check', `("status" IN ('UPHELD', 'DISMISSED')) = ("resolution" IS NOT NULL AND "resolved_at" IS NOT NULL)`)
export class ComplaintEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') needId: string;
  @ManyToOne(() => ServiceNeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'complaints_need_fkey' })
  need?: ServiceNeedEntity;
  @Column('uuid') needCommunityId: string;
  /** The need's fair at filing (the complaints filter by fair). */
  @Column('uuid', { nullable: true }) needFairId: string | null;
  @Column('uuid') filedByUserId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'filed_by_user_id', foreignKeyConstraintName: 'complaints_filed_by_fkey' })
  filedBy?: UserEntity;
  @Column({ length: 40 }) filerRole: string;
  @Column({ length: 120 }) title: string;
  @Column({ length: 4000 }) body: string;
  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'complaint_status', default: ComplaintStatus.PENDING }) status: ComplaintStatus;
  @Column({ type: 'varchar', length: 4000, nullable: true }) resolution: string | null;
  @Column('uuid', { nullable: true }) resolvedByUserId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
}
