import { AssignmentProblem, AssignmentSolution, solutionFromNeedPair } from './assignment-problem';

/** Epsilon shrinks by this factor per phase: larger means fewer phases, each with more bidding. */
const EPSILON_DIVISOR = 6;

/**
 * Exact maximum-weight capacitated assignment by Bertsekas' auction with epsilon-scaling.
 *
 * Objects are organization slots (free capacity c = c identical slots, each with its own price);
 * a need may also opt out (stay unassigned, value 0). Forward bid: an unassigned need takes the
 * slot of best value (weight - price), raising its price by the gap to the need's second-best
 * option plus epsilon; the slot's previous holder bids again. Reverse bid (cleanup): a free slot
 * that kept a price from an earlier phase lowers it until the best outside need takes it, or to 0.
 *
 * The end state is epsilon-complementary-slack (eps-CS): every assigned need is within epsilon
 * of its best option, an unassigned need has no option worth more than epsilon, and no free slot
 * has a positive price. Need profits plus slot prices then form a dual solution within
 * n * epsilon of the assignment's total, so with integer weights multiplied by (n + 1) and a
 * last phase at epsilon = 1 the assignment is exactly optimal (both totals are multiples of n + 1
 * that differ by less than n + 1).
 *
 * Phases start with a coarse epsilon and divide it, keeping prices and every assignment still in
 * eps-CS, so each phase only repairs what the previous one left. Unlike successive shortest
 * paths, a bid only reads its own need's row: the work stays local even when thousands of needs
 * compete for the same organizations (province scale).
 *
 * Deterministic: needs bid in FIFO order starting from index (= id) order; equal values go to the
 * first organization in the row (= smallest id) and the cheapest slot with the smallest index.
 */
