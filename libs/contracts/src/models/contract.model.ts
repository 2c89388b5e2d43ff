import { DateScalar, DecimalScalar, Fen } from '@app/core';
import { FundingSource } from '@app/reference-data';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ContractEvaluationEntity } from '../entities/contract-evaluation.entity';
import { ContractMilestoneEntity } from '../entities/contract-milestone.entity';
import { ContractEntity, ContractStatus } from '../entities/contract.entity';

@ObjectType('Milestone')
export class Milestone {
  @Field(() => Int) seq: number;
  @Field() title: string;
  @Field(() => DateScalar) dueOn: string;
  @Field(() => DecimalScalar) amount: Fen;
  @Field() paid: boolean;
  @Field(() => Date, { nullable: true }) paidAt: Date | null;

  static from(e: ContractMilestoneEntity): Milestone {
    return Object.assign(new Milestone(), { seq: e.seq, title: e.title, dueOn: e.dueOn, amount: e.amountFen, paid: e.paidAt !== null, paidAt: e.paidAt });
  }
}

@ObjectType('Evaluation')
export class Evaluation {
  @Field(() => ID) id: string;
  @Field(() => Int) score: number;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => Date) createdAt: Date;

  static from(e: ContractEvaluationEntity): Evaluation {
    return Object.assign(new Evaluation(), { id: e.id, score: e.score, comment: e.comment, createdAt: e.createdAt });
  }
}

@ObjectType('Contract')
export class Contract {
  @Field(() => ID) id: string;
  @Field({ description: 'unique, human readable, e.g. NJ-2026-000123' }) number: string;
  // need, organization, community, proposal, milestones, evaluation: resolved by ContractResolver through per-request loaders
  needId: string;
  organizationId: string;
  communityId: string;
  proposalId: string | null;
  @Field(() => ID, { nullable: true }) fairId: string | null;
  @Field(() => DecimalScalar) amount: Fen;
  @Field(() => FundingSource) fundingSource: FundingSource;
  @Field(() => DateScalar) startsOn: string;
  @Field(() => DateScalar) endsOn: string;
  @Field(() => ContractStatus) status: ContractStatus;
  @Field(() => Date, { nullable: true }) communitySignedAt: Date | null;
  @Field(() => Date, { nullable: true }) organizationSignedAt: Date | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => Date) createdAt: Date;

  static from(e: ContractEntity): Contract {
    return Object.assign(new Contract(), {
      id: e.id,
      number: e.number,
      needId: e.needId,
      organizationId: e.organizationId,
      communityId: e.communityId,
      proposalId: e.proposalId,
      fairId: e.fairId,
      amount: e.amountFen,
      fundingSource: e.fundingSource,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
      status: e.status,
      communitySignedAt: e.communitySignedAt,
      organizationSignedAt: e.organizationSignedAt,
      completedAt: e.completedAt,
      createdAt: e.createdAt,
    });
  }
}
