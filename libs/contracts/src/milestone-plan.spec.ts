import { planMilestones } from './milestone-plan';

describe('planMilestones', () => {
  it('splits 30/40/30 so the amounts add up to the contract amount to the fen', () => {
    for (const amount of [1, 2, 99, 100, 4_800_000, 3_333_333, 1_000_001]) {
      const milestones = planMilestones(amount, '2026-03-01', '2026-12-31');
      expect(milestones.reduce((sum, m) => sum + m.amountFen, 0)).toBe(amount);
      expect(milestones.every((m) => Number.isInteger(m.amountFen) && m.amountFen >= 0)).toBe(true);
    }
    expect(planMilestones(4_800_000, '2026-03-01', '2026-12-31').map((m) => m.amountFen)).toEqual([1_440_000, 1_920_000, 1_440_000]);
  });

  it('gives the leftover fen of the rounding to the last milestone', () => {
    expect(planMilestones(1001, '2026-01-01', '2026-01-31').map((m) => m.amountFen)).toEqual([300, 400, 301]);
  });

  it('spreads the due dates from the start to the end of the period', () => {
    const milestones = planMilestones(100_000, '2026-01-01', '2026-12-31');
    expect(milestones.map((m) => [m.seq, m.dueOn])).toEqual([
      [1, '2026-01-01'],
      [2, '2026-07-02'],
      [3, '2026-12-31'],
    ]);
  });

  it('puts every milestone on the day of a one-day contract', () => {
    expect(planMilestones(100, '2026-05-20', '2026-05-20').map((m) => m.dueOn)).toEqual(['2026-05-20', '2026-05-20', '2026-05-20']);
  });
});
