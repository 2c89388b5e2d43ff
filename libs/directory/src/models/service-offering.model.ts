import { DecimalScalar, Fen } from '@app/core';
import { ServiceDomain } from '@app/reference-data';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ServiceOfferingEntity } from '../entities/service-offering.entity';

@ObjectType('ServiceOffering')
export class ServiceOffering {
  @Field(() => ID) id: string;
  organizationId: string; // Organization resolved by ServiceOfferingResolver
  @Field(() => ServiceDomain) domain: ServiceDomain;
  @Field() title: string;
  @Field() description: string;
  @Field(() => DecimalScalar) priceMin: Fen;
  @Field(() => DecimalScalar) priceMax: Fen;
  @Field(() => Int) annualBeneficiaries: number;

  static from(e: ServiceOfferingEntity): ServiceOffering {
    return Object.assign(new ServiceOffering(), {
      id: e.id,
      organizationId: e.organizationId,
      domain: e.domain,
      title: e.title,
      description: e.description,
      priceMin: e.priceMinFen,
      priceMax: e.priceMaxFen,
      annualBeneficiaries: e.annualBeneficiaries,
    });
  }
}
