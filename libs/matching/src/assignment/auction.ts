import { AssignmentProblem, AssignmentSolution, solutionFromNeedPair } from './assignment-problem';

/** Epsilon shrinks by this factor per phase: larger means fewer phases, each with more bidding. */
const EPSILON_DIVISOR = 6;
/** Options each need remembers from its last full row scan (see "Speed" below). */
const CACHED_OPTIONS = 8;

/**
 * Exact maximum-weight capacitated assignment by Bertsekas' auction with epsilon-scaling.
 *
 * Objects are organization slots (free capacity c = c identical slots, each with its own price);
 * a need may also opt out (stay unassigned, value 0). Forward bid: an unassigned need takes the
 * slot of best value (weight - price), raising its price by the gap to the need's second-best
 * option plus epsilon; the slot's previous holder bids again. Reverse bid (cleanup): a free slot
 * that kept a price from an earlier phase lowers it until the best outside need takes it, or to 0.
 *
 * Each phase ends in epsilon-complementary slackness (eps-CS): every assigned need is within
 * epsilon of its best option, an unassigned need has no option worth more than epsilon, and no
 * free slot has a positive price. Need profits plus slot prices then form a dual solution within
 * n * epsilon of the assignment's total, so with integer weights multiplied by (n + 1) and a last
 * phase at epsilon = 1 the assignment is exactly optimal (both totals are multiples of n + 1 that
 * differ by less than n + 1).
 *
 * Phases start with a coarse epsilon and divide it, keeping prices and every assignment still in
 * eps-CS, so each phase only repairs what the previous one left. Unlike successive shortest
 * paths, a bid only reads its own need's row: the work stays local even when thousands of needs
 * compete for the same organizations (province scale).
 *
 * Deterministic: needs bid in FIFO order starting from index (= id) order; equal values go to the
 * smallest pair index (= organization id) and the cheapest slot with the smallest index.
 *
 * Speed: prices only rise between reverse bids, so an option's value only falls. After a full scan
 * of its row a need keeps its CACHED_OPTIONS best options and an upper bound on the value of all
 * the others; while the cached ones still beat that bound, a bid (or an eps-CS check) reads those
 * few instead of a row of up to a thousand organizations. Reverse bids lower prices: they raise
 * the bound of every need of that organization to the organization's new value.
 */
export function auctionAssignment(problem: AssignmentProblem, onProgress?: (fraction: number) => void): AssignmentSolution {
  return new Auction(problem).run(onProgress);
}

class Auction {
  private readonly n: number;
  private readonly scale: number;
  private epsilon = 1;

  private readonly slotStart: Int32Array;
  private readonly slotOrg: Int32Array;
  private readonly slotPrice: Float64Array;
  private readonly slotHolder: Int32Array;
  // Cheapest and second-cheapest slot price per organization (Infinity when absent).
  private readonly orgMinPrice: Float64Array;
  private readonly orgMinSlot: Int32Array;
  private readonly orgSecondPrice: Float64Array;

  private readonly needSlot: Int32Array;
  private readonly needPair: Int32Array;
  // Mirrors for the reverse bids' column scans, which read many needs per slot.
  private readonly needOrg: Int32Array;
  private readonly needProfit: Float64Array; // weight * scale - own slot price; 0 when unassigned

  private readonly queue: Int32Array; // ring buffer; an unassigned need is in it at most once
  private readonly queued: Uint8Array;
  private head = 0;
  private tail = 0;

  private column: ColumnIndex | null = null; // built on the first reverse bid: two Int32 per pair
  private cheaper: Uint8Array | null = null; // organizations whose price dropped in a cleanup
  private readonly scan = new Float64Array(4); // best, second, pair or need of the best, bound: out-parameters

