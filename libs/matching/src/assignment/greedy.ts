import { AssignmentProblem, AssignmentSolution, solutionFromNeedPair } from './assignment-problem';
import { NodeHeap } from './node-heap';

/**
 * Baseline for the benchmark, not used by runMatching: take pairs best-first (weight desc, then
 * need, then organization) and keep each one whose need is still open and whose organization
 * still has a free slot. Runs as a k-way merge of the needs' rows sorted best-first, so it never
 * sorts all pairs at once: a need's head skips organizations already full (they stay full).
 */
export function greedyAssignment(problem: AssignmentProblem): AssignmentSolution {
  const { needCount: n, capacity, rowStart, pairOrg, pairWeight } = problem;
  const order = new Int32Array(rowStart[n]);
  const used = new Int32Array(problem.orgCount);
  const needPair = new Int32Array(n).fill(-1);
  const head = new Int32Array(n);
  const heap = new NodeHeap(Math.max(16, n));
  const rowKeys = new Float64Array(maxRowLength(rowStart, n));
  const LOCAL = 2 ** 21; // > any row length; weight <= 1e9 < 2^30, so a key stays below 2^53

  for (let i = 0; i < n; i++) {
    const from = rowStart[i];
    const length = rowStart[i + 1] - from;
    // Sort the row best-first, ties by organization (= position in the row, rows being id-ordered).
    for (let e = 0; e < length; e++) rowKeys[e] = (2 ** 30 - pairWeight[from + e]) * LOCAL + e;
    const keys = rowKeys.subarray(0, length).sort();
    for (let e = 0; e < length; e++) order[from + e] = from + (keys[e] % LOCAL);
    head[i] = from;
    pushHead(i);
  }
  while (heap.size > 0) {
    const i = heap.pop();
    const p = order[head[i]];
    const j = pairOrg[p];
    if (used[j] < capacity[j]) {
      used[j]++;
      needPair[i] = p;
    } else {
      head[i]++;
      pushHead(i);
    }
  }
  return solutionFromNeedPair(problem, needPair);

  function pushHead(i: number): void {
    const end = rowStart[i + 1];
    while (head[i] < end && used[pairOrg[order[head[i]]]] >= capacity[pairOrg[order[head[i]]]]) head[i]++;
    // Heap key orders by weight desc; the node tie-break orders by need index.
    if (head[i] < end) heap.push(-pairWeight[order[head[i]]], i);
  }
}

function maxRowLength(rowStart: Int32Array, n: number): number {
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, rowStart[i + 1] - rowStart[i]);
  return longest;
}
