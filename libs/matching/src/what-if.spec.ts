import { runMatching } from './run-matching';
import { generateInstance } from './testing/instance-generator';
import { DEFAULT_WEIGHTS } from './weights';
import { compareWeightings, MAX_WHAT_IF_WEIGHT_SETS } from './what-if';

describe(compareWeightings.name, () => {
  const { needs, organizations, bids } = generateInstance({ needs: 500, organizations: 150, seed: 21 });

  it('solves each weighting exactly as a real run would', () => {
    const weightSets = [{}, { distance: 0.6 }, { performance: 0, grade: 0.4 }];
    const outcomes = compareWeightings(needs, organizations, bids, weightSets);
    weightSets.forEach((weights, i) => {
      const run = runMatching(needs, organizations, bids, { weights });
      expect(outcomes[i].assigned).toBe(run.assignedCount);
      expect(outcomes[i].totalScore).toBeCloseTo(run.totalScore, 9);
      expect(outcomes[i].coverage).toBeCloseTo(run.assignedCount / needs.length, 12);
    });
    expect(outcomes[0].weights).toEqual(DEFAULT_WEIGHTS);
    expect(outcomes[1].weights).toEqual({ ...DEFAULT_WEIGHTS, distance: 0.6 });
  });

  it('counts the needs that change hands against the first weighting', () => {
    const [same, again, distance] = compareWeightings(needs, organizations, bids, [{}, {}, { distance: 5, domain: 0.01 }]);
    expect(same.changedVsFirst).toBe(0);
    expect(again.changedVsFirst).toBe(0);
    const base = new Map(runMatching(needs, organizations, bids).assignment.map((a) => [a.needId, a.organizationId]));
    const other = new Map(
      runMatching(needs, organizations, bids, { weights: { distance: 5, domain: 0.01 } }).assignment.map((a) => [a.needId, a.organizationId]),
    );
    const changed = needs.filter((n) => base.get(n.id) !== other.get(n.id)).length;
    expect(changed).toBeGreaterThan(0);
    expect(distance.changedVsFirst).toBe(changed);
  });

  it('measures the newcomers’ share of the assigned needs', () => {
    const [outcome] = compareWeightings(needs, organizations, bids, [{}]);
    const newcomers = new Set(organizations.filter((o) => o.performanceScore === null).map((o) => o.id));
    const run = runMatching(needs, organizations, bids);
    expect(outcome.newcomerShare).toBeCloseTo(run.assignment.filter((a) => newcomers.has(a.organizationId)).length / run.assignedCount, 12);
  });

  it(`refuses no weight set and more than ${MAX_WHAT_IF_WEIGHT_SETS}`, () => {
    expect(() => compareWeightings(needs, organizations, bids, [])).toThrow(RangeError);
    expect(() =>
      compareWeightings(
        needs,
        organizations,
        bids,
        Array.from({ length: MAX_WHAT_IF_WEIGHT_SETS + 1 }, () => ({})),
      ),
    ).toThrow(RangeError);
  });
});
