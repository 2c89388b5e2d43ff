// ECharts piece by piece for the insight tabs: the heat map with a piecewise scale and the district points.
import { HeatmapChart, MapChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

import { registerNanjing } from '../screen/nanjing/map';

echarts.use([HeatmapChart, ScatterChart, MapChart, GridComponent, TooltipComponent, VisualMapPiecewiseComponent, CanvasRenderer]);
// The district view of the gap map is drawn on Nanjing's district boundaries, bundled (no map server).
registerNanjing(echarts);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
