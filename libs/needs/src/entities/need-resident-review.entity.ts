import { Check, Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { ServiceNeedEntity } from './service-need.entity';

/**
 * The residents' review of a need (群众评议立项), at most one per need (recording it
 * again replaces it while the need is not yet CONTRACTED). The check constraint backs
 * the input rules: at least one vote, and no more votes than participants.
 */
@Entity('need_resident_reviews')
@Check(
  'need_resident_reviews_votes_check',
  `"votes_for" >= 0 AND "votes_against" >= 0 AND "votes_for" + "votes_against" >= 1 AND "votes_for" + "votes_against" <= "participants"`,
)
export class NeedResidentReviewEntity {
  @PrimaryColumn('uuid') needId: string;
  @OneToOne(() => ServiceNeedEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'need_resident_reviews_need_fkey' })
  need?: ServiceNeedEntity;
  @Column('date') heldOn: string;
  @Column('int') participants: number;
  @Column('int') votesFor: number;
  @Column('int') votesAgainst: number;
  @Column({ length: 4000 }) minutes: string;
  @Column('uuid', { nullable: true }) recordedByUserId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt: Date;
}

/** votesFor / (votesFor + votesAgainst): the constraint guarantees at least one vote. */
export const residentSupport = (r: Pick<NeedResidentReviewEntity, 'votesFor' | 'votesAgainst'>): number => r.votesFor / (r.votesFor + r.votesAgainst);
