import { AssignmentProblem, AssignmentSolution, solutionFromNeedPair } from './assignment-problem';

/** Price-scaling factor between phases: larger means fewer phases, each with more bidding. */
const EPSILON_DIVISOR = 6;

/**
 * Exact maximum-weight capacitated assignment by Bertsekas' auction with epsilon-scaling.
 *
 * Needs bid for organization slots (an organization with free capacity c is c identical objects,
 * each with its own price) or opt out, i.e. stay unassigned at value 0. A need takes the slot of
 * best value (weight - price), raising its price by the gap to its second-best option plus
 * epsilon; the slot's previous holder bids again. Each phase ends in epsilon-complementary
 * slackness (eps-CS): every assigned need is within epsilon of its best option, every opted-out
 * need has no option above 0, every slot with a positive price is taken. The assignment is then
 * within n * epsilon of optimal, so with weights multiplied by (n + 1) and a last phase at
 * epsilon = 1 it is exactly optimal: both totals are multiples of n + 1 that differ by < n + 1.
 *
 * Phases start with a coarse epsilon and divide it, keeping prices (and every assignment that
 * still satisfies the tighter eps-CS), so each phase only repairs what the previous one left.
 * Unlike successive shortest paths, a bid only reads its own need's row: work stays local even
 * when thousands of needs compete for the same organizations (province scale).
 *
 * Deterministic: needs bid in FIFO order starting from index (= id) order; equal values go to the
 * first organization in the row (= smallest id) and the cheapest slot with the smallest index.
 */
export function auctionAssignment(problem: AssignmentProblem, onProgress?: (fraction: number) => void): AssignmentSolution {
  const { needCount: n, orgCount: m, capacity, rowStart, pairOrg, pairWeight } = problem;
  const scale = n + 1;

  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = slotStart[j] + Math.max(0, capacity[j]);
  const slotPrice = new Float64Array(slotStart[m]);
  const slotHolder = new Int32Array(slotStart[m]).fill(-1);
  // Cheapest and second-cheapest slot price per organization (Infinity when absent).
  const orgMinPrice = new Float64Array(m);
  const orgMinSlot = new Int32Array(m);
  const orgSecondPrice = new Float64Array(m);
  for (let j = 0; j < m; j++) refreshOrg(j);

  const needSlot = new Int32Array(n).fill(-1);
  const needPair = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n + 1); // ring buffer; each unassigned need is in it at most once
  const queued = new Uint8Array(n);
  let head = 0;
  let tail = 0;
  const enqueue = (i: number): void => {
    queued[i] = 1;
    queue[tail] = i;
    tail = tail === n ? 0 : tail + 1;
  };

  let maxWeight = 0;
  for (let p = 0; p < rowStart[n]; p++) if (pairWeight[p] > maxWeight) maxWeight = pairWeight[p];
  let epsilon = Math.max(1, Math.floor((maxWeight * scale) / EPSILON_DIVISOR));
  const phases = Math.max(1, Math.ceil(Math.log(epsilon) / Math.log(EPSILON_DIVISOR)) + 1);
  let phase = 0;

  for (let i = 0; i < n; i++) enqueue(i);
  for (;;) {
    // Bidding until every need is assigned or opted out.
    while (head !== tail) {
      const i = queue[head];
      head = head === n ? 0 : head + 1;
      queued[i] = 0;
      bid(i);
    }
    if (epsilon > 1) {
      epsilon = Math.max(1, Math.floor(epsilon / EPSILON_DIVISOR));
      onProgress?.(Math.min(0.95, ++phase / phases));
      requeueViolators();
      continue;
    }
    // Last phase: a free slot must not keep a positive price (it would overstate the dual bound).
    let released = 0;
    for (let j = 0; j < m; j++) {
      let changed = false;
      for (let s = slotStart[j]; s < slotStart[j + 1]; s++) {
        if (slotHolder[s] < 0 && slotPrice[s] > 0) {
          slotPrice[s] = 0;
          changed = true;
          released++;
        }
      }
      if (changed) refreshOrg(j);
    }
    if (released === 0) break;
    requeueViolators();
  }
  onProgress?.(1);
  return solutionFromNeedPair(problem, needPair);

  function bid(i: number): void {
    let best = -Infinity;
    let second = 0; // opting out is always an option worth 0
    let bestPair = -1;
    for (let p = rowStart[i], end = rowStart[i + 1]; p < end; p++) {
      const value = pairWeight[p] * scale - orgMinPrice[pairOrg[p]];
      if (value > best) {
        if (best > second) second = best;
        best = value;
        bestPair = p;
      } else if (value > second) {
        second = value;
      }
    }
    if (!(best > 0)) return; // opts out: stays unassigned (prices only rise, so for good within a phase)
    const j = pairOrg[bestPair];
    const sameOrg = pairWeight[bestPair] * scale - orgSecondPrice[j];
    if (sameOrg > second) second = sameOrg;
    const slot = orgMinSlot[j];
    const previous = slotHolder[slot];
    if (previous >= 0) {
      needSlot[previous] = -1;
      needPair[previous] = -1;
      enqueue(previous);
    }
    slotHolder[slot] = i;
    slotPrice[slot] += best - second + epsilon;
    needSlot[i] = slot;
    needPair[i] = bestPair;
    refreshOrg(j);
  }

  /** After epsilon shrinks (or prices drop): every need not in eps-CS bids again; the others stay. */
  function requeueViolators(): void {
    for (let i = 0; i < n; i++) {
      if (queued[i]) continue;
      let best = 0;
      for (let p = rowStart[i], end = rowStart[i + 1]; p < end; p++) {
        const value = pairWeight[p] * scale - orgMinPrice[pairOrg[p]];
        if (value > best) best = value;
      }
      const slot = needSlot[i];
      const current = slot < 0 ? 0 : pairWeight[needPair[i]] * scale - slotPrice[slot];
      if (current >= best - epsilon && (slot >= 0 || best <= 0)) continue;
      if (slot >= 0) {
        slotHolder[slot] = -1;
        needSlot[i] = -1;
        needPair[i] = -1;
        refreshOrg(pairOrgOfSlot(slot));
      }
      enqueue(i);
    }
  }

  function pairOrgOfSlot(slot: number): number {
    // Binary search in slotStart: called only when a need is unassigned between phases.
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (slotStart[mid] <= slot) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function refreshOrg(j: number): void {
    let min = Infinity;
    let minSlot = -1;
    let next = Infinity;
    for (let s = slotStart[j]; s < slotStart[j + 1]; s++) {
      const price = slotPrice[s];
      if (price < min) {
        next = min;
        min = price;
        minSlot = s;
      } else if (price < next) {
        next = price;
      }
    }
    orgMinPrice[j] = min;
    orgMinSlot[j] = minSlot;
    orgSecondPrice[j] = next;
  }
}
