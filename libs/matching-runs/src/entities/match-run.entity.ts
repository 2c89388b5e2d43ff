import { MatchSessionEntity } from '@app/fairs';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export enum RunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/** One execution of the matching engine over a session; its id is the BullMQ job id. */
@Entity('match_runs')
@Check('match_runs_progress_check', '"progress" >= 0 AND "progress" <= 1')
export class MatchRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column('uuid', { nullable: true }) sessionId: string | null;
  @ManyToOne(() => MatchSessionEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: MatchSessionEntity;
  @Column({ type: 'enum', enum: RunStatus, enumName: 'run_status', default: RunStatus.QUEUED }) status: RunStatus;
  @Column('double precision', { default: 0 }) progress: number;
  /** The weights actually used (defaults filled in), so a run can be explained later. */
  @Column('jsonb') weights: Record<string, number>;
  @Column('int') topK: number;
  @Column('int', { default: 0 }) pairsScored: number;
  @Column('int', { default: 0 }) proposalsCreated: number;
  @Column('int', { default: 0 }) assignedCount: number;
  @Column('double precision', { default: 0 }) totalScore: number;
  @Column('int', { default: 0 }) attempts: number;
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('uuid', { nullable: true }) requestedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
