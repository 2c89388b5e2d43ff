import { BidInput, MatchOptions, MatchProposalResult, NeedInput, OrganizationInput, streamMatching } from '@app/matching';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/**
 * The matching engine's own thread. A run is seconds to minutes of synchronous CPU work;
 * on the worker's main thread it would freeze the event loop, so BullMQ could not renew
 * the job lock (the run would be reported stalled and run twice) and progress could not be
 * sent until the end. Here it computes while the main thread keeps the queue, the database
 * and the live events going.
 *
 * This file imports nothing but the pure engine, so the thread starts fast. Proposals come
 * back columnar, block by block as their needs are scored (the main thread stores them while
 * the rest is scored and assigned): typed arrays (moved, not copied) holding indexes into the
 * inputs the main thread already has, instead of hundreds of thousands of small objects to clone.
 */

/** Marks a thread started by EngineThreads, so importing this file anywhere else does nothing. */
export const ENGINE_THREAD_TAG = 'matching-engine';

/** The breakdown components, in the order of `EngineOutput.breakdown`. */
export const BREAKDOWN_KEYS = ['domain', 'capacity', 'grade', 'distance', 'price', 'performance', 'distanceKm'] as const;
export type BreakdownKey = (typeof BREAKDOWN_KEYS)[number];

export interface EngineInput {
  needs: NeedInput[];
  organizations: OrganizationInput[];
  bids: BidInput[];
  weights?: MatchOptions['weights'];
  topK?: number;
}

/** Proposals in columns, in the engine's order (need id, then rank). Indexes point into the EngineInput arrays. */
export interface EngineRows {
  count: number;
  need: Int32Array;
  organization: Int32Array;
  /** -1 when the price was judged from the offering's range, not a bid. */
  bid: Int32Array;
  score: Float64Array;
  breakdown: Record<BreakdownKey, Float64Array>;
  rank: Int32Array;
}

/** A run's result, after its proposals were streamed (EngineMessage 'rows'). */
export interface EngineOutput {
  /** Proposals streamed before this result, all of them top-K and not assigned when streamed (assignedNeeds/assignedOrganizations say which are). */
  streamedCount: number;
  /** Assigned pairs outside their need's top-K: proposals ranked last on their need, assigned. */
  extra: EngineRows;
  /** Needs the assignment gave an organization, */
  assignedNeeds: Int32Array;
  /** and the organization it gave each of them. */
  assignedOrganizations: Int32Array;
  /** Per input organization: its eligible pairs in the run (weights do not change them). */
  eligiblePairs: Int32Array;
  /** Per input need: the organizations eligible for it (0: nobody could serve it). */
  candidates: Int32Array;
  pairsScored: number;
  assignedCount: number;
  totalScore: number;
  timingsMs: { candidates: number; scoring: number; assignment: number };
}

export type EngineMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'rows'; rows: EngineRows }
  /** heapBytes: the thread's heap after the run, so a thread grown large by a big run can be retired. */
  | { type: 'result'; output: EngineOutput; heapBytes: number }
  | { type: 'error'; name: string; message: string; stack?: string };

/** Runs the engine, handing each block of proposals to `onRows` in columns. Exported for the unit test; the thread calls it. */
export function computeColumns(input: EngineInput, onRows: (rows: EngineRows) => void, onProgress?: (fraction: number) => void): EngineOutput {
  const indexOf = (items: Array<{ id: string }>) => new Map(items.map((item, i) => [item.id, i]));
  const needIndex = indexOf(input.needs);
  const organizationIndex = indexOf(input.organizations);
  const bidIndex = indexOf(input.bids);
  const at = (map: Map<string, number>, id: string): number => {
    const i = map.get(id);
    if (i === undefined) throw new Error(`The engine returned an id it was not given: ${id}`);
    return i;
  };
  const columns = (proposals: MatchProposalResult[]): EngineRows => {
    const count = proposals.length;
    const rows: EngineRows = {
      count,
      need: new Int32Array(count),
      organization: new Int32Array(count),
      bid: new Int32Array(count),
      score: new Float64Array(count),
      breakdown: Object.fromEntries(BREAKDOWN_KEYS.map((k) => [k, new Float64Array(count)])) as Record<BreakdownKey, Float64Array>,
      rank: new Int32Array(count),
    };
    proposals.forEach((p, r) => {
      rows.need[r] = at(needIndex, p.needId);
      rows.organization[r] = at(organizationIndex, p.organizationId);
      rows.bid[r] = p.bidId === null ? -1 : at(bidIndex, p.bidId);
      rows.score[r] = p.score;
      for (const k of BREAKDOWN_KEYS) rows.breakdown[k][r] = p.breakdown[k];
      rows.rank[r] = p.rank;
    });
    return rows;
  };

  let streamedCount = 0;
  const result = streamMatching(input.needs, input.organizations, input.bids, {
    weights: input.weights,
    topK: input.topK,
    onProgress,
    onProposals: (block) => {
      streamedCount += block.length;
      onRows(columns(block));
    },
  });
  const output: EngineOutput = {
    streamedCount,
    extra: columns(result.extraProposals.map((e) => e.proposal)),
    assignedNeeds: Int32Array.from(result.assignment, (a) => at(needIndex, a.needId)),
    assignedOrganizations: Int32Array.from(result.assignment, (a) => at(organizationIndex, a.organizationId)),
    eligiblePairs: new Int32Array(input.organizations.length),
    candidates: new Int32Array(input.needs.length),
    pairsScored: result.pairsScored,
    assignedCount: result.assignedCount,
    totalScore: result.totalScore,
    timingsMs: result.timingsMs,
  };
  for (const { organizationId, eligiblePairs } of result.eligibility.pairsByOrganization)
    output.eligiblePairs[at(organizationIndex, organizationId)] = eligiblePairs;
  for (const { needId, candidates } of result.eligibility.candidatesByNeed) output.candidates[at(needIndex, needId)] = candidates;
  return output;
}

/** The buffers of a block of rows, handed over to the receiving thread instead of copied. */
export function rowTransferables(rows: EngineRows): ArrayBuffer[] {
  return [rows.need, rows.organization, rows.bid, rows.score, rows.rank, ...Object.values(rows.breakdown)].map((a) => a.buffer as ArrayBuffer);
}

/** The buffers of an output, handed over to the receiving thread instead of copied. */
export function transferables(output: EngineOutput): ArrayBuffer[] {
  const arrays = [output.assignedNeeds, output.assignedOrganizations, output.eligiblePairs, output.candidates];
  return [...arrays.map((a) => a.buffer as ArrayBuffer), ...rowTransferables(output.extra)];
}

if (!isMainThread && parentPort && workerData?.tag === ENGINE_THREAD_TAG) {
  const port = parentPort;
  // One run per message; the thread is kept between runs so the engine stays loaded and compiled.
  port.on('message', (input: EngineInput) => {
    try {
      const output = computeColumns(
        input,
        (rows) => port.postMessage({ type: 'rows', rows } satisfies EngineMessage, rowTransferables(rows)),
        (fraction) => port.postMessage({ type: 'progress', fraction } satisfies EngineMessage),
      );
      const heapBytes = getHeapStatistics().total_heap_size;
      port.postMessage({ type: 'result', output, heapBytes } satisfies EngineMessage, transferables(output));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'error', name: e.name, message: e.message, stack: e.stack } satisfies EngineMessage);
    }
  });
}
