import { generateInstance } from '../testing/instance-generator';
import { randomAssignmentProblem, mulberry32 } from '../testing/random-problems';
import { exhaustiveMaxWeight, highsMaxWeight } from '../testing/reference-solvers';
import { buildMatchGraph } from '../match-graph';
import { AssignmentProblem, AssignmentSolution } from './assignment-problem';
import { auctionAssignment } from './auction';
import { greedyAssignment } from './greedy';
import { successiveShortestPaths } from './min-cost-flow';

/** Checks the solution is feasible and its reported totals are right; returns the total weight. */
function checkFeasible(problem: AssignmentProblem, solution: AssignmentSolution): number {
  const used = new Int32Array(problem.orgCount);
  let total = 0;
  let assigned = 0;
  for (let i = 0; i < problem.needCount; i++) {
    const p = solution.needPair[i];
    if (p < 0) continue;
    expect(p).toBeGreaterThanOrEqual(problem.rowStart[i]); // the pair belongs to this need
    expect(p).toBeLessThan(problem.rowStart[i + 1]);
    used[problem.pairOrg[p]]++;
    total += problem.pairWeight[p];
    assigned++;
  }
  for (let j = 0; j < problem.orgCount; j++) expect(used[j]).toBeLessThanOrEqual(problem.capacity[j]);
  expect(solution.totalWeight).toBe(total);
  expect(solution.assignedCount).toBe(assigned);
  return total;
}

function sspTotal(problem: AssignmentProblem): number {
  const { needPair } = successiveShortestPaths(problem);
  return checkFeasible(problem, {
    needPair,
    assignedCount: [...needPair].filter((p) => p >= 0).length,
    totalWeight: [...needPair].reduce((s, p) => s + (p >= 0 ? problem.pairWeight[p] : 0), 0),
  });
}

describe(auctionAssignment.name, () => {
  it('matches exhaustive search on 300 random small instances (capacities 0-3, many ties)', () => {
    const random = mulberry32(1);
    for (let round = 0; round < 300; round++) {
      const problem = randomAssignmentProblem(random, {
        needs: 1 + Math.floor(random() * 7),
        organizations: 1 + Math.floor(random() * 5),
        maxCapacity: 3,
        density: 0.3 + 0.6 * random(),
        ties: round % 2 === 0,
      });
      const optimum = exhaustiveMaxWeight(problem);
      expect(checkFeasible(problem, auctionAssignment(problem))).toBe(optimum);
    }
  });

  it('maximizes total score, not the number of assignments', () => {
    // Need 0 can only use X (0.1); need 1 prefers X (0.9) over Y (0.05). Best: 1 -> X alone.
    const problem: AssignmentProblem = {
      needCount: 2,
      orgCount: 2,
      capacity: Int32Array.of(1, 0),
      rowStart: Int32Array.of(0, 1, 3),
      pairOrg: Int32Array.of(0, 0, 1),
      pairWeight: Int32Array.of(100_000_000, 900_000_000, 50_000_000),
    };
    const solution = auctionAssignment(problem);
    expect(Array.from(solution.needPair)).toEqual([-1, 1]);
    expect(solution.totalWeight).toBe(900_000_000);
  });

  it('agrees with the HiGHS LP optimum on 200 x 60 instances', async () => {
    const random = mulberry32(2);
    for (let round = 0; round < 4; round++) {
      const problem = randomAssignmentProblem(random, { needs: 200, organizations: 60, maxCapacity: 3, density: 0.15, ties: round % 2 === 1 });
      const ours = checkFeasible(problem, auctionAssignment(problem));
      const lp = await highsMaxWeight(problem);
      expect(lp.status).toBe('Optimal');
      expect(Math.abs(lp.objective - ours / 1e9)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('agrees with the HiGHS LP optimum on a generated Nanjing instance', async () => {
    const { needs, organizations, bids } = generateInstance({ needs: 200, organizations: 60, seed: 5 });
    const graph = buildMatchGraph(needs, organizations, bids);
    const ours = checkFeasible(graph, auctionAssignment(graph));
    const lp = await highsMaxWeight(graph);
    expect(Math.abs(lp.objective - ours / 1e9)).toBeLessThanOrEqual(1e-6);
  });

  it('agrees with successive shortest paths where competition is fierce (needs >> slots)', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 1500, organizations: 200, seed: 9 });
    const graph = buildMatchGraph(needs, organizations, bids);
    expect(checkFeasible(graph, auctionAssignment(graph))).toBe(sspTotal(graph));
  });

  it('returns the same assignment for the same input', () => {
    const problem = randomAssignmentProblem(mulberry32(4), { needs: 300, organizations: 80, maxCapacity: 3, density: 0.1, ties: true });
    expect(Array.from(auctionAssignment(problem).needPair)).toEqual(Array.from(auctionAssignment(problem).needPair));
  });

  it('reports progress that rises to 1', () => {
    const problem = randomAssignmentProblem(mulberry32(6), { needs: 100, organizations: 30, maxCapacity: 2, density: 0.2 });
    const seen: number[] = [];
    auctionAssignment(problem, (f) => seen.push(f));
    expect(seen[seen.length - 1]).toBe(1);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]);
    expect(seen.length).toBeLessThanOrEqual(25);
  });

  it('handles needs without eligible organizations and organizations without capacity', () => {
    const problem: AssignmentProblem = {
      needCount: 3,
      orgCount: 2,
      capacity: Int32Array.of(0, 1),
      rowStart: Int32Array.of(0, 0, 2, 3),
      pairOrg: Int32Array.of(0, 1, 1),
      pairWeight: Int32Array.of(500, 400, 300),
    };
    expect(Array.from(auctionAssignment(problem).needPair)).toEqual([-1, 1, -1]);
  });
});

describe(successiveShortestPaths.name, () => {
  it('matches exhaustive search on 300 random small instances', () => {
    const random = mulberry32(21);
    for (let round = 0; round < 300; round++) {
      const problem = randomAssignmentProblem(random, {
        needs: 1 + Math.floor(random() * 7),
        organizations: 1 + Math.floor(random() * 5),
        maxCapacity: 3,
        density: 0.3 + 0.6 * random(),
        ties: round % 2 === 1,
      });
      expect(sspTotal(problem)).toBe(exhaustiveMaxWeight(problem));
    }
  });
});

describe(greedyAssignment.name, () => {
  it('is feasible and never beats the optimum', () => {
    const random = mulberry32(8);
    for (let round = 0; round < 100; round++) {
      const problem = randomAssignmentProblem(random, { needs: 7, organizations: 5, maxCapacity: 3, density: 0.6 });
      expect(checkFeasible(problem, greedyAssignment(problem))).toBeLessThanOrEqual(exhaustiveMaxWeight(problem));
    }
  });

  it('takes pairs best first', () => {
    const problem: AssignmentProblem = {
      needCount: 2,
      orgCount: 2,
      capacity: Int32Array.of(1, 1),
      rowStart: Int32Array.of(0, 2, 3),
      pairOrg: Int32Array.of(0, 1, 0),
      pairWeight: Int32Array.of(800, 700, 900),
    };
    // Greedy: need 1 -> org 0 (900), then need 0 -> org 1 (700).
    expect(Array.from(greedyAssignment(problem).needPair)).toEqual([1, 2]);
  });
});
