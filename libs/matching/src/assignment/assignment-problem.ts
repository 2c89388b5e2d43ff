/**
 * The assignment as a sparse bipartite graph in CSR form over needs: row i lists the eligible
 * organizations of need i in ascending index (= id) order, with integer weights.
 */
export interface AssignmentProblem {
  needCount: number;
  orgCount: number;
  /** Free capacity per organization (>= 0). */
  capacity: Int32Array;
  /** Row i is pairs rowStart[i] .. rowStart[i+1]-1. */
  rowStart: Int32Array;
  pairOrg: Int32Array;
  /** round(score * SCORE_SCALE): integers make ties and optimality exact (no float drift along paths). */
  pairWeight: Int32Array;
}

export interface AssignmentSolution {
  /** Pair index assigned to each need, or -1. */
  needPair: Int32Array;
  assignedCount: number;
  /** Sum of the assigned pairs' integer weights. */
  totalWeight: number;
  /** Restricted problems solved by the pricing loop (diagnostics). */
  rounds?: number;
}

/**
 * Scores are in [0, 1]; 1e9 keeps 9 decimals (far below any meaningful score difference), fits an
 * Int32, and keeps every path length and potential an exact integer in a double (< 2^53).
 */
export const SCORE_SCALE = 1e9;

export function scoreToWeight(score: number): number {
  return Math.round(score * SCORE_SCALE);
}

export function solutionFromNeedPair(problem: AssignmentProblem, needPair: Int32Array): AssignmentSolution {
  let assignedCount = 0;
  let totalWeight = 0;
  for (let i = 0; i < problem.needCount; i++) {
    if (needPair[i] < 0) continue;
    assignedCount++;
    totalWeight += problem.pairWeight[needPair[i]];
  }
  return { needPair, assignedCount, totalWeight };
}
