import { describe, expect, it } from 'vitest';
import { heatOption, mapOption, type Cell } from './gap-charts';

const cell = (o: Partial<Cell>): Cell => ({
  domain: 'ELDERLY_CARE',
  district: '玄武区',
  needs: 3,
  unassigned: 2,
  withoutCandidate: 0,
  budget: '20000.00',
  organizations: 4,
  freeCapacity: 6,
  ...o,
});

describe('gap map charts', () => {
  const cells = [
    cell({ domain: 'DRUG_PREVENTION', district: '高淳区', unassigned: 1, withoutCandidate: 1 }),
    cell({}),
    cell({ domain: 'ELDERLY_CARE', district: '某市', unassigned: 12 }),
  ];

  it("lays districts out in Nanjing's order (others after), domains as rows, the unassigned needs as the value", () => {
    const option = heatOption(cells) as unknown as {
      rows: number;
      xAxis: { data: string[] };
      yAxis: { data: string[] };
      series: Array<{ data: Array<{ value: number[]; itemStyle?: object }> }>;
    };
    expect(option.xAxis.data).toEqual(['玄武区', '高淳区', '某市']);
    expect(option.yAxis.data).toEqual(['禁毒', '养老服务']);
    expect(option.rows).toBe(2);
    expect(option.series[0].data.map((d) => d.value)).toEqual([
      [1, 0, 1],
      [0, 1, 2],
      [2, 1, 12],
    ]);
    // "Recruit here" (no candidate) is outlined; the others are not.
    expect(option.series[0].data.map((d) => !!d.itemStyle)).toEqual([true, false, false]);
  });

  it("shades each of Nanjing's districts on the map by its unassigned needs, and marks red those with needs nobody can serve", () => {
    const option = mapOption(cells) as unknown as {
      series: Array<{ type: string; map: string; data: Array<{ name: string; value: number; withoutCandidate: number; itemStyle: { areaColor: string } }> }>;
    };
    expect(option.series[0]).toMatchObject({ type: 'map', map: '南京' });
    const districts = new Map(option.series[0].data.map((d) => [d.name, d]));
    expect(districts.size).toBe(11);
    expect(districts.get('玄武区')).toMatchObject({ value: 2, withoutCandidate: 0, itemStyle: { areaColor: 'rgba(250, 140, 22, 1.000)' } });
    expect(districts.get('高淳区')).toMatchObject({ value: 1, withoutCandidate: 1, itemStyle: { areaColor: '#cf1322' } });
    expect(districts.get('鼓楼区')).toMatchObject({ value: 0, itemStyle: { areaColor: '#d6e4ff' } });
    expect(districts.has('某市')).toBe(false);
  });
});
