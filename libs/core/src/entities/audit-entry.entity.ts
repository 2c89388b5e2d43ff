import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every state change of a bid, proposal and contract (and other records that
 * move through statuses): who, when, from, to. Append-only.
 */
@Entity('audit_log')
@Index(['entityType', 'entityId', 'at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ length: 40 }) entityType: string;
  @Column('uuid') entityId: string;
  /** The user who caused it; null for the worker acting on its own. */
  @Column('uuid', { nullable: true }) actorUserId: string | null;
  @Column({ length: 40 }) actorRole: string;
  @Column('varchar', { length: 40, nullable: true }) fromStatus: string | null;
  @Column({ length: 40 }) toStatus: string;
  @Column('jsonb', { nullable: true }) detail: Record<string, unknown> | null;
  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
}