  // Per need: its best pairs at the last full scan (with their organization and scaled weight,
  // copied so a cached bid reads no row data), how many (0 = no cache), and an upper bound on the
  // current value of every pair not cached.
  private readonly cachePair: Int32Array;
  private readonly cacheOrg: Int32Array;
  private readonly cacheWeight: Float64Array;
  private readonly cacheCount: Uint8Array;
  private readonly cacheBound: Float64Array;
  private readonly topValue = new Float64Array(CACHED_OPTIONS);
  private readonly topPair = new Int32Array(CACHED_OPTIONS);

  constructor(private readonly problem: AssignmentProblem) {
    const { needCount: n, orgCount: m, capacity } = problem;
    this.n = n;
    this.scale = n + 1;
    this.slotStart = new Int32Array(m + 1);
    for (let j = 0; j < m; j++) this.slotStart[j + 1] = this.slotStart[j] + Math.max(0, capacity[j]);
    const slots = this.slotStart[m];
    this.slotOrg = new Int32Array(slots);
    for (let j = 0; j < m; j++) this.slotOrg.fill(j, this.slotStart[j], this.slotStart[j + 1]);
    this.slotPrice = new Float64Array(slots);
    this.slotHolder = new Int32Array(slots).fill(-1);
    this.orgMinPrice = new Float64Array(m);
    this.orgMinSlot = new Int32Array(m);
    this.orgSecondPrice = new Float64Array(m);
    for (let j = 0; j < m; j++) this.refreshOrg(j);
    this.needSlot = new Int32Array(n).fill(-1);
    this.needPair = new Int32Array(n).fill(-1);
    this.needOrg = new Int32Array(n).fill(-1);
    this.needProfit = new Float64Array(n);
    this.queue = new Int32Array(n + 1);
    this.queued = new Uint8Array(n);
    this.cachePair = new Int32Array(n * CACHED_OPTIONS);
    this.cacheOrg = new Int32Array(n * CACHED_OPTIONS);
    this.cacheWeight = new Float64Array(n * CACHED_OPTIONS);
    this.cacheCount = new Uint8Array(n);
    this.cacheBound = new Float64Array(n);
  }

  run(onProgress?: (fraction: number) => void): AssignmentSolution {
    const { rowStart, pairWeight } = this.problem;
    let maxWeight = 0;
    for (let p = 0; p < rowStart[this.n]; p++) if (pairWeight[p] > maxWeight) maxWeight = pairWeight[p];
    // Prices stay below about twice the largest scaled weight; beyond 2^53 they would lose integers.
    if (maxWeight * this.scale * 4 > Number.MAX_SAFE_INTEGER)
      throw new Error(`auction: ${this.n} needs with weights up to ${maxWeight} exceed exact integer prices`);
    this.epsilon = Math.max(1, Math.floor((maxWeight * this.scale) / EPSILON_DIVISOR));
    const phases = Math.max(1, Math.ceil(Math.log(this.epsilon) / Math.log(EPSILON_DIVISOR)) + 1);

    for (let i = 0; i < this.n; i++) this.enqueue(i);
    for (let phase = 1; ; phase++) {
      while (this.head !== this.tail) this.forwardBid(this.dequeue());
      // Resolve stale prices at this phase's epsilon: left for the last phase, they would be
      // lowered epsilon = 1 at a time through long chains of reverse bids. (Resetting them to 0
      // instead is cheaper per slot but costs more bidding overall.) Reverse bids keep every need
      // in eps-CS, so no forward bidding is needed after them.
      this.releaseStaleSlots();
      if (this.epsilon === 1) break;
      this.epsilon = Math.max(1, Math.floor(this.epsilon / EPSILON_DIVISOR));
      onProgress?.(Math.min(0.95, phase / phases));
      this.requeueViolators();
    }
    onProgress?.(1);
    return solutionFromNeedPair(this.problem, this.needPair);
  }

  private enqueue(i: number): void {
    this.queued[i] = 1;
    this.queue[this.tail] = i;
    this.tail = this.tail === this.n ? 0 : this.tail + 1;
  }

