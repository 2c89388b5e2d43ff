import { ServiceNeedEntity } from '@app/needs';
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MatchSessionEntity } from './match-session.entity';

/** Which needs a session put on the table. */
@Entity('session_needs')
export class SessionNeedEntity {
  @PrimaryColumn('uuid') sessionId: string;
  @Index() @PrimaryColumn('uuid') needId: string;
  @ManyToOne(() => MatchSessionEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: MatchSessionEntity;
  @ManyToOne(() => ServiceNeedEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'need_id' }) need?: ServiceNeedEntity;
}
