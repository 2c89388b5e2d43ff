import { useEffect, useRef } from 'react';
import { init, type EChartsCoreOption } from 'echarts/core';

/**
 * A chart that follows its option and its box's size. The charts and components it draws
 * are registered by its caller's ECharts module (screen/echarts.ts, insight/charts.ts), so
 * each page bundles only its own. `replace`: a new option replaces the old one instead of
 * merging into it (charts whose series come and go).
 */
export function EChart({
  option,
  label,
  style,
  replace = false,
}: {
  option: EChartsCoreOption;
  label: string;
  style?: React.CSSProperties;
  replace?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  useEffect(() => {
    const el = box.current!;
    chart.current = init(el, undefined, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: replace, lazyUpdate: true });
  }, [option, replace]);
  return <div ref={box} role="img" aria-label={label} style={style} />;
}
