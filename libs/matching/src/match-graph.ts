import { AssignmentProblem, scoreToWeight } from './assignment/assignment-problem';
import { CandidateIndex } from './candidates';
import { NO_BID, PairScorer } from './pair-scorer';
import { prepareInput, PreparedInput } from './prepared-input';
import { weightVector } from './scoring';
import { BidInput, NeedInput, OrganizationInput, ScoreBreakdown } from './types';
import { MatchWeights, resolveWeights } from './weights';

export const DEFAULT_TOP_K = 10;
/** Needs per timing block: coarse enough that clock reads cost nothing, fine enough for progress. */
const BLOCK = 128;
/** Blocks scored before the pair buffers are sized for the whole run. */
const SIZING_BLOCKS = 4;

/** Every eligible pair of a run, scored, plus each need's top-K, ready for the assignment. */
export interface MatchGraph extends AssignmentProblem {
  input: PreparedInput;
  weights: MatchWeights;
  /** Pair indices of each need's top-K by (score desc, organization id asc), best first (CSR over needs). */
  keptStart: Int32Array;
  keptPair: Int32Array;
  pairsScored: number;
  timingsMs: { candidates: number; scoring: number };
}

export interface BuildOptions {
  weights?: Partial<MatchWeights>;
  topK?: number;
  /** Fraction of needs scored, about every 10%. */
  onProgress?: (fractionOfNeeds: number) => void;
  /**
   * After each block of needs is scored: needs [from, to) have their final top-K, so their
   * proposals can be described (and stored) while the other needs are scored and the assignment
   * is solved. `scored` holds the buffers as they are now: read it during the call only.
   */
  onNeedsScored?: (from: number, to: number, scored: ScoredSoFar) => void;
}

/** What describing the proposals of the needs scored so far takes (see BuildOptions.onNeedsScored). */
export interface ScoredSoFar extends Pick<MatchGraph, 'input' | 'pairOrg' | 'keptStart' | 'keptPair'> {
  scorer: PairScorer;
}

/**
 * Candidate generation (grid index), exact eligibility and scoring, need by need. Only two
 * typed-array entries are stored per eligible pair (organization, integer weight); the float score
 * is used on the spot for the top-K and recomputed, bit-identical, for the few pairs shown.
 */