  private dequeue(): number {
    const i = this.queue[this.head];
    this.head = this.head === this.n ? 0 : this.head + 1;
    this.queued[i] = 0;
    return i;
  }

  private forwardBid(i: number): void {
    const { pairOrg, pairWeight } = this.problem;
    const scan = this.scan;
    if (!this.scanCached(i, true)) this.scanRow(i);
    const best = scan[0];
    if (!(best > 0)) return; // opts out; prices only rise while bidding, so this stays eps-CS
    const bestPair = scan[2];
    const j = pairOrg[bestPair];
    // Another slot of the same organization is also an alternative.
    const second = Math.max(scan[1], pairWeight[bestPair] * this.scale - this.orgSecondPrice[j]);
    const slot = this.orgMinSlot[j];
    const previous = this.slotHolder[slot];
    if (previous >= 0) {
      this.release(previous);
      this.enqueue(previous);
    }
    this.take(i, bestPair, slot, this.slotPrice[slot] + best - second + this.epsilon);
  }

  /**
   * scan = [best value, second-best value (opting out = 0 included), pair of the best] from the
   * cached options, if they prove it: every uncached option is worth at most cacheBound, so the
   * cached best (and, when `needSecond`, the cached second) must reach that bound.
   */
  private scanCached(i: number, needSecond: boolean): boolean {
    const count = this.cacheCount[i];
    if (count === 0) return false;
    const { cachePair, cacheOrg, cacheWeight, orgMinPrice } = this;
    let best = -Infinity;
    let second = -Infinity;
    let bestPair = -1;
    for (let c = i * CACHED_OPTIONS, end = c + count; c < end; c++) {
      const p = cachePair[c];
      const value = cacheWeight[c] - orgMinPrice[cacheOrg[c]];
      if (value > best || (value === best && p < bestPair)) {
        if (best > second) second = best;
        best = value;
        bestPair = p;
      } else if (value > second) {
        second = value;
      }
    }
    // Uncached options worth <= 0 never beat opting out, so such a bound proves nothing is missed.
    const bound = this.cacheBound[i];
    if (bound > 0 && (best < bound || (needSecond && second < bound))) return false;
    const scan = this.scan;
    scan[0] = best;
    scan[1] = second > 0 ? second : 0;
    scan[2] = bestPair;
    return true;
  }

  /** Full scan of need i's row: fills scan like scanCached and rebuilds the need's cache. */
  private scanRow(i: number): void {
    const { rowStart, pairOrg, pairWeight } = this.problem;
    const count = scanRowTop(rowStart[i], rowStart[i + 1], pairWeight, pairOrg, this.orgMinPrice, this.scale, this.topValue, this.topPair, this.scan);
    for (let c = 0, at = i * CACHED_OPTIONS; c < count; c++, at++) {
      const p = this.topPair[c];
      this.cachePair[at] = p;
      this.cacheOrg[at] = pairOrg[p];
      this.cacheWeight[at] = pairWeight[p] * this.scale;
    }
    this.cacheCount[i] = count;
    this.cacheBound[i] = this.scan[3];
  }

  private take(i: number, pair: number, slot: number, price: number): void {
    this.slotHolder[slot] = i;
    this.slotPrice[slot] = price;
    this.needSlot[i] = slot;
    this.needPair[i] = pair;
    this.needOrg[i] = this.slotOrg[slot];
    this.needProfit[i] = this.problem.pairWeight[pair] * this.scale - price;
    this.refreshOrg(this.slotOrg[slot]);
  }

  /** Need i leaves its slot, which stays free at its price (refresh the organization after). */
  private release(i: number): void {
    this.slotHolder[this.needSlot[i]] = -1;
    this.needSlot[i] = -1;
    this.needPair[i] = -1;
    this.needOrg[i] = -1;
    this.needProfit[i] = 0;
  }

