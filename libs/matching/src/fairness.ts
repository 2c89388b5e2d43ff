import { MatchGraph } from './match-graph';
import { AssignedPair } from './types';

/**
 * How fairly a run spread the work: who won the assigned needs against who could have (the
 * eligible supply). Pure arithmetic over an assignment and the eligibility the run saw, so the
 * same figures come out whether they are computed in the worker right after the run, from the
 * stored proposals months later, or by an auditor recomputing them by hand.
 */

/** What the run knew about an organization when it ran (its grade or form may change later). */
export interface SupplyFacts {
  organizationId: string;
  form: string;
  grade: string;
  /** Never evaluated before the run: a newcomer or grassroots group with no track record. */
  newcomer: boolean;
  /** Eligible (need, organization) pairs of this organization in the run. */
  eligiblePairs: number;
}

export interface DemandFacts {
  needId: string;
  district: string;
  /** Organizations eligible for this need in the run; 0 = nobody could serve it. */
  candidates: number;
}

export interface ShareFigure {
  key: string;
  /** Assigned needs won by this group (for districts: assigned needs of the district). */
  assigned: number;
  /** Eligible pairs of this group's organizations (for districts: its needs with at least one candidate). */
  eligibleSupply: number;
  /** assigned / all assigned needs. */
  share: number;
  /** eligibleSupply / all eligible supply of the same kind. */
  supplyShare: number;
}

export interface FairnessFigures {
  needs: number;
  assigned: number;
  coverage: number;
  newcomerShare: number;
  newcomerSupplyShare: number;
  unratedShare: number;
  top10Share: number;
  hhi: number;
  byForm: ShareFigure[];
  byGrade: ShareFigure[];
  byDistrict: ShareFigure[];
}

export const UNRATED_GRADE = 'UNRATED';
/** The "top-10 share": how much of the work the ten busiest winners took. */
export const TOP_WINNERS = 10;

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/** Assigned needs per organization, busiest first (ties by id, so the order is reproducible). */
export function winsByOrganization(assignment: readonly Pick<AssignedPair, 'organizationId'>[]): [string, number][] {
  const wins = new Map<string, number>();
  for (const pair of assignment) wins.set(pair.organizationId, (wins.get(pair.organizationId) ?? 0) + 1);
  return [...wins].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Herfindahl-Hirschman index of the winners' shares: 1 = one organization took everything, 1/n = n took equal parts. */
export function herfindahlIndex(wins: readonly number[]): number {
  const total = wins.reduce((sum, n) => sum + n, 0);
  if (total === 0) return 0;
  return wins.reduce((sum, n) => sum + (n / total) ** 2, 0);
}

/** Share of the assigned needs won by the `top` busiest organizations. */
export function topShare(wins: readonly number[], top = TOP_WINNERS): number {
  const total = wins.reduce((sum, n) => sum + n, 0);
  const sorted = [...wins].sort((a, b) => b - a);
  return ratio(
    sorted.slice(0, top).reduce((sum, n) => sum + n, 0),
    total,
  );
}

function shareFigures(assignedByKey: Map<string, number>, supplyByKey: Map<string, number>, totalAssigned: number): ShareFigure[] {
  const totalSupply = [...supplyByKey.values()].reduce((sum, n) => sum + n, 0);
  const keys = [...new Set([...assignedByKey.keys(), ...supplyByKey.keys()])].sort();
  return keys.map((key) => {
    const assigned = assignedByKey.get(key) ?? 0;
    const eligibleSupply = supplyByKey.get(key) ?? 0;
    return { key, assigned, eligibleSupply, share: ratio(assigned, totalAssigned), supplyShare: ratio(eligibleSupply, totalSupply) };
  });
}

const add = (map: Map<string, number>, key: string, n: number): void => {
  map.set(key, (map.get(key) ?? 0) + n);
};

/**
 * The fairness figures of one assignment. `supply` lists the organizations with eligible pairs in
 * the run (an assigned organization missing from it is counted with no supply and its own group
 * UNKNOWN rather than dropped); `demand` lists every need of the run.
 */
export function fairnessFigures(
  demand: readonly DemandFacts[],
  supply: readonly SupplyFacts[],
  assignment: readonly Pick<AssignedPair, 'needId' | 'organizationId'>[],
): FairnessFigures {
  const organizations = new Map(supply.map((s) => [s.organizationId, s]));
  const needs = new Map(demand.map((d) => [d.needId, d]));
  const assigned = assignment.length;
  const wins = winsByOrganization(assignment);

  const byForm = { assigned: new Map<string, number>(), supply: new Map<string, number>() };
  const byGrade = { assigned: new Map<string, number>(), supply: new Map<string, number>() };
  const byDistrict = { assigned: new Map<string, number>(), supply: new Map<string, number>() };
  let newcomerPairs = 0;
  let allPairs = 0;
  for (const s of supply) {
    add(byForm.supply, s.form, s.eligiblePairs);
    add(byGrade.supply, s.grade, s.eligiblePairs);
    allPairs += s.eligiblePairs;
    if (s.newcomer) newcomerPairs += s.eligiblePairs;
  }
  for (const d of demand) if (d.candidates > 0) add(byDistrict.supply, d.district, 1);

  let newcomerWins = 0;
  let unratedWins = 0;
  for (const [organizationId, n] of wins) {
    const s = organizations.get(organizationId);
    add(byForm.assigned, s?.form ?? 'UNKNOWN', n);
    add(byGrade.assigned, s?.grade ?? 'UNKNOWN', n);
    if (s?.newcomer) newcomerWins += n;
    if (s?.grade === UNRATED_GRADE) unratedWins += n;
  }
  for (const pair of assignment) add(byDistrict.assigned, needs.get(pair.needId)?.district ?? 'UNKNOWN', 1);

  const counts = wins.map(([, n]) => n);
  return {
    needs: demand.length,
    assigned,
    coverage: ratio(assigned, demand.length),
    newcomerShare: ratio(newcomerWins, assigned),
    newcomerSupplyShare: ratio(newcomerPairs, allPairs),
    unratedShare: ratio(unratedWins, assigned),
    top10Share: topShare(counts),
    hhi: herfindahlIndex(counts),
    byForm: shareFigures(byForm.assigned, byForm.supply, assigned),
    byGrade: shareFigures(byGrade.assigned, byGrade.supply, assigned),
    byDistrict: shareFigures(byDistrict.assigned, byDistrict.supply, assigned),
  };
}

/** Eligible pairs per organization and candidates per need, as the run's graph holds them (ids, not indices). */
export function eligibilityCounts(graph: MatchGraph): {
  pairsByOrganization: { organizationId: string; eligiblePairs: number }[];
  candidatesByNeed: { needId: string; candidates: number }[];
} {
  const pairs = new Int32Array(graph.orgCount);
  const total = graph.rowStart[graph.needCount];
  for (let p = 0; p < total; p++) pairs[graph.pairOrg[p]]++;
  const pairsByOrganization: { organizationId: string; eligiblePairs: number }[] = [];
  for (let o = 0; o < graph.orgCount; o++) {
    if (pairs[o] > 0) pairsByOrganization.push({ organizationId: graph.input.organizations[o].id, eligiblePairs: pairs[o] });
  }
  const candidatesByNeed = graph.input.needs.map((need, i) => ({ needId: need.id, candidates: graph.rowStart[i + 1] - graph.rowStart[i] }));
  return { pairsByOrganization, candidatesByNeed };
}
