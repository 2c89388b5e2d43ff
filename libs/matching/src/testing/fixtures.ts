import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { BidInput, NeedInput, OrganizationInput } from '../types';

/** An elder-care need in Xuanwu: 200 residents, 100,000 yuan, 3A or better. */
export function aNeed(overrides: Partial<NeedInput> = {}): NeedInput {
  return {
    id: 'need-1',
    domain: ServiceDomain.ELDERLY_CARE,
    lat: 32.0486,
    lng: 118.7978,
    beneficiaries: 200,
    budgetFen: 10_000_000,
    minGrade: EvaluationGrade.A3,
    ...overrides,
  };
}

/** A 4A elder-care organization 1.1 km north of the need, 10 km radius, 2 of 4 slots free. */
export function anOrganization(overrides: Partial<OrganizationInput> = {}): OrganizationInput {
  return {
    id: 'org-1',
    lat: 32.0586,
    lng: 118.7978,
    serviceRadiusKm: 10,
    grade: EvaluationGrade.A4,
    freeCapacity: 2,
    maxCapacity: 4,
    performanceScore: 80,
    offerings: [{ domain: ServiceDomain.ELDERLY_CARE, priceMinFen: 6_000_000, priceMaxFen: 9_000_000, annualBeneficiaries: 150 }],
    ...overrides,
  };
}

export function aBid(overrides: Partial<BidInput> = {}): BidInput {
  return { id: 'bid-1', needId: 'need-1', organizationId: 'org-1', priceFen: 8_000_000, live: true, ...overrides };
}

/** A point `km` kilometres north of (lat, lng). */
export function northOf(lat: number, km: number): number {
  return lat + km / 111.19508;
}
