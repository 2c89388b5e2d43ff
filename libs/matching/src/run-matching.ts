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
  return { ...result, proposals: inPlace(streamed, assignedPositions, extraProposals) };
}

export interface StreamOptions extends MatchOptions {
  /**
   * Each block of needs' proposals as soon as those needs are scored, in need-id order: their
   * top-K ranked 1..k, `assigned` still false (the assignment is solved after every need is scored).
   */
  onProposals: (proposals: MatchProposalResult[]) => void;
}

/** What the assignment makes of proposals already handed over (streamMatching, collectResults). */
interface Placement {
  /** Positions, in the order handed over, of the proposals the assignment chose. */
  assignedPositions: number[];
  /**
   * Assigned pairs outside their need's top-K: proposals ranked last on their need, `assigned`
   * true; `before` is the position they come in front of in need-then-rank order.
   */
  extraProposals: Array<{ proposal: MatchProposalResult; before: number }>;
  /** Ordered by needId. */
  assignment: AssignedPair[];
  totalScore: number;
}

/** A run whose proposals were streamed (StreamOptions.onProposals); what the assignment made of them. */
export type StreamedMatch = Omit<MatchResult, 'proposals'> & Pick<Placement, 'assignedPositions' | 'extraProposals'>;

/**
 * runMatching with the proposals handed over block by block while the run goes on, so that a
 * caller can store them while the rest is scored and assigned. Same proposals, same assignment.
 */
export function streamMatching(needs: NeedInput[], organizations: OrganizationInput[], bids: BidInput[], options: StreamOptions): StreamedMatch {
  const onProgress = options.onProgress;
  const firstOf = new Int32Array(needs.length + 1);
  let streamed = 0;
  const graph = buildMatchGraph(needs, organizations, bids, {
    weights: options.weights,
    topK: options.topK,
    onProgress: onProgress && ((f) => onProgress(f / 2)),
    onNeedsScored: (from, to, scored) => {
      const block = describeKept(scored, scored.scorer, from, to, firstOf, streamed);
      streamed += block.length;
      options.onProposals(block);
    },
  });
  const t = performance.now();
  const solution = auctionAssignment(graph, onProgress && ((f) => onProgress(0.5 + f / 2)));
  const assignmentMs = performance.now() - t;

  const placement = place(graph, new PairScorer(graph.input, weightVector(graph.weights)), solution.needPair, firstOf);
  return {
    ...placement,
    pairsScored: graph.pairsScored,
    assignedCount: solution.assignedCount,
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
  const firstOf = new Int32Array(graph.needCount + 1);
  const kept = describeKept(graph, scorer, 0, graph.needCount, firstOf, 0);
  const { assignedPositions, extraProposals, totalScore } = place(graph, scorer, needPair, firstOf);
  return { proposals: inPlace(kept, assignedPositions, extraProposals), totalScore };
}

/**
 * The top-K proposals of needs [from, to), ranked 1..k, not assigned; `firstOf[i]` gets the
 * position of need i's first proposal, counting from `offset`, and `firstOf[to]` the end.
 */
function describeKept(
  graph: Pick<MatchGraph, 'input' | 'pairOrg' | 'keptStart' | 'keptPair'>,
  scorer: PairScorer,
  from: number,
  to: number,
  firstOf: Int32Array,
  offset: number,
): MatchProposalResult[] {
  const proposals: MatchProposalResult[] = [];
  for (let i = from; i < to; i++) {
    firstOf[i] = offset + proposals.length;
    for (let e = graph.keptStart[i]; e < graph.keptStart[i + 1]; e++) {
      proposals.push(proposalOf(graph, scorer, i, graph.keptPair[e], e - graph.keptStart[i] + 1, false));
    }
  }
  firstOf[to] = offset + proposals.length;
  return proposals;
}

/** Where the assignment `needPair` falls among the kept proposals described at `firstOf`, need by need. */
function place(graph: MatchGraph, scorer: PairScorer, needPair: Int32Array, firstOf: Int32Array): Placement {
  const { needs, organizations } = graph.input;
  const placement: Placement = { assignedPositions: [], extraProposals: [], assignment: [], totalScore: 0 };
  for (let i = 0; i < graph.needCount; i++) {
    const pair = needPair[i];
    if (pair < 0) continue;
    const kept = graph.keptPair.subarray(graph.keptStart[i], graph.keptStart[i + 1]).indexOf(pair);
    let score: number;
    if (kept >= 0) {
      placement.assignedPositions.push(firstOf[i] + kept);
      score = describePair(graph, scorer, i, pair).score;
    } else {
      // The assignment may give a need an organization outside its top-K: keep it, ranked last.
      const proposal = proposalOf(graph, scorer, i, pair, graph.keptStart[i + 1] - graph.keptStart[i] + 1, true);
      placement.extraProposals.push({ proposal, before: firstOf[i + 1] });
      score = proposal.score;
    }
    placement.assignment.push({ needId: needs[i].id, organizationId: organizations[graph.pairOrg[pair]].id, score });
    placement.totalScore += score;
  }
  return placement;
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

/** The kept proposals marked where assigned, with the extra assigned ones put in their places (need, then rank). */
function inPlace(kept: MatchProposalResult[], assignedPositions: number[], extras: Placement['extraProposals']): MatchProposalResult[] {
  for (const position of assignedPositions) kept[position].assigned = true;
  if (extras.length === 0) return kept;
  const proposals: MatchProposalResult[] = [];
  let next = 0;
  for (const { proposal, before } of extras) {
    while (next < before) proposals.push(kept[next++]);
    proposals.push(proposal);
  }
  while (next < kept.length) proposals.push(kept[next++]);
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
