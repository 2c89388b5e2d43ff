import { AssignmentProblem } from './assignment-problem';
import { NodeHeap } from './node-heap';

/**
 * The optimal assignment plus the dual solution proving it: needPotential[i] is need i's "profit"
 * (0 when unassigned) and -orgPotential[j] is organization j's "price" (0 while it has a free
 * slot); for every edge, profit + price >= weight, with equality on assigned pairs.
 */
export interface SspResult {
  needPair: Int32Array;
  needPotential: Float64Array;
  orgPotential: Float64Array;
}

/**
 * Exact maximum-weight capacitated assignment (a transportation problem) by successive shortest
 * paths with Johnson potentials, on the flow network
 *
 *   need i --(cap 1, cost -w)--> org j --(cap freeCapacity)--> sink,  need i --(cap 1, cost 0)--> sink
 *
 * The last edge is the "stay unassigned" bypass: every need can always be routed, and routing it
 * through an organization happens only when that lowers the total cost, so the result maximizes
 * total weight rather than the number of assignments (a low-score pair never displaces a better
 * one just to be assigned).
 *
 * Needs enter one at a time in index (= id) order, as in the Hungarian method: after need r is
 * routed, the flow is min-cost for needs 0..r (the reduced costs stay >= 0, so there is no negative
 * cycle), and the shortest augmenting path from the new need restores that for 0..r+1. Dijkstra
 * runs on reduced costs from the new need and stops as soon as the sink is settled; only the nodes
 * it settled get their potential lowered (by D - dist), which shifts every potential uniformly
 * relative to the textbook update and keeps the sink's potential at 0. The search is bounded by the
 * new need's own bypass, so it explores only alternatives that beat leaving the need unassigned.
 *
 * Integer weights keep distances and potentials exact; ties go to the smaller node index, so the
 * same input always yields the same optimum.
 *
 * runMatching uses auctionAssignment instead: same optimum, but here every augmenting search
 * settles hundreds of needs once organizations are contested (10,000 x 3,000: ~25 s, against
 * under 1 s for the auction). Kept as an independent exact solver for the specs.
 */
export function successiveShortestPaths(problem: AssignmentProblem, onProgress?: (fractionOfNeeds: number) => void): SspResult {
  const { needCount: n, orgCount: m, capacity, rowStart, pairOrg, pairWeight } = problem;
  const potNeed = new Float64Array(n);
  const potOrg = new Float64Array(m); // sink potential is 0 throughout; organizations stay <= 0
  const needPair = new Int32Array(n).fill(-1);

  // The needs each organization currently serves, in fixed slots.
  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = slotStart[j] + Math.max(0, capacity[j]);
  const slotNeed = new Int32Array(slotStart[m]);
  const used = new Int32Array(m);

  // Nodes 0..n-1 are needs, n..n+m-1 organizations; per-search state is stamped, never cleared.
  const nodeCount = n + m;
  const dist = new Float64Array(nodeCount);
  const seenStamp = new Int32Array(nodeCount);
  const doneStamp = new Int32Array(nodeCount);
  const predFrom = new Int32Array(nodeCount); // org node: the need it came from; need node: its organization
  const predPair = new Int32Array(m); // the pair used to enter an organization
  const settled = new Int32Array(nodeCount);
  const heap = new NodeHeap();

  const progressStep = Math.max(1, Math.ceil(n / 10));
  for (let r = 0; r < n; r++) {
    if (onProgress && r > 0 && r % progressStep === 0) onProgress(r / n);
    const rowFrom = rowStart[r];
    const rowTo = rowStart[r + 1];
    if (rowFrom === rowTo) continue;

    // Smallest potential keeping r's edges at reduced cost >= 0 (and its bypass: potential >= 0).
    let startPotential = 0;
    for (let p = rowFrom; p < rowTo; p++) {
      const v = pairWeight[p] + potOrg[pairOrg[p]];
      if (v > startPotential) startPotential = v;
    }
    potNeed[r] = startPotential;

    const stamp = r + 1;
    heap.clear();
    seenStamp[r] = stamp;
    dist[r] = 0;
    heap.push(0, r);
    let best = startPotential; // reduced length of r's own bypass: leave r unassigned
    let bestEnd = r;
    let settledCount = 0;

    while (heap.size > 0) {
      const d = heap.topKey();
      const u = heap.pop();
      if (doneStamp[u] === stamp) continue; // stale duplicate
      if (d >= best) break; // nothing left can reach the sink more cheaply
      doneStamp[u] = stamp;
      settled[settledCount++] = u;
      if (u < n) {
        // A need: reached from the organization serving it; it may drop out (bypass) or move on.
        const pu = potNeed[u];
        if (u !== r && d + pu < best) {
          best = d + pu;
          bestEnd = u;
        }
        const own = needPair[u];
        for (let p = rowStart[u], end = rowStart[u + 1]; p < end; p++) {
          if (p === own) continue;
          const j = pairOrg[p];
          const v = n + j;
          if (doneStamp[v] === stamp) continue;
          const nd = d + pu - pairWeight[p] - potOrg[j];
          if (seenStamp[v] !== stamp || nd < dist[v]) {
            seenStamp[v] = stamp;
            dist[v] = nd;
            predFrom[v] = u;
            predPair[j] = p;
            heap.push(nd, v);
          }
        }
      } else {
        // An organization: a free slot ends the path; otherwise one of its needs may move away.
        const j = u - n;
        const pj = potOrg[j];
        if (used[j] < capacity[j] && d + pj < best) {
          best = d + pj;
          bestEnd = u;
        }
        for (let s = slotStart[j], end = slotStart[j] + used[j]; s < end; s++) {
          const k = slotNeed[s];
          if (doneStamp[k] === stamp) continue;
          const nd = d + pairWeight[needPair[k]] + pj - potNeed[k];
          if (seenStamp[k] !== stamp || nd < dist[k]) {
            seenStamp[k] = stamp;
            dist[k] = nd;
            predFrom[k] = j;
            heap.push(nd, k);
          }
        }
      }
    }

    for (let s = 0; s < settledCount; s++) {
      const u = settled[s];
      if (u < n) potNeed[u] += dist[u] - best;
      else potOrg[u - n] += dist[u] - best;
    }

    let org: number;
    if (bestEnd < n) {
      if (bestEnd === r) continue; // leaving r unassigned is optimal
      org = predFrom[bestEnd]; // bestEnd gives up its organization, which passes the slot back along the path
      releaseSlot(org, bestEnd);
      needPair[bestEnd] = -1;
    } else {
      org = bestEnd - n;
    }
    for (;;) {
      const i = predFrom[n + org];
      const previous = needPair[i];
      slotNeed[slotStart[org] + used[org]++] = i;
      needPair[i] = predPair[org];
      if (i === r) break;
      org = pairOrg[previous];
      releaseSlot(org, i);
    }
  }
  onProgress?.(1);
  return { needPair, needPotential: potNeed, orgPotential: potOrg };

  function releaseSlot(j: number, need: number): void {
    const from = slotStart[j];
    const last = from + --used[j];
    for (let s = from; s <= last; s++) {
      if (slotNeed[s] === need) {
        slotNeed[s] = slotNeed[last];
        return;
      }
    }
    throw new Error(`assignment invariant broken: need ${need} not in organization ${j}'s slots`);
  }
}
