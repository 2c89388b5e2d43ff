import { isEligible } from './eligibility';
import { DemandFacts, fairnessFigures, herfindahlIndex, SupplyFacts, topShare, winsByOrganization } from './fairness';
import { runMatching } from './run-matching';
import { generateInstance } from './testing/instance-generator';

const supplier = (organizationId: string, overrides: Partial<SupplyFacts> = {}): SupplyFacts => ({
  organizationId,
  form: 'SOCIAL_SERVICE_AGENCY',
  grade: 'A3',
  newcomer: false,
  eligiblePairs: 1,
  ...overrides,
});
const need = (needId: string, district = '玄武区', candidates = 1): DemandFacts => ({ needId, district, candidates });

describe('fairness figures', () => {
  it('gives a Herfindahl index of 1 to a single winner and 1/n to n equal winners', () => {
    expect(herfindahlIndex([7])).toBe(1);
    expect(herfindahlIndex([3, 3, 3, 3])).toBeCloseTo(1 / 4, 12);
    expect(herfindahlIndex([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeCloseTo(1 / 12, 12);
    expect(herfindahlIndex([])).toBe(0);
    // 2 of 4 and 1 + 1: 0.25 + 0.0625 + 0.0625
    expect(herfindahlIndex([2, 1, 1])).toBeCloseTo(0.375, 12);
  });

  it('counts the ten busiest winners in the top-10 share', () => {
    const wins = [5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1];
    const total = wins.reduce((a, b) => a + b, 0);
    expect(topShare(wins)).toBeCloseTo((total - 2) / total, 12);
    expect(topShare([1, 1, 1])).toBe(1);
    expect(topShare([])).toBe(0);
  });

  it('orders winners by wins, then by id, so the report is reproducible', () => {
    expect(winsByOrganization([{ organizationId: 'b' }, { organizationId: 'a' }, { organizationId: 'c' }, { organizationId: 'c' }])).toEqual([
      ['c', 2],
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('compares the newcomers’ and unrated groups’ wins with their share of the eligible supply', () => {
    const supply = [
      supplier('veteran', { grade: 'A5', eligiblePairs: 6 }),
      supplier('newcomer', { grade: 'UNRATED', newcomer: true, form: 'FILED_COMMUNITY_ORG', eligiblePairs: 3 }),
      supplier('rated-newcomer', { grade: 'A2', newcomer: true, eligiblePairs: 1 }),
    ];
    const demand = [need('n1'), need('n2'), need('n3', '鼓楼区'), need('n4', '鼓楼区', 0)];
    const assignment = [
      { needId: 'n1', organizationId: 'veteran' },
      { needId: 'n2', organizationId: 'newcomer' },
      { needId: 'n3', organizationId: 'rated-newcomer' },
    ];
    const figures = fairnessFigures(demand, supply, assignment);
    expect(figures.needs).toBe(4);
    expect(figures.assigned).toBe(3);
    expect(figures.coverage).toBeCloseTo(3 / 4, 12);
    expect(figures.newcomerShare).toBeCloseTo(2 / 3, 12);
    expect(figures.newcomerSupplyShare).toBeCloseTo(4 / 10, 12);
    expect(figures.unratedShare).toBeCloseTo(1 / 3, 12);
    expect(figures.top10Share).toBe(1);
    expect(figures.hhi).toBeCloseTo(1 / 3, 12);
    expect(figures.byGrade).toEqual([
      { key: 'A2', assigned: 1, eligibleSupply: 1, share: 1 / 3, supplyShare: 0.1 },
      { key: 'A5', assigned: 1, eligibleSupply: 6, share: 1 / 3, supplyShare: 0.6 },
      { key: 'UNRATED', assigned: 1, eligibleSupply: 3, share: 1 / 3, supplyShare: 0.3 },
    ]);
    // Districts: supply is the district's needs that anybody could serve.
    expect(figures.byDistrict).toEqual([
      { key: '玄武区', assigned: 2, eligibleSupply: 2, share: 2 / 3, supplyShare: 2 / 3 },
      { key: '鼓楼区', assigned: 1, eligibleSupply: 1, share: 1 / 3, supplyShare: 1 / 3 },
    ]);
  });

  it('makes each breakdown’s shares sum to 1 and its counts to the totals, on a generated fair', () => {
    const { needs, organizations, bids } = generateInstance({ needs: 600, organizations: 200, seed: 9 });
    const result = runMatching(needs, organizations, bids);
    const orgs = new Map(organizations.map((o) => [o.id, o]));
    const supply = result.eligibility.pairsByOrganization.map(({ organizationId, eligiblePairs }) => {
      const o = orgs.get(organizationId)!;
      return supplier(organizationId, {
        grade: o.grade,
        newcomer: o.performanceScore === null,
        form: o.grade === 'UNRATED' ? 'FILED' : 'AGENCY',
        eligiblePairs,
      });
    });
    const districts = ['a', 'b', 'c'];
    const demand = result.eligibility.candidatesByNeed.map(({ needId, candidates }, i) => need(needId, districts[i % 3], candidates));
    const figures = fairnessFigures(demand, supply, result.assignment);

    expect(figures.assigned).toBe(result.assignedCount);
    for (const split of [figures.byForm, figures.byGrade, figures.byDistrict]) {
      expect(split.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 12);
      expect(split.reduce((sum, s) => sum + s.supplyShare, 0)).toBeCloseTo(1, 12);
      expect(split.reduce((sum, s) => sum + s.assigned, 0)).toBe(result.assignedCount);
    }
    // The eligibility the engine reports is the eligibility rule itself, pair by pair.
    const eligiblePairs = needs.reduce((sum, n) => sum + organizations.filter((o) => isEligible(n, o, bids)).length, 0);
    expect(supply.reduce((sum, s) => sum + s.eligiblePairs, 0)).toBe(eligiblePairs);
    expect(figures.byDistrict.reduce((sum, s) => sum + s.eligibleSupply, 0)).toBe(
      needs.filter((n) => organizations.some((o) => isEligible(n, o, bids))).length,
    );
  });

  it('reports zeros, not NaN, for a run that assigned nothing', () => {
    const figures = fairnessFigures([need('n1', '玄武区', 0)], [], []);
    expect(figures).toMatchObject({ needs: 1, assigned: 0, coverage: 0, newcomerShare: 0, newcomerSupplyShare: 0, unratedShare: 0, top10Share: 0, hhi: 0 });
  });
});
