// ECharts piece by piece: only the charts and components the big screen draws.
import { BarChart, EffectScatterChart, MapChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

import { NANJING_MAP, registerNanjing } from './nanjing/map';

echarts.use([BarChart, ScatterChart, EffectScatterChart, MapChart, GridComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);
// Nanjing's eleven districts, bundled (see nanjing/LICENSE): the hall's network may be offline, so no map server.
registerNanjing(echarts);

export { NANJING_MAP };

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