  /** After epsilon shrinks: every need no longer in eps-CS bids again; the others keep their slot. */
  private requeueViolators(): void {
    for (let i = 0; i < this.n; i++) {
      if (this.queued[i]) continue;
      if (!this.scanCached(i, false)) this.scanRow(i);
      const best = Math.max(0, this.scan[0]);
      const slot = this.needSlot[i];
      if (slot < 0) {
        if (best > this.epsilon) this.enqueue(i);
      } else if (this.needProfit[i] < best - this.epsilon) {
        this.release(i); // the slot keeps its price: the next bidder pays about what it was worth
        this.refreshOrg(this.slotOrg[slot]);
        this.enqueue(i);
      }
    }
  }

  /**
   * Reverse bids: a free slot with a positive price overstates the dual bound. Lower it to what
   * the best need outside its organization would pay (second-best willingness minus epsilon) and
   * give it to that need, or to 0 if no need wants it; the organization's other slots are capped
   * at the new price + epsilon so its holders stay in eps-CS. Each reverse bid raises the taker's
   * profit by >= epsilon and never raises a price, so this terminates; the taker's old slot may
   * become the next stale one.
   */
  private releaseStaleSlots(): void {
    const { slotHolder, slotPrice, slotStart, slotOrg, needProfit, needPair, scale, epsilon } = this;
    const stale: number[] = [];
    for (let s = 0; s < slotHolder.length; s++) if (slotHolder[s] < 0 && slotPrice[s] > 0) stale.push(s);
    if (stale.length === 0) return;
    const column = (this.column ??= buildColumnIndex(this.problem, this.scale));
    const cheaper = (this.cheaper ??= new Uint8Array(this.orgMinPrice.length));
    const cheaperOrgs: number[] = [];
    const pairWeight = this.problem.pairWeight;
    const scan = this.scan;
    while (stale.length > 0) {
      const slot = stale.pop()!;
      if (slotHolder[slot] >= 0 || slotPrice[slot] <= 0) continue;
      const j = slotOrg[slot];
      scanColumn(column, j, this.needOrg, needProfit, scale, epsilon, scan);
      const best = scan[0];
      const minBefore = this.orgMinPrice[j];
      const price = best >= epsilon ? Math.max(0, scan[1] - epsilon) : 0;
      for (let s = slotStart[j]; s < slotStart[j + 1]; s++) {
        if (slotPrice[s] <= price + epsilon) continue;
        slotPrice[s] = price + epsilon;
        const holder = slotHolder[s];
        if (holder >= 0) needProfit[holder] = pairWeight[needPair[holder]] * scale - slotPrice[s];
      }
      slotPrice[slot] = price;
      if (best >= epsilon) {
        const taker = scan[2];
        const left = this.needSlot[taker];
        if (left >= 0) {
          this.release(taker);
          this.refreshOrg(slotOrg[left]);
          if (slotPrice[left] > 0) stale.push(left);
        }
        this.take(taker, this.findPair(taker, j), slot, price);
      } else {
        this.refreshOrg(j);
      }
      if (this.orgMinPrice[j] < minBefore && !cheaper[j]) {
        cheaper[j] = 1;
        cheaperOrgs.push(j);
      }
    }
    // Organizations that got cheaper: keep every cache bound an upper bound on their value. Once
    // per organization, at its final price (bids do not read caches during the cleanup).
    for (const j of cheaperOrgs) {
      cheaper[j] = 0;
      raiseBounds(column, j, scale, this.orgMinPrice[j], this.cacheBound);
    }
  }

