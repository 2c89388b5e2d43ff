import { ConnectionType, GeoPoint } from '@app/core';
import { EvaluationGrade, OrganizationForm } from '@app/reference-data';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { OrganizationEntity } from '../entities/organization.entity';

@ObjectType('Organization')
export class Organization {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: '统一社会信用代码, check digit validated (GB 32100-2015)' }) creditCode: string;
  @Field(() => OrganizationForm) form: OrganizationForm;
  @Field(() => EvaluationGrade) grade: EvaluationGrade;
  @Field() district: string;
  @Field(() => GeoPoint) location: GeoPoint;
  @Field(() => Float) serviceRadiusKm: number;
  @Field(() => Int) certifiedSocialWorkers: number;
  @Field(() => Int) staffCount: number;
  @Field(() => Int) maxConcurrentProjects: number;
  @Field(() => Int, { description: 'contracts now SIGNED or ACTIVE' }) activeProjects: number;
  @Field(() => Int, { description: 'maxConcurrentProjects - activeProjects' }) freeCapacity: number;
  @Field(() => Float, { nullable: true, description: 'mean evaluation score 0..100; null before the first evaluation' }) performanceScore: number | null;
  @Field(() => Int) evaluationCount: number;
  // offerings: resolved by OrganizationResolver through a per-request loader

  static from(e: OrganizationEntity): Organization {
    return Object.assign(new Organization(), {
      id: e.id,
      name: e.name,
      creditCode: e.creditCode,
      form: e.form,
      grade: e.grade,
      district: e.district,
      location: { lat: e.lat, lng: e.lng },
      serviceRadiusKm: e.serviceRadiusKm,
      certifiedSocialWorkers: e.certifiedSocialWorkers,
      staffCount: e.staffCount,
      maxConcurrentProjects: e.maxConcurrentProjects,
      activeProjects: e.activeProjects,
      freeCapacity: Math.max(0, e.maxConcurrentProjects - e.activeProjects),
      performanceScore: e.performanceScore,
      evaluationCount: e.evaluationCount,
    });
  }
}

@ObjectType()
export class OrganizationConnection extends ConnectionType(Organization) {}
