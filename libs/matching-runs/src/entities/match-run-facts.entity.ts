import { OrganizationEntity } from '@app/directory';
import { ServiceNeedEntity } from '@app/needs';
import { EvaluationGrade, OrganizationForm } from '@app/reference-data';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MatchRunEntity } from './match-run.entity';

/**
 * An organization that could serve at least one need of a run, as the run saw it: its
 * form, grade and track record then (they change later) and how many eligible pairs it
 * had. The supply side of the run's fairness report, kept so the report never has to
 * be recomputed against today's data.
 */
@Entity('match_run_supply')
export class MatchRunSupplyEntity {
  @PrimaryColumn('uuid') runId: string;
  @ManyToOne(() => MatchRunEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'run_id' }) run?: MatchRunEntity;
  @PrimaryColumn('uuid') organizationId: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'organization_id' }) organization?: OrganizationEntity;
  @Column({ type: 'enum', enum: OrganizationForm, enumName: 'organization_form' }) form: OrganizationForm;
  @Column({ type: 'enum', enum: EvaluationGrade, enumName: 'evaluation_grade' }) grade: EvaluationGrade;
  /** Never evaluated when the run ran: a newcomer or grassroots group, scored with the neutral prior. */
  @Column('boolean') newcomer: boolean;
  @Column('int') eligiblePairs: number;
}

/** Every need a run took, with its district and how many organizations could serve it (0: nobody could). */
@Entity('match_run_demand')
export class MatchRunDemandEntity {
  @PrimaryColumn('uuid') runId: string;
  @ManyToOne(() => MatchRunEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'run_id' }) run?: MatchRunEntity;
  @PrimaryColumn('uuid') needId: string;
  @ManyToOne(() => ServiceNeedEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'need_id' }) need?: ServiceNeedEntity;
  @Column({ length: 40 }) district: string;
  @Column('int') candidates: number;
}
