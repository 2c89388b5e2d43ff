import geo from './districts.geo.json';

/** The name Nanjing's district boundaries are registered under in ECharts (see LICENSE beside them). */
export const NANJING_MAP = '南京';

/** Registers the boundaries with an ECharts instance's core (the big screen and the gap map each build their own). */
export function registerNanjing(echarts: { registerMap(name: string, geo: never): void }): void {
  echarts.registerMap(NANJING_MAP, geo as never);
}

/** The old town's five districts: too small at a screen's scale for a label of their own (the tooltip names them). */
export const OLD_TOWN: ReadonlySet<string> = new Set(['玄武区', '秦淮区', '鼓楼区', '建邺区', '雨花台区']);
