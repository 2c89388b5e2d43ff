import { EvaluationGrade, OrganizationForm } from '@app/reference-data';
import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceOfferingEntity } from './service-offering.entity';

/**
 * 社会组织. `activeProjects` counts contracts SIGNED or ACTIVE; the check constraint
 * makes over-committing an organization impossible, whatever races the callers run.
 */
@Entity('organizations')
@Check('organizations_capacity_check', '"active_projects" >= 0 AND "active_projects" <= "max_concurrent_projects"')
@Index('organizations_geo_idx', { synchronize: false }) // GiST on point(lng, lat), created in a migration
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ length: 120 }) name: string;
  @Index('organizations_credit_code_key', { unique: true }) @Column({ length: 18 }) creditCode: string;
  @Column({ type: 'enum', enum: OrganizationForm, enumName: 'organization_form' }) form: OrganizationForm;
  @Index() @Column({ type: 'enum', enum: EvaluationGrade, enumName: 'evaluation_grade', default: EvaluationGrade.UNRATED }) grade: EvaluationGrade;
  @Index() @Column({ length: 40 }) district: string;
  @Column('double precision') lat: number;
  @Column('double precision') lng: number;
  @Column('double precision') serviceRadiusKm: number;
  @Column('int') certifiedSocialWorkers: number;
  @Column('int') staffCount: number;
  @Column('int') maxConcurrentProjects: number;
  @Column('int', { default: 0 }) activeProjects: number;
  /** Mean evaluation score 0..100, null before the first evaluation. */
  @Column('double precision', { nullable: true }) performanceScore: number | null;
  @Column('int', { default: 0 }) evaluationCount: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @OneToMany(() => ServiceOfferingEntity, (o) => o.organization) offerings?: ServiceOfferingEntity[];
}
