/**
 * Pure matching engine: eligibility, scoring, top-K proposals and the exact capacity-respecting
 * assignment. No Nest, no I/O: the worker feeds it plain objects and persists what it returns.
 */
export * from './types';
export type { MatchWeights } from './weights';
export { DEFAULT_WEIGHTS, WEIGHT_KEYS, InvalidWeightsError, resolveWeights } from './weights';
export { RELATED_DOMAINS, RELATED_DOMAIN_PAIRS, RELATED_DOMAIN_FIT, domainFit } from './domains';
export { haversineKm, boundingBox, EARTH_RADIUS_KM } from './geo';
export type { GeoBox } from './geo';
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
export { runMatching, streamMatching, collectResults, scoreNeedsForOrganization, scorePair } from './run-matching';
export type { StreamOptions, StreamedMatch } from './run-matching';
export { buildMatchGraph, DEFAULT_TOP_K } from './match-graph';
export type { MatchGraph, BuildOptions, ScoredSoFar } from './match-graph';
export { SCORE_SCALE } from './assignment/assignment-problem';
export type { AssignmentProblem, AssignmentSolution } from './assignment/assignment-problem';
export { auctionAssignment, auctionAssignment as maxWeightAssignment } from './assignment/auction';
export { successiveShortestPaths } from './assignment/min-cost-flow';
export { greedyAssignment } from './assignment/greedy';
export { fairnessFigures, herfindahlIndex, topShare, winsByOrganization, eligibilityCounts, UNRATED_GRADE, TOP_WINNERS } from './fairness';
export type { FairnessFigures, ShareFigure, SupplyFacts, DemandFacts } from './fairness';
export { compareWeightings, MAX_WHAT_IF_WEIGHT_SETS } from './what-if';
export type { WhatIfOutcome } from './what-if';
