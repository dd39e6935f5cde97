// ECharts with modular imports: only the charts and components the dashboard draws, on the canvas
// renderer. This file is imported by the dashboard page only, so ECharts lands in that page's lazy chunk
// and the login page never downloads it.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FONT_STACK } from '../../../../web/theme';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/** Every text of the chart (canvas and tooltip) in the app's CJK font stack. */
function withFont(option: EChartOption): EChartOption {
  const tooltip = option.tooltip as Record<string, unknown> | undefined;
  return {
    ...option,
    textStyle: { fontFamily: FONT_STACK },
    ...(tooltip ? { tooltip: { ...tooltip, textStyle: { fontFamily: FONT_STACK } } } : {}),
  };
}

/** What a click on a bar or point reports: the series and the category (x axis) index. */
export interface EChartClick {
  seriesIndex: number;
  dataIndex: number;
}

export interface EChartProps {
  option: EChartOption;
  height?: number;
  onClick?: (event: EChartClick) => void;
  'data-testid'?: string;
}

/**
 * One chart. Chinese locale (ZH, built into echarts/core) in the Chinese UI, the app's CJK font stack
 * so Chinese labels render on the canvas, resized with its container.
 */
export function EChart({ option, height = 300, onClick, 'data-testid': testId }: EChartProps) {
  const { i18n } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;
  const locale = i18n.language.startsWith('zh') ? 'ZH' : 'EN';

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { locale, renderer: 'canvas' });
    chart.current = instance;
    // A new instance (first render, or the language changed) draws the current option at once.
    instance.setOption(withFont(optionRef.current), { notMerge: true });
    // Marks the container once the chart has finished drawing (animations included), for tests and
    // screenshots; a new option clears the mark until it is drawn.
    const container = element.current;
    instance.on('finished', () => container.setAttribute('data-rendered', 'true'));
    instance.on('click', (params) => {
      const event = params as { seriesIndex?: number; dataIndex?: number };
      clickRef.current?.({ seriesIndex: event.seriesIndex ?? 0, dataIndex: event.dataIndex ?? 0 });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    element.current?.removeAttribute('data-rendered');
    chart.current?.setOption(withFont(option), { notMerge: true });
  }, [option]);

  return <div ref={element} style={{ width: '100%', height }} data-testid={testId} />;
}
