import { ServiceDomain } from '@app/reference-data';
import { Fen, fenColumnTransformer } from '@app/core';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/** One line of an organization's service catalogue. */
@Entity('service_offerings')
@Check('service_offerings_price_check', '"price_min_fen" > 0 AND "price_min_fen" <= "price_max_fen"')
@Index(['domain', 'organizationId'])
export class ServiceOfferingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column('uuid') organizationId: string;
  @ManyToOne(() => OrganizationEntity, (o) => o.offerings, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;
  @Column({ type: 'enum', enum: ServiceDomain, enumName: 'service_domain' }) domain: ServiceDomain;
  @Column({ length: 120 }) title: string;
  @Column({ length: 2000 }) description: string;
  @Column('bigint', { transformer: fenColumnTransformer }) priceMinFen: Fen;
  @Column('bigint', { transformer: fenColumnTransformer }) priceMaxFen: Fen;
  @Column('int') annualBeneficiaries: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