  /** The pair (need i, organization j): rows are sorted by organization, so binary search. */
  private findPair(i: number, j: number): number {
    const { rowStart, pairOrg } = this.problem;
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

  private refreshOrg(j: number): void {
    let min = Infinity;
    let minSlot = -1;
    let next = Infinity;
    for (let s = this.slotStart[j], end = this.slotStart[j + 1]; s < end; s++) {
      const price = this.slotPrice[s];
      if (price < min) {
        next = min;
        min = price;
        minSlot = s;
      } else if (price < next) {
        next = price;
      }
    }
    this.orgMinPrice[j] = min;
    this.orgMinSlot[j] = minSlot;
    this.orgSecondPrice[j] = next;
  }
}

// The hot loops, as free functions over their arrays so V8 keeps everything in registers.

/**
 * Full row scan at current prices. Keeps the best topValue.length options in topValue/topPair
 * (value desc, earlier pair first on ties) and returns how many; scan = [best value, second-best
 * value (opting out = 0 included), pair of the best, bound], the bound being the best value among
 * the options not kept (-Infinity when all are kept).
 */
function scanRowTop(
  from: number,
  to: number,
  pairWeight: Int32Array,
  pairOrg: Int32Array,
  orgMinPrice: Float64Array,
  scale: number,
  topValue: Float64Array,
  topPair: Int32Array,
  scan: Float64Array,
): number {
  const capacity = topValue.length;
  let count = 0;
  let bound = -Infinity;
  let threshold = -Infinity; // value of the last kept option once the list is full
  for (let p = from; p < to; p++) {
    const value = pairWeight[p] * scale - orgMinPrice[pairOrg[p]];
    if (value <= threshold) {
      if (value > bound) bound = value;
      continue;
    }
    let at: number;
    if (count < capacity) {
      at = count++;
    } else {
      if (threshold > bound) bound = threshold; // the last kept option drops out
      at = capacity - 1;
    }
    while (at > 0 && value > topValue[at - 1]) {
      topValue[at] = topValue[at - 1];
      topPair[at] = topPair[at - 1];
      at--;
    }
    topValue[at] = value;
    topPair[at] = p;
    if (count === capacity) threshold = topValue[capacity - 1];
  }
  scan[0] = count > 0 ? topValue[0] : -Infinity;
  scan[1] = count > 1 && topValue[1] > 0 ? topValue[1] : 0;
  scan[2] = count > 0 ? topPair[0] : -1;
  scan[3] = bound;
  return count;
}

/**
 * scan = [best willingness to pay, second best, need of the best] among needs outside organization
 * j. A need's profit is at least -epsilon (eps-CS), so its willingness is at most weight * scale +
 * epsilon: once a bucket's top weight cannot beat the second best found, no later bucket can.
 */
function scanColumn(column: ColumnIndex, j: number, needOrg: Int32Array, needProfit: Float64Array, scale: number, epsilon: number, scan: Float64Array): void {
  const { buckets, bucketStart, bucketTop, entries } = column;
  let best = -Infinity;
  let second = -Infinity;
  let bestNeed = -1;
  for (let q = 0, b = j * buckets; q < buckets; q++, b++) {
    if (bucketTop[q] + epsilon <= second) break;
    for (let e = 2 * bucketStart[b], end = 2 * bucketStart[b + 1]; e < end; e += 2) {
      const i = entries[e];
      if (needOrg[i] === j) continue; // moving within the organization changes nothing
      const willingness = entries[e + 1] * scale - needProfit[i];
      if (willingness > best) {
        second = best;
        best = willingness;
        bestNeed = i;
      } else if (willingness > second) {
        second = willingness;
      }
    }
  }
  scan[0] = best;
  scan[1] = second;
  scan[2] = bestNeed;
}

/**
 * After organization j's cheapest slot dropped to `price`, its value bounds each of its needs'
 * uncached options. Values <= 0 need no bound (opting out beats them), hence the early stop.
 */
function raiseBounds(column: ColumnIndex, j: number, scale: number, price: number, cacheBound: Float64Array): void {
  const { buckets, bucketStart, bucketTop, entries } = column;
  for (let q = 0, b = j * buckets; q < buckets; q++, b++) {
    if (bucketTop[q] <= price) break;
    for (let e = 2 * bucketStart[b], end = 2 * bucketStart[b + 1]; e < end; e += 2) {
      const value = entries[e + 1] * scale - price;
      if (value > cacheBound[entries[e]]) cacheBound[entries[e]] = value;
    }
  }
}

/** Weight buckets per column: about one per 32 entries, so the early stops above cut most of a column. */
const MAX_COLUMN_BUCKETS = 64;

/**
 * For each organization, the needs that may take it and their weights, grouped in weight buckets
 * from heaviest to lightest (CSR by organization x bucket), as interleaved (need, weight) entries:
 * reverse bids scan columns, and gathering weights from the rows would be a cache miss per entry.
 */
interface ColumnIndex {
  buckets: number;
  bucketStart: Int32Array;
  /** An upper bound on weight * scale in the q-th heaviest bucket of any column. */
  bucketTop: Float64Array;
  /** entries[2e] = need, entries[2e + 1] = weight. */
  entries: Int32Array;
}

/**
 * A transposition of the rows: first scattered by organization only (one write stream per
 * organization keeps the scatter cache-friendly), then each column, now small and contiguous,
 * counting-sorted by weight bucket in place.
 */
function buildColumnIndex(problem: AssignmentProblem, scale: number): ColumnIndex {
  const { needCount: n, orgCount: m, rowStart, pairOrg, pairWeight } = problem;
  const pairCount = rowStart[n];
  let maxWeight = 0;
  for (let p = 0; p < pairCount; p++) if (pairWeight[p] > maxWeight) maxWeight = pairWeight[p];
  const buckets = Math.max(1, Math.min(MAX_COLUMN_BUCKETS, Math.floor(pairCount / Math.max(1, m) / 32)));
  const inverseWidth = buckets / (maxWeight + 1);
  // + 1: a product rounded down must not put a weight above its bucket's top.
  const bucketTop = Float64Array.from({ length: buckets }, (_, q) => (Math.ceil((buckets - q) / inverseWidth) + 1) * scale);

  const columnStart = new Int32Array(m + 1);
  for (let p = 0; p < pairCount; p++) columnStart[pairOrg[p] + 1]++;
  let longest = 0;
  for (let j = 0; j < m; j++) {
    longest = Math.max(longest, columnStart[j + 1]);
    columnStart[j + 1] += columnStart[j];
  }
  const fill = columnStart.slice(0, m);
  const entries = new Int32Array(2 * pairCount);
  for (let i = 0; i < n; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      const e = 2 * fill[pairOrg[p]]++;
      entries[e] = i;
      entries[e + 1] = pairWeight[p];
    }
  }

