import { ConnectionType, DateScalar, DecimalScalar, Fen, GeoPoint } from '@app/core';
import { EvaluationGrade, FundingSource, ServiceDomain } from '@app/reference-data';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { NeedStatus, ServiceNeedEntity } from '../entities/service-need.entity';

@ObjectType('ServiceNeed')
export class ServiceNeed {
  @Field(() => ID) id: string;
  // community: resolved by ServiceNeedResolver through a per-request loader
  communityId: string;
  // fair: resolved by the fairs context, which owns fairs
  fairId: string | null;
  /** The community's district, copied at posting; not in the API, used by filters and statistics. */
  district: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => ServiceDomain) domain: ServiceDomain;
  @Field(() => Int) beneficiaries: number;
  @Field(() => DecimalScalar) budget: Fen;
  @Field(() => FundingSource) fundingSource: FundingSource;
  @Field(() => EvaluationGrade) minGrade: EvaluationGrade;
  @Field(() => DateScalar) startsOn: string;
  @Field(() => DateScalar) endsOn: string;
  @Field(() => GeoPoint) location: GeoPoint;
  @Field(() => NeedStatus) status: NeedStatus;
  @Field() createdAt: Date;

  static from(e: ServiceNeedEntity): ServiceNeed {
    return Object.assign(new ServiceNeed(), {
      id: e.id,
      communityId: e.communityId,
      fairId: e.fairId,
      district: e.district,
      title: e.title,
      description: e.description,
      domain: e.domain,
      beneficiaries: e.beneficiaries,
      budget: e.budgetFen,
      fundingSource: e.fundingSource,
      minGrade: e.minGrade,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
      location: { lat: e.lat, lng: e.lng },
      status: e.status,
      createdAt: e.createdAt,
    });
  }
}

@ObjectType()
export class NeedConnection extends ConnectionType(ServiceNeed) {}
