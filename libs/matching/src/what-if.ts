import { topShare, winsByOrganization } from './fairness';
import { runMatching } from './run-matching';
import { BidInput, NeedInput, OrganizationInput } from './types';
import { MatchWeights, resolveWeights } from './weights';

/** At most this many weightings are compared at once: each is a full exact solve. */
export const MAX_WHAT_IF_WEIGHT_SETS = 5;

export interface WhatIfOutcome {
  /** The weights used, every component filled in (missing ones take the defaults). */
  weights: MatchWeights;
  assigned: number;
  totalScore: number;
  coverage: number;
  /** Share of the assigned needs won by organizations never evaluated. */
  newcomerShare: number;
  top10Share: number;
  /** Needs whose assigned organization differs from the first weighting's (assigned vs. unassigned counts too). */
  changedVsFirst: number;
}

/**
 * "What would a different weighting have done?": the same exact, capacity-respecting assignment
 * as a real run, once per weight set, on the same data, without writing anything. Eligibility
 * does not depend on the weights, only the scores and so the optimum do.
 */
export function compareWeightings(
  needs: NeedInput[],
  organizations: OrganizationInput[],
  bids: BidInput[],
  weightSets: readonly Partial<MatchWeights>[],
): WhatIfOutcome[] {
  if (weightSets.length === 0 || weightSets.length > MAX_WHAT_IF_WEIGHT_SETS) {
    throw new RangeError(`between 1 and ${MAX_WHAT_IF_WEIGHT_SETS} weight sets, got ${weightSets.length}`);
  }
  const newcomers = new Set(organizations.filter((o) => o.performanceScore === null).map((o) => o.id));
  let first: Map<string, string> | null = null;
  return weightSets.map((partial) => {
    const weights = resolveWeights(partial);
    // topK 0: only the assigned pairs are described, the rest is not needed here.
    const result = runMatching(needs, organizations, bids, { weights, topK: 0 });
    const winner = new Map(result.assignment.map((pair) => [pair.needId, pair.organizationId]));
    first ??= winner;
    let changedVsFirst = 0;
    for (const need of needs) if (winner.get(need.id) !== first.get(need.id)) changedVsFirst++;
    const newcomerWins = result.assignment.filter((pair) => newcomers.has(pair.organizationId)).length;
    return {
      weights,
      assigned: result.assignedCount,
      totalScore: result.totalScore,
      coverage: needs.length > 0 ? result.assignedCount / needs.length : 0,
      newcomerShare: result.assignedCount > 0 ? newcomerWins / result.assignedCount : 0,
      top10Share: topShare(winsByOrganization(result.assignment).map(([, n]) => n)),
      changedVsFirst,
    };
  });
}
