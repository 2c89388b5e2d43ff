import type { GapMapQuery } from '../gql/graphql';
import { yuan } from '../lib/format';
import { DOMAIN, NANJING_DISTRICTS } from '../lib/labels';
import { DISTRICT_POINTS } from '../screen/districts';
import { NANJING_MAP, OLD_TOWN } from '../screen/nanjing/map';
import type { EChartsCoreOption } from './charts';

export type Cell = GapMapQuery['gapMap']['cells'][number];

/** Unassigned needs per cell, in steps an organizer reads at a glance. */
const PIECES = [
  { value: 0, label: '0', color: '#f0f5ff' },
  { gte: 1, lte: 2, label: '1–2', color: '#ffd8bf' },
  { gte: 3, lte: 5, label: '3–5', color: '#ff9c6e' },
  { gte: 6, lte: 10, label: '6–10', color: '#fa541c' },
  { gt: 10, label: '> 10', color: '#ad2102' },
];

export function heatOption(cells: Cell[]): EChartsCoreOption & { rows: number } {
  const districts = [
    ...NANJING_DISTRICTS.filter((d) => cells.some((c) => c.district === d)),
    ...new Set(cells.map((c) => c.district).filter((d) => !NANJING_DISTRICTS.includes(d))),
  ];
  const domains = [...new Set(cells.map((c) => c.domain))].sort();
  const byKey = new Map(cells.map((c) => [`${c.domain}|${c.district}`, c]));
  const data = cells.map((c) => ({
    value: [districts.indexOf(c.district), domains.indexOf(c.domain), c.unassigned],
    itemStyle: c.withoutCandidate > 0 ? { borderColor: '#cf1322', borderWidth: 2 } : undefined,
  }));
  return {
    rows: domains.length,
    tooltip: {
      formatter: (p: { value: [number, number, number] }) => {
        const c = byKey.get(`${domains[p.value[1]]}|${districts[p.value[0]]}`)!;
        return `${DOMAIN[c.domain]} · ${c.district}<br/>需求 ${c.needs}，未分配 ${c.unassigned}，无候选 ${c.withoutCandidate}<br/>未分配预算 ${yuan(c.budget)}<br/>可覆盖组织 ${c.organizations}，空闲承接量 ${c.freeCapacity}`;
      },
    },
    grid: { left: 130, right: 16, top: 8, bottom: 70 },
    xAxis: { type: 'category', data: districts, splitArea: { show: true } },
    yAxis: { type: 'category', data: domains.map((d) => DOMAIN[d]), splitArea: { show: true } },
    visualMap: { type: 'piecewise', dimension: 2, pieces: PIECES, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data, label: { show: true }, emphasis: { itemStyle: { shadowBlur: 6 } } }],
  };
}

export function mapOption(cells: Cell[]): EChartsCoreOption {
  const byDistrict = new Map<string, { unassigned: number; withoutCandidate: number }>();
  for (const c of cells) {
    const d = byDistrict.get(c.district) ?? { unassigned: 0, withoutCandidate: 0 };
    d.unassigned += c.unassigned;
    d.withoutCandidate += c.withoutCandidate;
    byDistrict.set(c.district, d);
  }
  // Shaded against the drawn districts only (a need of another city has no district here).
  const largest = Math.max(1, ...Object.keys(DISTRICT_POINTS).map((name) => byDistrict.get(name)?.unassigned ?? 0));
  const districts = Object.keys(DISTRICT_POINTS).map((name) => {
    const d = byDistrict.get(name) ?? { unassigned: 0, withoutCandidate: 0 };
    // Recruit here (needs nobody can serve) in red; otherwise orange, deeper with more unassigned needs; none in blue.
    const share = d.unassigned / largest;
    const areaColor = d.withoutCandidate > 0 ? '#cf1322' : d.unassigned > 0 ? `rgba(250, 140, 22, ${(0.25 + 0.75 * share).toFixed(3)})` : '#d6e4ff';
    return { name, value: d.unassigned, withoutCandidate: d.withoutCandidate, itemStyle: { areaColor }, label: { show: !OLD_TOWN.has(name) } };
  });
  return {
    tooltip: {
      formatter: (p: { name: string; data?: { value: number; withoutCandidate: number } }) =>
        p.data ? `${p.name}<br/>未分配 ${p.data.value}，无候选 ${p.data.withoutCandidate}` : p.name,
    },
    series: [
      {
        type: 'map',
        map: NANJING_MAP,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        selectedMode: false,
        data: districts,
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { areaColor: '#ffd591' } },
        labelLayout: { hideOverlap: true },
        label: {
          show: true,
          color: 'rgba(0,0,0,0.88)',
          formatter: (p: { name: string; value: number }) => (Number(p.value) > 0 ? `${p.name} ${p.value}` : p.name),
        },
      },
    ],
  };
}
