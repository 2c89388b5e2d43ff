import { EvaluationGrade, GRADES_BY_RANK, ServiceDomain } from '@app/reference-data';
import { AssignmentProblem } from '../assignment/assignment-problem';
import { BidInput, NeedInput, OrganizationInput } from '../types';
import { mulberry32 } from './instance-generator';

export { mulberry32 };

/**
 * A random sparse assignment problem. Weights come from a small set when `ties` is set, so that
 * equal totals and equal edges (the hard cases for determinism) are frequent.
 */
export function randomAssignmentProblem(
  random: () => number,
  spec: { needs: number; organizations: number; maxCapacity: number; density: number; ties?: boolean },
): AssignmentProblem {
  const rowStart = new Int32Array(spec.needs + 1);
  const pairOrg: number[] = [];
  const pairWeight: number[] = [];
  for (let i = 0; i < spec.needs; i++) {
    for (let j = 0; j < spec.organizations; j++) {
      if (random() >= spec.density) continue;
      pairOrg.push(j);
      pairWeight.push(spec.ties ? (1 + Math.floor(random() * 5)) * 100_000_000 : 1 + Math.floor(random() * 1e9));
    }
    rowStart[i + 1] = pairOrg.length;
  }
  return {
    needCount: spec.needs,
    orgCount: spec.organizations,
    capacity: Int32Array.from({ length: spec.organizations }, () => Math.floor(random() * (spec.maxCapacity + 1))),
    rowStart,
    pairOrg: Int32Array.from(pairOrg),
    pairWeight: Int32Array.from(pairWeight),
  };
}

/**
 * A tiny marketplace where most rules bite: everything within a few km, three domains (two of
 * them related), mixed grades, capacities 0-3, radii that sometimes fall short, and bids that are
 * live, withdrawn or over budget.
 */
export function denseInstance(
  random: () => number,
  needCount: number,
  orgCount: number,
): { needs: NeedInput[]; organizations: OrganizationInput[]; bids: BidInput[] } {
  const domains = [ServiceDomain.ELDERLY_CARE, ServiceDomain.HOSPICE_CARE, ServiceDomain.CULTURE_SPORTS];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const near = (x: number) => x + (random() - 0.5) * 0.06; // about +-3 km
  const needs: NeedInput[] = Array.from({ length: needCount }, (_, i) => ({
    id: `n${i}`,
    domain: pick(domains),
    lat: near(32.05),
    lng: near(118.78),
    beneficiaries: 20 + Math.floor(random() * 400),
    budgetFen: (50 + Math.floor(random() * 150)) * 100_000,
    minGrade: random() < 0.6 ? EvaluationGrade.UNRATED : pick(GRADES_BY_RANK),
  }));
  const organizations: OrganizationInput[] = Array.from({ length: orgCount }, (_, j) => {
    const maxCapacity = 1 + Math.floor(random() * 3);
    return {
      id: `o${j}`,
      lat: near(32.05),
      lng: near(118.78),
      serviceRadiusKm: 1 + random() * 6,
      grade: pick(GRADES_BY_RANK),
      freeCapacity: Math.floor(random() * (maxCapacity + 1)),
      maxCapacity,
      performanceScore: random() < 0.3 ? null : Math.round(random() * 100),
      offerings: Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
        const priceMinFen = (30 + Math.floor(random() * 150)) * 100_000;
        return {
          domain: pick(domains),
          priceMinFen,
          priceMaxFen: priceMinFen + Math.floor(random() * 50) * 100_000,
          annualBeneficiaries: 10 + Math.floor(random() * 500),
        };
      }),
    };
  });
  const bids: BidInput[] = [];
  for (const need of needs) {
    for (const org of organizations) {
      if (random() >= 0.25) continue;
      bids.push({
        id: `b${bids.length}`,
        needId: need.id,
        organizationId: org.id,
        priceFen: Math.round(need.budgetFen * (0.6 + 0.5 * random())),
        live: random() >= 0.15,
      });
    }
  }
  return { needs, organizations, bids };
}

/** Fisher-Yates with the given PRNG, on a copy. */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let k = copy.length - 1; k > 0; k--) {
    const r = Math.floor(random() * (k + 1));
    [copy[k], copy[r]] = [copy[r], copy[k]];
  }
  return copy;
}
