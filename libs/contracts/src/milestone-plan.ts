import { Fen, splitByPercent } from '@app/core';

/**
 * The default payment schedule of a service contract (30/40/30): an advance when
 * the service starts, a mid-term payment, and the balance on acceptance at the end.
 */
export const DEFAULT_MILESTONE_PLAN: ReadonlyArray<{ percent: number; title: string }> = [
  { percent: 30, title: '首期款（项目启动）' },
  { percent: 40, title: '中期款（中期评估）' },
  { percent: 30, title: '尾款（结项验收）' },
];

export interface PlannedMilestone {
  seq: number;
  title: string;
  dueOn: string; // YYYY-MM-DD
  amountFen: Fen;
}

const DAY_MS = 24 * 3600 * 1000;
const toDay = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const fromDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Milestones whose amounts add up exactly to `amountFen` (the leftover fen of the
 * rounding go to the last one) and whose due dates are spread evenly over the
 * contract period: the first on the start date, the last on the end date.
 */
export function planMilestones(amountFen: Fen, startsOn: string, endsOn: string, plan = DEFAULT_MILESTONE_PLAN): PlannedMilestone[] {
  const amounts = splitByPercent(
    amountFen,
    plan.map((p) => p.percent),
  );
  const start = toDay(startsOn);
  const days = Math.max(0, Math.round((toDay(endsOn) - start) / DAY_MS));
  const last = plan.length - 1;
  return plan.map((p, i) => ({
    seq: i + 1,
    title: p.title,
    dueOn: fromDay(start + (last === 0 ? days : Math.round((days * i) / last)) * DAY_MS),
    amountFen: amounts[i],
  }));
}
