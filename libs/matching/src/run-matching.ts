import { auctionAssignment } from './assignment/auction';
import { eligibilityCounts } from './fairness';
import { buildMatchGraph, describePair, MatchGraph } from './match-graph';
import { PairScorer } from './pair-scorer';
import { weightVector } from './scoring';
import { AssignedPair, BidInput, MatchOptions, MatchProposalResult, MatchResult, NeedInput, OrganizationInput, ScoredPair } from './types';
import { MatchWeights } from './weights';

/**
 * A match run: score every eligible pair, keep each need's top-K as proposals, and choose the
 * capacity-respecting assignment of maximum total score over all eligible pairs (not only the
 * top-K). Deterministic: inputs are sorted by id first, so ranking ties go to the smaller id and,
 * among equally good assignments, the same one is always chosen whatever the input order.
 */
export function runMatching(needs: NeedInput[], organizations: OrganizationInput[], bids: BidInput[], options: MatchOptions = {}): MatchResult {
  const onProgress = options.onProgress;
  const graph = buildMatchGraph(needs, organizations, bids, {
    weights: options.weights,
    topK: options.topK,
    onProgress: onProgress && ((f) => onProgress(f / 2)),
  });
  const t = performance.now();
  const solution = auctionAssignment(graph, onProgress && ((f) => onProgress(0.5 + f / 2)));
  const assignmentMs = performance.now() - t;

  const { proposals, assignment, totalScore } = collectResults(graph, solution.needPair);
  return {
    proposals,
    assignment,
    pairsScored: graph.pairsScored,
    assignedCount: solution.assignedCount,
    totalScore,
    eligibility: eligibilityCounts(graph),
    timingsMs: { candidates: graph.timingsMs.candidates, scoring: graph.timingsMs.scoring, assignment: assignmentMs },
  };
}

/** Proposals (top-K plus the assigned pair, ranked 1..n per need) and the assignment, in need-id order. */
export function collectResults(graph: MatchGraph, needPair: Int32Array): { proposals: MatchProposalResult[]; assignment: AssignedPair[]; totalScore: number } {
  const scorer = new PairScorer(graph.input, weightVector(graph.weights));
  const { needs, organizations } = graph.input;
  const proposals: MatchProposalResult[] = [];
  const assignment: AssignedPair[] = [];
  let totalScore = 0;
  for (let i = 0; i < graph.needCount; i++) {
    const assignedPair = needPair[i];
    let rank = 0;
    let assignedKept = false;
    const propose = (pair: number): void => {
      const { score, bidId, breakdown } = describePair(graph, scorer, i, pair);
      const assigned = pair === assignedPair;
      proposals.push({ needId: needs[i].id, organizationId: organizations[graph.pairOrg[pair]].id, bidId, score, breakdown, rank: ++rank, assigned });
      if (assigned) {
        assignedKept = true;
        assignment.push({ needId: needs[i].id, organizationId: organizations[graph.pairOrg[pair]].id, score });
        totalScore += score;
      }
    };
    for (let e = graph.keptStart[i]; e < graph.keptStart[i + 1]; e++) propose(graph.keptPair[e]);
    // The assignment may give a need an organization outside its top-K: keep it, ranked last.
    if (assignedPair >= 0 && !assignedKept) propose(assignedPair);
  }
  return { proposals, assignment, totalScore };
}

/**
 * For one organization: the given open needs it is eligible for, scored with the same rules as a
 * run, best first (score desc, then need id). Used by the recommendedNeeds query.
 */
export function scoreNeedsForOrganization(
  organization: OrganizationInput,
  needs: NeedInput[],
  bids: BidInput[],
  weights?: Partial<MatchWeights>,
): ScoredPair[] {
  // One organization: each need's row holds at most this pair, so topK = 1 keeps all of them.
  const graph = buildMatchGraph(needs, [organization], bids, { weights, topK: 1 });
  const scorer = new PairScorer(graph.input, weightVector(graph.weights));
  const scored: ScoredPair[] = [];
  for (let i = 0; i < graph.needCount; i++) {
    for (let p = graph.rowStart[i]; p < graph.rowStart[i + 1]; p++) {
      const { score, bidId, breakdown } = describePair(graph, scorer, i, p);
      scored.push({ needId: graph.input.needs[i].id, organizationId: organization.id, bidId, score, breakdown });
    }
  }
  // Stable sort over id-ordered needs: equal scores stay in need-id order.
  return scored.sort((a, b) => b.score - a.score);
}

/** Score of a single pair with the run's rules, or null when ineligible (see explainIneligibility for why). */
export function scorePair(need: NeedInput, organization: OrganizationInput, bids: BidInput[] = [], weights?: Partial<MatchWeights>): ScoredPair | null {
  return scoreNeedsForOrganization(organization, [need], bids, weights)[0] ?? null;
}
