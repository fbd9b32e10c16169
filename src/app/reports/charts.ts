// Charts of a report as SVG, drawn on the server by Apache ECharts — the chart library of the web
// application too [issue 13 "one chart library for the browser and for server-side reports"]. The
// same SVG goes inline into the HTML and, through svg-to-pdfkit, into the PDF. Deterministic: no
// animation, and the renderer's own instance numbers are replaced by the chart's place in the report.
import * as echarts from 'echarts';
import type { ChartValue, ReportChart } from '../../domain/reports/council-report.ts';
import { HIDDEN, decimalText } from '../../domain/reports/council-report.ts';

/** The report's colours: the municipality dark, the rest of the region light (contrast ≥ 3:1 against white for both). */
export const SERIES_COLOURS = ['#1f4e79', '#6b9ac4', '#b45f06', '#7a7a7a'];
export const CHART_FONT = 'Helvetica, Arial, sans-serif';
export const CHART_WIDTH = 640;

const numeric = (v: ChartValue): number | null => (typeof v === 'number' ? v : null);

/** The chart's height in px: room per category and bar. */
export function chartHeight(chart: ReportChart): number {
  const bars = chart.kind === 'stacked-bar' ? 1 : chart.series.length;
  return Math.max(150, 70 + (chart.series.length > 1 ? 24 : 0) + chart.categories.length * (bars * 16 + 14));
}

/** The ECharts option of a chart: horizontal bars (long Dutch labels read best beside the bars). */
function optionOf(chart: ReportChart): echarts.EChartsOption {
  const stacked = chart.kind === 'stacked-bar';
  const label = (v: ChartValue) => (v === 'hidden' ? HIDDEN : v === 'none' ? '' : decimalText(v));
  return {
    animation: false,
    textStyle: { fontFamily: CHART_FONT, fontSize: 11, color: '#1a1a1a' },
    color: SERIES_COLOURS,
    legend: chart.series.length > 1 ? { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } } : { show: false },
    grid: { left: 8, right: 64, top: chart.series.length > 1 ? 30 : 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: chart.unit, nameLocation: 'end', nameGap: 6, axisLabel: { formatter: (v: number) => decimalText(v), fontSize: 10 }, splitLine: { lineStyle: { color: '#e3e3e3' } } },
    yAxis: { type: 'category', inverse: true, data: [...chart.categories], axisLabel: { fontSize: 10, width: 190, overflow: 'break' }, axisTick: { show: false } },
    series: chart.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      ...(stacked ? { stack: 'total' } : {}),
      barMaxWidth: 18,
      data: s.values.map((v) =>
        v === 'hidden'
          ? { value: 0, label: { show: true, position: 'right' as const, formatter: HIDDEN, color: '#555555', fontStyle: 'italic' as const, fontSize: 10, textBorderWidth: 0 } }
          : { value: numeric(v) ?? '-', label: { show: !stacked, position: 'right' as const, formatter: label(v), color: '#1a1a1a', fontSize: 10, textBorderWidth: 0 } },
      ),
    })),
  };
}

/**
 * The chart as an SVG document, `index` its place in the report (ids of clip paths and the like are
 * made unique with it). No style sheet (hover effects mean nothing on paper), no renderer metadata.
 */
export function chartSvg(chart: ReportChart, index: number): string {
  const width = CHART_WIDTH;
  const height = chartHeight(chart);
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption(optionOf(chart));
    return instance
      .renderToSVGString()
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/ class="zr\d+-cls-\d+"/g, '')
      .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
      .replace(/ pointer-events="visible"/g, '')
      .replace(/zr\d+-/g, `chart${index}-`)
      .replace(/\n+/g, '\n');
  } finally {
    instance.dispose();
  }
}
