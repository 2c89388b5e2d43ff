import highsLoader from 'highs';
import { munkres } from 'munkres';
import { AssignmentProblem } from '../assignment/assignment-problem';

/**
 * Independent solvers for the same assignment problem, used by the specs and the benchmark to
 * check the engine's optimum. None of them is meant for production.
 */

/** Exhaustive search (depth-first with a simple bound); only for a handful of needs. */
export function exhaustiveMaxWeight(problem: AssignmentProblem): number {
  const { needCount: n, rowStart, pairOrg, pairWeight } = problem;
  const left = Int32Array.from(problem.capacity, (c) => Math.max(0, c));
  const bestRest = new Float64Array(n + 1); // sum of each later need's best weight: an upper bound
  for (let i = n - 1; i >= 0; i--) {
    let best = 0;
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) best = Math.max(best, pairWeight[p]);
    bestRest[i] = bestRest[i + 1] + best;
  }
  let best = 0;
  const visit = (i: number, total: number): void => {
    if (total + bestRest[i] <= best) return;
    if (i === n) {
      best = total;
      return;
    }
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      const j = pairOrg[p];
      if (left[j] === 0) continue;
      left[j]--;
      visit(i + 1, total + pairWeight[p]);
      left[j]++;
    }
    visit(i + 1, total); // the need stays unassigned
  };
  visit(0, 0);
  return best;
}

/**
 * Munkres (Hungarian) on the expanded matrix: one row per need, one column per organization slot.
 * Cost = -weight for an eligible pair and 0 otherwise, so a need sitting on an ineligible slot
 * counts as unassigned and costs what staying unassigned costs. (A large cost for ineligible
 * cells would make Munkres first maximize the NUMBER of assignments, a different objective.)
 */
export function munkresMaxWeight(problem: AssignmentProblem): { totalWeight: number; assignedCount: number; slots: number } {
  const { needCount: n, orgCount: m, capacity, rowStart, pairOrg, pairWeight } = problem;
  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = slotStart[j] + Math.max(0, capacity[j]);
  const slots = slotStart[m];
  const matrix: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(slots);
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) row.fill(-pairWeight[p], slotStart[pairOrg[p]], slotStart[pairOrg[p] + 1]);
    matrix.push(row);
  }
  let totalWeight = 0;
  let assignedCount = 0;
  for (const [row, column] of munkres(matrix)) {
    const weight = -matrix[row][column];
    if (weight > 0) {
      totalWeight += weight;
      assignedCount++;
    }
  }
  return { totalWeight, assignedCount, slots };
}

/**
 * The LP relaxation solved by HiGHS (`objective` in score units; `totalWeight` re-adds the
 * integer weights of the pairs the LP chose): x_p in [0, 1] per pair, at most 1 per need, at most the free
 * capacity per organization, maximize sum(weight * x). The constraint matrix is that of a
 * bipartite graph (totally unimodular), so the LP optimum is the integer optimum.
 */
export async function highsMaxWeight(problem: AssignmentProblem): Promise<{ objective: number; totalWeight: number; status: string; fractional: number }> {
  const highs = await highsLoader();
  const { needCount: n, orgCount: m, capacity, rowStart, pairOrg, pairWeight } = problem;
  const pairs = rowStart[n];
  const starts = new Int32Array(pairs + 1);
  const indices = new Int32Array(2 * pairs);
  for (let i = 0; i < n; i++) {
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
      starts[p + 1] = 2 * (p + 1);
      indices[2 * p] = i;
      indices[2 * p + 1] = n + pairOrg[p];
    }
  }
  const model = highs.createModel({
    numCols: pairs,
    numRows: n + m,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(pairWeight, (w) => w / 1e9), // objective in score units, as the engine reports
    colLower: new Float64Array(pairs),
    colUpper: new Float64Array(pairs).fill(1),
    rowLower: new Float64Array(n + m).fill(-highs.infinity),
    rowUpper: Float64Array.from({ length: n + m }, (_, r) => (r < n ? 1 : Math.max(0, capacity[r - n]))),
    matrix: { format: 'csc', numRows: n + m, numCols: pairs, starts, indices, values: new Float64Array(2 * pairs).fill(1) },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus() === highs.constants.modelStatus.optimal ? 'Optimal' : `status ${model.getModelStatus()}`;
    const x = model.getSolution().colValue;
    let fractional = 0;
    let total = 0;
    for (let p = 0; p < pairs; p++) {
      if (Math.abs(x[p] - Math.round(x[p])) > 1e-6) fractional++;
      total += Math.round(x[p]) * pairWeight[p];
    }
    return { objective: model.getObjectiveValue(), totalWeight: total, status, fractional };
  } finally {
    model.dispose();
  }
}