export function auctionAssignment(problem: AssignmentProblem, onProgress?: (fraction: number) => void): AssignmentSolution {
  const { needCount: n, orgCount: m, capacity, rowStart, pairOrg, pairWeight } = problem;
  const scale = n + 1;

  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = slotStart[j] + Math.max(0, capacity[j]);
  const slotCount = slotStart[m];
  const slotOrg = new Int32Array(slotCount);
  for (let j = 0; j < m; j++) slotOrg.fill(j, slotStart[j], slotStart[j + 1]);
  const slotPrice = new Float64Array(slotCount);
  const slotHolder = new Int32Array(slotCount).fill(-1);
  // Cheapest and second-cheapest slot price per organization (Infinity when absent).
  const orgMinPrice = new Float64Array(m);
  const orgMinSlot = new Int32Array(m);
  const orgSecondPrice = new Float64Array(m);
  for (let j = 0; j < m; j++) refreshOrg(j);

  const needSlot = new Int32Array(n).fill(-1);
  const needPair = new Int32Array(n).fill(-1);
  // Mirrors of the above for the reverse bids' column scans, which touch many needs per slot.
  const needOrg = new Int32Array(n).fill(-1);
  const needProfit = new Float64Array(n); // weight * scale - own slot price; 0 when unassigned
  const queue = new Int32Array(n + 1); // ring buffer; an unassigned need is in it at most once
  const queued = new Uint8Array(n);
  let head = 0;
  let tail = 0;

  let maxWeight = 0;
  for (let p = 0; p < rowStart[n]; p++) if (pairWeight[p] > maxWeight) maxWeight = pairWeight[p];
  let epsilon = Math.max(1, Math.floor((maxWeight * scale) / EPSILON_DIVISOR));
  const phases = Math.max(1, Math.ceil(Math.log(epsilon) / Math.log(EPSILON_DIVISOR)) + 1);
  let phase = 0;
  let column: ColumnIndex | null = null; // built on first cleanup: it costs one Int32 per pair

  for (let i = 0; i < n; i++) enqueue(i);
  for (;;) {
    while (head !== tail) {
      const i = queue[head];
      head = head === n ? 0 : head + 1;
      queued[i] = 0;
      forwardBid(i);
    }
    // Resolve stale prices at this phase's epsilon: left for the last phase, they would be
    // lowered epsilon = 1 at a time through long chains of reverse bids. Reverse bids keep every
    // need in eps-CS, so no bidding is needed after them.
    releaseStaleSlots();
    if (epsilon === 1) break;
    epsilon = Math.max(1, Math.floor(epsilon / EPSILON_DIVISOR));
    onProgress?.(Math.min(0.95, ++phase / phases));
    requeueViolators();
  }
  onProgress?.(1);
  return solutionFromNeedPair(problem, needPair);

  function enqueue(i: number): void {
    queued[i] = 1;
    queue[tail] = i;
    tail = tail === n ? 0 : tail + 1;
  }

  function forwardBid(i: number): void {
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
    if (!(best > 0)) return; // opts out; prices only rise while bidding, so this stays eps-CS
    const j = pairOrg[bestPair];
    const sameOrg = pairWeight[bestPair] * scale - orgSecondPrice[j];
    if (sameOrg > second) second = sameOrg;
    const slot = orgMinSlot[j];
    const previous = slotHolder[slot];
    if (previous >= 0) {
      release(previous);
      enqueue(previous);
    }
    take(i, bestPair, slot, slotPrice[slot] + best - second + epsilon);
  }

  function take(i: number, pair: number, slot: number, price: number): void {
    slotHolder[slot] = i;
    slotPrice[slot] = price;
    needSlot[i] = slot;
    needPair[i] = pair;
    needOrg[i] = slotOrg[slot];
    needProfit[i] = pairWeight[pair] * scale - price;
    refreshOrg(slotOrg[slot]);
  }

  /** Need i leaves its slot, which stays free at its price. */
  function release(i: number): void {
    slotHolder[needSlot[i]] = -1;
    needSlot[i] = -1;
    needPair[i] = -1;
    needOrg[i] = -1;
    needProfit[i] = 0;
  }

  /** After epsilon shrinks: every need no longer in eps-CS bids again; the others keep their slot. */
  function requeueViolators(): void {
    for (let i = 0; i < n; i++) {
      if (queued[i]) continue;
      let best = 0;
      for (let p = rowStart[i], end = rowStart[i + 1]; p < end; p++) {
        const value = pairWeight[p] * scale - orgMinPrice[pairOrg[p]];
        if (value > best) best = value;
      }
      const slot = needSlot[i];
      if (slot < 0) {
        if (best > epsilon) enqueue(i);
        continue;
      }
      if (needProfit[i] >= best - epsilon) continue;
      release(i); // the slot keeps its price: the next bidder pays about what it was worth
      refreshOrg(slotOrg[slot]);
      enqueue(i);
    }
  }

  /**
   * Reverse bids (epsilon = 1): a free slot with a positive price overstates the dual bound. Lower
   * it to what the best need outside its organization would pay (second-best willingness minus
   * epsilon) and give it to that need, or to 0 if no need wants it; other slots of the organization
   * are capped at the new price + epsilon so its holders stay in eps-CS. Each reverse bid raises the
   * taker's profit by >= epsilon and never raises a price, so this terminates; the taker's old
   * slot may become the next stale one.
   */
  function releaseStaleSlots(): void {
    const stale: number[] = [];
    for (let s = 0; s < slotCount; s++) if (slotHolder[s] < 0 && slotPrice[s] > 0) stale.push(s);
    if (stale.length === 0) return;
    column ??= buildColumnIndex(problem);
    while (stale.length > 0) {
      const slot = stale.pop()!;
      if (slotHolder[slot] >= 0 || slotPrice[slot] <= 0) continue;
      const j = slotOrg[slot];
      let best = -Infinity;
      let second = -Infinity;
      let bestNeed = -1;
      for (let e = column.start[j]; e < column.start[j + 1]; e++) {
        const i = column.need[e];
        if (needOrg[i] === j) continue; // moving within the organization changes nothing
        const willingness = column.weight[e] * scale - needProfit[i];
        if (willingness > best) {
          second = best;
          best = willingness;
          bestNeed = i;
        } else if (willingness > second) {
          second = willingness;
        }
      }
      const price = best >= epsilon ? Math.max(0, second - epsilon) : 0;
      for (let s = slotStart[j]; s < slotStart[j + 1]; s++) {
        if (slotPrice[s] <= price + epsilon) continue;
        slotPrice[s] = price + epsilon;
        const holder = slotHolder[s];
        if (holder >= 0) needProfit[holder] = pairWeight[needPair[holder]] * scale - slotPrice[s];
      }
      slotPrice[slot] = price;
      if (best >= epsilon) {
        const left = needSlot[bestNeed];
        if (left >= 0) {
          release(bestNeed);
          refreshOrg(slotOrg[left]);
          if (slotPrice[left] > 0) stale.push(left);
        }
        take(bestNeed, findPair(bestNeed, j), slot, price);
      } else {
        refreshOrg(j);
      }
    }
  }

  /** The pair (need i, organization j): rows are sorted by organization, so binary search. */
  function findPair(i: number, j: number): number {
    let lo = rowStart[i];
    let hi = rowStart[i + 1] - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairOrg[mid] < j) lo = mid + 1;
      else hi = mid;
    }
    if (pairOrg[lo] !== j) throw new Error(`auction: no pair for need ${i} and organization ${j}`);
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

/**
 * For each organization, the needs that may take it and their weights (CSR by organization),
 * stored side by side because reverse bids scan whole columns: gathering weights from the rows
 * instead would be one cache miss per entry.
 */
interface ColumnIndex {
  start: Int32Array;
  need: Int32Array;
  weight: Int32Array;
}

function buildColumnIndex(problem: AssignmentProblem): ColumnIndex {
  const { needCount: n, orgCount: m, rowStart, pairOrg } = problem;
  const pairCount = rowStart[n];
  const start = new Int32Array(m + 1);
  for (let p = 0; p < pairCount; p++) start[pairOrg[p] + 1]++;
  for (let j = 0; j < m; j++) start[j + 1] += start[j];
  const fill = start.slice(0, m);
  const need = new Int32Array(pairCount);
  const weight = new Int32Array(pairCount);
  for (let i = 0; i < n; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      const e = fill[pairOrg[p]]++;
      need[e] = i;
      weight[e] = problem.pairWeight[p];
    }
  }
  return { start, need, weight };
}
