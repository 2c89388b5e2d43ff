/**
 * Pure matching engine: eligibility, scoring, top-K proposals and the exact capacity-respecting
 * assignment. No Nest, no I/O: the worker feeds it plain objects and persists what it returns.
 */
export * from './types';
export type { MatchWeights } from './weights';
export { DEFAULT_WEIGHTS, WEIGHT_KEYS, InvalidWeightsError, resolveWeights } from './weights';
export { RELATED_DOMAINS, RELATED_DOMAIN_PAIRS, RELATED_DOMAIN_FIT, domainFit } from './domains';
export { haversineKm, EARTH_RADIUS_KM } from './geo';
export { IneligibilityReason, explainIneligibility, isEligible, resolveBid } from './eligibility';
export type { BidState } from './eligibility';
export {
  NEUTRAL_PERFORMANCE_PRIOR,
  gradeComponent,
  performanceComponent,
  distanceComponent,
  priceComponent,
  offeringReferencePriceFen,
  capacityComponent,
  usableCapacity,
} from './scoring';
export { runMatching, scoreNeedsForOrganization, scorePair, collectResults } from './run-matching';
export { buildMatchGraph, DEFAULT_TOP_K } from './match-graph';
export type { MatchGraph, BuildOptions } from './match-graph';
export { SCORE_SCALE } from './assignment/assignment-problem';
export type { AssignmentProblem, AssignmentSolution } from './assignment/assignment-problem';
export { auctionAssignment, auctionAssignment as maxWeightAssignment } from './assignment/auction';
export { successiveShortestPaths } from './assignment/min-cost-flow';
export { greedyAssignment } from './assignment/greedy';
