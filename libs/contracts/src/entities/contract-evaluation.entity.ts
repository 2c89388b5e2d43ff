import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ContractEntity } from './contract.entity';

/** The community's evaluation of a completed contract: once per contract (unique). */
@Entity('contract_evaluations')
@Check('contract_evaluations_score_check', '"score" >= 0 AND "score" <= 100')
export class ContractEvaluationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('contract_evaluations_contract_key', { unique: true }) @Column('uuid') contractId: string;
  @OneToOne(() => ContractEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'contract_id' }) contract?: ContractEntity;
  @Column('int') score: number;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('uuid') evaluatedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
