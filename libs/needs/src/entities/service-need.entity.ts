import { Fen, fenColumnTransformer } from '@app/core';
import { CommunityEntity } from '@app/directory';
import { EvaluationGrade, FundingSource, ServiceDomain } from '@app/reference-data';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum NeedStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  MATCHED = 'MATCHED',
  CONTRACTED = 'CONTRACTED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}

/** The foreign key to fairs: the database, not a read of the fairs context's table, says whether a need's fair exists. */
export const NEED_FAIR_FOREIGN_KEY = 'service_needs_fair_fkey';

/** A community's service need (a project put on the table). */
@Entity('service_needs')
@Check('service_needs_budget_check', '"budget_fen" > 0')
@Check('service_needs_period_check', '"ends_on" >= "starts_on"')
@Index('service_needs_geo_idx', { synchronize: false }) // GiST on point(lng, lat), created in a migration
@Index('service_needs_browse_idx', { synchronize: false }) // (district, domain, created_at DESC, id DESC) INCLUDE (status, lat, lng), created in a migration
@Index(['status', 'createdAt'])
export class ServiceNeedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column('uuid') communityId: string;
  @ManyToOne(() => CommunityEntity, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'community_id' }) community?: CommunityEntity;
  /** Copied from the community: filters and fair statistics group by it without a join. */
  @Index() @Column({ length: 40 }) district: string;
  @Column({ length: 120 }) title: string;
  @Column({ length: 4000 }) description: string;
  @Index() @Column({ type: 'enum', enum: ServiceDomain, enumName: 'service_domain' }) domain: ServiceDomain;
  @Column('int') beneficiaries: number;
  @Column('bigint', { transformer: fenColumnTransformer }) budgetFen: Fen;
  @Column({ type: 'enum', enum: FundingSource, enumName: 'funding_source' }) fundingSource: FundingSource;
  @Column({ type: 'enum', enum: EvaluationGrade, enumName: 'evaluation_grade', default: EvaluationGrade.UNRATED }) minGrade: EvaluationGrade;
  @Column('date') startsOn: string;
  @Column('date') endsOn: string;
  @Column('double precision') lat: number;
  @Column('double precision') lng: number;
  @Index() @Column({ type: 'enum', enum: NeedStatus, enumName: 'need_status', default: NeedStatus.PUBLISHED }) status: NeedStatus;
  @Index() @Column('uuid', { nullable: true }) fairId: string | null;
  // By entity name: fairs is a later context that needs never imports.
  @ManyToOne('FairEntity', { onDelete: 'SET NULL' }) @JoinColumn({ name: 'fair_id', foreignKeyConstraintName: NEED_FAIR_FOREIGN_KEY }) fair?: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
