import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FairEntity } from './fair.entity';

export enum FairZone {
  EXHIBITION = 'EXHIBITION',
  DISTRICT_PROJECTS = 'DISTRICT_PROJECTS',
  BRAND_ORGANIZATIONS = 'BRAND_ORGANIZATIONS',
  NEGOTIATION = 'NEGOTIATION',
  ACTIVITY_EXPERIENCE = 'ACTIVITY_EXPERIENCE',
}
export enum SessionStatus {
  OPEN = 'OPEN',
  CLOSED_FOR_BIDS = 'CLOSED_FOR_BIDS',
  MATCHED = 'MATCHED',
  CLOSED = 'CLOSED',
}

/** A live match session: some of the fair's needs on the table until the bid deadline. */
@Entity('match_sessions')
@Index(['status', 'bidDeadline'])
export class MatchSessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column('uuid') fairId: string;
  @ManyToOne(() => FairEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'fair_id' }) fair?: FairEntity;
  @Column({ length: 120 }) title: string;
  @Column({ type: 'enum', enum: FairZone, enumName: 'fair_zone' }) zone: FairZone;
  @Column({ type: 'enum', enum: SessionStatus, enumName: 'session_status', default: SessionStatus.OPEN }) status: SessionStatus;
  @Column('timestamptz') bidDeadline: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