  const bucketStart = new Int32Array(m * buckets + 1);
  const scratch = new Int32Array(2 * longest);
  const counts = new Int32Array(buckets + 1);
  for (let j = 0; j < m; j++) {
    const from = columnStart[j];
    const to = columnStart[j + 1];
    counts.fill(0);
    for (let e = from; e < to; e++) counts[bucketPosition(entries[2 * e + 1], inverseWidth, buckets) + 1]++;
    for (let q = 0; q < buckets; q++) {
      counts[q + 1] += counts[q];
      bucketStart[j * buckets + q] = from + counts[q];
    }
    for (let e = from; e < to; e++) {
      const at = 2 * counts[bucketPosition(entries[2 * e + 1], inverseWidth, buckets)]++;
      scratch[at] = entries[2 * e];
      scratch[at + 1] = entries[2 * e + 1];
    }
    entries.set(scratch.subarray(0, 2 * (to - from)), 2 * from);
  }
  bucketStart[m * buckets] = pairCount;
  return { buckets, bucketStart, bucketTop, entries };
}

/** Position of a weight's bucket, heaviest first: position q holds weights in [(B-1-q), (B-q)) * width. */
function bucketPosition(weight: number, inverseWidth: number, buckets: number): number {
  return buckets - 1 - Math.min(buckets - 1, Math.floor(weight * inverseWidth));
}