export function buildMatchGraph(
  needs: readonly NeedInput[],
  organizations: readonly OrganizationInput[],
  bids: readonly BidInput[],
  options: BuildOptions = {},
): MatchGraph {
  const weights = resolveWeights(options.weights);
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`topK must be an integer >= 0, got ${topK}`);

  let t = performance.now();
  const input = prepareInput(needs, organizations, bids);
  const index = new CandidateIndex(input);
  let candidatesMs = performance.now() - t;
  let scoringMs = 0;

  const n = input.needs.length;
  const m = input.organizations.length;
  const scorer = new PairScorer(input, weightVector(weights));
  const radius = input.orgRadiusKm;
  const rowStart = new Int32Array(n + 1);
  const pairs = new PairBuffer(Math.max(1024, n * 16));
  const keptStart = new Int32Array(n + 1);
  const keptPair = new GrowableInt32(Math.max(16, n * Math.min(topK, m, 16)));
  const blockCandidates = new GrowableInt32(BLOCK * 256);
  const blockCandidateStart = new Int32Array(BLOCK + 1);
  const candidateScratch = new Int32Array(m);
  const keep = Math.min(topK, m); // a need has at most m proposals
  const topScore = new Float64Array(keep);
  const topPair = new Int32Array(keep);
  const bidStamp = new Int32Array(m);
  const bidSlot = new Int32Array(m);
  const progressStep = Math.max(1, Math.ceil(n / 10));
  let nextProgress = progressStep;

  for (let blockFrom = 0; blockFrom < n; blockFrom += BLOCK) {
    const blockTo = Math.min(n, blockFrom + BLOCK);

    t = performance.now();
    blockCandidates.length = 0;
    for (let i = blockFrom; i < blockTo; i++) {
      blockCandidateStart[i - blockFrom] = blockCandidates.length;
      const count = index.collect(i, candidateScratch);
      blockCandidates.append(candidateScratch, count);
    }
    blockCandidateStart[blockTo - blockFrom] = blockCandidates.length;
    const afterCandidates = performance.now();
    candidatesMs += afterCandidates - t;

    // Ids carry no geography, so the first blocks are a fair sample: size the buffers once from them.
    if (blockFrom === SIZING_BLOCKS * BLOCK) pairs.reserve(Math.ceil((pairs.length / blockFrom) * n * 1.1));
    const candidates = blockCandidates.data;
    for (let i = blockFrom; i < blockTo; i++) {
      for (let e = input.bidStart[i]; e < input.bidStart[i + 1]; e++) {
        bidStamp[input.bidOrg[e]] = i + 1;
        bidSlot[input.bidOrg[e]] = e;
      }
      const from = blockCandidateStart[i - blockFrom];
      const to = blockCandidateStart[i - blockFrom + 1];
      pairs.reserve(pairs.length + to - from);
      const pairOrg = pairs.org;
      const pairWeight = pairs.weight;
      let pair = pairs.length;
      let kept = 0;
      for (let c = from; c < to; c++) {
        const j = candidates[c];
        const distanceKm = scorer.distanceKm(i, j);
        if (!(distanceKm <= radius[j])) continue;
        let bidPrice = NO_BID;
        if (bidStamp[j] === i + 1) {
          bidPrice = input.bidPriceFen[bidSlot[j]];
          if (bidPrice < 0) continue; // withdrawn/rejected only, or over budget
        }
        const score = scorer.score(i, j, distanceKm, bidPrice);
        pairOrg[pair] = j;
        pairWeight[pair] = scoreToWeight(score);
        // Top-K by insertion: candidates arrive in id order, so a tie never displaces an earlier one.
        if (kept < keep || (keep > 0 && score > topScore[kept - 1])) {
          let at = kept < keep ? kept++ : kept - 1;
          while (at > 0 && score > topScore[at - 1]) {
            topScore[at] = topScore[at - 1];
            topPair[at] = topPair[at - 1];
            at--;
          }
          topScore[at] = score;
          topPair[at] = pair;
        }
        pair++;
      }
      pairs.length = pair;
      rowStart[i + 1] = pair;
      for (let e = 0; e < kept; e++) keptPair.push(topPair[e]);
      keptStart[i + 1] = keptPair.length;
    }
    scoringMs += performance.now() - afterCandidates;
    options.onNeedsScored?.(blockFrom, blockTo, { input, scorer, pairOrg: pairs.org, keptStart, keptPair: keptPair.data });
    if (options.onProgress && blockTo >= nextProgress && blockTo < n) {
      options.onProgress(blockTo / n);
      while (nextProgress <= blockTo) nextProgress += progressStep;
    }
  }
  options.onProgress?.(1);

  const capacity = input.orgCapacity;
  return {
    needCount: n,
    orgCount: m,
    capacity,
    rowStart,
    pairOrg: pairs.org.subarray(0, pairs.length),
    pairWeight: pairs.weight.subarray(0, pairs.length),
    input,
    weights,
    keptStart,
    keptPair: keptPair.data.subarray(0, keptPair.length),
    pairsScored: rowStart[n],
    timingsMs: { candidates: candidatesMs, scoring: scoringMs },
  };
}

/** Score and breakdown of one pair of the graph, recomputed exactly as during the build. */
export function describePair(
  graph: Pick<MatchGraph, 'input' | 'pairOrg'>,
  scorer: PairScorer,
  need: number,
  pair: number,
): { score: number; bidId: string | null; breakdown: ScoreBreakdown } {
  const input = graph.input;
  const j = graph.pairOrg[pair];
  let bidPrice = NO_BID;
  let bidId: string | null = null;
  for (let e = input.bidStart[need]; e < input.bidStart[need + 1]; e++) {
    if (input.bidOrg[e] !== j) continue;
    bidPrice = input.bidPriceFen[e];
    bidId = input.bids[input.bidIndex[e]].id;
  }
  const distanceKm = scorer.distanceKm(need, j);
  const score = scorer.score(need, j, distanceKm, bidPrice);
  return { score, bidId, breakdown: scorer.breakdown(need, j, distanceKm, bidPrice) };
}

/** Append-only Int32 buffer that doubles when full. */
class GrowableInt32 {
  data: Int32Array;
  length = 0;

  constructor(initialCapacity: number) {
    this.data = new Int32Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  append(values: Int32Array, count: number): void {
    this.reserve(this.length + count);
    this.data.set(values.subarray(0, count), this.length);
    this.length += count;
  }

  private reserve(required: number): void {
    if (required <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < required) size *= 2;
    const next = new Int32Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/**
 * The two per-pair arrays, grown together. The graph keeps views (subarray), never copies: at
 * province scale each array is ~190 MB, and a copy would double the peak.
 */
class PairBuffer {
  org: Int32Array;
  weight: Int32Array;
  length = 0;

  constructor(initialCapacity: number) {
    this.org = new Int32Array(initialCapacity);
    this.weight = new Int32Array(initialCapacity);
  }

  reserve(required: number): void {
    if (required <= this.org.length) return;
    const size = Math.max(required, Math.ceil(this.org.length * 1.25));
    const org = new Int32Array(size);
    org.set(this.org.subarray(0, this.length));
    this.org = org;
    const weight = new Int32Array(size);
    weight.set(this.weight.subarray(0, this.length));
    this.weight = weight;
  }
}
