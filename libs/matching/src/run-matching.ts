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
  const streamed: MatchProposalResult[] = [];
  const { assignedPositions, extraProposals, ...result } = streamMatching(needs, organizations, bids, {
    ...options,
    onProposals: (block) => {
      for (const proposal of block) streamed.push(proposal);
    },
  });
  for (const position of assignedPositions) streamed[position].assigned = true;
  return { ...result, proposals: withExtras(streamed, extraProposals) };
}

export interface StreamOptions extends MatchOptions {
  /**
   * Each block of needs' proposals as soon as those needs are scored, in need-id order: their
   * top-K ranked 1..k, `assigned` still false (the assignment is solved after every need is scored).
   */
  onProposals: (proposals: MatchProposalResult[]) => void;
}

/** A run whose proposals were streamed (StreamOptions.onProposals); what the assignment made of them. */
export interface StreamedMatch extends Omit<MatchResult, 'proposals'> {
  /** Positions, in the order streamed, of the proposals the assignment chose. */
  assignedPositions: number[];
  /**
   * Assigned pairs outside their need's top-K: proposals ranked last on their need, `assigned`
   * true; `before` is the streamed position they come in front of in need-then-rank order.
   */
  extraProposals: Array<{ proposal: MatchProposalResult; before: number }>;
}

/**
 * runMatching with the proposals handed over block by block while the run goes on, so that a
 * caller can store them while the rest is scored and assigned. Same proposals, same assignment.
 */
export function streamMatching(needs: NeedInput[], organizations: OrganizationInput[], bids: BidInput[], options: StreamOptions): StreamedMatch {
  const onProgress = options.onProgress;
  /** Streamed position of each need's first proposal; [n]: how many were streamed. */
  const firstOf = new Int32Array(needs.length + 1);
  let streamed = 0;
  const graph = buildMatchGraph(needs, organizations, bids, {
    weights: options.weights,
    topK: options.topK,
    onProgress: onProgress && ((f) => onProgress(f / 2)),
    onNeedsScored: (from, to, scored) => {
      const block: MatchProposalResult[] = [];
      for (let i = from; i < to; i++) {
        firstOf[i] = streamed + block.length;
        for (let e = scored.keptStart[i]; e < scored.keptStart[i + 1]; e++) {
          block.push(proposalOf(scored, scored.scorer, i, scored.keptPair[e], e - scored.keptStart[i] + 1, false));
        }
      }
      streamed += block.length;
      firstOf[to] = streamed;
      options.onProposals(block);
    },
  });
  const t = performance.now();
  const solution = auctionAssignment(graph, onProgress && ((f) => onProgress(0.5 + f / 2)));
  const assignmentMs = performance.now() - t;

  const scorer = new PairScorer(graph.input, weightVector(graph.weights));
  const { needs: sortedNeeds, organizations: sortedOrganizations } = graph.input;
  const assignedPositions: number[] = [];
  const extraProposals: StreamedMatch['extraProposals'] = [];
  const assignment: AssignedPair[] = [];
  let totalScore = 0;
  for (let i = 0; i < graph.needCount; i++) {
    const pair = solution.needPair[i];
    if (pair < 0) continue;
    const kept = graph.keptPair.subarray(graph.keptStart[i], graph.keptStart[i + 1]).indexOf(pair);
    let score: number;
    if (kept >= 0) {
      assignedPositions.push(firstOf[i] + kept);
      score = describePair(graph, scorer, i, pair).score;
    } else {
      // The assignment may give a need an organization outside its top-K: keep it, ranked last.
      const proposal = proposalOf(graph, scorer, i, pair, graph.keptStart[i + 1] - graph.keptStart[i] + 1, true);
      extraProposals.push({ proposal, before: firstOf[i + 1] });
      score = proposal.score;
    }
    assignment.push({ needId: sortedNeeds[i].id, organizationId: sortedOrganizations[graph.pairOrg[pair]].id, score });
    totalScore += score;
  }
  return {
    assignedPositions,
    extraProposals,
    assignment,
    pairsScored: graph.pairsScored,
    assignedCount: solution.assignedCount,
    totalScore,
    eligibility: eligibilityCounts(graph),
    timingsMs: { candidates: graph.timingsMs.candidates, scoring: graph.timingsMs.scoring, assignment: assignmentMs },
  };
}

/**
 * The proposals of a graph already built and solved, described in one go (need, then rank): the
 * same rows streamMatching hands over block by block. For callers that time the steps apart.
 */
export function collectResults(graph: MatchGraph, needPair: Int32Array): { proposals: MatchProposalResult[]; totalScore: number } {
  const scorer = new PairScorer(graph.input, weightVector(graph.weights));
  const proposals: MatchProposalResult[] = [];
  let totalScore = 0;
  for (let i = 0; i < graph.needCount; i++) {
    const from = graph.keptStart[i];
    const to = graph.keptStart[i + 1];
    let assignedKept = false;
    for (let e = from; e < to; e++) {
      const assigned = graph.keptPair[e] === needPair[i];
      const proposal = proposalOf(graph, scorer, i, graph.keptPair[e], e - from + 1, assigned);
      proposals.push(proposal);
      if (assigned) {
        assignedKept = true;
        totalScore += proposal.score;
      }
    }
    if (needPair[i] >= 0 && !assignedKept) {
      const proposal = proposalOf(graph, scorer, i, needPair[i], to - from + 1, true);
      proposals.push(proposal);
      totalScore += proposal.score;
    }
  }
  return { proposals, totalScore };
}

function proposalOf(
  graph: Pick<MatchGraph, 'input' | 'pairOrg'>,
  scorer: PairScorer,
  need: number,
  pair: number,
  rank: number,
  assigned: boolean,
): MatchProposalResult {
  const { score, bidId, breakdown } = describePair(graph, scorer, need, pair);
  const { needs, organizations } = graph.input;
  return { needId: needs[need].id, organizationId: organizations[graph.pairOrg[pair]].id, bidId, score, breakdown, rank, assigned };
}

/** The streamed proposals with the extra assigned ones put in their places (need, then rank). */
function withExtras(streamed: MatchProposalResult[], extras: StreamedMatch['extraProposals']): MatchProposalResult[] {
  if (extras.length === 0) return streamed;
  const proposals: MatchProposalResult[] = [];
  let next = 0;
  for (const { proposal, before } of extras) {
    while (next < before) proposals.push(streamed[next++]);
    proposals.push(proposal);
  }
  while (next < streamed.length) proposals.push(streamed[next++]);
  return proposals;
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
