import { Fen, fenColumnTransformer } from '@app/core';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContractEntity } from './contract.entity';

/** A payment milestone; a contract's milestone amounts add up exactly to its amount. */
@Entity('contract_milestones')
@Check('contract_milestones_amount_check', '"amount_fen" >= 0')
export class ContractMilestoneEntity {
  @PrimaryColumn('uuid') contractId: string;
  @PrimaryColumn('int') seq: number;
  @ManyToOne(() => ContractEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'contract_id' }) contract?: ContractEntity;
  @Column({ length: 120 }) title: string;
  @Column('date') dueOn: string;
  @Column('bigint', { transformer: fenColumnTransformer }) amountFen: Fen;
  @Column('timestamptz', { nullable: true }) paidAt: Date | null;
}
