import { EvaluationGrade, GRADE_RANK } from '@app/reference-data';
import { MatchWeights } from './weights';

/**
 * Score components, each a pure function into [0, 1], monotone in the direction the product wants.
 * The typed-array hot path (match-graph.ts) calls exactly these functions, so a breakdown shown to
 * an organizer reproduces the ranked score bit for bit.
 */

const TOP_GRADE_RANK = 5;

/**
 * Prior for organizations never evaluated: 60/100 is the pass mark (及格) of Chinese evaluation
 * forms, so a newcomer or a street-filed grassroots group ranks like a passable organization:
 * above ones that were evaluated poorly, below ones with a good record. 0 would shut them out.
 */
export const NEUTRAL_PERFORMANCE_PRIOR = 0.6;

/** 5A = 1, UNRATED = 0, linear in the grade rank. */
export function gradeComponent(grade: EvaluationGrade): number {
  return (GRADE_RANK[grade] ?? 0) / TOP_GRADE_RANK;
}

/** Past evaluations (0..100) scaled to [0, 1]; null (never evaluated) gets the neutral prior. */
export function performanceComponent(performanceScore: number | null): number {
  if (performanceScore === null || performanceScore === undefined) return NEUTRAL_PERFORMANCE_PRIOR;
  return clamp01(performanceScore / 100);
}

/**
 * The hot path divides once per need or organization and multiplies per pair; these helpers give
 * the public component functions the very same operations, so both agree to the last bit.
 */
export function reciprocal(x: number): number {
  return 1 / x;
}

/** 1 at the door, falling linearly to 0 at the service radius (a zero radius only reaches its own door). */
export function distanceComponent(distanceKm: number, serviceRadiusKm: number): number {
  return distanceComponentFast(distanceKm, serviceRadiusKm, reciprocal(serviceRadiusKm));
}

export function distanceComponentFast(distanceKm: number, serviceRadiusKm: number, inverseRadius: number): number {
  if (serviceRadiusKm > 0) return clamp01(1 - distanceKm * inverseRadius);
  return distanceKm <= 0 ? 1 : 0;
}

/**
 * Cheaper is better: 1 - price / budget, clipped to [0, 1]. The price is the live bid's when there
 * is one, else the midpoint of the offering's range (offeringReferencePriceFen): the midpoint, not
 * the minimum, because a range is a negotiation opening and its floor is rarely the contract price.
 * Without a bid there is no price rule for eligibility (the product lists none): an offering whose
 * range lies above the budget stays eligible with price component 0, since the organization may
 * still bid within budget at the fair.
 */
export function priceComponent(priceFen: number, budgetFen: number): number {
  return priceComponentFast(priceFen, budgetFen, reciprocal(budgetFen));
}

export function priceComponentFast(priceFen: number, budgetFen: number, inverseBudget: number): number {
  if (budgetFen > 0) return clamp01(1 - priceFen * inverseBudget);
  return priceFen <= 0 ? 1 : 0;
}

export function offeringReferencePriceFen(priceMinFen: number, priceMaxFen: number): number {
  return (priceMinFen + Math.max(priceMinFen, priceMaxFen)) / 2;
}

/** Share of the organization's project slots still free: more free slots, more room to take this one on well. */
export function freeCapacityShare(freeCapacity: number, maxCapacity: number): number {
  const free = usableCapacity(freeCapacity);
  if (free === 0) return 0;
  return Math.min(1, free / Math.max(free, maxCapacity));
}

/** How much of the need's beneficiaries the offering's yearly reach covers, capped at 1. */
export function beneficiaryCoverage(annualBeneficiaries: number, needBeneficiaries: number): number {
  return beneficiaryCoverageFast(annualBeneficiaries, needBeneficiaries, reciprocal(needBeneficiaries));
}

export function beneficiaryCoverageFast(annualBeneficiaries: number, needBeneficiaries: number, inverseBeneficiaries: number): number {
  if (!(needBeneficiaries > 0)) return 1;
  return clamp01(annualBeneficiaries * inverseBeneficiaries);
}

/** Half free-slot share, half beneficiary coverage; both non-decreasing, so is the sum. */
export function capacityComponent(freeCapacity: number, maxCapacity: number, annualBeneficiaries: number, needBeneficiaries: number): number {
  return combineCapacity(freeCapacityShare(freeCapacity, maxCapacity), beneficiaryCoverage(annualBeneficiaries, needBeneficiaries));
}

export function combineCapacity(freeShare: number, coverage: number): number {
  return 0.5 * freeShare + 0.5 * coverage;
}

/** Whole free project slots: freeCapacity floored, never negative. */
export function usableCapacity(freeCapacity: number): number {
  return Number.isFinite(freeCapacity) ? Math.max(0, Math.floor(freeCapacity)) : 0;
}

/** Weights flattened in WEIGHT_KEYS order, plus 1 / their sum at index 6. */
export type WeightVector = Float64Array;

export function weightVector(w: MatchWeights): WeightVector {
  return Float64Array.of(
    w.domain,
    w.capacity,
    w.grade,
    w.distance,
    w.price,
    w.performance,
    1 / (w.domain + w.capacity + w.grade + w.distance + w.price + w.performance),
  );
}

/** Score = Σ w·c / Σ w (times the reciprocal of the sum: equal to within an ulp). */
export function weightedScore(w: WeightVector, domain: number, capacity: number, grade: number, distance: number, price: number, performance: number): number {
  return (w[0] * domain + w[1] * capacity + w[2] * grade + w[3] * distance + w[4] * price + w[5] * performance) * w[6];
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
