import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum FairStatus {
  PLANNED = 'PLANNED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/** 社洽会: one edition of the fair. */
@Entity('fairs')
@Check('fairs_period_check', '"ends_on" >= "starts_on"')
export class FairEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ length: 120 }) name: string;
  @Column({ length: 40 }) city: string;
  @Column('date') startsOn: string;
  @Column('date') endsOn: string;
  @Column({ type: 'enum', enum: FairStatus, enumName: 'fair_status', default: FairStatus.PLANNED }) status: FairStatus;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
