import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 社区: posts needs, accepts proposals, signs and evaluates contracts. */
@Entity('communities')
export class CommunityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ length: 120 }) name: string;
  @Index() @Column({ length: 40 }) district: string;
  @Column({ length: 60 }) street: string;
  @Column('double precision') lat: number;
  @Column('double precision') lng: number;
  @Column('int', { nullable: true }) households: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
